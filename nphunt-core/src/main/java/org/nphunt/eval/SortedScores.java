package org.nphunt.eval;

import java.util.Arrays;
import org.nphunt.NphuntException;

/**
 * The scores of one sample, validated (finite) and sorted ascending once, so that ROC curves, AUCs and
 * counts above any threshold cost O(n) or O(log n) afterwards. Holds a primitive copy; the caller's
 * array is never modified.
 */
public final class SortedScores implements BackgroundScores {
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

  @Override
  public long count() {
    return sorted.length;
  }

  @Override
  public double valueAtRank(long r) {
    return sorted[(int) (sorted.length - r)];
  }

  @Override
  public long maxRank() {
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
  @Override
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

  /** The value below which a fraction {@code q} of the scores lie (nearest rank). */
  public double quantile(double q) {
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)));
    return sorted[i];
  }
}
