package org.nphunt.hdf5;

import java.nio.file.Path;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSource;

/**
 * Reads an ADC2021 file ({@code Particles} (N,19,4), float32 or float64, contiguous or chunked with
 * gzip/shuffle; optional {@code EvtId}, {@code ProcessId}), validating every block it returns.
 *
 * <p>STUB (interface fixed; implementation pending in the HDF5 work).
 */
public final class Hdf5EventReader implements EventSource {
  private Hdf5EventReader() {}

  /** Opens a file; a missing file, non-HDF5 file or missing/misshapen dataset is a one-line NphuntException. */
  public static Hdf5EventReader open(Path file) {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public long size() {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public EventBatch read(long start, int count) {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public String name() {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public void close() {}
}
