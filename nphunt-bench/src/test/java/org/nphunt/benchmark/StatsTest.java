package org.nphunt.benchmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
  private static final double EPS = 1e-12;

  @Test
  void oddSampleHandComputed() {
    double[] s = {3, 1, 2};
    Stats st = Stats.of(s);
    assertEquals(3, st.n());
    assertEquals(2, st.median(), EPS);
    // type 7: h = (n-1) p = 0.5 -> halfway between 1 and 2; 1.5 -> halfway between 2 and 3
    assertEquals(1.5, st.q1(), EPS);
    assertEquals(2.5, st.q3(), EPS);
    assertEquals(1, st.min(), EPS);
    assertEquals(3, st.max(), EPS);
    assertEquals(2, st.mean(), EPS);
    assertEquals(1, st.iqr(), EPS);
    assertEquals(0.5, st.relativeSpread(), EPS); // (3-1)/2/2
    assertArrayEquals(new double[] {3, 1, 2}, s, "input not reordered");
  }

  @Test
  void evenSampleMatchesNumpyPercentile() {
    // numpy.percentile([10, 40, 20, 30], [25, 50, 75]) = [17.5, 25, 32.5]
    Stats st = Stats.of(10, 40, 20, 30);
    assertEquals(25, st.median(), EPS);
    assertEquals(17.5, st.q1(), EPS);
    assertEquals(32.5, st.q3(), EPS);
    assertEquals(10, st.min(), EPS);
    assertEquals(40, st.max(), EPS);
  }

  @Test
  void outlierMovesMeanNotMedian() {
    Stats st = Stats.of(100, 101, 99, 100, 10_000);
    assertEquals(100, st.median(), EPS);
    assertEquals(2080, st.mean(), EPS);
    assertEquals(100, st.q1(), EPS); // sorted 99 100 100 101 10000: h = 1 -> 100
    assertEquals(101, st.q3(), EPS); // h = 3 -> 101
  }

  @Test
  void singleSample() {
    Stats st = Stats.of(7.5);
    assertEquals(7.5, st.median(), EPS);
    assertEquals(7.5, st.q1(), EPS);
    assertEquals(7.5, st.q3(), EPS);
    assertEquals(0, st.iqr(), EPS);
    assertEquals(0, st.relativeSpread(), EPS);
  }

  @Test
  void quantileEnds() {
    double[] sorted = {1, 2, 4, 8};
    assertEquals(1, Stats.quantile(sorted, 0), EPS);
    assertEquals(8, Stats.quantile(sorted, 1), EPS);
    assertEquals(3.6, Stats.quantile(sorted, 0.6), EPS); // h = 3 * 0.6 = 1.8 -> 2 + 0.8 * (4 - 2)
  }

  @Test
  void badInputsRejectedWithMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Stats::of);
    assertTrue(e.getMessage().contains("at least one value"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Stats.of(1, Double.NaN));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Stats.quantile(new double[] {1}, 1.5));
    assertEquals("p must be in [0, 1], found 1.5", e.getMessage());
  }

  @Test
  void eventsPerRepeatIsWholeBatchesWithinBounds() {
    assertEquals(2000, BenchSuites.eventsPerRepeat(1, 262_144)); // 2000 calls
    assertEquals(128_000, BenchSuites.eventsPerRepeat(64, 262_144));
    assertEquals(262_144, BenchSuites.eventsPerRepeat(1024, 262_144));
    assertEquals(16_384, BenchSuites.eventsPerRepeat(16_384, 4096)); // at least one batch
    assertEquals(3 * 1000, BenchSuites.eventsPerRepeat(1000, 3500)); // whole batches only
  }

  @Test
  void memoryProbeParsesProcStatusAndMeasures() {
    assertEquals(123_456, MemoryProbe.parseKb("\t  123456 kB"));
    MemoryProbe p = MemoryProbe.start();
    byte[][] keep = new byte[16][];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = new byte[1 << 20];
    }
    MemoryProbe.Peak peak = p.peak();
    assertTrue(peak.peakHeapMiB() >= 16, "16 MiB allocated, peak heap " + peak.peakHeapMiB() + " " + keep.length);
    if (!Double.isNaN(peak.peakRssMiB())) {
      assertTrue(peak.peakRssMiB() > 0);
    }
  }
}
