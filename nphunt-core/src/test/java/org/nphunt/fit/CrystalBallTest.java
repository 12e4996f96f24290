package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.api.Test;

/** Crystal Ball: normalisation, continuity at the junction, CDF = integral of the PDF. */
class CrystalBallTest {

  @Property(tries = 60)
  void normalisedAndContinuousAtTheJunction(@ForAll @DoubleRange(min = 0.2, max = 4) double alpha,
      @ForAll @DoubleRange(min = 1.2, max = 30) double n, @ForAll @DoubleRange(min = 0.1, max = 50) double sigma) {
    double mean = 3 * sigma;
    // total probability through the closed-form CDF
    assertEquals(1, CrystalBall.probability(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, mean, sigma, alpha, n), 1e-12);
    assertEquals(1, CrystalBall.cdf(Double.POSITIVE_INFINITY, mean, sigma, alpha, n), 1e-12);
    // value and first derivative continuous at t = -alpha
    double x0 = mean - alpha * sigma;
    double h = 1e-7 * sigma;
    double left = CrystalBall.pdf(x0 - h, mean, sigma, alpha, n);
    double right = CrystalBall.pdf(x0 + h, mean, sigma, alpha, n);
    double at = CrystalBall.pdf(x0, mean, sigma, alpha, n);
    assertEquals(at, left, 1e-6 * at);
    assertEquals(at, right, 1e-6 * at);
    double dl = (at - CrystalBall.pdf(x0 - 2 * h, mean, sigma, alpha, n)) / (2 * h);
    double dr = (CrystalBall.pdf(x0 + 2 * h, mean, sigma, alpha, n) - at) / (2 * h);
    // the Gaussian slope at t = -alpha is alpha * pdf / sigma
    double slope = alpha * at / sigma;
    assertEquals(slope, 0.5 * (dl + dr), 1e-4 * slope);
    assertEquals(dl, dr, 1e-4 * slope);
  }

  @Test
  void cdfIsTheIntegralOfThePdf() {
    double mean = 2500;
    double sigma = 150;
    double alpha = 0.8;
    double n = 2.5;
    IterativeLegendreGaussIntegrator integ = new IterativeLegendreGaussIntegrator(8, 1e-13, 1e-15);
    for (double[] ab : new double[][] {{1000, 2000}, {2000, 2380}, {2380, 2600}, {2600, 3500}, {2400, 2450}}) {
      double num = integ.integrate(1_000_000, x -> CrystalBall.pdf(x, mean, sigma, alpha, n), ab[0], ab[1]);
      assertEquals(num, CrystalBall.probability(ab[0], ab[1], mean, sigma, alpha, n), 1e-11);
      assertEquals(num, CrystalBall.cdf(ab[1], mean, sigma, alpha, n) - CrystalBall.cdf(ab[0], mean, sigma, alpha, n), 1e-11);
    }
    // deep in the power-law tail
    double tail = integ.integrate(10_000_000, x -> CrystalBall.pdf(x, mean, sigma, alpha, n), -20_000, 1000);
    assertEquals(CrystalBall.probability(-20_000, 1000, mean, sigma, alpha, n), tail, 1e-10);
  }

  @Test
  void upperTailKeepsRelativePrecision() {
    // 12 sigma above the mean: 1 - cdf would be 0; probability() uses erfc
    double p = CrystalBall.probability(12, 13, 0, 1, 1, 3);
    double gauss = 0.5 * (org.hipparchus.special.Erf.erfc(12 / Math.sqrt(2)) - org.hipparchus.special.Erf.erfc(13 / Math.sqrt(2)));
    double norm = Math.sqrt(Math.PI / 2) * (1 + org.hipparchus.special.Erf.erf(1 / Math.sqrt(2))) + 3.0 / 2 * Math.exp(-0.5);
    assertEquals(gauss * Math.sqrt(2 * Math.PI) / norm, p, 1e-12 * p);
    assertTrue(p > 0);
  }

  @Test
  void invalidParametersAreRejected() {
    assertEquals("Crystal Ball n must be finite and > 1, found 1.0",
        assertThrows(IllegalArgumentException.class, () -> CrystalBall.pdf(0, 0, 1, 1, 1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> CrystalBall.pdf(0, 0, 0, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> CrystalBall.pdf(0, 0, 1, -1, 2));
    assertEquals("relativeWidth must be in (0, 1), found 0.0",
        assertThrows(IllegalArgumentException.class, () -> new CrystalBallShape(0, 1, 2, 1)).getMessage());
  }

  @Test
  void shapeFractionsScaleWithMassAndSumToOneOverAWideRange() {
    CrystalBallShape s = CrystalBallShape.defaults();
    double[] wide = Histogram.uniformEdges(1, 12_000, 600);
    double sum = 0;
    for (double f : s.fractions(wide, 3000)) {
      sum += f;
    }
    // the power-law tail below 1 GeV holds (n = 3) ~ (sigma / (M - x))^2-ish: small but not zero
    assertEquals(1 - CrystalBall.cdf(1, 3000, 210, 1, 3), sum, 1e-12);
    double[] e1 = {1800, 1900, 2000, 2100};
    double[] e2 = {3600, 3800, 4000, 4200};
    double[] f1 = s.fractions(e1, 2000);
    double[] f2 = s.fractions(e2, 4000);
    for (int i = 0; i < 3; i++) {
      assertEquals(f1[i], f2[i], 1e-14, "scale invariance, bin " + i);
    }
    double[] ex = s.expected(e1, 2000, 250);
    assertEquals(250 * f1[1], ex[1], 1e-12);
  }
}
