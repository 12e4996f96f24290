package org.nphunt.eval;

/**
 * The regularised incomplete beta function I_x(a, b) and its inverse in x.
 *
 * <p>I_x is evaluated with the continued fraction of Numerical Recipes (Press et al., 3rd ed., section
 * 6.4) by the modified Lentz method, using the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) where the fraction
 * converges slowly. The inverse is found by bisection on [0, 1] (I_x is monotone in x): slower than
 * Newton but unconditionally convergent, and cheap enough for the few intervals a report needs.
 * Hand-written instead of adding a dependency for two functions; tested against SciPy values.
 */
final class Beta {
  private static final int MAX_ITERATIONS = 10_000;
  private static final double EPS = 1e-15;
  private static final double TINY = 1e-300;

  private Beta() {}

  /** I_x(a, b) for a, b > 0 and x in [0, 1]. */
  static double regularized(double x, double a, double b) {
    if (!(a > 0) || !(b > 0)) {
      throw new IllegalArgumentException("beta parameters must be > 0, found a=" + a + ", b=" + b);
    }
    if (!(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException("x must be in [0, 1], found " + x);
    }
    if (x == 0 || x == 1) {
      return x;
    }
    double lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
    if (x < (a + 1) / (a + b + 2)) {
      return Math.exp(lnFront) * continuedFraction(x, a, b) / a;
    }
    return 1 - Math.exp(lnFront) * continuedFraction(1 - x, b, a) / b;
  }

  /** The x in [0, 1] with I_x(a, b) = p. */
  static double inverse(double p, double a, double b) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1], found " + p);
    }
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 200 && hi - lo > 1e-17; i++) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (regularized(mid, a, b) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** Continued fraction for I_x(a,b) (Numerical Recipes betacf), modified Lentz. */
  private static double continuedFraction(double x, double a, double b) {
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    if (Math.abs(d) < TINY) {
      d = TINY;
    }
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        return h;
      }
    }
    throw new ArithmeticException("incomplete beta continued fraction did not converge: x=" + x + ", a=" + a + ", b=" + b);
  }

  /** ln Gamma(x) for x > 0 by the Lanczos approximation (g=7, n=9), relative error ~1e-15. */
  static double lgamma(double x) {
    if (x < 0.5) {
      // reflection: Gamma(x) Gamma(1-x) = pi / sin(pi x)
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
    }
    x -= 1;
    double s = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      s += LANCZOS[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
  }

  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7
  };
}
