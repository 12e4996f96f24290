package org.nphunt.report;

/**
 * A fixed-binning histogram normalised to the fraction of events per bin. Values outside the range go
 * either to the first or last bin ({@link #of}: no event silently dropped) or to separate underflow and
 * overflow fractions ({@link #withOverflow}: drawn as markers, so that the last bin is not a spike that
 * looks physical).
 */
final class Histogram {
  final double[] edges;
  final double[] fraction;
  /** Fraction below the first edge (NaN included), 0 for {@link #of}. */
  final double underflow;
  /** Fraction at or above the last edge, 0 for {@link #of}. */
  final double overflow;

  private Histogram(double[] edges, double[] fraction, double underflow, double overflow) {
    this.edges = edges;
    this.fraction = fraction;
    this.underflow = underflow;
    this.overflow = overflow;
  }

  /** Unweighted, with underflow and overflow kept apart from the bins. */
  static Histogram withOverflow(double[] values, double[] edges) {
    int bins = edges.length - 1;
    double[] counts = new double[bins];
    long under = 0;
    long over = 0;
    for (double v : values) {
      if (!(v >= edges[0])) {
        under++;
      } else if (v >= edges[bins]) {
        over++;
      } else {
        counts[bin(edges, v)]++;
      }
    }
    double total = Math.max(values.length, 1);
    for (int i = 0; i < bins; i++) {
      counts[i] /= total;
    }
    return new Histogram(edges, counts, under / total, over / total);
  }

  /** Bin edges over [lo, hi], equal in value or (log, lo > 0) in log10 value. */
  static double[] edges(double lo, double hi, int bins, boolean log) {
    if (!(hi > lo)) {
      hi = lo + Math.max(1e-9, Math.abs(lo) * 1e-6);
    }
    double[] e = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      double f = (double) i / bins;
      e[i] = log ? Math.pow(10, Math.log10(lo) + f * (Math.log10(hi) - Math.log10(lo))) : lo + f * (hi - lo);
    }
    return e;
  }

  static Histogram of(double[] values, double[] edges) {
    return of(values, null, edges);
  }

  /** A weighted histogram (weights null: 1 each), normalised to the total weight. */
  static Histogram of(double[] values, double[] weights, double[] edges) {
    int bins = edges.length - 1;
    double[] counts = new double[bins];
    double total = 0;
    for (int i = 0; i < values.length; i++) {
      double w = weights == null ? 1 : weights[i];
      counts[bin(edges, values[i])] += w;
      total += w;
    }
    for (int i = 0; i < bins; i++) {
      counts[i] /= Math.max(total, Double.MIN_NORMAL);
    }
    return new Histogram(edges, counts, 0, 0);
  }

  private static int bin(double[] edges, double v) {
    int bins = edges.length - 1;
    if (!(v >= edges[1])) {
      return 0; // also NaN: counted in the first bin rather than lost
    }
    if (v >= edges[bins - 1]) {
      return bins - 1;
    }
    int lo = 1;
    int hi = bins - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (v >= edges[mid]) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Smallest non-zero fraction (for the lower end of a log axis), or 1 when empty. */
  double minPositive() {
    double m = 1;
    for (double f : fraction) {
      if (f > 0 && f < m) {
        m = f;
      }
    }
    return m;
  }

  double max() {
    double m = 0;
    for (double f : fraction) {
      m = Math.max(m, f);
    }
    return m;
  }
}
