package org.nphunt.fit;

import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/**
 * Binned Poisson statistics: -2 ln L, the goodness-of-fit chi2s, per-bin residuals, the Asimov
 * significance and the conversions between one-sided p-values and Gaussian significances.
 *
 * <p>Arrays hold one value per bin: n the observed counts (>= 0, whole numbers for real data; any
 * non-negative value is accepted, e.g. an Asimov dataset), nu the expectations (> 0). A bin with
 * nu <= 0 and n > 0 has zero likelihood.
 */
public final class PoissonStatistics {
  /** A finite stand-in for an infinite deviance residual (its square stays finite). */
  static final double HUGE_RESIDUAL = 1e100;

  private PoissonStatistics() {}

  /**
   * -2 ln L = 2 sum [nu - n ln nu + ln Gamma(n + 1)], the full Poisson log-likelihood (with the data
   * term ln n!), so that its value can be compared with other tools.
   *
   * @return +infinity when a bin has nu <= 0 with n > 0
   */
  public static double minus2LnL(double[] n, double[] nu) {
    check(n, nu);
    double s = 0;
    for (int i = 0; i < n.length; i++) {
      s += nu[i] + Gamma.logGamma(n[i] + 1) - (n[i] > 0 ? n[i] * Math.log(nu[i]) : 0);
    }
    return 2 * s;
  }

  /**
   * The Poisson likelihood-ratio chi2 against the saturated model (Baker and Cousins 1984), the
   * "deviance": 2 sum [nu - n + n ln(n / nu)] (the last term 0 for n = 0). It differs from -2 ln L by a
   * constant of the data, so it is minimised by the same parameters.
   */
  public static double deviance(double[] n, double[] nu) {
    check(n, nu);
    double s = 0;
    for (int i = 0; i < n.length; i++) {
      s += devianceTerm(n[i], nu[i]);
    }
    return 2 * s;
  }

  /** The Pearson chi2 sum (n - nu)^2 / nu (bins with nu = 0 and n = 0 add 0). */
  public static double pearson(double[] n, double[] nu) {
    check(n, nu);
    double s = 0;
    for (int i = 0; i < n.length; i++) {
      double d = n[i] - nu[i];
      if (d != 0) {
        s += d * d / nu[i];
      }
    }
    return s;
  }

  /** The Pearson residuals (n - nu) / sqrt(nu) per bin. */
  public static double[] pearsonResiduals(double[] n, double[] nu) {
    check(n, nu);
    double[] r = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      r[i] = (n[i] - nu[i]) / Math.sqrt(nu[i]);
    }
    return r;
  }

  /**
   * The Poisson-significance residuals of Choudalakis and Casadei (arXiv:1111.2062): for an excess
   * (n > nu) the p-value P(N >= n | nu), for a deficit P(N <= n | nu), converted to a one-sided Gaussian
   * significance, positive for an excess and negative for a deficit, and 0 when that p-value exceeds
   * 0.5 (a bin too close to its expectation to be significant either way). Non-integer n uses the
   * continuous extension P(N >= n) = P(n, nu), P(N <= n) = Q(n + 1, nu) (regularised gamma functions).
   */
  public static double[] significanceResiduals(double[] n, double[] nu) {
    check(n, nu);
    double[] z = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      z[i] = significanceResidual(n[i], nu[i]);
    }
    return z;
  }

  /** One bin of {@link #significanceResiduals}. */
  public static double significanceResidual(double n, double nu) {
    if (n > nu) {
      double p = Gamma.regularizedGammaP(n, nu);
      return p >= 0.5 ? 0 : zFromPValue(p);
    } else if (n < nu) {
      double p = Gamma.regularizedGammaQ(n + 1, nu);
      return p >= 0.5 ? 0 : -zFromPValue(p);
    }
    return 0;
  }

  /**
   * The Asimov median discovery significance for known background (Cowan, Cranmer, Gross and Vitells,
   * arXiv:1007.1727, eq. 97) combined over bins: sqrt(sum_i 2 [(s_i + b_i) ln(1 + s_i / b_i) - s_i]).
   * With the background parameters profiled, a fit gives a smaller value (the background absorbs part
   * of the signal).
   */
  public static double asimovSignificance(double[] s, double[] b) {
    if (s.length != b.length) {
      throw new IllegalArgumentException("signal has " + s.length + " bins but background " + b.length);
    }
    double q = 0;
    for (int i = 0; i < s.length; i++) {
      if (s[i] != 0) {
        q += 2 * ((s[i] + b[i]) * Math.log1p(s[i] / b[i]) - s[i]);
      }
    }
    return Math.sqrt(q);
  }

  /** The one-sided upper-tail p-value of a Gaussian significance: 1 - Phi(z), accurate in the tail. */
  public static double pValueFromZ(double z) {
    return 0.5 * Erf.erfc(z / Math.sqrt(2));
  }

  /**
   * The Gaussian significance of a one-sided p-value: z = Phi^-1(1 - p), accurate to a few ulps down to
   * p = 1e-300 (z = 37): a rational start (Abramowitz and Stegun 26.2.23) refined by Newton steps on
   * ln(1 - Phi(z)), which avoids the cancellation in 1 - p.
   *
   * @param p in (0, 1)
   */
  public static double zFromPValue(double p) {
    if (!(p > 0 && p < 1)) {
      if (p == 0) {
        return Double.POSITIVE_INFINITY;
      }
      if (p == 1) {
        return Double.NEGATIVE_INFINITY;
      }
      throw new IllegalArgumentException("p-value must be in [0, 1], found " + p);
    }
    if (p > 0.5) {
      return -zFromPValue(1 - p);
    }
    double t = Math.sqrt(-2 * Math.log(p));
    double z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
        / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    double lnP = Math.log(p);
    for (int it = 0; it < 8; it++) {
      double q = pValueFromZ(z);
      double phi = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      double step = (Math.log(q) - lnP) * q / phi;
      z += step;
      if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) {
        break;
      }
    }
    return z;
  }

  /** nu - n + n ln(n / nu), stable for nu close to n; +infinity for nu <= 0 with n > 0. */
  static double devianceTerm(double n, double nu) {
    if (n == 0) {
      return nu;
    }
    if (!(nu > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    double d = (nu - n) / n;
    return n * (d - Math.log1p(d));
  }

  /**
   * The signed deviance residual r = sign(nu - n) sqrt(2 (nu - n + n ln(n / nu))): sum r^2 is the
   * deviance, so least squares on r is exactly the Poisson maximum-likelihood fit. Writes dr / dnu into
   * {@code deriv[0]}.
   */
  static double devianceResidual(double n, double nu, double[] deriv) {
    if (!(nu > 0) || Double.isInfinite(nu)) {
      deriv[0] = 0;
      return HUGE_RESIDUAL;
    }
    if (n == 0) {
      double r = Math.sqrt(2 * nu);
      deriv[0] = 1 / r;
      return r;
    }
    double d = (nu - n) / n;
    double h;
    if (Math.abs(d) < 1e-4) {
      h = 1 - d / 3 + 7 * d * d / 36;
    } else {
      h = Math.sqrt(2 * (d - Math.log1p(d))) / Math.abs(d);
    }
    double sn = Math.sqrt(n);
    deriv[0] = 1 / ((1 + d) * sn * h);
    double r = d * sn * h;
    return Math.min(r, HUGE_RESIDUAL);
  }

  private static void check(double[] n, double[] nu) {
    if (n.length != nu.length) {
      throw new IllegalArgumentException("data has " + n.length + " bins but the expectation " + nu.length);
    }
  }
}
