package org.nphunt.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RangeEventSourceTest {
  @Test
  void windowsMapToTheUnderlyingIndices() {
    EventBatch b = new EventBatch(10);
    for (int e = 0; e < 10; e++) {
      b.set(e, 0, 0, e + 1);
      b.set(e, 0, 3, 1);
    }
    InMemoryEventSource src = new InMemoryEventSource(b, "mem");
    RangeEventSource tail = new RangeEventSource(src, 6, 4);
    assertEquals(4, tail.size());
    assertEquals(7.0, EventBatch.of(tail.read(0, 2)).pt(0, 0));
    assertEquals(10.0, EventBatch.of(tail.read(3, 1)).pt(0, 0));
    assertEquals("mem[6:10]", tail.name());
    assertThrows(IndexOutOfBoundsException.class, () -> tail.read(3, 2));
    assertThrows(IllegalArgumentException.class, () -> new RangeEventSource(src, 8, 3));
  }
}
