package org.nphunt.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.json.Json;

class StandardizerTest {
  /** Three events: MET always present; electron slot 1 in events 0 and 2; muon slot 5 only in event 1. */
  private static EventBatch events() {
    EventBatch b = new EventBatch(3);
    double[] met = {10, 20, 60};
    for (int e = 0; e < 3; e++) {
      b.set(e, 0, 0, met[e]);
      b.set(e, 0, 2, e - 1.0);
      b.set(e, 0, 3, 1);
    }
    b.set(0, 1, 0, 30);
    b.set(0, 1, 1, 1.0);
    b.set(0, 1, 2, 0.5);
    b.set(0, 1, 3, 2);
    b.set(2, 1, 0, 50);
    b.set(2, 1, 1, -1.0);
    b.set(2, 1, 2, 0.5);
    b.set(2, 1, 3, 2);
    b.set(1, 5, 0, 7);
    b.set(1, 5, 1, 0.3);
    b.set(1, 5, 2, 0.1);
    b.set(1, 5, 3, 3);
    return b;
  }

  @Test
  void statisticsOverRealObjectsOnly() {
    Standardizer s = Standardizer.fit(new InMemoryEventSource(events(), "t"), false, null, 2);
    assertEquals(30.0, s.mean()[0], 1e-12);
    assertEquals(Math.sqrt((400 + 100 + 900) / 3.0), s.std()[0], 1e-12, "population std of MET pT");
    assertEquals(0.0, s.mean()[1], 0.0);
    assertEquals(1.0, s.std()[1], 0.0, "MET eta is constant: std 1");
    assertEquals(40.0, s.mean()[3], 1e-12, "electron pT over 2 real entries, not 3 events");
    assertEquals(10.0, s.std()[3], 1e-12);
    assertEquals(1.0, s.std()[5], 0.0, "electron phi constant 0.5: std < 1e-6 -> 1");
    assertEquals(0.5, s.mean()[5], 1e-12);
    assertEquals(7.0, s.mean()[15], 0.0, "one entry keeps its mean");
    assertEquals(1.0, s.std()[15], 0.0, "fewer than 2 entries: std 1");
    assertEquals(0.0, s.mean()[30], 0.0, "no entry: mean 0");
    assertEquals(1.0, s.std()[30], 0.0);
    assertEquals(2, s.counts()[3]);
  }

  @Test
  void emptySlotsAreExactlyZeroAndMaskMarksRealObjects() {
    EventBatch b = events();
    Standardizer s = Standardizer.fit(new InMemoryEventSource(b, "t"), true, i -> i != 1, 10);
    float[] x = new float[3 * 57];
    float[] m = new float[3 * 19];
    s.apply(b, 0, 3, x, m, 0);
    assertEquals(0f, x[57 + 3], 0f, "electron of event 1 absent");
    for (int e = 0; e < 3; e++) {
      for (int slot = 0; slot < 19; slot++) {
        if (b.isEmpty(e, slot)) {
          for (int f = 0; f < 3; f++) {
            assertEquals(0, Float.floatToRawIntBits(x[e * 57 + slot * 3 + f]), "empty slots are exactly +0");
          }
        }
      }
    }
    assertEquals(0f, m[19 + 1], 0f);
    assertEquals(1f, m[19 + 5], 0f);
    assertEquals((float) ((0.3 - 0.0) / 1.0), x[57 + 16], 1e-7f, "muon eta: no training entry (event 1 held out)");
    double mu = (Math.log1p(10) + Math.log1p(60)) / 2;
    assertEquals((float) ((Math.log1p(10) - mu) / ((Math.log1p(60) - Math.log1p(10)) / 2)), x[0], 1e-6f, "log1p pT");
    assertEquals(10.0, s.physical(0, s.standardise(0, 10.0)), 1e-9);
  }

  @Test
  void roundTripsThroughJsonAndValidates() {
    Standardizer s = Standardizer.fit(new InMemoryEventSource(events(), "t"), false, null, 2);
    assertEquals(s, Json.read(Json.write(s), Standardizer.class, "s"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Standardizer(false, new double[3], new double[57], new long[57]));
    assertEquals("mean must have 57 values, found 3", e.getMessage());
  }
}
