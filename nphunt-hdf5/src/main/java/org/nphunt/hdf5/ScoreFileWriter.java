package org.nphunt.hdf5;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes per-event anomaly scores: one float64 dataset per score name (e.g. {@code mse}), plus
 * {@code EvtId} and {@code ProcessId} when given, streamed block by block, renamed on commit.
 *
 * <p>STUB (interface fixed; implementation pending in the HDF5 work).
 */
public final class ScoreFileWriter implements AutoCloseable {
  private ScoreFileWriter() {}

  /** Creates the writer; refuses an existing file unless {@code force}. */
  public static ScoreFileWriter create(Path file, List<String> scoreNames, boolean force) {
    throw new UnsupportedOperationException("not implemented");
  }

  /**
   * Appends {@code n} events.
   *
   * @param scores one array per score name, in the order given at creation, each at least n long
   * @param evtId per-event ids or null (must be consistently null or non-null across calls)
   * @param processId per-event process ids or null (likewise)
   */
  public void write(int n, double[][] scores, long[] evtId, int[] processId) {
    throw new UnsupportedOperationException("not implemented");
  }

  /** Records a string attribute on the file (e.g. the manifest as JSON). */
  public void attribute(String key, String value) {
    throw new UnsupportedOperationException("not implemented");
  }

  public void commit() {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public void close() {}
}
