package org.nphunt.data;

/**
 * A random-access, chunked source of events: an HDF5 file, an in-memory batch, a generator.
 *
 * <p>Consumers read bounded blocks ({@link #read}) so that a dataset larger than the heap streams
 * through. Implementations validate what they hand out and report problems as
 * {@link org.nphunt.NphuntException} naming the source and event index.
 */
public interface EventSource extends AutoCloseable {
  /** Total number of events. */
  long size();

  /** Reads events [start, start + count) into a new batch. */
  EventBatch read(long start, int count);

  /** A short description for messages and manifests, e.g. the file path. */
  String name();

  /** Whether the source carries a per-event {@code ProcessId}. */
  default boolean hasProcessId() {
    return false;
  }

  /** Whether the source carries a per-event {@code EvtId}. */
  default boolean hasEvtId() {
    return false;
  }

  @Override
  void close();
}
