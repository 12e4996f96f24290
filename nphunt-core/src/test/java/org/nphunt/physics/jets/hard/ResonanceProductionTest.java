package org.nphunt.physics.jets.hard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.physics.jets.event.Pid;

/** Resonance line shapes and decay angular distributions against their closed forms or quadrature. */
class ResonanceProductionTest {

  /** Kolmogorov-Smirnov distance of a sorted sample to a CDF. */
  private static double ks(double[] sorted, java.util.function.DoubleUnaryOperator cdf) {
    int n = sorted.length;
    double d = 0;
    for (int i = 0; i < n; i++) {
      double c = cdf.applyAsDouble(sorted[i]);
      d = Math.max(d, Math.max(Math.abs(c - (double) i / n), Math.abs(c - (double) (i + 1) / n)));
    }
    return d;
  }

  @Test
  void breitWignerMassesFollowTheArctangentCdf() {
    SplittableRandom r = new SplittableRandom(1);
    double m = 80.38;
    double g = 2.09;
    double lo = 60;
    double hi = 100;
    int n = 20_000;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Decays.breitWigner(m, g, lo, hi, r);
    }
    Arrays.sort(x);
    double a = Math.atan((lo * lo - m * m) / (m * g));
    double b = Math.atan((hi * hi - m * m) / (m * g));
    double d = ks(x, v -> (Math.atan((v * v - m * m) / (m * g)) - a) / (b - a));
    assertTrue(d < 1.63 / Math.sqrt(n), "KS " + d);
  }

  @Test
  void angularDistributionsFollowTheirHelicityShapes() {
    SplittableRandom r = new SplittableRandom(2);
    int n = 20_000;
    record Case(String name, java.util.function.ToDoubleFunction<SplittableRandom> sampler,
        java.util.function.DoubleUnaryOperator primitive) {}
    Case[] cases = {
        new Case("1 + c^2", Decays::transverseVector, c -> c + c * c * c / 3),
        new Case("1 - c^2", Decays::longitudinalVector, c -> c - c * c * c / 3),
        new Case("1 + 6c^2 + c^4", Decays::spin2FromGluons, c -> c + 2 * c * c * c + Math.pow(c, 5) / 5),
        new Case("1 - c^4", Decays::spin2FromQuarks, c -> c - Math.pow(c, 5) / 5),
        new Case("(1 - c^2)^2", Decays::spin2LongitudinalFromGluons, c -> c - 2 * c * c * c / 3 + Math.pow(c, 5) / 5),
        new Case("c^2 (1 - c^2)", Decays::spin2LongitudinalFromQuarks, c -> c * c * c / 3 - Math.pow(c, 5) / 5)};
    for (Case k : cases) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = k.sampler().applyAsDouble(r);
      }
      Arrays.sort(x);
      double f0 = k.primitive().applyAsDouble(-1);
      double f1 = k.primitive().applyAsDouble(1);
      double d = ks(x, c -> (k.primitive().applyAsDouble(c) - f0) / (f1 - f0));
      assertTrue(d < 1.63 / Math.sqrt(n), k.name() + ": KS " + d);
    }
  }

  /** The produced mass against (2/m) BW(m) int L(m, y) dy by quadrature, for a narrow and a broad line. */
  @Test
  void productionLineShapesIncludeTheLuminosity() {
    for (double relWidth : new double[] {0.01, 0.3}) {
      double mass = 2500;
      double width = relWidth * mass;
      double lo = Math.max(0.5 * mass, mass - 20 * width);
      double hi = Math.min(1.5 * mass, mass + 20 * width);
      ResonanceProduction g = ResonanceProduction.graviton(mass, width, lo, hi);
      ResonanceProduction.Point p = g.newPoint();
      // quadrature CDF on a grid in the tangent variable (fine where the line is)
      int nm = 600;
      double[] ms = new double[nm + 1];
      double[] cdf = new double[nm + 1];
      double ta = Math.atan((lo * lo - mass * mass) / (mass * width));
      double tb = Math.atan((hi * hi - mass * mass) / (mass * width));
      double prev = 0;
      for (int i = 0; i <= nm; i++) {
        double t = ta + (tb - ta) * i / nm;
        ms[i] = Math.sqrt(mass * mass + mass * width * Math.tan(t));
        double ymax = Math.log(TwoToTwoSampler.SQRT_S / ms[i]);
        int ny = 200;
        double sum = 0;
        for (int j = 0; j < ny; j++) {
          sum += g.density(ms[i], -ymax + (j + 0.5) * 2 * ymax / ny, p) * 2 * ymax / ny;
        }
        double dmdt = mass * width * (1 + Math.tan(t) * Math.tan(t)) / (2 * ms[i]);
        double dens = sum * dmdt; // per unit of the tangent variable
        if (i > 0) {
          cdf[i] = cdf[i - 1] + 0.5 * (prev + dens) * (tb - ta) / nm;
        }
        prev = dens;
      }
      double norm = cdf[nm];
      SplittableRandom r = new SplittableRandom(5);
      int n = 10_000;
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        g.sample(p, r);
        x[i] = p.m;
        assertTrue(p.idA == Pid.GLUON || Pid.isQuark(p.idA));
        assertEquals(p.m * p.m, p.x1 * p.x2 * TwoToTwoSampler.SQRT_S * TwoToTwoSampler.SQRT_S, 1e-6 * p.m * p.m);
      }
      Arrays.sort(x);
      double d = ks(x, v -> {
        int i = Arrays.binarySearch(ms, v);
        if (i < 0) {
          i = -i - 2;
        }
        i = Math.max(0, Math.min(nm - 1, i));
        double f = (v - ms[i]) / (ms[i + 1] - ms[i]);
        return (cdf[i] + f * (cdf[i + 1] - cdf[i])) / norm;
      });
      assertTrue(d < 1.63 / Math.sqrt(n), "width " + relWidth + ": KS " + d);
      assertEquals(0, p.overweights);
      if (relWidth > 0.1) {
        // the falling luminosity skews a broad line to low masses
        assertTrue(x[n / 2] < mass, "broad-line median " + x[n / 2] + " below the pole mass");
      }
    }
  }
}
