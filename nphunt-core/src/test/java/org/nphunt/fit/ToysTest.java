package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nphunt.random.Seeds;

/**
 * Seeded pseudo-experiments against the asymptotic distributions (Cowan, Cranmer, Gross, Vitells,
 * arXiv:1007.1727): under the background-only hypothesis q0 follows 1/2 delta(0) + 1/2 chi2(1), so Z is
 * half-normal: P(Z = 0) = 1/2, P(Z > 1) = 1 - Phi(1) = 0.1587; with a signal, the interval where the
 * profiled -2 Delta ln L <= 1 covers the true mu 68.27% of the time. The fast tests use 300 toys
 * (binomial standard errors 0.021 and 0.027) and allow 3.5 standard errors; the slow ones 3000.
 */
class ToysTest {
  static final double[] EDGES = Histogram.logEdges(1400, 4000, 30);
  static final double MASS = 2300;
  static final CrystalBallShape SHAPE = new CrystalBallShape(0.06, 1.2, 4, 1);

  static double[] background() {
    double[] p = {1, 9, 5};
    double sum = 0;
    for (double v : DijetFunction.binIntegrals(EDGES, 13000, p, 5)) {
      sum += v;
    }
    p[0] = 20_000 / sum;
    return DijetFunction.binIntegrals(EDGES, 13000, p, 5);
  }

  /** Fraction of toys with Z > 1 and with Z = 0, and the coverage of the mu interval. */
  static double[] run(int toys, double mu, long seed) {
    double[] b = background();
    double[] s = SHAPE.expected(EDGES, MASS, mu);
    double[] nu = new double[b.length];
    for (int i = 0; i < nu.length; i++) {
      nu[i] = b[i] + s[i];
    }
    int above1 = 0;
    int zero = 0;
    int covered = 0;
    for (int t = 0; t < toys; t++) {
      SplittableRandom rng = Seeds.random(seed, "test/fit-toys", t);
      Histogram h = PoissonSampler.toy(EDGES, nu, rng);
      ResonanceSearch search = new ResonanceSearch(FitConfig.defaults(), List.of(new Category("all", h, 1)), SHAPE);
      SignalFit f = search.fit(MASS);
      assertTrue(f.converged(), "toy " + t);
      if (f.localSignificance() > 1) {
        above1++;
      }
      if (f.localSignificance() == 0) {
        zero++;
      }
      if (mu >= f.muHat() - f.muErrorDown() && mu <= f.muHat() + f.muErrorUp()) {
        covered++;
      }
    }
    return new double[] {(double) above1 / toys, (double) zero / toys, (double) covered / toys};
  }

  static void assertBinomial(double expected, double observed, int n, String what) {
    double se = Math.sqrt(expected * (1 - expected) / n);
    assertEquals(expected, observed, 3.5 * se, what + " over " + n + " toys");
  }

  @Test
  void backgroundOnlySignificanceIsHalfNormal() {
    double[] r = run(300, 0, 11);
    assertBinomial(0.158655, r[0], 300, "P(Z > 1)");
    assertBinomial(0.5, r[1], 300, "P(Z = 0)");
    assertBinomial(0.682689, r[2], 300, "coverage of mu = 0");
  }

  @Test
  void muIntervalCoversTheInjectedSignal() {
    double[] r = run(300, 250, 12);
    assertBinomial(0.682689, r[2], 300, "coverage of mu = 250");
  }

  @Tag("slow")
  @Test
  void manyToys() {
    double[] r = run(3000, 0, 21);
    assertBinomial(0.158655, r[0], 3000, "P(Z > 1)");
    assertBinomial(0.5, r[1], 3000, "P(Z = 0)");
    double[] s = run(3000, 250, 22);
    assertBinomial(0.682689, s[2], 3000, "coverage of mu = 250");
  }
}
