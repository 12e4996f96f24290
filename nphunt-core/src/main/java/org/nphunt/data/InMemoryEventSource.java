package org.nphunt.data;

/** An {@link EventSource} over one block held in memory (tests, small samples). */
public final class InMemoryEventSource implements EventSource {
  private final Events events;
  private final String name;

  public InMemoryEventSource(Events events, String name) {
    this.events = events;
    this.name = name;
  }

  @Override
  public EventSchema schema() {
    return events.schema();
  }

  @Override
  public long size() {
    return events.size();
  }

  @Override
  public Events read(long start, int count) {
    return events.slice(Math.toIntExact(start), count);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean hasColumn(String column) {
    return events.hasColumn(column);
  }

  @Override
  public void close() {}
}
