package org.nphunt.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link EventSink} in memory: keeps the batches (or only counts them, for benchmarks) and the
 * attributes. For small samples, tests and throughput measurements without I/O.
 */
public final class MemoryEventSink implements EventSink {
  private final boolean keep;
  private final List<Events> batches = new ArrayList<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private long written;
  private boolean committed;

  private MemoryEventSink(boolean keep) {
    this.keep = keep;
  }

  /** A sink that keeps every batch. */
  public static MemoryEventSink collecting() {
    return new MemoryEventSink(true);
  }

  /** A sink that only counts events (memory stays flat). */
  public static MemoryEventSink discarding() {
    return new MemoryEventSink(false);
  }

  @Override
  public void write(Events batch) {
    if (keep) {
      batches.add(batch);
    }
    written += batch.size();
  }

  @Override
  public void attribute(String key, String value) {
    attributes.put(key, value);
  }

  @Override
  public long written() {
    return written;
  }

  @Override
  public void commit() {
    committed = true;
  }

  public boolean committed() {
    return committed;
  }

  /** The batches in write order (empty for a discarding sink). */
  public List<Events> batches() {
    return Collections.unmodifiableList(batches);
  }

  /** All kept ADC2021 events as one batch. */
  public EventBatch all() {
    return EventBatch.of(allEvents());
  }

  /** All kept events as one block. */
  public Events allEvents() {
    if (batches.isEmpty()) {
      return new EventBatch(0);
    }
    return batches.size() == 1 ? batches.get(0) : Events.join(batches);
  }

  public Map<String, String> attributes() {
    return Collections.unmodifiableMap(attributes);
  }

  @Override
  public void close() {}
}
