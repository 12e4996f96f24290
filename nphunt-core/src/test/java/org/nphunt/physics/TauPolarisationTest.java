package org.nphunt.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The tau decay spectra against their closed forms: a tau of energy E decays into a lepton with energy
 * fraction x from f(x) = (5 - 9x^2 + 4x^3)/3 + P (1 - 9x^2 + 8x^3)/3 (mean 7/20 unpolarised, 3/10 for P = +1;
 * CDF 2x - 2x^3 + x^4 for P = +1), and hadronically with v = (x - 0.3)/0.7 of density 1 + P a (2v - 1)
 * (mean 1/2 + P a / 6). Tolerances are 5 standard errors of the seeded sample.
 */
class TauPolarisationTest {
  private static final double E = 200;
  private static final int N = 200_000;

  /** Visible energy fractions of N taus of energy E along x: {leptonic fractions..., hadronic v...}. */
  private static double[][] fractions(boolean rightHanded, long seed) {
    EventKernel k = new EventKernel(DetectorSpec.cmsLike());
    k.r = new SplittableRandom(seed);
    double p = Math.sqrt(E * E - Physics.M_TAU * Physics.M_TAU);
    double[] lep = new double[N];
    double[] had = new double[N];
    int nl = 0;
    int nh = 0;
    for (int n = 0; n < N; n++) {
      k.reset();
      int t = k.addParton(p, 0, 0, E);
      k.pcharge[t] = -1;
      k.tau(t, rightHanded);
      assertEquals(1, k.nv, "one visible object per tau decay");
      if (k.vtype[0] == EventKernel.JET) {
        assertTrue(k.vtau[0]);
        had[nh++] = (k.vpt[0] * Math.cosh(k.veta[0]) / E - 0.3) / 0.7;
      } else {
        lep[nl++] = k.vpt[0] / E;
      }
    }
    return new double[][] {java.util.Arrays.copyOf(lep, nl), java.util.Arrays.copyOf(had, nh)};
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  @Test
  void unpolarisedAndRightHandedSpectraFollowTheirClosedForms() {
    double a = EventKernel.HADRONIC_ANALYSING_POWER;
    double[][] unpol = fractions(false, 11);
    double[][] right = fractions(true, 12);
    // branching: leptonic 35.2% either way
    for (double[][] f : new double[][][] {unpol, right}) {
      double share = (double) f[0].length / N;
      assertEquals(0.352, share, 5 * Math.sqrt(0.352 * 0.648 / N));
    }
    // lepton x: means 7/20 and 3/10 (sd of x about 0.2 -> standard error ~ 0.2 / sqrt(70k))
    assertEquals(7.0 / 20, mean(unpol[0]), 5 * 0.22 / Math.sqrt(unpol[0].length));
    assertEquals(3.0 / 10, mean(right[0]), 5 * 0.22 / Math.sqrt(right[0].length));
    // the P = +1 lepton CDF 2x - 2x^3 + x^4 at a few points (binomial errors)
    for (double x : new double[] {0.1, 0.3, 0.5, 0.7}) {
      double expected = 2 * x - 2 * x * x * x + x * x * x * x;
      long below = java.util.Arrays.stream(right[0]).filter(v -> v < x).count();
      double n = right[0].length;
      assertEquals(expected, below / n, 5 * Math.sqrt(expected * (1 - expected) / n), "CDF at x = " + x);
    }
    // hadronic v: uniform (mean 1/2) and 1 + a (2v - 1) (mean 1/2 + a/6); sd 1/sqrt(12); the eta smearing of
    // 0.02 changes E = pT cosh(eta) by nothing: cosh is recomputed from the smeared eta
    assertEquals(0.5, mean(unpol[1]), 5 / Math.sqrt(12.0 * unpol[1].length));
    assertEquals(0.5 + a / 6, mean(right[1]), 5 / Math.sqrt(12.0 * right[1].length));
    // the hadronic CDF a v^2 + (1 - a) v at v = 0.5
    double expected = a * 0.25 + (1 - a) * 0.5;
    long below = java.util.Arrays.stream(right[1]).filter(v -> v < 0.5).count();
    assertEquals(expected, (double) below / right[1].length, 5 * Math.sqrt(0.25 / right[1].length));
    // a right-handed tau (the charged scalar's) gives softer leptons, harder tau jets
    assertTrue(mean(right[0]) < mean(unpol[0]) - 0.03);
    assertTrue(mean(right[1]) > mean(unpol[1]) + 0.05);
  }
}
