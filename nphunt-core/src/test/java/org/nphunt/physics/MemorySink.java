package org.nphunt.physics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSink;

/** Test-only in-memory sink: keeps batches and attributes, records commit. */
final class MemorySink implements EventSink {
  final List<EventBatch> batches = new ArrayList<>();
  final Map<String, String> attributes = new LinkedHashMap<>();
  boolean committed;
  private long n;

  @Override
  public void write(EventBatch batch) {
    batches.add(batch);
    n += batch.size();
  }

  @Override
  public void attribute(String key, String value) {
    attributes.put(key, value);
  }

  @Override
  public long written() {
    return n;
  }

  @Override
  public void commit() {
    committed = true;
  }

  @Override
  public void close() {}

  EventBatch all() {
    return EventBatch.concat(batches);
  }
}
