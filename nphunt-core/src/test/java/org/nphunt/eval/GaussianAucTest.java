package org.nphunt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nphunt.random.Seeds;

/** Two unit Gaussians d apart have AUC = Phi(d / sqrt 2). */
class GaussianAucTest {
  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.5, 1.0, 2.0, 3.0})
  void aucOfShiftedGaussians(double d) {
    int n = 40_000;
    SplittableRandom r = Seeds.random(2021, "test/gauss", (long) (d * 10));
    double[] b = new double[n];
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = gaussian(r);
      s[i] = d + gaussian(r);
    }
    double truth = phi(d / Math.sqrt(2));
    // Hanley-McNeil standard error of the AUC; allow 4 sigma
    double q1 = truth / (2 - truth);
    double q2 = 2 * truth * truth / (1 + truth);
    double var = (truth * (1 - truth) + (n - 1) * (q1 - truth * truth) + (n - 1) * (q2 - truth * truth)) / ((double) n * n);
    double tol = 4 * Math.sqrt(var) + 1e-9;
    SortedScores bs = SortedScores.of(b, "b");
    SortedScores ss = SortedScores.of(s, "s");
    double mw = Auc.mannWhitney(bs, ss);
    assertEquals(truth, mw, tol);
    assertEquals(mw, RocCurve.of(bs, ss).auc(), 1e-12);
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** Standard normal CDF via erfc with the Numerical Recipes Chebyshev fit (|error| < 1.2e-7). */
  static double phi(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.5 * z);
    double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? 1 - erfc / 2 : erfc / 2;
  }
}
