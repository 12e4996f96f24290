package org.nphunt.data;

/**
 * A contiguous window [start, start + size) of another source, e.g. the training and test parts of
 * one background file. Closing the view does not close the underlying source.
 */
public final class RangeEventSource implements EventSource {
  private final EventSource source;
  private final long start;
  private final long size;

  public RangeEventSource(EventSource source, long start, long size) {
    if (start < 0 || size < 0 || start + size > source.size()) {
      throw new IllegalArgumentException(
          "range [" + start + ", " + (start + size) + ") must lie within [0, " + source.size() + ") of " + source.name());
    }
    this.source = source;
    this.start = start;
    this.size = size;
  }

  @Override
  public EventSchema schema() {
    return source.schema();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public Events read(long from, int count) {
    if (from < 0 || count < 0 || from + count > size) {
      throw new IndexOutOfBoundsException("events [" + from + ", " + (from + count) + ") of " + size);
    }
    return source.read(start + from, count);
  }

  @Override
  public String name() {
    return source.name() + "[" + start + ":" + (start + size) + "]";
  }

  @Override
  public boolean hasColumn(String column) {
    return source.hasColumn(column);
  }

  @Override
  public java.util.List<String> notes() {
    return source.notes();
  }

  @Override
  public java.util.Map<String, String> notesByKind() {
    return source.notesByKind();
  }

  @Override
  public void close() {}
}
