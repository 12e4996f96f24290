package org.nphunt.fit;

import org.hipparchus.special.Beta;

/**
 * The Fisher F-test between nested fits, as used by the dijet searches to decide whether a background
 * function with more parameters is needed (e.g. CMS, arXiv:1010.0203, arXiv:1611.03568):
 *
 * <pre>
 *   F = ((chi2_small - chi2_large) / (ndf_small - ndf_large)) / (chi2_large / ndf_large)
 * </pre>
 *
 * which follows an F(ndf_small - ndf_large, ndf_large) distribution when the smaller model is true
 * (R. A. Fisher; see e.g. W. T. Eadie et al., Statistical Methods in Experimental Physics). The larger
 * model is chosen only when the p-value P(F' >= F) is below alpha (0.05 by convention). The p-value is
 * the regularised incomplete beta function I_{d2 / (d2 + d1 F)}(d2 / 2, d1 / 2) (accurate for tiny
 * p-values, unlike 1 - CDF).
 */
public final class FTest {
  private FTest() {}

  /**
   * @param chi2Small chi2 of the fit with fewer parameters (>= 0)
   * @param ndfSmall its degrees of freedom
   * @param chi2Large chi2 of the fit with more parameters (> 0)
   * @param ndfLarge its degrees of freedom, 0 < ndfLarge < ndfSmall
   * @param alpha the test size (0.05 by convention), in (0, 1)
   * @return F, p-value and whether the larger model is chosen; F < 0 (the larger fit is worse, a failed
   *     fit) gives p = 1
   */
  public static FTestResult test(double chi2Small, int ndfSmall, double chi2Large, int ndfLarge, double alpha) {
    if (!(ndfLarge > 0 && ndfSmall > ndfLarge)) {
      throw new IllegalArgumentException("F-test needs 0 < ndfLarge < ndfSmall, found ndfSmall " + ndfSmall
          + ", ndfLarge " + ndfLarge);
    }
    if (!(chi2Small >= 0) || !(chi2Large >= 0) || Double.isInfinite(chi2Small) || Double.isInfinite(chi2Large)) {
      throw new IllegalArgumentException("F-test needs finite chi2 >= 0, found " + chi2Small + " and " + chi2Large);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("F-test alpha must be in (0, 1), found " + alpha);
    }
    int d1 = ndfSmall - ndfLarge;
    double f = ((chi2Small - chi2Large) / d1) / (chi2Large / ndfLarge);
    double p = survival(f, d1, ndfLarge);
    return new FTestResult(chi2Small, ndfSmall, chi2Large, ndfLarge, f, p, alpha, p < alpha);
  }

  /** P(F' >= f) for F' ~ F(d1, d2). */
  public static double survival(double f, double d1, double d2) {
    if (Double.isNaN(f)) {
      return Double.NaN;
    }
    if (f <= 0) {
      return 1;
    }
    if (Double.isInfinite(f)) {
      return 0;
    }
    return Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
  }
}
