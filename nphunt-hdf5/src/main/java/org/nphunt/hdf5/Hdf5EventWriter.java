package org.nphunt.hdf5;

import java.nio.file.Path;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSink;

/**
 * Writes the ADC2021 layout ({@code Particles}, {@code Particles_Names}, {@code Particles_Classes},
 * and {@code EvtId}/{@code ProcessId} when the batches carry them) to a temporary name, renamed on
 * {@link #commit()}.
 *
 * <p>STUB (interface fixed; implementation pending in the HDF5 work).
 */
public final class Hdf5EventWriter implements EventSink {
  private Hdf5EventWriter() {}

  /** Creates the writer; refuses an existing file unless {@code options.force()}. */
  public static Hdf5EventWriter create(Path file, WriteOptions options) {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public void write(EventBatch batch) {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public void attribute(String key, String value) {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public long written() {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public void commit() {
    throw new UnsupportedOperationException("not implemented");
  }

  @Override
  public void close() {}
}
