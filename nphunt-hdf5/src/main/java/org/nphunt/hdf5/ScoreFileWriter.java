package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.io.AtomicOutput;

/**
 * Writes per-event anomaly scores: one float64 dataset per score name (e.g. {@code mse}), plus
 * {@code EvtId} and {@code ProcessId} when given, streamed block by block, renamed on commit.
 *
 * <p>Every column is 1-D, chunked and uncompressed (scores barely compress), chunked for the data it
 * holds: the first 65,536 events are buffered, so a file of fewer events gets one chunk of exactly
 * its size (a 3,000-event file holds 3,000-value chunks, not 65,536), and a larger one 65,536-value
 * chunks extended as blocks arrive; memory stays bounded (one buffered chunk per column). The root group tracks link creation
 * order, so {@link ScoreFileReader#scoreNames()} returns the names in the order given here. h5py
 * reads the file as {@code f["mse"][:]}.
 */
public final class ScoreFileWriter implements AutoCloseable {
  private static final int CHUNK = 1 << 16;

  private final Path target;
  private final List<String> names;
  private final AtomicOutput output;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private long fileId = -1;
  private final long[] scoreDs;
  private long evtIdDs = -1;
  private long processIdDs = -1;
  private Boolean withEvtId;
  private Boolean withProcessId;
  private long written;
  private double[][] buffer;
  private long[] bufferIds;
  private int[] bufferPids;
  private int buffered;
  private boolean created;
  private boolean committed;
  private boolean closed;

  private ScoreFileWriter(Path file, List<String> scoreNames, boolean force) {
    this.target = file;
    this.names = List.copyOf(scoreNames);
    checkNames(names);
    H5.init();
    this.scoreDs = new long[names.size()];
    java.util.Arrays.fill(scoreDs, -1);
    this.output = AtomicOutput.create(file, force);
    try {
      H5.run(() -> {
        String tmp = output.temporary().toString();
        long fcpl = H5Pcreate(H5P_CLS_FILE_CREATE_ID_g());
        long fapl = H5.newFileAccess();
        try {
          H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
          fileId = H5.check(H5Fcreate(tmp, H5F_ACC_TRUNC, fcpl, fapl), target + ": cannot create HDF5 file " + tmp);
        } finally {
          H5Pclose(fapl);
          H5Pclose(fcpl);
        }
      });
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static void checkNames(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("scoreNames must not be empty");
    }
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (n == null || n.isEmpty() || n.contains("/") || n.startsWith(".")) {
        throw new IllegalArgumentException("score name must be non-empty, without '/', found '" + n + "'");
      }
      if (n.equals(Adc2021.EVT_ID) || n.equals(Adc2021.PROCESS_ID)) {
        throw new IllegalArgumentException("score name must not be " + n + " (reserved), found '" + n + "'");
      }
      if (!seen.add(n)) {
        throw new IllegalArgumentException("score names must be unique, found '" + n + "' twice");
      }
    }
  }

  /** Creates the writer; refuses an existing file unless {@code force}. */
  public static ScoreFileWriter create(Path file, List<String> scoreNames, boolean force) {
    return new ScoreFileWriter(file, scoreNames, force);
  }

