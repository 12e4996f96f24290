package org.nphunt.eval;

import java.util.Arrays;
import org.nphunt.NphuntException;

/**
 * The scores of one sample, validated (finite) and sorted ascending once, so that ROC curves, AUCs and
 * counts above any threshold cost O(n) or O(log n) afterwards. Holds a primitive copy; the caller's
 * array is never modified.
 */
public final class SortedScores {
  private final double[] sorted;
  private final String label;

  private SortedScores(double[] sorted, String label) {
    this.sorted = sorted;
    this.label = label;
  }

  /**
   * Validates and sorts a copy of {@code scores}.
   *
   * @param label what the scores are, for error messages, e.g. "model dense, SM, score mse"
   * @throws NphuntException when the sample is empty or holds a NaN or infinite score (naming the event
   *     index)
   */
  public static SortedScores of(double[] scores, String label) {
    if (scores == null || scores.length == 0) {
      throw new NphuntException(label + ": no events (an ROC curve needs events in both classes)");
    }
    requireFinite(scores, label);
    double[] copy = scores.clone();
    Arrays.sort(copy);
    return new SortedScores(copy, label);
  }

  /** Throws a one-line NphuntException naming the first NaN or infinite score's event index. */
  public static void requireFinite(double[] scores, String label) {
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new NphuntException(label + ": score at event " + i + " is " + scores[i] + " (scores must be finite)");
      }
    }
  }

  public int size() {
    return sorted.length;
  }

  public String label() {
    return label;
  }

  /** The i-th smallest score. */
  public double get(int i) {
    return sorted[i];
  }

  public double min() {
    return sorted[0];
  }

  public double max() {
    return sorted[sorted.length - 1];
  }

  /** Number of scores strictly greater than {@code threshold} (the selected events). */
  public long countAbove(double threshold) {
    return sorted.length - upperBound(threshold);
  }

  /** Index of the first score strictly greater than {@code t}. */
  private int upperBound(double t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The threshold for a target false-positive rate alpha on this (background) sample: with
   * k = floor(alpha n), the (k+1)-th largest score. Selecting {@code score > threshold} then keeps at
   * most k events, so the achieved FPR is <= alpha (below it when the threshold value is tied), and
   * no lower threshold satisfies that. For alpha >= 1 every event is selected (-infinity).
   */
  public double thresholdAtFpr(double alpha) {
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("target FPR must be > 0, found " + alpha);
    }
    // the 1e-9 absorbs rounding in alpha * n (0.29 * 100 = 28.999999999999996 must give 29)
    long k = (long) Math.floor(alpha * sorted.length + 1e-9);
    if (k >= sorted.length) {
      return Double.NEGATIVE_INFINITY;
    }
    return sorted[(int) (sorted.length - 1 - k)];
  }

  /** The value below which a fraction {@code q} of the scores lie (nearest rank). */
  public double quantile(double q) {
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)));
    return sorted[i];
  }
}
