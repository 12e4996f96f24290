package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.hdf5.H5G_info_t;
import org.bytedeco.hdf5.H5O_info2_t;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;

/**
 * Reads a score file written by {@link ScoreFileWriter}: whole columns (scores are one double per
 * event, small next to the events).
 *
 * <p>Score columns are the 1-D floating-point datasets of the root group other than {@code EvtId}
 * and {@code ProcessId}, in creation order when the file tracks it (nphunt's do), else by name. All
 * columns must have the same length.
 */
public final class ScoreFileReader implements AutoCloseable {
  private final Path file;
  private final String name;
  private long fileId;
  private final List<String> scoreNames = new ArrayList<>();
  /** Score name -> dataset name, where an old file stores a score under its former name. */
  private final java.util.Map<String, String> storedAs = new java.util.HashMap<>();

  /**
   * Former score names still read from old files, mapped to today's names: {@code mae_pt_mse_angles} (nphunt
   * 0.1) is {@code mae_pt_mse_angles}.
   */
  public static final java.util.Map<String, String> RENAMED = java.util.Map.of("seed004", "mae_pt_mse_angles");
  private final boolean hasEvtId;
  private final boolean hasProcessId;
  private long size = -1;
  private boolean closed;

  private ScoreFileReader(Path file) {
    this.file = file;
    this.name = file.toString();
    H5.init();
    fileId = H5.openFile(file);
    try {
      boolean[] flags = H5.locked(this::scan);
      hasEvtId = flags[0];
      hasProcessId = flags[1];
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (scoreNames.isEmpty()) {
      close();
      throw new NphuntException(name + ": no score datasets (1-D float columns) found; not an nphunt score file");
    }
  }

  public static ScoreFileReader open(Path file) {
    return new ScoreFileReader(file);
  }

  // Lock held. Lists the root's 1-D datasets and checks they agree in length.
  private boolean[] scan() {
    List<String> links = linkNames(H5_INDEX_CRT_ORDER);
    if (links == null) {
      links = linkNames(H5_INDEX_NAME);
    }
    if (links == null) {
      throw new NphuntException(name + ": cannot list the root group (file corrupt?)");
    }
    boolean ids = false;
    boolean pids = false;
    String eventLayout = eventLayout(links);
    if (eventLayout != null) {
      throw new NphuntException(name + " is " + eventLayout + ", not a score file: score it first with `nphunt score"
          + " --model DIR --in " + name + "`");
    }
    for (String link : links) {
      H5O_info2_t info = new H5O_info2_t();
      try {
        if (H5Oget_info_by_name3(fileId, link, info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 || info.type() != H5O_TYPE_DATASET) {
          continue;
        }
      } finally {
        info.close();
      }
      long ds = H5Dopen2(fileId, link, H5P_DEFAULT);
      if (ds < 0) {
        throw new NphuntException(name + ":/" + link + ": cannot open dataset (file corrupt?)");
      }
      long type = H5Dget_type(ds);
      long space = H5Dget_space(ds);
      try {
        int rank = H5Sget_simple_extent_ndims(space);
        if (rank != 1) {
          continue;
        }
        long n = H5Sget_simple_extent_npoints(space);
        int cls = H5Tget_class(type);
        boolean column = false;
        if (link.equals(Adc2021.EVT_ID) || link.equals(Adc2021.PROCESS_ID)) {
          if (cls != H5T_INTEGER) {
            throw new NphuntException(name + ":/" + link + " has dtype " + H5.typeName(type) + ", expected an integer type");
          }
          ids |= link.equals(Adc2021.EVT_ID);
          pids |= link.equals(Adc2021.PROCESS_ID);
          column = true;
        } else if (cls == H5T_FLOAT) {
          String current = RENAMED.getOrDefault(link, link);
          scoreNames.add(current);
          storedAs.put(current, link);
          column = true;
        }
        if (column) {
          if (size < 0) {
            size = n;
          } else if (n != size) {
            throw new NphuntException(name + ":/" + link + " has " + n + " values, expected " + size + " like the other columns");
          }
        }
      } finally {
        H5Sclose(space);
        H5Tclose(type);
        H5Dclose(ds);
      }
    }
    return new boolean[] {ids, pids};
  }

  /**
   * What event layout a root group with these links holds ("an ADC2021 event file (/Particles)", "a dijet event
   * file (/jetConstituentsList)", "an HLF table (/HLF)"), or null when none: such files have 1-D float truth or
   * feature columns (ADC2021's LepIsoCh, LepIsoGamma, LepIsoNeu) that would otherwise pass for scores.
   */
  static String eventLayout(List<String> links) {
    if (links.contains(Adc2021.PARTICLES)) {
      return "an ADC2021 event file (/" + Adc2021.PARTICLES + ")";
    }
    if (links.contains(org.nphunt.data.DijetSchema.CONSTITUENTS)) {
      return "a dijet event file (/" + org.nphunt.data.DijetSchema.CONSTITUENTS + ")";
    }
    if (links.contains(org.nphunt.data.HlfSchema.HLF)) {
      return "an HLF table (/" + org.nphunt.data.HlfSchema.HLF + ")";
    }
    return null;
  }

  // Lock held. Names of the root's links in the given index order, or null when that index is missing.
  private List<String> linkNames(int index) {
    H5G_info_t g = new H5G_info_t();
    try {
      if (H5Gget_info(fileId, g) < 0) {
        return null;
      }
      List<String> out = new ArrayList<>();
      for (long i = 0; i < g.nlinks(); i++) {
        long len = H5Lget_name_by_idx(fileId, ".", index, H5_ITER_INC, i, (byte[]) null, 0, H5P_DEFAULT);
        if (len < 0) {
          return null;
        }
        byte[] b = new byte[(int) len + 1];
        H5Lget_name_by_idx(fileId, ".", index, H5_ITER_INC, i, b, b.length, H5P_DEFAULT);
        out.add(H5.cString(b));
      }
      return out;
    } finally {
      g.close();
    }
  }

  /** Number of events (length of every column). */
  public long size() {
    return Math.max(size, 0);
  }

  /** Score dataset names in file order. */
  public List<String> scoreNames() {
    return List.copyOf(scoreNames);
  }

  /** One score for every event; unknown names are a one-line NphuntException. */
  public double[] scores(String score) {
    checkOpen();
    if (!scoreNames.contains(score)) {
      throw new NphuntException(name + ": no score '" + score + "' (available: " + String.join(", ", scoreNames) + ")");
    }
    int n = checkedSize();
    double[] out = new double[n];
    try (DoublePointer p = new DoublePointer(Math.max(1, n))) {
      readAll(storedAs.getOrDefault(score, score), H5T_NATIVE_DOUBLE_g(), p);
      p.get(out);
    }
    return out;
  }

  /** Per-event process ids, or null when absent. */
  public int[] processId() {
    checkOpen();
    if (!hasProcessId) {
      return null;
    }
    int n = checkedSize();
    int[] out = new int[n];
    try (IntPointer p = new IntPointer(Math.max(1, n))) {
      readAll(Adc2021.PROCESS_ID, H5T_NATIVE_INT32_g(), p);
      p.get(out);
    }
    return out;
  }

  /** Per-event ids, or null when absent. */
  public long[] evtId() {
    checkOpen();
    if (!hasEvtId) {
      return null;
    }
    int n = checkedSize();
    long[] out = new long[n];
    try (LongPointer p = new LongPointer(Math.max(1, n))) {
      readAll(Adc2021.EVT_ID, H5T_NATIVE_INT64_g(), p);
      p.get(out);
    }
    return out;
  }

  private int checkedSize() {
    if (size > Integer.MAX_VALUE - 8) {
      throw new NphuntException(name + ": " + size + " scores do not fit one Java array");
    }
    return (int) size();
  }

  private void readAll(String column, long memType, Pointer buf) {
    H5.run(() -> {
      if (size == 0) {
        return;
      }
      long ds = H5.check(H5Dopen2(fileId, column, H5P_DEFAULT), name + ":/" + column + ": cannot open dataset");
      try {
        if (H5Dread(ds, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
          throw new NphuntException(name + ":/" + column + ": cannot read (file truncated or corrupt)");
        }
      } finally {
        H5Dclose(ds);
      }
    });
  }

  /** A string attribute, or null when absent. */
  public String attribute(String key) {
    return attributes().get(key);
  }

  /** All attributes of the root group as text. */
  public Map<String, String> attributes() {
    checkOpen();
    return H5.locked(() -> H5.readAttributes(fileId));
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + ": score reader is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    H5.run(() -> {
      H5.closeQuietly(fileId, 'F');
      fileId = -1;
    });
  }
}
