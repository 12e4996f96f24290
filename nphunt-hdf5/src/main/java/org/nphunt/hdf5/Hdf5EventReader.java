package org.nphunt.hdf5;

import static org.nphunt.data.Adc2021.FEATURES;
import static org.nphunt.data.Adc2021.SLOTS;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.Adc2021Schema;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Notes;

/**
 * Reads an ADC2021 file ({@code Particles} (N,19,4), float32 or float64, any storage the HDF5
 * library reads plus nphunt's own parallel decoding of gzip/shuffle/Blosc chunks, see {@link
 * ChunkedDataset}; optional {@code EvtId}, {@code ProcessId} and the generator's truth columns {@link
 * org.nphunt.data.Adc2021Truth}), validating every block it returns
 * ({@link Adc2021Schema#validate}: finite values, class ids matching their slots, MET present,
 * pT in [0, 14 TeV], |eta| <= 10, phi in [-pi, pi]; phi stored in [0, 2 pi) is wrapped and noted in
 * {@link #notes()}).
 *
 * <p><b>Column order.</b> When the file has {@code Particles_Names} (fixed- or variable-length
 * strings), the columns of {@code Particles} are mapped by those names: a file storing (Pt, Phi, Eta,
 * Class) is read correctly (and noted); names that are not a permutation of (Pt, Eta, Phi, Class),
 * e.g. (E, Px, Py, Pz), are refused naming them. Without names the published order is assumed.
 *
 * <p>A file whose {@code Particles} has 0 events is a valid, empty source ({@link #size()} is 0); a
 * 0-byte file is an error ("empty file"). Memory stays bounded: a call holds its own block plus the
 * next one being decoded ahead during a sequential scan.
 *
 * <p>Thread safety: one reader may be used from one thread at a time.
 */
public final class Hdf5EventReader implements EventSource {
  private final Path file;
  private final String name;
  private final String where;
  private final Hdf5File h5;
  private ChunkedDataset particles;
  private ChunkedDataset evtIdDs;
  private ChunkedDataset processIdDs;
  /** The generator's truth columns the file has (org.nphunt.data.Adc2021Truth). */
  private ExtraColumns.Reader extra;
  private final long size;
  private final Dtype dtype;
  /** permutation[f] = stored column holding the standard feature f (Pt, Eta, Phi, Class); null = identity. */
  private final int[] permutation;
  private final List<String> storedNames;
  private boolean closed;
  private final Notes notes = new Notes();

