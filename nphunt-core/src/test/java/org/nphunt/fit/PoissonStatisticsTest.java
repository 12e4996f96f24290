package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

class PoissonStatisticsTest {
  @Test
  void handCases() {
    double[] n = {0, 3, 10};
    double[] nu = {2, 3, 5};
    // -2 ln L = 2 sum [nu - n ln nu + ln n!]
    double m2 = 2 * ((2) + (3 - 3 * Math.log(3) + Math.log(6)) + (5 - 10 * Math.log(5) + Gamma.logGamma(11)));
    assertEquals(m2, PoissonStatistics.minus2LnL(n, nu), 1e-12);
    // deviance = 2 sum [nu - n + n ln(n / nu)]
    assertEquals(2 * (2 + 0 + (5 - 10 + 10 * Math.log(2))), PoissonStatistics.deviance(n, nu), 1e-12);
    // Pearson
    assertEquals(4.0 / 2 + 0 + 25.0 / 5, PoissonStatistics.pearson(n, nu), 1e-12);
    double[] r = PoissonStatistics.pearsonResiduals(n, nu);
    assertEquals(-Math.sqrt(2), r[0], 1e-15);
    assertEquals(5 / Math.sqrt(5), r[2], 1e-15);
  }

  @Test
  void asimovSignificanceSingleBin() {
    // s = 10, b = 100: sqrt(2 (110 ln 1.1 - 10)) = 0.9839...; for s << b it tends to s / sqrt(b)
    assertEquals(Math.sqrt(2 * (110 * Math.log(1.1) - 10)), PoissonStatistics.asimovSignificance(new double[] {10}, new double[] {100}), 1e-14);
    // Z^2 = s^2 / b - s^3 / (3 b^2) + ..., so Z = s / sqrt(b) (1 - s / (6 b)) to second order
    assertEquals(1e-3 * (1 - 1e-2 / 600), PoissonStatistics.asimovSignificance(new double[] {1e-2}, new double[] {100}), 1e-12);
  }

  @Property(tries = 200)
  void devianceResidualSquaresToTheDevianceAndHasTheRightDerivative(
      @ForAll @IntRange(min = 0, max = 500) int n, @ForAll @DoubleRange(min = 0.01, max = 600) double nu) {
    double[] d = new double[1];
    double r = PoissonStatistics.devianceResidual(n, nu, d);
    assertEquals(PoissonStatistics.deviance(new double[] {n}, new double[] {nu}), r * r, 1e-9 * (1 + r * r));
    double h = 1e-6 * nu;
    double[] tmp = new double[1];
    double num = (PoissonStatistics.devianceResidual(n, nu + h, tmp) - PoissonStatistics.devianceResidual(n, nu - h, tmp)) / (2 * h);
    assertEquals(num, d[0], 1e-5 * Math.abs(d[0]) + 1e-9);
  }

  @Test
  void devianceResidualNearTheExpectation() {
    // r ~ (nu - n) / sqrt(n), dr/dnu ~ 1 / sqrt(n) as nu -> n
    double[] d = new double[1];
    assertEquals(0, PoissonStatistics.devianceResidual(100, 100, d), 0);
    assertEquals(0.1, d[0], 1e-15);
    double r = PoissonStatistics.devianceResidual(100, 100 + 1e-7, d);
    assertEquals(1e-8, r, 1e-15); // 100 + 1e-7 itself carries a rounding error of ~1e-15
  }

  /** Down to z = -3 (p = 0.9987): closer to p = 1 the double p itself cannot hold more digits of z. */
  @Property(tries = 100)
  void zAndPValueAreInverse(@ForAll @DoubleRange(min = -3, max = 37) double z) {
    double p = PoissonStatistics.pValueFromZ(z);
    assertEquals(z, PoissonStatistics.zFromPValue(p), 1e-9 * Math.max(1, Math.abs(z)));
  }

  @Test
  void significanceResidualIsZeroNearTheExpectation() {
    assertEquals(0, PoissonStatistics.significanceResidual(10, 10), 0);
    assertEquals(0, PoissonStatistics.significanceResidual(10, 10.5), 0); // P(N <= 10 | 10.5) > 0.5
    assertEquals(0, PoissonStatistics.significanceResidual(0, 0.5), 0); // P(N <= 0 | 0.5) = 0.61
  }
}
