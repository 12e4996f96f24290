package org.nphunt.fit;

import java.util.SplittableRandom;
import org.hipparchus.special.Gamma;

/**
 * Poisson random numbers for pseudo-experiments (toys), driven by a caller's {@link SplittableRandom}
 * (derive it from the run seed with {@link org.nphunt.random.Seeds}, one named stream per toy, so toys
 * are reproducible whatever the thread count).
 *
 * <p>Algorithms, as in NumPy: for mean < 10 the multiplication (inversion) method; above, W. Hoermann's
 * transformed rejection with squeeze, PTRS ("The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12 (1993) 39).
 */
public final class PoissonSampler {
  private PoissonSampler() {}

  /** One Poisson variate of mean {@code lambda} (finite, >= 0; 0 gives 0). */
  public static long sample(double lambda, SplittableRandom rng) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("Poisson mean must be finite and >= 0, found " + lambda);
    }
    if (lambda == 0) {
      return 0;
    }
    return lambda < 10 ? multiplication(lambda, rng) : ptrs(lambda, rng);
  }

  /** A pseudo-experiment: one Poisson count per bin with the given expectations, on the given edges. */
  public static Histogram toy(double[] edges, double[] expected, SplittableRandom rng) {
    if (expected.length != edges.length - 1) {
      throw new IllegalArgumentException("need one expectation per bin: " + (edges.length - 1) + " bins, found "
          + expected.length);
    }
    double[] c = new double[expected.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = sample(expected[i], rng);
    }
    return new Histogram(edges, c);
  }

  private static long multiplication(double lambda, SplittableRandom rng) {
    double enlam = Math.exp(-lambda);
    long x = 0;
    double prod = 1;
    while (true) {
      prod *= rng.nextDouble();
      if (prod > enlam) {
        x++;
      } else {
        return x;
      }
    }
  }

  private static long ptrs(double lambda, SplittableRandom rng) {
    double slam = Math.sqrt(lambda);
    double loglam = Math.log(lambda);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = rng.nextDouble() - 0.5;
      double v = rng.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
          <= -lambda + k * loglam - Gamma.logGamma(k + 1.0)) {
        return k;
      }
    }
  }
}