  // Lock held.
  private long createColumn(String name, long type, long chunk) {
    long space = H5Screate_simple(1, new long[] {0}, new long[] {H5S_UNLIMITED});
    long dcpl = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
    try {
      H5Pset_chunk(dcpl, 1, new long[] {Math.max(1, chunk)});
      return H5.check(H5Dcreate2(fileId, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
          target + ":/" + name + ": cannot create dataset");
    } finally {
      H5Pclose(dcpl);
      H5Sclose(space);
    }
  }

  /**
   * Appends {@code n} events.
   *
   * @param scores one array per score name, in the order given at creation, each at least n long
   * @param evtId per-event ids or null (must be consistently null or non-null across calls)
   * @param processId per-event process ids or null (likewise)
   */
  public void write(int n, double[][] scores, long[] evtId, int[] processId) {
    checkWritable();
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, found " + n);
    }
    if (scores == null || scores.length != names.size()) {
      throw new IllegalArgumentException("scores must hold " + names.size() + " arrays " + names + ", found "
          + (scores == null ? "null" : scores.length));
    }
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] == null || scores[i].length < n) {
        throw new IllegalArgumentException("scores[" + i + "] (" + names.get(i) + ") must hold " + n + " values, found "
            + (scores[i] == null ? "null" : scores[i].length));
      }
    }
    if (evtId != null && evtId.length < n) {
      throw new IllegalArgumentException("evtId must hold " + n + " values, found " + evtId.length);
    }
    if (processId != null && processId.length < n) {
      throw new IllegalArgumentException("processId must hold " + n + " values, found " + processId.length);
    }
    if (withEvtId == null) {
      withEvtId = evtId != null;
      withProcessId = processId != null;
    } else if (withEvtId != (evtId != null) || withProcessId != (processId != null)) {
      throw new IllegalArgumentException(target + ": evtId/processId must be given in every call or in none"
          + " (first call: evtId " + (withEvtId ? "given" : "null") + ", processId " + (withProcessId ? "given" : "null") + ")");
    }
    if (n == 0) {
      return;
    }
    if (!created && buffered + n <= CHUNK) {
      if (buffer == null) {
        buffer = new double[names.size()][CHUNK];
        bufferIds = withEvtId ? new long[CHUNK] : null;
        bufferPids = withProcessId ? new int[CHUNK] : null;
      }
      for (int i = 0; i < names.size(); i++) {
        System.arraycopy(scores[i], 0, buffer[i], buffered, n);
      }
      if (evtId != null) {
        System.arraycopy(evtId, 0, bufferIds, buffered, n);
      }
      if (processId != null) {
        System.arraycopy(processId, 0, bufferPids, buffered, n);
      }
      buffered += n;
      return;
    }
    if (!created) {
      createColumns(CHUNK);
    }
    appendAll(n, scores, evtId, processId);
  }

  /** Creates every column with the given chunk length and writes out the buffered events. */
  private void createColumns(long chunk) {
    H5.run(() -> {
      for (int i = 0; i < names.size(); i++) {
        scoreDs[i] = createColumn(names.get(i), H5T_IEEE_F64LE_g(), chunk);
      }
      if (Boolean.TRUE.equals(withEvtId)) {
        evtIdDs = createColumn(Adc2021.EVT_ID, H5T_STD_I64LE_g(), chunk);
      }
      if (Boolean.TRUE.equals(withProcessId)) {
        processIdDs = createColumn(Adc2021.PROCESS_ID, H5T_STD_I32LE_g(), chunk);
      }
    });
    created = true;
    if (buffered > 0) {
      int k = buffered;
      buffered = 0;
      appendAll(k, buffer, bufferIds, bufferPids);
    }
    buffer = null;
    bufferIds = null;
    bufferPids = null;
  }

  private void appendAll(int n, double[][] scores, long[] evtId, int[] processId) {
    long first = written;
    H5.run(() -> {
      for (int i = 0; i < names.size(); i++) {
        try (DoublePointer p = new DoublePointer(n)) {
          p.put(scores[i], 0, n);
          append(scoreDs[i], names.get(i), first, n, H5T_NATIVE_DOUBLE_g(), p);
        }
      }
      if (evtId != null) {
        try (LongPointer p = new LongPointer(n)) {
          p.put(evtId, 0, n);
          append(evtIdDs, Adc2021.EVT_ID, first, n, H5T_NATIVE_INT64_g(), p);
        }
      }
      if (processId != null) {
        try (IntPointer p = new IntPointer(n)) {
          p.put(processId, 0, n);
          append(processIdDs, Adc2021.PROCESS_ID, first, n, H5T_NATIVE_INT32_g(), p);
        }
      }
    });
    written += n;
  }

  // Lock held.
  private void append(long ds, String name, long first, int n, long memType, Pointer data) {
    String w = target + ":/" + name;
    long end = first + n;
    if (H5Dset_extent(ds, new long[] {end}) < 0) {
      throw new NphuntException(w + ": cannot extend to " + end + " events: " + H5.writeFailure(target));
    }
    long fspace = H5Dget_space(ds);
    long mspace = H5Screate_simple(1, new long[] {n}, (long[]) null);
    try {
      H5Sselect_hyperslab(fspace, H5S_SELECT_SET, new long[] {first}, null, new long[] {n}, (long[]) null);
      if (H5Dwrite(ds, memType, mspace, fspace, H5P_DEFAULT, data) < 0) {
        throw new NphuntException(w + ": cannot write events [" + first + ", " + end + "): " + H5.writeFailure(target));
      }
    } finally {
      H5Sclose(mspace);
      H5Sclose(fspace);
    }
  }

  /** Records a string attribute on the file (e.g. the manifest as JSON). */
  public void attribute(String key, String value) {
    checkWritable();
    if (key == null || key.isEmpty() || key.contains("/")) {
      throw new IllegalArgumentException("attribute name must be non-empty without '/', found '" + key + "'");
    }
    attributes.put(key, value == null ? "" : value);
  }

  /** Number of events written so far. */
  public long written() {
    return written + buffered;
  }

  /** Finishes the file and renames it to its final name. */
  public void commit() {
    checkWritable();
    if (!created) {
      createColumns(buffered);
    }
    boolean ok = H5.locked(() -> {
      for (Map.Entry<String, String> a : attributes.entrySet()) {
        H5.writeStringAttribute(fileId, a.getKey(), a.getValue(), target.toString());
      }
      if (!H5.flushForCommit(fileId, output.temporary())) {
        closeHandles();
        return false;
      }
      return closeHandles();
    });
    if (!ok) {
      throw new NphuntException(target + ": cannot finish the HDF5 file: " + H5.writeFailure(target));
    }
    output.commit();
    committed = true;
    close();
  }

  // Lock held. False when closing the file failed (data not flushed).
  private boolean closeHandles() {
    for (int i = 0; i < scoreDs.length; i++) {
      H5.closeQuietly(scoreDs[i], 'D');
      scoreDs[i] = -1;
    }
    H5.closeQuietly(evtIdDs, 'D');
    H5.closeQuietly(processIdDs, 'D');
    evtIdDs = processIdDs = -1;
    boolean ok = fileId < 0 || H5Fclose(fileId) >= 0;
    fileId = -1;
    return ok;
  }

  private void checkWritable() {
    if (closed || committed) {
      throw new IllegalStateException(target + ": score writer already " + (committed ? "committed" : "closed"));
    }
  }

  /** Discards the output unless committed. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (scoreDs != null) {
      H5.run(() -> {
        if (!committed) {
          H5.emptyForDiscard(output.temporary());
        }
        closeHandles();
      });
    }
    if (output != null) {
      output.close();
    }
  }
}
