package org.nphunt.eval;

/**
 * What a TPR-at-FPR measurement needs of the background: its size and its largest scores. Implemented
 * by {@link SortedScores} (every score in memory) and {@link BackgroundSummary} (a streamed background
 * of any size: its largest scores kept exactly, the rest summarised).
 */
public interface BackgroundScores {
  /** Number of background events. */
  long count();

  /** The r-th largest score (r = 1 is the maximum), for r in 1..{@link #maxRank()}. */
  double valueAtRank(long r);

  /** The largest rank {@link #valueAtRank} can answer (count() when every score is kept). */
  long maxRank();

  /**
   * The threshold for a target false-positive rate alpha: with k = floor(alpha n), the (k+1)-th largest
   * score. Selecting {@code score > threshold} keeps at most k events, so the achieved FPR is <= alpha
   * (below it when the threshold value is tied), and no lower threshold satisfies that. For alpha >= 1
   * every event is selected (-infinity).
   */
  default double thresholdAtFpr(double alpha) {
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("target FPR must be > 0, found " + alpha);
    }
    // the 1e-9 absorbs rounding in alpha * n (0.29 * 100 = 28.999999999999996 must give 29)
    long k = (long) Math.floor(alpha * count() + 1e-9);
    if (k >= count()) {
      return Double.NEGATIVE_INFINITY;
    }
    return valueAtRank(k + 1);
  }

  /**
   * Number of scores strictly greater than {@code t}; exact for any t at or above
   * {@code valueAtRank(maxRank())}.
   */
  long countAbove(double t);
}
