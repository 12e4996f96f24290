package org.nphunt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.json.Json;

class OperatingPointTest {
  private static double[] range(int from, int toInclusive) {
    double[] v = new double[toInclusive - from + 1];
    for (int i = 0; i < v.length; i++) {
      v[i] = from + i;
    }
    return v;
  }

  @Test
  void handComputedOperatingPoint() {
    SortedScores b = SortedScores.of(range(1, 1000), "b");
    SortedScores s = SortedScores.of(range(981, 1480), "s");
    OperatingPointConfig op = OperatingPointConfig.of(1000, 10, 1000.0);
    assertEquals(0.01, op.targetFpr(), 1e-15);
    OperatingPoint p = OperatingPoint.measure(b, s, op, EvaluationConfig.defaults());
    // k = 10 -> threshold = 11th largest background = 990; signal 991..1480 selected = 490/500
    assertEquals(990, p.rate().threshold());
    assertEquals(0.01, p.rate().fpr(), 1e-15);
    assertEquals(0.98, p.signalEfficiency(), 1e-15);
    assertEquals(0.01 * 1000 * 86400, p.backgroundPerDay(), 1e-6);
    assertEquals(100 / (0.98 * 1000), p.xsecForEventsPb(), 1e-12);
    double bkgPerMonth = 10.0 * 86400 * 30;
    assertEquals(bkgPerMonth / 3 / (0.98 * 1000), p.xsecForSignalToBackgroundPb(), 1e-9);
  }

  @Test
  void zeroEfficiencyGivesLowerLimitsFromTheClopperPearsonUpperBound() {
    SortedScores b = SortedScores.of(range(1, 1000), "b");
    SortedScores s = SortedScores.of(range(1, 200), "s"); // all below the threshold 990
    OperatingPointConfig op = OperatingPointConfig.of(1000, 10, 1000.0);
    EvaluationConfig cfg = EvaluationConfig.defaults();
    OperatingPoint p = OperatingPoint.measure(b, s, op, cfg);
    assertEquals(0.0, p.signalEfficiency());
    assertNull(p.xsecForEventsPb());
    // two-sided Clopper-Pearson with k = 0: upper = 1 - ((1 - CL) / 2)^(1/n)
    double effUp = 1 - Math.pow((1 - cfg.confidenceLevel()) / 2, 1.0 / 200);
    assertEquals(100 / (effUp * 1000), p.xsecForEventsLowerLimitPb(op), 1e-9);
    double bkgPerMonth = 10.0 * 86400 * 30;
    assertEquals(bkgPerMonth / 3 / (effUp * 1000), p.xsecForSignalToBackgroundLowerLimitPb(op), 1e-6);
    // with signal selected there is a value, not a limit
    OperatingPoint q = OperatingPoint.measure(b, SortedScores.of(range(981, 1480), "s"), op, cfg);
    assertNull(q.xsecForEventsLowerLimitPb(op));
    assertNull(q.xsecForSignalToBackgroundLowerLimitPb(op));
  }

  @Test
  void eventsPerDayConversion() {
    assertEquals(30.0 / 86400, OperatingPointConfig.perDayToHz(30), 1e-18);
  }

  @Test
  void noLumiNoCrossSections() {
    OperatingPoint p = OperatingPoint.measure(SortedScores.of(range(1, 1000), "b"), SortedScores.of(range(1, 10), "s"),
        OperatingPointConfig.of(1000, 10, null), EvaluationConfig.defaults());
    assertEquals(0.0, p.signalEfficiency());
    assertNull(p.xsecForEventsPb());
  }

  @Test
  void configValidationMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatingPointConfig.of(100, 200, null));
    assertEquals("outputRateHz must be < inputRateHz (100.0), found 200.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> OperatingPointConfig.of(-3, 1, null));
    assertEquals("inputRateHz must be > 0 and finite, found -3.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OperatingPointConfig.of(100, 1, 0.0));
  }

  @Test
  void jsonRoundTripAndValidationOnRead() {
    OperatingPointConfig op = new OperatingPointConfig(440, 1.0 / 2880, 5000.0, 100, 1.0 / 3, 30);
    assertEquals(op, Json.read(Json.write(op), OperatingPointConfig.class, "op.json"));
    String bad = Json.write(op).replace("\"inputRateHz\" : 440.0", "\"inputRateHz\" : 0.0");
    NphuntException e = assertThrows(NphuntException.class, () -> Json.read(bad, OperatingPointConfig.class, "op.json"));
    assertTrue(e.getMessage().startsWith("op.json: inputRateHz must be > 0"), e.getMessage());
  }
}
