package org.nphunt.data;

/**
 * A destination for events written block by block, committed atomically.
 *
 * <p>Nothing is visible under the final name until {@link #commit()} succeeds; {@link #close()}
 * without commit discards the partial output.
 */
public interface EventSink extends AutoCloseable {
  /** Appends a block of events (of the sink's schema). */
  void write(Events batch);

  /** Records a string attribute (e.g. generator version, seed, per-process efficiency as JSON). */
  void attribute(String key, String value);

  /** Number of events written so far. */
  long written();

  /** Finishes the output and moves it to its final name. */
  void commit();

  /** Discards the output when not committed; releases resources. */
  @Override
  void close();
}
