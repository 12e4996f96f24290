package org.nphunt.eval;

/**
 * The signal efficiency (TPR) at a target background efficiency (FPR), with Clopper-Pearson intervals
 * on both rates. The threshold is {@link SortedScores#thresholdAtFpr(double)} on the background;
 * events with {@code score > threshold} are selected. When the background cannot resolve the target
 * (status {@link RateStatus#INSUFFICIENT_BACKGROUND}) the measured fields are null.
 *
 * @param targetFpr the requested FPR
 * @param status OK, or INSUFFICIENT_BACKGROUND
 * @param minBackground background events needed to resolve the target (minBackgroundPerFpr / FPR)
 * @param threshold the score threshold, or null
 * @param fpr the achieved FPR (<= target; lower when scores are tied at the threshold), or null
 * @param fprInterval its Clopper-Pearson interval, or null
 * @param tpr the signal efficiency, or null
 * @param tprInterval its Clopper-Pearson interval, or null
 * @param backgroundSelected background events above the threshold
 * @param signalSelected signal events above the threshold
 */
public record TprAtFpr(
    double targetFpr,
    RateStatus status,
    long minBackground,
    Double threshold,
    Double fpr,
    Interval fprInterval,
    Double tpr,
    Interval tprInterval,
    long backgroundSelected,
    long signalSelected) {

  public TprAtFpr {
    if (status == null) {
      throw new IllegalArgumentException("status must be set");
    }
    if (status == RateStatus.OK && (threshold == null || tpr == null || fpr == null)) {
      throw new IllegalArgumentException("a measured TprAtFpr needs threshold, fpr and tpr");
    }
  }

  /** Measures the TPR at {@code targetFpr}, or returns the insufficient-background status. */
  public static TprAtFpr measure(SortedScores background, SortedScores signal, double targetFpr,
      EvaluationConfig config) {
    long minBackground = (long) Math.ceil(config.minBackgroundPerFpr() / targetFpr - 1e-9);
    if (background.size() < minBackground) {
      return new TprAtFpr(targetFpr, RateStatus.INSUFFICIENT_BACKGROUND, minBackground,
          null, null, null, null, null, 0, 0);
    }
    double threshold = background.thresholdAtFpr(targetFpr);
    long kb = background.countAbove(threshold);
    long ks = signal.countAbove(threshold);
    double cl = config.confidenceLevel();
    return new TprAtFpr(targetFpr, RateStatus.OK, minBackground, threshold,
        (double) kb / background.size(), ClopperPearson.interval(kb, background.size(), cl),
        (double) ks / signal.size(), ClopperPearson.interval(ks, signal.size(), cl), kb, ks);
  }

  /** The TPR with its interval, or "n/a (needs >= 1e6 bkg)". */
  public String display() {
    return status == RateStatus.OK ? Format.rate(tpr, tprInterval) : Format.notAvailable(minBackground);
  }
}
