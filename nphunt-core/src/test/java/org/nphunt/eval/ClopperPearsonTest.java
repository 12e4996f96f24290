package org.nphunt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClopperPearsonTest {
  // Reference values from SciPy 1.17 (scipy.stats.beta.ppf / scipy.special.betainc).
  @Test
  void incompleteBetaMatchesScipy() {
    assertEquals(0.29675298929566646, Beta.regularized(0.3, 2.5, 3.5), 1e-13);
    assertEquals(0.7853183897628262, Beta.regularized(0.4, 10, 20), 1e-13);
    assertEquals(0.20483276469913345, Beta.regularized(0.1, 0.5, 0.5), 1e-13);
  }

  @Test
  void inverseInvertsRegularized() {
    for (double p : new double[] {1e-9, 0.16, 0.5, 0.84, 1 - 1e-9}) {
      double x = Beta.inverse(p, 3, 7);
      assertEquals(p, Beta.regularized(x, 3, 7), 1e-12);
    }
  }

  @Test
  void lgammaOfIntegersIsLogFactorial() {
    assertEquals(Math.log(24), Beta.lgamma(5), 1e-13);
    assertEquals(0.5 * Math.log(Math.PI), Beta.lgamma(0.5), 1e-13);
  }

  @Test
  void tableValuesAt68Percent() {
    assertInterval(0, 0.16744679259812686, ClopperPearson.interval(0, 10, 0.68));
    assertInterval(0.30557757682330877, 0.6944224231766911, ClopperPearson.interval(5, 10, 0.68));
    assertInterval(0.017284222723828457, 0.29331378224824206, ClopperPearson.interval(1, 10, 0.68));
    assertInterval(0.8325532074018731, 1, ClopperPearson.interval(10, 10, 0.68));
    assertInterval(0.013772928643028452, 0.05818380613667346, ClopperPearson.interval(3, 100, 0.68));
    assertInterval(0, 1.832579784571925e-06, ClopperPearson.interval(0, 1_000_000, 0.68));
  }

  @Test
  void largeSamplesAtOneSigma() {
    // millions of events (the FPR = 1e-5 regime); SciPy 1.17 reference values
    double cl = ClopperPearson.ONE_SIGMA;
    assertInterval(0.49984183612490235, 0.5001581638750976, ClopperPearson.interval(5_000_000, 10_000_000, cl));
    assertInterval(1.3672953571451466e-07, 5.91818496850977e-07, ClopperPearson.interval(3, 10_000_000, cl));
    assertInterval(0.9999985733053283, 0.9999993108693713, ClopperPearson.interval(9_999_990, 10_000_000, cl));
  }

  @Test
  void closedFormsForZeroAndAll() {
    // k = 0: upper solves (1-p)^n = alpha/2; k = n: lower solves p^n = alpha/2.
    double alpha = 1 - ClopperPearson.ONE_SIGMA;
    assertEquals(1 - Math.pow(alpha / 2, 1.0 / 7), ClopperPearson.interval(0, 7, ClopperPearson.ONE_SIGMA).upper(), 1e-13);
    assertEquals(Math.pow(alpha / 2, 1.0 / 7), ClopperPearson.interval(7, 7, ClopperPearson.ONE_SIGMA).lower(), 1e-13);
  }

  @Test
  void boundsSatisfyTheBinomialTailDefinition() {
    // lower: P(X >= k | p_lo) = alpha/2; upper: P(X <= k | p_hi) = alpha/2, with a direct binomial sum.
    int n = 40;
    int k = 13;
    double cl = 0.9;
    Interval ci = ClopperPearson.interval(k, n, cl);
    assertEquals(0.05, 1 - binomialCdf(k - 1, n, ci.lower()), 1e-11);
    assertEquals(0.05, binomialCdf(k, n, ci.upper()), 1e-11);
  }

  @Test
  void rejectsBadCounts() {
    assertThrows(IllegalArgumentException.class, () -> ClopperPearson.interval(11, 10, 0.68));
    assertThrows(IllegalArgumentException.class, () -> ClopperPearson.interval(0, 0, 0.68));
  }

  private static double binomialCdf(int k, int n, double p) {
    double sum = 0;
    for (int j = 0; j <= k; j++) {
      sum += Math.exp(Beta.lgamma(n + 1.0) - Beta.lgamma(j + 1.0) - Beta.lgamma(n - j + 1.0)
          + j * Math.log(p) + (n - j) * Math.log1p(-p));
    }
    return sum;
  }

  private static void assertInterval(double lo, double hi, Interval ci) {
    assertEquals(lo, ci.lower(), 1e-12 + 1e-10 * lo, "lower");
    assertEquals(hi, ci.upper(), 1e-12 + 1e-10 * hi, "upper");
  }
}
