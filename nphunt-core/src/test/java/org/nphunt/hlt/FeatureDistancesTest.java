package org.nphunt.hlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;

/** Wasserstein-1 and KS against hand-derived values and SciPy (scipy.stats 1.x, Debian python3-scipy). */
class FeatureDistancesTest {
  @Test
  void wassersteinMatchesHandDerivedAndScipyValues() {
    // F_a, F_b step functions: 1/3 on [1, 2), 0 on [2, 3), 1/3 on [3, 6) -> 4/3
    assertEquals(4.0 / 3, FeatureDistances.wasserstein1(new double[] {1, 2, 3}, new double[] {1, 1, 6}), 1e-15);
    assertEquals(0.5, FeatureDistances.wasserstein1(new double[] {0, 1}, new double[] {0.5}), 1e-15);
    // scipy.stats.wasserstein_distance([0.5, 2.5, -1, 7], [3, 3, 0.25]) = 1.875
    assertEquals(1.875, FeatureDistances.wasserstein1(new double[] {0.5, 2.5, -1, 7}, new double[] {3, 3, 0.25}), 1e-12);
    assertEquals(1.875, FeatureDistances.wasserstein1(new double[] {3, 3, 0.25}, new double[] {0.5, 2.5, -1, 7}), 1e-12);
    assertThrows(NphuntException.class, () -> FeatureDistances.wasserstein1(new double[0], new double[] {1}));
  }

  @Test
  void wassersteinOfAShiftIsTheShift() {
    SplittableRandom r = new SplittableRandom(3);
    double[] a = new double[1000];
    double[] b = new double[1000];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian();
      b[i] = a[i] + 0.7;
    }
    assertEquals(0.7, FeatureDistances.wasserstein1(a, b), 1e-12);
    assertEquals(0.0, FeatureDistances.wasserstein1(a, a.clone()), 0.0);
  }

  @Test
  void ksMatchesScipyAndCompareUsesSharedFeatures() {
    // scipy.stats.ks_2samp(...).statistic: 1/3 and 5/12
    assertEquals(1.0 / 3, FeatureDistances.ks(new double[] {1, 2, 3}, new double[] {1, 1, 6}), 1e-12);
    assertEquals(5.0 / 12, FeatureDistances.ks(new double[] {0.5, 2.5, -1, 7}, new double[] {3, 3, 0.25}), 1e-12);
    Events ref = Events.zeros(new HlfSchema(List.of("LepPt", "nJets")), 3);
    Events gen = Events.zeros(new HlfSchema(List.of("nJets")), 3);
    double[] t = ref.tensor(0);
    double[] g = gen.tensor(0);
    for (int i = 0; i < 3; i++) {
      t[2 * i] = 30 + i;
      t[2 * i + 1] = i + 1; // nJets 1, 2, 3: mean 2, std sqrt(2/3)
      g[i] = i == 2 ? 6 : 1; // nJets 1, 1, 6
    }
    List<FeatureDistances.Distance> d = FeatureDistances.compare(ref, gen);
    assertEquals(1, d.size());
    assertEquals("nJets", d.get(0).feature());
    assertEquals(2.0, d.get(0).referenceMean(), 1e-15);
    assertEquals(8.0 / 3, d.get(0).otherMean(), 1e-15);
    assertEquals(1.0 / 3, d.get(0).ks(), 1e-12);
    assertEquals(4.0 / 3, d.get(0).wasserstein(), 1e-15);
    assertEquals(4.0 / 3 / Math.sqrt(2.0 / 3), d.get(0).wassersteinOverStd(), 1e-12);
  }
}
