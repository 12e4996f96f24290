package org.nphunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nphunt.json.Json;

/** The warm-up and repeat procedure on a scripted clock (no real timing), and the recorded fields. */
class LatencyProbeTest {
  private static final long MS = 1_000_000L;

  /** A clock that advances only when a call runs, by the cost the script gives. */
  private static final class Script {
    long now;
    long calls;
  }

  @Test
  void warmUpRunsPastTheSlowStartAndRepeatsGiveTheSteadyTime() {
    // the first 3000 calls cost 30 us (a model not yet compiled), then every call 1 us
    Script s = new Script();
    Runnable call = () -> s.now += s.calls++ < 3000 ? 30_000 : 1_000;
    LatencyProbe.Timing t = LatencyProbe.measure(call, () -> s.now, 2000 * MS, 20 * MS, 40 * MS, 20);
    assertTrue(t.stable());
    // the slow phase lasts 90 ms; stability needs 3 agreeing rounds of 20 ms after it
    assertTrue(t.warmupSeconds() >= 0.09 + 0.04 && t.warmupSeconds() < 0.3, "warm-up " + t.warmupSeconds());
    assertEquals(1.0, t.median(), 1e-12);
    assertEquals(1.0, t.min(), 1e-12);
    assertEquals(1.0, t.max(), 1e-12);
  }

  @Test
  void aTimeThatNeverSettlesEndsOnTheBudgetAndSaysSo() {
    // the cost alternates between 1 and 3 us every 20 ms of clock: no 3 rounds agree within 10%
    Script s = new Script();
    Runnable call = () -> s.now += (s.now / (20 * MS)) % 2 == 0 ? 1_000 : 3_000;
    LatencyProbe.Timing t = LatencyProbe.measure(call, () -> s.now, 500 * MS, 20 * MS, 40 * MS, 20);
    assertFalse(t.stable());
    assertTrue(t.warmupSeconds() >= 0.5 && t.warmupSeconds() < 0.53, "warm-up " + t.warmupSeconds());
    // each repeat spans two phases: between 1 and 3 us, min <= median <= max
    assertTrue(t.min() >= 1.0 && t.max() <= 3.0 && t.min() <= t.median() && t.median() <= t.max(), t.toString());
  }

  @Test
  void latencyRecordsFromBeforeTheRepeatsStillLoad() {
    // a format-3 model.json written before the spread fields: they read as null and describe() leaves them out
    String old = "{\"singleEventMicros\": 422.7, \"batch\": 1024, \"batchMicrosPerEvent\": 182.1, \"threads\": 1,"
        + " \"path\": \"fused Java kernels\", \"cpu\": \"x (2 cores)\", \"measured\": \"2026-11-30T16:19:01Z\","
        + " \"loadAverage\": 32.4}";
    ModelCost.Latency l = Json.read(old, ModelCost.Latency.class, "model.json");
    assertNull(l.singleEventMinMicros());
    assertNull(l.repeats());
    String d = new ModelCost(10, 10L, null, l).describe();
    assertTrue(d.contains("at load average 32.4): 422.70 us for one event, 182.100 us per event at batch 1024."), d);
    ModelCost.Latency now = new ModelCost.Latency(3.1, 2.95, 3.4, 1024, 0.52, 0.5, 0.61, 7, 1.25, true, 1, "p", "c",
        "t", 0.5);
    assertEquals(now, Json.read(Json.write(now), ModelCost.Latency.class, "round trip"));
    String e = new ModelCost(10, 10L, null, now).describe();
    assertTrue(e.contains("at load average 0.5, after 1.3 s of warm-up): 3.10 us (2.95-3.40 us over 7 repeats) for one"
        + " event, 0.520 us (0.500-0.610 us over 7 repeats) per event at batch 1024."), e);
  }
}
