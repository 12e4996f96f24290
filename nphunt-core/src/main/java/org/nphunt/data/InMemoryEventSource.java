package org.nphunt.data;

/** An {@link EventSource} over one batch held in memory (tests, small samples). */
public final class InMemoryEventSource implements EventSource {
  private final EventBatch batch;
  private final String name;

  public InMemoryEventSource(EventBatch batch, String name) {
    this.batch = batch;
    this.name = name;
  }

  @Override
  public long size() {
    return batch.size();
  }

  @Override
  public EventBatch read(long start, int count) {
    return batch.slice(Math.toIntExact(start), count);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean hasProcessId() {
    return batch.processId() != null;
  }

  @Override
  public boolean hasEvtId() {
    return batch.evtId() != null;
  }

  @Override
  public void close() {}
}
