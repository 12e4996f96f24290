package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.fit.Category;
import org.nphunt.fit.CrystalBallShape;
import org.nphunt.fit.DijetFunction;
import org.nphunt.fit.FitConfig;
import org.nphunt.fit.Histogram;
import org.nphunt.fit.MassScan;
import org.nphunt.fit.PoissonSampler;
import org.nphunt.fit.ResonanceSearch;
import org.nphunt.fit.SignalFit;
import org.nphunt.random.Seeds;

/**
 * Background-only pseudo-experiments of the categorised fit (fast toys: Poisson counts drawn per
 * category from the dijet function, no quantile regression): the signed local significance
 * sign(mu hat) sqrt(-2 Delta ln L) is close to standard normal (Wilks/Wald, arXiv:1007.1727), and a
 * strong injected signal is found at its mass.
 */
class CategorisedToysTest {
  static final double[] EDGES = Histogram.logEdges(2400, 6000, 30);
  /** Background fractions and signal efficiencies of three categories (most anomalous last). */
  static final double[] FRACTION = {0.7, 0.25, 0.05};
  static final double[] EFFICIENCY = {0.1, 0.3, 0.6};
  static final CrystalBallShape SHAPE = new CrystalBallShape(0.05, 1.0, 3.0, 1.0);

  static double[] background(double events) {
    double[] p = {1, 9, 5};
    double[] b = DijetFunction.binIntegrals(EDGES, 13000, p, 5);
    double sum = 0;
    for (double v : b) {
      sum += v;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] *= events / sum;
    }
    return b;
  }

  static List<Category> toy(double mu, double mass, long index) {
    SplittableRandom r = Seeds.random(31, "test/categorised-toys", index);
    double[] b = background(8000);
    double[] s = SHAPE.fractions(EDGES, mass);
    List<Category> cats = new ArrayList<>();
    for (int c = 0; c < FRACTION.length; c++) {
      double[] nu = new double[b.length];
      for (int i = 0; i < nu.length; i++) {
        nu[i] = FRACTION[c] * b[i] + mu * EFFICIENCY[c] * s[i];
      }
      cats.add(new Category("c" + c, PoissonSampler.toy(EDGES, nu, r), EFFICIENCY[c]));
    }
    return cats;
  }

  @Test
  void backgroundOnlySignificanceIsStandardNormal() {
    int toys = 100;
    double sum = 0;
    double sum2 = 0;
    for (int t = 0; t < toys; t++) {
      SignalFit f = new ResonanceSearch(FitConfig.defaults(), toy(0, 3500, t), SHAPE).fit(3500);
      double z = Math.signum(f.muHat()) * Math.sqrt(Math.max(0, f.minus2LnLBackgroundOnly() - f.minus2LnL()));
      sum += z;
      sum2 += z * z;
    }
    double mean = sum / toys;
    double sd = Math.sqrt(sum2 / toys - mean * mean);
    assertTrue(Math.abs(mean) < 0.3, "mean " + mean);
    assertTrue(sd > 0.7 && sd < 1.3, "sd " + sd);
  }

  @Test
  void strongSignalIsFoundAtItsMass() {
    ResonanceSearch s = new ResonanceSearch(FitConfig.defaults(), toy(150, 4000, 1000), SHAPE);
    double[] masses = new double[12];
    for (int i = 0; i < masses.length; i++) {
      masses[i] = 2800 + 200 * i;
    }
    MassScan scan = s.scan(masses);
    assertEquals(4000, scan.mostSignificant().mass(), 200.1);
    assertTrue(scan.mostSignificant().localSignificance() > 5, scan.markdown());
    SignalFit f = s.fit(4000);
    assertTrue(Math.abs(f.muHat() - 150) < 3 * f.muError(), "mu " + f.muHat() + " +- " + f.muError());
  }
}
