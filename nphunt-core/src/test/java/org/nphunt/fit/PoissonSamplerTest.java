package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.hipparchus.distribution.discrete.PoissonDistribution;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nphunt.random.Seeds;

/** The sampler's histogram against the Poisson probabilities (Pearson chi2 goodness of fit). */
class PoissonSamplerTest {
  @ParameterizedTest
  @ValueSource(doubles = {0.3, 4, 9.9, 10, 37.5, 1000})
  void matchesThePoissonDistribution(double lambda) {
    int draws = 100_000;
    SplittableRandom rng = Seeds.random(5, "test/poisson", (long) (lambda * 10));
    PoissonDistribution pd = new PoissonDistribution(lambda);
    int lo = Math.max(0, (int) (lambda - 6 * Math.sqrt(lambda)) - 1);
    int hi = (int) (lambda + 6 * Math.sqrt(lambda)) + 3;
    long[] counts = new long[hi - lo + 1];
    double sum = 0;
    for (int i = 0; i < draws; i++) {
      long k = PoissonSampler.sample(lambda, rng);
      sum += k;
      counts[(int) Math.min(hi, Math.max(lo, k)) - lo]++;
    }
    assertEquals(lambda, sum / draws, 5 * Math.sqrt(lambda / draws));
    // chi2 over cells with expectation >= 5 (edges pooled)
    double chi2 = 0;
    int cells = 0;
    double pooledObs = 0;
    double pooledExp = 0;
    for (int k = lo; k <= hi; k++) {
      double e = draws * (k == lo ? pd.cumulativeProbability(lo) : k == hi ? 1 - pd.cumulativeProbability(hi - 1) : pd.probability(k));
      pooledObs += counts[k - lo];
      pooledExp += e;
      if (pooledExp >= 5) {
        chi2 += (pooledObs - pooledExp) * (pooledObs - pooledExp) / pooledExp;
        cells++;
        pooledObs = 0;
        pooledExp = 0;
      }
    }
    int ndf = cells - 1;
    double p = Gamma.regularizedGammaQ(ndf / 2.0, chi2 / 2);
    assertTrue(p > 1e-4, "chi2 " + chi2 + " / " + ndf + ", p " + p);
  }

  @Test
  void sameSeedSameToy() {
    double[] e = {0, 1, 2, 3};
    double[] nu = {0.5, 20, 300};
    Histogram a = PoissonSampler.toy(e, nu, Seeds.random(1, "toy", 3));
    Histogram b = PoissonSampler.toy(e, nu, Seeds.random(1, "toy", 3));
    assertArrayEquals(a.counts(), b.counts());
    assertEquals(0, PoissonSampler.sample(0, new SplittableRandom(1)));
  }
}
