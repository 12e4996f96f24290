package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;

class HistogramTest {
  @Test
  void validation() {
    assertEquals("histogram edges must be strictly increasing, found 2.0 then 2.0 at edge 2",
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {1, 2, 2}, new double[] {0, 0})).getMessage());
    assertEquals("histogram must have bins + 1 edges, found 2 edges for 2 bins",
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {1, 2}, new double[] {0, 0})).getMessage());
    assertEquals("histogram count in bin 1 must be finite and >= 0, found -1.0",
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {1, 2, 3}, new double[] {0, -1})).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {1, Double.NaN}, new double[] {0}));
  }

  @Test
  void copiesItsInputs() {
    double[] c = {1, 2};
    Histogram h = new Histogram(new double[] {0, 1, 2}, c);
    c[0] = 5;
    assertEquals(1, h.counts()[0]);
  }

  @Test
  void fillBinsAndIgnoresOutOfRange() {
    Histogram h = Histogram.fill(new double[] {0.5, 1, 1.5, 2, 3, -1, Double.NaN, 2.999}, null, new double[] {0, 1, 2, 3});
    assertArrayEquals(new double[] {1, 2, 2}, h.counts());
    Histogram w = Histogram.fill(new double[] {0.5, 2.5}, new double[] {0.25, 2}, new double[] {0, 1, 2, 3});
    assertArrayEquals(new double[] {0.25, 0, 2}, w.counts());
    assertFalse(w.hasWholeNumberCounts());
    assertTrue(h.hasWholeNumberCounts());
    assertEquals("histogram fill: weight of event 1 is -1.0 (must be finite and >= 0)",
        assertThrows(NphuntException.class, () -> Histogram.fill(new double[] {1, 2}, new double[] {1, -1}, new double[] {0, 3})).getMessage());
  }

  @Test
  void edgesHelpers() {
    assertArrayEquals(new double[] {1, 1.5, 2}, Histogram.uniformEdges(1, 2, 2));
    double[] e = Histogram.logEdges(1000, 4000, 2);
    assertEquals(2000, e[1], 1e-9);
    assertEquals(1000, e[0]);
    assertEquals(4000, e[2]);
  }

  @Test
  void sliceAndMinus() {
    Histogram h = new Histogram(new double[] {0, 1, 2, 3, 4}, new double[] {4, 5, 6, 7});
    Histogram s = h.slice(1, 3);
    assertArrayEquals(new double[] {1, 2, 3}, s.edges());
    assertArrayEquals(new double[] {5, 6}, s.counts());
    assertThrows(NphuntException.class, () -> h.slice(10, 20));
    Histogram part = new Histogram(h.edges(), new double[] {1, 5, 0, 2});
    assertArrayEquals(new double[] {3, 0, 6, 5}, h.minus(part).counts());
    assertThrows(NphuntException.class, () -> part.minus(h));
  }
}
