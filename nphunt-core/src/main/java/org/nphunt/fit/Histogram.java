package org.nphunt.fit;

import java.util.Arrays;
import org.nphunt.NphuntException;

/**
 * A one-dimensional histogram with explicit bin edges: bin i covers [edges[i], edges[i + 1]) and holds
 * counts[i] events. Edges are in GeV for mJJ spectra. Counts are usually whole numbers (events); the
 * fits also accept non-integer counts (Asimov datasets, expected yields).
 *
 * <p>The arrays are copied on construction; the accessors return the internal arrays for speed and
 * must not be modified.
 *
 * @param edges bin edges, finite and strictly increasing, length = number of bins + 1 (>= 2)
 * @param counts counts per bin, finite and >= 0
 */
public record Histogram(double[] edges, double[] counts) {

  public Histogram {
    if (edges == null || counts == null) {
      throw new IllegalArgumentException("histogram edges and counts must be given");
    }
    if (counts.length < 1) {
      throw new IllegalArgumentException("histogram must have >= 1 bin, found " + counts.length);
    }
    if (edges.length != counts.length + 1) {
      throw new IllegalArgumentException("histogram must have bins + 1 edges, found " + edges.length
          + " edges for " + counts.length + " bins");
    }
    edges = edges.clone();
    counts = counts.clone();
    for (int i = 0; i < edges.length; i++) {
      if (!Double.isFinite(edges[i])) {
        throw new IllegalArgumentException("histogram edge " + i + " must be finite, found " + edges[i]);
      }
      if (i > 0 && !(edges[i] > edges[i - 1])) {
        throw new IllegalArgumentException("histogram edges must be strictly increasing, found "
            + edges[i - 1] + " then " + edges[i] + " at edge " + i);
      }
    }
    for (int i = 0; i < counts.length; i++) {
      if (!(counts[i] >= 0) || Double.isInfinite(counts[i])) {
        throw new IllegalArgumentException("histogram count in bin " + i + " must be finite and >= 0, found "
            + counts[i]);
      }
    }
  }

  /** {@code n} equal bins over [lo, hi), all counts 0. */
  public static Histogram uniform(double lo, double hi, int n) {
    return new Histogram(uniformEdges(lo, hi, n), new double[n]);
  }

  /** The edges of {@code n} equal bins over [lo, hi). */
  public static double[] uniformEdges(double lo, double hi, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("number of bins must be >= 1, found " + n);
    }
    if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("bin range must be finite with hi > lo, found [" + lo + ", " + hi + ")");
    }
    double[] e = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      e[i] = lo + (hi - lo) * i / n;
    }
    e[n] = hi;
    return e;
  }

  /**
   * The edges of {@code n} bins over [lo, hi) of equal width in ln(mJJ), i.e. bin widths proportional to
   * the mass, which follows a detector resolution sigma(m)/m that is constant. lo must be > 0.
   */
  public static double[] logEdges(double lo, double hi, int n) {
    if (!(lo > 0)) {
      throw new IllegalArgumentException("logarithmic binning needs lo > 0, found " + lo);
    }
    double[] e = uniformEdges(Math.log(lo), Math.log(hi), n);
    for (int i = 0; i <= n; i++) {
      e[i] = Math.exp(e[i]);
    }
    e[0] = lo;
    e[n] = hi;
    return e;
  }

  /**
   * Fills values into bins with the given edges; values outside [edges[0], edges[last]) and NaN values
   * are ignored.
   *
   * @param values e.g. mJJ per event in GeV
   * @param weights per-event weights (finite, >= 0), or null for weight 1
   * @throws NphuntException when a weight is negative or not finite, or the lengths differ
   */
  public static Histogram fill(double[] values, double[] weights, double[] edges) {
    Histogram empty = new Histogram(edges, new double[edges.length - 1]);
    double[] e = empty.edges;
    double[] c = empty.counts;
    if (weights != null && weights.length != values.length) {
      throw new NphuntException("histogram fill: " + values.length + " values but " + weights.length + " weights");
    }
    for (int i = 0; i < values.length; i++) {
      double w = weights == null ? 1 : weights[i];
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new NphuntException("histogram fill: weight of event " + i + " is " + w + " (must be finite and >= 0)");
      }
      int b = binIndex(e, values[i]);
      if (b >= 0) {
        c[b] += w;
      }
    }
    return empty;
  }

  /** Index of the bin holding {@code x}, or -1 when x is outside [edges[0], edges[last]) or NaN. */
  public static int binIndex(double[] edges, double x) {
    if (!(x >= edges[0]) || !(x < edges[edges.length - 1])) {
      return -1;
    }
    int i = Arrays.binarySearch(edges, x);
    return i >= 0 ? i : -i - 2;
  }

  public int bins() {
    return counts.length;
  }

  public double lo() {
    return edges[0];
  }

  public double hi() {
    return edges[edges.length - 1];
  }

  /** Sum of the counts. */
  public double total() {
    double t = 0;
    for (double c : counts) {
      t += c;
    }
    return t;
  }

  /** True when every count is a whole number (an unweighted histogram of events). */
  public boolean hasWholeNumberCounts() {
    for (double c : counts) {
      if (c != Math.rint(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The bins lying inside [lo, hi] (a bin is kept when both its edges are within the range, up to a
   * relative 1e-9 on the edges), e.g. to restrict a spectrum to the fit range.
   *
   * @throws NphuntException when no bin lies inside the range
   */
  public Histogram slice(double lo, double hi) {
    double tol = 1e-9 * Math.max(Math.abs(lo), Math.abs(hi));
    int first = -1;
    int last = -1;
    for (int i = 0; i < counts.length; i++) {
      if (edges[i] >= lo - tol && edges[i + 1] <= hi + tol) {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first < 0) {
      throw new NphuntException("histogram over [" + lo() + ", " + hi() + "] has no bin inside [" + lo + ", " + hi + "]");
    }
    return new Histogram(Arrays.copyOfRange(edges, first, last + 2), Arrays.copyOfRange(counts, first, last + 1));
  }

  /**
   * This histogram minus {@code part} bin by bin, e.g. the inclusive spectrum minus one category's, which
   * is the sample of the events NOT in that category (statistically independent of the category, as the
   * two-sample tests require).
   *
   * @throws NphuntException when the edges differ or a difference is negative beyond rounding
   */
  public Histogram minus(Histogram part) {
    if (!Arrays.equals(edges, part.edges)) {
      throw new NphuntException("histogram subtraction needs identical bin edges");
    }
    double[] d = new double[counts.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = counts[i] - part.counts[i];
      if (d[i] < 0) {
        if (d[i] > -1e-9 * Math.max(1, counts[i])) {
          d[i] = 0;
        } else {
          throw new NphuntException("histogram subtraction: bin " + i + " holds " + counts[i]
              + " but the part holds " + part.counts[i] + " (the part must be a subset)");
        }
      }
    }
    return new Histogram(edges, d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h && Arrays.equals(edges, h.edges) && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Histogram[" + counts.length + " bins over [" + lo() + ", " + hi() + "), total " + total() + "]";
  }
}
