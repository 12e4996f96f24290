package org.nphunt.fom;

import org.nphunt.NphuntException;
import org.nphunt.eval.SortedScores;

/**
 * The weighted efficiency curve of a score: one point per distinct score value, from the highest
 * threshold down. Point i selects the events with {@code score >= threshold[i]}; the first point, with
 * the threshold just above the largest score (its next double up, finite so results stay plain JSON),
 * selects nothing. Tied scores form one point. Built in O(n log n) (a stable primitive merge sort),
 * holding three doubles and a long per distinct score.
 *
 * @param threshold decreasing thresholds
 * @param signalEfficiency eps_S per point (weighted), non-decreasing from 0 to 1
 * @param backgroundEfficiency eps_B per point (weighted), non-decreasing from 0 to 1
 * @param backgroundSelected number of background events (unweighted) selected per point, the count that
 *     decides whether eps_B is statistically resolved
 */
public record RocPoints(double[] threshold, double[] signalEfficiency, double[] backgroundEfficiency,
    long[] backgroundSelected) {

  public RocPoints {
    int n = threshold.length;
    if (n < 2 || signalEfficiency.length != n || backgroundEfficiency.length != n || backgroundSelected.length != n) {
      throw new IllegalArgumentException("ROC arrays must have equal length >= 2");
    }
  }

  /**
   * Builds the curve from signal and background scores.
   *
   * @param signal signal scores (finite), at least one event
   * @param signalWeights per-event weights (finite, >= 0, positive sum) or null for 1
   * @param background background scores (finite), at least one event
   * @param backgroundWeights per-event weights or null
   * @throws NphuntException naming the sample and event index of a non-finite score or bad weight
   */
  public static RocPoints of(double[] signal, double[] signalWeights, double[] background, double[] backgroundWeights) {
    check(signal, signalWeights, "signal");
    check(background, backgroundWeights, "background");
    int ns = signal.length;
    int nb = background.length;
    int[] is = order(signal);
    int[] ib = order(background);
    double ws = total(signalWeights, ns);
    double wb = total(backgroundWeights, nb);
    int cap = ns + nb + 1;
    double[] thr = new double[cap];
    double[] es = new double[cap];
    double[] eb = new double[cap];
    long[] cb = new long[cap];
    double top = Math.max(signal[is[ns - 1]], background[ib[nb - 1]]);
    thr[0] = Math.nextUp(top);
    int k = 1;
    int ps = ns - 1;
    int pb = nb - 1;
    double sumS = 0;
    double sumB = 0;
    long countB = 0;
    while (ps >= 0 || pb >= 0) {
      double v = Math.max(ps >= 0 ? signal[is[ps]] : Double.NEGATIVE_INFINITY,
          pb >= 0 ? background[ib[pb]] : Double.NEGATIVE_INFINITY);
      while (ps >= 0 && signal[is[ps]] == v) {
        sumS += signalWeights == null ? 1 : signalWeights[is[ps]];
        ps--;
      }
      while (pb >= 0 && background[ib[pb]] == v) {
        sumB += backgroundWeights == null ? 1 : backgroundWeights[ib[pb]];
        countB++;
        pb--;
      }
      thr[k] = v;
      es[k] = ps < 0 ? 1 : sumS / ws;
      eb[k] = pb < 0 ? 1 : sumB / wb;
      cb[k] = countB;
      k++;
    }
    return new RocPoints(java.util.Arrays.copyOf(thr, k), java.util.Arrays.copyOf(es, k),
        java.util.Arrays.copyOf(eb, k), java.util.Arrays.copyOf(cb, k));
  }

  public int size() {
    return threshold.length;
  }

  private static double total(double[] w, int n) {
    if (w == null) {
      return n;
    }
    double t = 0;
    for (double v : w) {
      t += v;
    }
    return t;
  }

  private static void check(double[] scores, double[] weights, String what) {
    if (scores == null || scores.length == 0) {
      throw new NphuntException(what + ": no events");
    }
    SortedScores.requireFinite(scores, what);
    if (weights != null) {
      if (weights.length != scores.length) {
        throw new NphuntException(what + ": " + scores.length + " scores but " + weights.length + " weights");
      }
      double t = 0;
      for (int i = 0; i < weights.length; i++) {
        if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
          throw new NphuntException(what + ": weight at event " + i + " is " + weights[i] + " (must be finite and >= 0)");
        }
        t += weights[i];
      }
      if (!(t > 0)) {
        throw new NphuntException(what + ": the weights sum to 0");
      }
    }
  }

  /** Indices sorting {@code v} ascending (stable merge sort on primitive ints). */
  static int[] order(double[] v) {
    int n = v.length;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] tmp = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        if (v[a[mid - 1]] <= v[a[mid]]) {
          continue;
        }
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          tmp[k++] = v[a[j]] < v[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
          tmp[k++] = a[i++];
        }
        while (j < hi) {
          tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, lo, a, lo, hi - lo);
      }
    }
    return a;
  }
}
