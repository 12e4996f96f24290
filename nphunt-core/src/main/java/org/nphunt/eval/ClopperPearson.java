package org.nphunt.eval;

/**
 * Clopper-Pearson ("exact") binomial confidence intervals (Biometrika 26 (1934) 404), the interval
 * HEP uses for efficiencies: with k successes in n trials and alpha = 1 - CL,
 * lower = B^-1(alpha/2; k, n-k+1) (0 when k = 0) and upper = B^-1(1-alpha/2; k+1, n-k) (1 when k = n),
 * where B^-1 is the inverse of the regularised incomplete beta function.
 */
public final class ClopperPearson {
  /** The 68.27% (one Gaussian sigma) level used for every rate nphunt reports. */
  public static final double ONE_SIGMA = 0.6826894921370859;

  private ClopperPearson() {}

  /** The central interval at confidence level {@code cl} for k of n. */
  public static Interval interval(long k, long n, double cl) {
    if (n <= 0 || k < 0 || k > n) {
      throw new IllegalArgumentException("need 0 <= k <= n and n > 0, found k=" + k + ", n=" + n);
    }
    if (!(cl > 0 && cl < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), found " + cl);
    }
    double alpha = 1 - cl;
    double lower = k == 0 ? 0 : Beta.inverse(alpha / 2, k, n - k + 1.0);
    double upper = k == n ? 1 : Beta.inverse(1 - alpha / 2, k + 1.0, (double) (n - k));
    return new Interval(lower, upper);
  }
}
