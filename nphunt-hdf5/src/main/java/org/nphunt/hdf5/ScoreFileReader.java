package org.nphunt.hdf5;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads a score file written by {@link ScoreFileWriter}: whole columns (scores are one double per
 * event, small next to the events).
 *
 * <p>STUB (interface fixed; implementation pending in the HDF5 work).
 */
public final class ScoreFileReader implements AutoCloseable {
  private ScoreFileReader() {}

  public static ScoreFileReader open(Path file) {
    throw new UnsupportedOperationException("not implemented");
  }

  public long size() {
    throw new UnsupportedOperationException("not implemented");
  }

  /** Score dataset names in file order. */
  public List<String> scoreNames() {
    throw new UnsupportedOperationException("not implemented");
  }

  /** One score for every event; unknown names are a one-line NphuntException. */
  public double[] scores(String name) {
    throw new UnsupportedOperationException("not implemented");
  }

  /** Per-event process ids, or null when absent. */
  public int[] processId() {
    throw new UnsupportedOperationException("not implemented");
  }

  /** Per-event ids, or null when absent. */
  public long[] evtId() {
    throw new UnsupportedOperationException("not implemented");
  }

  /** A string attribute, or null when absent. */
  public String attribute(String key) {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public void close() {}
}
