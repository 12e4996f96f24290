package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.distribution.continuous.FDistribution;
import org.junit.jupiter.api.Test;

class FTestTest {
  @Test
  void definitionAndDecision() {
    FTestResult r = FTest.test(60, 47, 52, 46, 0.05);
    assertEquals((8.0 / 1) / (52.0 / 46), r.f(), 1e-14);
    assertEquals(1 - new FDistribution(1, 46).cumulativeProbability(r.f()), r.pValue(), 1e-12);
    assertTrue(r.largerChosen());
    FTestResult worse = FTest.test(50, 47, 51, 46, 0.05);
    assertEquals(1, worse.pValue());
    assertFalse(worse.largerChosen());
    // tiny p-values keep their precision (1 - CDF would round to 0)
    assertTrue(FTest.survival(500, 1, 40) > 0);
    assertThrows(IllegalArgumentException.class, () -> FTest.test(1, 5, 1, 5, 0.05));
  }
}
