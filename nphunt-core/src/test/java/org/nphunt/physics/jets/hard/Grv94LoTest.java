package org.nphunt.physics.jets.hard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** GRV94 LO against the proton's sum rules and basic properties. */
class Grv94LoTest {

  /** int_{1e-5}^{1} dx g(x) by the midpoint rule in ln x, where g is computed from x f(x). */
  private static double integral(double q2, java.util.function.ToDoubleFunction<double[]> xTimesIntegrand) {
    int n = 40_000;
    double lo = Math.log(1e-5);
    double h = -lo / n;
    double[] f = new double[11];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = Math.exp(lo + (i + 0.5) * h);
      Grv94Lo.xfx(x, q2, f);
      sum += xTimesIntegrand.applyAsDouble(f) * h; // dx = x d(ln x): int g dx = int (x g) d ln x
    }
    return sum;
  }

  @Test
  void valenceSumRulesHold() {
    for (double q2 : new double[] {2, 10, 1e4, 1e6}) {
      // int u_v dx = 2, int d_v dx = 1 (x f / x integrated in x: here x u_v is integrated in ln x)
      assertEquals(2.0, integral(q2, f -> f[5 + 2] - f[5 - 2]), 0.03, "u valence at Q^2 = " + q2);
      assertEquals(1.0, integral(q2, f -> f[5 + 1] - f[5 - 1]), 0.035, "d valence at Q^2 = " + q2);
    }
  }

  /** Sum over partons of int x f(x) dx. */
  private static double momentum(double q2) {
    int n = 40_000;
    double lo = Math.log(1e-5);
    double h = -lo / n;
    double[] f = new double[11];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = Math.exp(lo + (i + 0.5) * h);
      Grv94Lo.xfx(x, q2, f);
      double s = 0;
      for (double v : f) {
        s += v;
      }
      sum += s * x * h; // int (x f) dx = int (x f) x d ln x
    }
    return sum;
  }

  @Test
  void momentumSumRuleHoldsWhereTheParametrisationWasFitted() {
    // within 1.5% at the low scales of the fit; the closed-form parametrisation overshoots by up to 8% at
    // its upper edge, Q^2 = 1e6 GeV^2, mostly through the heavy-quark seas (documented)
    assertEquals(1.0, momentum(2), 0.015);
    assertEquals(1.0, momentum(10), 0.015);
    double high = momentum(1e6);
    assertTrue(high > 1.0 && high < 1.09, "momentum sum at 1e6 GeV^2: " + high);
  }

  @Test
  void outOfRangeXGivesZeroAndDistributionsArePositive() {
    double[] f = new double[11];
    Grv94Lo.xfx(1.0, 100, f);
    for (double v : f) {
      assertEquals(0.0, v);
    }
    Grv94Lo.xfx(0.05, 1e4, f);
    for (double v : f) {
      assertTrue(v >= 0);
    }
    assertTrue(f[Grv94Lo.GLUON] > f[5 + 2], "gluon dominates at x = 0.05");
    assertEquals(f[5 + 3], f[5 - 3], 0.0, "s = sbar");
  }
}
