package org.nphunt.benchmark;

import java.util.Arrays;

/**
 * Robust summary of repeated measurements: median, quartiles (linear interpolation between order
 * statistics, Hyndman-Fan type 7, as numpy's default percentile), min, max and mean.
 *
 * @param n number of samples
 * @param median the 50% quantile
 * @param q1 the 25% quantile
 * @param q3 the 75% quantile
 * @param min smallest sample
 * @param max largest sample
 * @param mean arithmetic mean
 */
public record Stats(int n, double median, double q1, double q3, double min, double max, double mean) {

  public Stats {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, found " + n);
    }
  }

  /** Summarises {@code samples} (not modified); at least one finite value, no NaN. */
  public static Stats of(double... samples) {
    if (samples == null || samples.length == 0) {
      throw new IllegalArgumentException("samples must hold at least one value, found none");
    }
    double[] s = samples.clone();
    double sum = 0;
    for (double v : s) {
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("samples must not be NaN, found " + Arrays.toString(samples));
      }
      sum += v;
    }
    Arrays.sort(s);
    return new Stats(s.length, quantile(s, 0.5), quantile(s, 0.25), quantile(s, 0.75), s[0], s[s.length - 1],
        sum / s.length);
  }

  /** The {@code p}-quantile of sorted values, type 7: h = (n-1) p, linear between neighbours. */
  public static double quantile(double[] sorted, double p) {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException("p must be in [0, 1], found " + p);
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Interquartile range q3 - q1. */
  public double iqr() {
    return q3 - q1;
  }

  /** Half the min-max range relative to the median (0 for one sample), a quick noise figure. */
  public double relativeSpread() {
    return median == 0 ? 0 : (max - min) / 2 / Math.abs(median);
  }
}
