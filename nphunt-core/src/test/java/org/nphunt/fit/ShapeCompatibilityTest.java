package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.random.Seeds;

class ShapeCompatibilityTest {
  static final double[] E = {0, 1, 2, 3, 4};

  @Test
  void handCase() {
    // a = (10, 20, 30, 40), b = (20, 40, 60, 80): same shape, twice the events: chi2 = 0, p = 1
    CompatibilityResult r = ShapeCompatibility.chiSquare(new Histogram(E, new double[] {10, 20, 30, 40}),
        new Histogram(E, new double[] {20, 40, 60, 80}));
    assertEquals(0, r.statistic(), 1e-12);
    assertEquals(3, r.ndf());
    assertEquals(1, r.pValue(), 1e-12);
    // the formula by hand, one empty-in-both bin dropped
    double[] a = {5, 0, 9, 6};
    double[] b = {10, 0, 4, 20};
    double na = 20;
    double nb = 34;
    double chi2 = 0;
    for (int i : new int[] {0, 2, 3}) {
      double d = Math.sqrt(nb / na) * a[i] - Math.sqrt(na / nb) * b[i];
      chi2 += d * d / (a[i] + b[i]);
    }
    CompatibilityResult q = ShapeCompatibility.chiSquare(new Histogram(E, a), new Histogram(E, b));
    assertEquals(chi2, q.statistic(), 1e-12);
    assertEquals(2, q.ndf());
    assertEquals(Math.exp(-chi2 / 2), q.pValue(), 1e-12); // chi2 survival with 2 degrees of freedom
  }

  @Test
  void badInputs() {
    assertEquals("chi2 shape test needs whole-number counts (unweighted events)", assertThrows(NphuntException.class,
        () -> ShapeCompatibility.chiSquare(new Histogram(E, new double[] {1.5, 1, 1, 1}), new Histogram(E, new double[] {1, 1, 1, 1})))
        .getMessage());
    assertEquals("chi2 shape test needs identical bin edges", assertThrows(NphuntException.class,
        () -> ShapeCompatibility.chiSquare(new Histogram(E, new double[4]), new Histogram(new double[] {0, 1}, new double[1])))
        .getMessage());
    assertEquals("KS shape test: value 1 of the second sample is NaN", assertThrows(NphuntException.class,
        () -> ShapeCompatibility.kolmogorovSmirnov(new double[] {1, 2}, new double[] {1, Double.NaN}, 1)).getMessage());
    // one value (a category whose background is a single event): a one-line error, not Hipparchus' exception
    assertEquals("KS shape test needs >= 2 values in both samples, found 1 and 3", assertThrows(NphuntException.class,
        () -> ShapeCompatibility.kolmogorovSmirnov(new double[] {1}, new double[] {1, 2, 3}, 1)).getMessage());
  }

  /** Same-shape samples: p-values roughly uniform (fraction below 0.05 near 5%); a shifted shape is caught. */
  @Test
  void calibrationAndPower() {
    int trials = 400;
    int rejectChi2 = 0;
    int rejectKs = 0;
    double[] edges = Histogram.uniformEdges(0, 1, 20);
    for (int t = 0; t < trials; t++) {
      SplittableRandom r = Seeds.random(3, "test/shape", t);
      double[] x = new double[600];
      double[] y = new double[300];
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.sqrt(r.nextDouble());
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = Math.sqrt(r.nextDouble());
      }
      if (ShapeCompatibility.chiSquare(Histogram.fill(x, null, edges), Histogram.fill(y, null, edges)).pValue() < 0.05) {
        rejectChi2++;
      }
      if (ShapeCompatibility.kolmogorovSmirnov(x, y, t).pValue() < 0.05) {
        rejectKs++;
      }
    }
    double se = Math.sqrt(0.05 * 0.95 / trials);
    assertEquals(0.05, (double) rejectChi2 / trials, 3.5 * se);
    assertEquals(0.05, (double) rejectKs / trials, 3.5 * se);
    // power: x^0.5 against x^0.6 with 20,000 events each
    SplittableRandom r = Seeds.random(4, "test/shape-power");
    double[] x = new double[20_000];
    double[] y = new double[20_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sqrt(r.nextDouble());
      y[i] = Math.pow(r.nextDouble(), 0.6);
    }
    assertTrue(ShapeCompatibility.chiSquare(Histogram.fill(x, null, edges), Histogram.fill(y, null, edges)).pValue() < 1e-6);
    assertTrue(ShapeCompatibility.kolmogorovSmirnov(x, y, 1).pValue() < 1e-6);
  }
}
