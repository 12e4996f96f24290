package org.nphunt.fit;

import org.hipparchus.special.Erf;

/**
 * The Crystal Ball probability density (J. E. Gaiser, SLAC-R-255 (1982), appendix F; M. Oreglia,
 * SLAC-R-236 (1980)): a Gaussian core with a power-law tail on the low side, the usual shape of a
 * reconstructed resonance whose mass is pulled low by final-state radiation and jet energy losses.
 *
 * <pre>
 *   t = (x - mean) / sigma
 *   f(x) = N exp(-t^2 / 2)                      for t > -alpha
 *   f(x) = N A (B - t)^-n                       for t <= -alpha
 *   A = (n / alpha)^n exp(-alpha^2 / 2),  B = n / alpha - alpha
 *   1 / N = sigma (C + D),  C = n / (alpha (n - 1)) exp(-alpha^2 / 2),
 *                           D = sqrt(pi / 2) (1 + erf(alpha / sqrt 2))
 * </pre>
 *
 * f and its first derivative are continuous at t = -alpha. This is the parametrisation of ROOT's
 * RooCBShape and of scipy.stats.crystalball (beta = alpha, m = n, loc = mean, scale = sigma). The
 * power is evaluated as exp(-alpha^2/2) (1 - alpha (alpha + t) / n)^-n, which is stable for large n.
 *
 * <p>Parameters: sigma > 0, alpha > 0, n > 1 (the tail must be integrable).
 */
public final class CrystalBall {
  private static final double SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
  private static final double SQRT2 = Math.sqrt(2);

  private CrystalBall() {}

  /** The probability density at x (per unit of x). */
  public static double pdf(double x, double mean, double sigma, double alpha, double n) {
    check(sigma, alpha, n);
    double t = (x - mean) / sigma;
    return unnormalised(t, alpha, n) / (sigma * norm(alpha, n));
  }

  /** The cumulative distribution P(X <= x). */
  public static double cdf(double x, double mean, double sigma, double alpha, double n) {
    check(sigma, alpha, n);
    return lowerIntegral((x - mean) / sigma, alpha, n) / norm(alpha, n);
  }

  /**
   * The probability of [lo, hi], computed from whichever tail avoids cancellation (the upper survival
   * function above the mean), so far-tail bins keep their relative precision.
   */
  public static double probability(double lo, double hi, double mean, double sigma, double alpha, double n) {
    check(sigma, alpha, n);
    if (!(hi >= lo)) {
      throw new IllegalArgumentException("interval must have hi >= lo, found [" + lo + ", " + hi + "]");
    }
    double tl = (lo - mean) / sigma;
    double th = (hi - mean) / sigma;
    double p;
    if (tl >= 0) {
      // both in the Gaussian core above the mean: survival-function difference
      p = SQRT_HALF_PI * (Erf.erfc(tl / SQRT2) - Erf.erfc(th / SQRT2));
    } else {
      p = lowerIntegral(th, alpha, n) - lowerIntegral(tl, alpha, n);
    }
    return Math.max(0, p / norm(alpha, n));
  }

  /** The unnormalised shape at standardised t: exp(-t^2/2) or the power-law tail. */
  static double unnormalised(double t, double alpha, double n) {
    if (t > -alpha) {
      return Math.exp(-0.5 * t * t);
    }
    return Math.exp(-0.5 * alpha * alpha) * Math.pow(1 - alpha * (alpha + t) / n, -n);
  }

  /** The integral of the unnormalised shape over (-infinity, t] (in units of t). */
  static double lowerIntegral(double t, double alpha, double n) {
    if (t == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    double c = n / (alpha * (n - 1)) * Math.exp(-0.5 * alpha * alpha);
    if (t <= -alpha) {
      double base = 1 - alpha * (alpha + t) / n;
      // A (B - t)^(1 - n) / (n - 1) = exp(-alpha^2/2) (B - t) / (n - 1) * base^-n
      return Math.exp(-0.5 * alpha * alpha) * (n / alpha - alpha - t) / (n - 1) * Math.pow(base, -n);
    }
    if (t == Double.POSITIVE_INFINITY) {
      return c + SQRT_HALF_PI * (1 + Erf.erf(alpha / SQRT2));
    }
    return c + SQRT_HALF_PI * (Erf.erf(t / SQRT2) + Erf.erf(alpha / SQRT2));
  }

  /** C + D: the integral of the unnormalised shape over the real line (in units of t). */
  static double norm(double alpha, double n) {
    return n / (alpha * (n - 1)) * Math.exp(-0.5 * alpha * alpha) + SQRT_HALF_PI * (1 + Erf.erf(alpha / SQRT2));
  }

  static void check(double sigma, double alpha, double n) {
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("Crystal Ball sigma must be finite and > 0, found " + sigma);
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("Crystal Ball alpha must be finite and > 0, found " + alpha);
    }
    if (!(n > 1) || Double.isInfinite(n)) {
      throw new IllegalArgumentException("Crystal Ball n must be finite and > 1, found " + n);
    }
  }
}
