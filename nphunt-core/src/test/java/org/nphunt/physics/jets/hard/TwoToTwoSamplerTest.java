package org.nphunt.physics.jets.hard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.physics.jets.event.Pid;
import org.nphunt.physics.jets.shower.AlphaS;

/**
 * The unweighted 2 -> 2 sampler against its own differential cross-section integrated by quadrature:
 * the joint distribution of pT and |y3 - y4| (the t-channel angular shape), the Monte Carlo cross-section
 * against the quadrature, no overweights.
 */
class TwoToTwoSamplerTest {

  @Test
  void qcdDijetsFollowTheCrossSectionInPtAndRapiditySeparation() {
    AlphaS as = new AlphaS(0.118);
    TwoToTwoSampler sampler = new TwoToTwoSampler(new QcdDijetChannels(), 1000, as);
    double[] ptEdges = {1000, 1100, 1250, 1500, 2000, 3000};
    double[] dyEdges = {0, 0.5, 1.0, 2.0, 8};
    int nb = (ptEdges.length - 1) * (dyEdges.length - 1);
    // expected bin probabilities: Simpson in pT (per bin), midpoint grid in (y3, y4)
    double[] expected = new double[nb];
    TwoToTwo.State st = new TwoToTwo.State();
    double total = 0;
    for (int i = 0; i < ptEdges.length - 1; i++) {
      int steps = 6;
      double h = (ptEdges[i + 1] - ptEdges[i]) / steps;
      for (int k = 0; k <= steps; k++) {
        double pt = ptEdges[i] + k * h;
        double w = (k == 0 || k == steps ? 1 : k % 2 == 1 ? 4 : 2) * h / 3;
        double ymax = TwoToTwoSampler.acosh(TwoToTwoSampler.SQRT_S / (2 * pt));
        int ny = 60;
        double hy = 2 * ymax / ny;
        for (int a = 0; a < ny; a++) {
          double y3 = -ymax + (a + 0.5) * hy;
          for (int b = 0; b < ny; b++) {
            double y4 = -ymax + (b + 0.5) * hy;
            double d = sampler.density(pt, pt, y3, y4, st) * w * hy * hy;
            int j = bin(dyEdges, Math.abs(y3 - y4));
            expected[i * (dyEdges.length - 1) + j] += d;
            total += d;
          }
        }
      }
    }
    // the sample, restricted to pT < 3000 like the expectation
    TwoToTwoSampler.Point p = new TwoToTwoSampler.Point();
    SplittableRandom r = new SplittableRandom(42);
    int n = 20_000;
    int[] counts = new int[nb];
    int kept = 0;
    for (int e = 0; e < n; e++) {
      sampler.sample(p, r);
      if (p.pt >= 3000) {
        continue;
      }
      counts[bin(ptEdges, p.pt) * (dyEdges.length - 1) + bin(dyEdges, Math.abs(p.y3 - p.y4))]++;
      kept++;
    }
    double chi2 = 0;
    for (int b = 0; b < nb; b++) {
      double mu = kept * expected[b] / total;
      chi2 += (counts[b] - mu) * (counts[b] - mu) / Math.max(mu, 1);
    }
    // 20 bins: the 0.1% upper quantile of chi2(19) is 43.8
    assertTrue(chi2 < 43.8, "chi2 = " + chi2 + " for " + nb + " bins");
    assertEquals(0, p.overweights, "no trial exceeded the unweighting bound");
    double mc = p.sumW / p.trials;
    double err = Math.sqrt(Math.max(0, p.sumW2 / p.trials - mc * mc) / p.trials);
    double grid = sampler.gridCrossSectionPb() / TwoToTwoSampler.GEV2_TO_PB;
    assertEquals(grid, mc, 4 * err + 0.02 * grid, "Monte Carlo vs grid cross-section");
    // LO QCD above pT-hat 1 TeV at 13 TeV: about 10 pb (the measured inclusive-jet spectrum, d2sigma/dpT dy ~ 5e-3 pb/GeV at 1 TeV, gives the same order)
    double pb = mc * TwoToTwoSampler.GEV2_TO_PB;
    assertTrue(pb > 3 && pb < 40, "sigma(pT-hat > 1 TeV) = " + pb + " pb");
  }

  @Test
  void topPairsAreMassiveAndCentralOnAverage() {
    TwoToTwoSampler sampler = new TwoToTwoSampler(new HeavyPairChannels(Pid.TOP, Pid.M_TOP), 400, new AlphaS(0.118));
    TwoToTwoSampler.Point p = new TwoToTwoSampler.Point();
    SplittableRandom r = new SplittableRandom(3);
    double meanY = 0;
    for (int e = 0; e < 5000; e++) {
      sampler.sample(p, r);
      assertTrue(p.pt >= 400);
      double mt2 = p.pt * p.pt + Pid.M_TOP * Pid.M_TOP;
      // s = 2 mT^2 (1 + cosh(y3 - y4)) for equal masses
      assertEquals(2 * mt2 * (1 + Math.cosh(p.y3 - p.y4)), p.s, 1e-9 * p.s);
      assertEquals(Math.abs(p.state.id[2]), Pid.TOP);
      assertEquals(-p.state.id[2], p.state.id[3]);
      meanY += p.y3;
    }
    assertEquals(0, meanY / 5000, 0.05, "symmetric in rapidity");
    assertEquals(0, p.overweights);
  }

  private static int bin(double[] edges, double x) {
    for (int i = 0; i < edges.length - 1; i++) {
      if (x < edges[i + 1]) {
        return i;
      }
    }
    return edges.length - 2;
  }
}
