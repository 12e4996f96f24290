package org.nphunt.physics;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/** Random variates used by the generator; every method draws from the caller's stream only. */
public final class Sampling {
  private Sampling() {}

  /** Uniform in (0, 1]: safe for logarithms and negative powers. */
  public static double open(SplittableRandom r) {
    return 1.0 - r.nextDouble();
  }

  /** Exponential with the given mean. */
  public static double exponential(SplittableRandom r, double mean) {
    return -mean * Math.log(open(r));
  }

  /** Power law dN/dx ~ x^-n above xmin (n > 1), by inversion. */
  public static double powerLaw(SplittableRandom r, double xmin, double n) {
    return xmin * Math.pow(open(r), -1.0 / (n - 1.0));
  }

  /** Gaussian with mean 0 and the given sigma, truncated at |x| < limit (rejection). */
  public static double truncatedGaussian(SplittableRandom r, double sigma, double limit) {
    while (true) {
      double x = sigma * r.nextGaussian();
      if (Math.abs(x) < limit) {
        return x;
      }
    }
  }

  /** Poisson variate for a small mean, given expMinusMean = exp(-mean) (Knuth's product method). */
  public static int poisson(SplittableRandom r, double expMinusMean) {
    int n = 0;
    double p = r.nextDouble();
    while (p > expMinusMean) {
      n++;
      p *= r.nextDouble();
    }
    return n;
  }

  /**
   * A relativistic Breit-Wigner in s = m^2, density 1 / ((s - M^2)^2 + M^2 Gamma^2), restricted to
   * [lo, hi] in m, sampled by the tangent map. Precomputes the angle range once per process.
   */
  public record BreitWigner(double mass, double width, double lo, double hi, double thetaLo, double thetaHi) {
    public static BreitWigner of(double mass, double width, double lo, double hi) {
      if (!(lo < hi) || lo < 0) {
        throw new IllegalArgumentException("mass window must satisfy 0 <= lo < hi, found [" + lo + ", " + hi + "]");
      }
      double mg = mass * width;
      return new BreitWigner(mass, width, lo, hi,
          Math.atan((lo * lo - mass * mass) / mg), Math.atan((hi * hi - mass * mass) / mg));
    }

    public double sample(SplittableRandom r) {
      double t = thetaLo + (thetaHi - thetaLo) * r.nextDouble();
      double s = mass * mass + mass * width * Math.tan(t);
      return Math.sqrt(Math.max(s, lo * lo));
    }
  }

  /**
   * Inverse-CDF sampler of a 1D density on [a, b], tabulated once (4096 quantiles by default, linear
   * interpolation): O(1) per draw without rejection.
   */
  public static final class InverseCdf {
    private final int n;
    private final double[] quantile;

    public InverseCdf(DoubleUnaryOperator density, double a, double b) {
      this(density, a, b, 1 << 16);
    }

    /** As above with {@code fine} integration steps (fewer for expensive densities). */
    public InverseCdf(DoubleUnaryOperator density, double a, double b, int fine) {
      this(density, a, b, fine, 4096);
    }

    /** As above with {@code quantiles} table entries (fewer keeps many tables in cache). */
    public InverseCdf(DoubleUnaryOperator density, double a, double b, int fine, int quantiles) {
      final int N = quantiles;
      this.n = quantiles;
      this.quantile = new double[N + 1];
      double[] cdf = new double[fine + 1];
      double h = (b - a) / fine;
      for (int i = 0; i < fine; i++) {
        double x0 = a + i * h;
        double f = (density.applyAsDouble(x0) + 4 * density.applyAsDouble(x0 + h / 2) + density.applyAsDouble(x0 + h)) / 6;
        if (f < 0) {
          throw new IllegalArgumentException("density must be >= 0, found " + f + " near " + x0);
        }
        cdf[i + 1] = cdf[i] + f * h;
      }
      double total = cdf[fine];
      if (!(total > 0)) {
        throw new IllegalArgumentException("density must have positive integral on [" + a + ", " + b + "]");
      }
      int j = 0;
      for (int q = 0; q <= N; q++) {
        double target = total * q / N;
        while (j < fine - 1 && cdf[j + 1] < target) {
          j++;
        }
        double span = cdf[j + 1] - cdf[j];
        double t = span > 0 ? (target - cdf[j]) / span : 0;
        quantile[q] = a + (j + Math.min(1, Math.max(0, t))) * h;
      }
      quantile[0] = a;
      quantile[N] = b;
    }

    public double sample(SplittableRandom r) {
      return quantile(r.nextDouble());
    }

    /** The (interpolated) quantile of probability v in [0, 1]. */
    public double quantile(double v) {
      double u = Math.min(Math.max(v, 0), 1) * n;
      int i = Math.min((int) u, n - 1);
      double t = u - i;
      return quantile[i] + t * (quantile[i + 1] - quantile[i]);
    }
  }
}