  private Hdf5EventReader(Path file) {
    this.file = file;
    this.name = file.toString();
    this.where = name + ":/" + Adc2021.PARTICLES;
    this.h5 = Hdf5File.open(file);
    try {
      particles = h5.dataset(Adc2021.PARTICLES, "float (N,19,4) ADC2021 events");
      long[] dims = particles.dims();
      if (particles.elementKind() != ChunkedDataset.ElementKind.FLOAT
          || (particles.elementSize() != 4 && particles.elementSize() != 8)) {
        throw new NphuntException(where + " has dtype " + particles.layout().dtype() + ", expected float32 or float64");
      }
      if (dims.length != 3 || dims[1] != SLOTS || dims[2] != FEATURES) {
        throw new NphuntException(where + " has shape " + DatasetLayout.tuple(dims) + ", expected (N,19,4)");
      }
      size = dims[0];
      dtype = particles.elementSize() == 4 ? Dtype.FLOAT32 : Dtype.FLOAT64;
      storedNames = h5.strings(Adc2021.PARTICLES_NAMES);
      permutation = columnMapping(storedNames);
      evtIdDs = openColumn(Adc2021.EVT_ID);
      processIdDs = openColumn(Adc2021.PROCESS_ID);
      extra = new ExtraColumns.Reader(h5, Adc2021Schema.INSTANCE, size, name);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Opens a file; a missing file, non-HDF5 file, missing/misshapen dataset, unknown column names or an
   * unreadable storage (unavailable filter, missing virtual source...) is a one-line NphuntException.
   */
  public static Hdf5EventReader open(Path file) {
    return new Hdf5EventReader(file);
  }

  /** Maps stored columns to (Pt, Eta, Phi, Class) by name; null for the published order. */
  private int[] columnMapping(List<String> names) {
    if (names == null) {
      return null;
    }
    List<String> std = Adc2021.FEATURE_NAMES;
    String w = name + ":/" + Adc2021.PARTICLES_NAMES;
    if (names.size() != FEATURES) {
      throw new NphuntException(w + " is " + names + ", expected 4 names, a permutation of " + std);
    }
    int[] perm = new int[FEATURES];
    boolean identity = true;
    for (int f = 0; f < FEATURES; f++) {
      int found = -1;
      for (int s = 0; s < FEATURES; s++) {
        if (names.get(s).strip().equalsIgnoreCase(std.get(f))) {
          found = s;
        }
      }
      if (found < 0) {
        throw new NphuntException(w + " is " + names + ": the columns of /Particles are not (Pt, Eta, Phi, Class)"
            + " in any order (no '" + std.get(f) + "'); nphunt reads pT, eta, phi, class id only");
      }
      perm[f] = found;
      identity &= found == f;
    }
    if (identity) {
      return null;
    }
    notes.add("columns:" + Adc2021.PARTICLES, String.format(Locale.ROOT,
        "%s: columns stored as %s: mapped to (Pt, Eta, Phi, Class) by Particles_Names", where, names));
    return perm;
  }

  private ChunkedDataset openColumn(String column) {
    if (h5.kind(column) == Hdf5File.Kind.MISSING) {
      return null;
    }
    ChunkedDataset d = h5.dataset(column, "an integer (" + size + ",) column");
    String w = name + ":/" + column;
    if (d.elementKind() != ChunkedDataset.ElementKind.SIGNED && d.elementKind() != ChunkedDataset.ElementKind.UNSIGNED) {
      String t = d.layout().dtype();
      d.close();
      throw new NphuntException(w + " has dtype " + t + ", expected an integer type");
    }
    long[] dims = d.dims();
    if (dims.length != 1 || dims[0] != size) {
      d.close();
      throw new NphuntException(w + " has shape " + DatasetLayout.tuple(dims) + ", expected (" + size + ",) like /Particles");
    }
    return d;
  }

  @Override
  public EventSchema schema() {
    return Adc2021Schema.INSTANCE;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean hasColumn(String column) {
    return column.equals(Adc2021.EVT_ID) ? evtIdDs != null
        : column.equals(Adc2021.PROCESS_ID) ? processIdDs != null : extra.has(column);
  }

  @Override
  public List<String> notes() {
    return notes.all();
  }

  @Override
  public Map<String, String> notesByKind() {
    return notes.byKind();
  }

  /** On-disk type of {@code Particles}. */
  public Dtype dtype() {
    return dtype;
  }

  /** Storage of {@code Particles}: dtype, shape, chunking, filters. */
  public DatasetLayout layout() {
    return particles.layout();
  }

  /** String attributes of the root group (e.g. the generator's metadata), by name. */
  public Map<String, String> attributes() {
    checkOpen();
    return h5.attributes();
  }

  /** {@code Particles_Names} as stored (fixed- or variable-length strings), or null when absent. */
  public List<String> featureNames() {
    checkOpen();
    return storedNames == null ? null : List.copyOf(storedNames);
  }

  /** {@code Particles_Classes} as stored, or null when absent. */
  public List<String> classNames() {
    checkOpen();
    return h5.strings(Adc2021.PARTICLES_CLASSES);
  }

  @Override
  public EventBatch read(long start, int count) {
    checkOpen();
    if (start < 0 || count < 0 || start + count > size) {
      throw new IndexOutOfBoundsException(
          name + ": events [" + start + ", " + (start + count) + ") outside [0, " + size + ")");
    }
    double[] p = particles.readDoubles(start, count);
    if (permutation != null) {
      double[] row = new double[FEATURES];
      for (int r = 0; r < count * SLOTS; r++) {
        int o = r * FEATURES;
        for (int f = 0; f < FEATURES; f++) {
          row[f] = p[o + permutation[f]];
        }
        System.arraycopy(row, 0, p, o, FEATURES);
      }
    }
    long[] ids = evtIdDs == null ? null : evtIdDs.readLongs(start, count);
    int[] pids = null;
    if (processIdDs != null) {
      long[] l = processIdDs.readLongs(start, count);
      pids = new int[count];
      for (int i = 0; i < count; i++) {
        pids[i] = (int) l[i];
      }
    }
    EventBatch batch = new EventBatch(p, count, ids, pids);
    extra.readInto(batch, start, count);
    batch.validate(where, start, notes);
    return batch;
  }

  @Override
  public String name() {
    return name;
  }

  /** The file this reader reads. */
  public Path file() {
    return file;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + ": reader is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (extra != null) {
      extra.close();
      extra = null;
    }
    for (ChunkedDataset d : new ChunkedDataset[] {evtIdDs, processIdDs, particles}) {
      if (d != null) {
        d.close();
      }
    }
    evtIdDs = processIdDs = particles = null;
    h5.close();
  }
}
