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
 * @param thresholdInterval the threshold's own uncertainty: the scores at the ranks of the
 *     order-statistic interval of the background quantile (the number of background events above the
 *     true quantile is binomial: its Clopper-Pearson interval at the same level), or null
 * @param tprTotalInterval the TPR interval including that uncertainty: from the Clopper-Pearson lower
 *     bound of the signal efficiency at the upper end of the threshold interval to the upper bound at
 *     its lower end (conservative: the two sources are combined linearly), or null
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
    long signalSelected,
    Interval thresholdInterval,
    Interval tprTotalInterval) {

  public TprAtFpr {
    if (status == null) {
      throw new IllegalArgumentException("status must be set");
    }
    if (status == RateStatus.OK && (threshold == null || tpr == null || fpr == null)) {
      throw new IllegalArgumentException("a measured TprAtFpr needs threshold, fpr and tpr");
    }
  }

  /** Measures the TPR at {@code targetFpr}, or returns the insufficient-background status. */
  public static TprAtFpr measure(BackgroundScores background, SortedScores signal, double targetFpr,
      EvaluationConfig config) {
    long nb = background.count();
    long minBackground = (long) Math.ceil(config.minBackgroundPerFpr() / targetFpr - 1e-9);
    if (nb < minBackground) {
      return new TprAtFpr(targetFpr, RateStatus.INSUFFICIENT_BACKGROUND, minBackground,
          null, null, null, null, null, 0, 0, null, null);
    }
    double threshold = background.thresholdAtFpr(targetFpr);
    long kb = background.countAbove(threshold);
    long ks = signal.countAbove(threshold);
    double cl = config.confidenceLevel();
    Interval sig = ClopperPearson.interval(ks, signal.size(), cl);
    // the threshold's order-statistic interval: ranks k+1 with k at the ends of the binomial interval
    long k = (long) Math.floor(targetFpr * nb + 1e-9);
    Interval kInterval = ClopperPearson.interval(k, nb, cl);
    long rankHigh = Math.max(1, (long) Math.floor(kInterval.lower() * nb) + 1);
    long rankLow = Math.min(Math.min(nb, background.maxRank()), (long) Math.ceil(kInterval.upper() * nb) + 1);
    double high = background.valueAtRank(Math.min(rankHigh, background.maxRank()));
    double low = background.valueAtRank(rankLow);
    Interval thresholds = new Interval(Math.min(low, threshold), Math.max(high, threshold));
    double lower = Math.min(sig.lower(), ClopperPearson.interval(signal.countAbove(thresholds.upper()), signal.size(), cl).lower());
    double upper = Math.max(sig.upper(), ClopperPearson.interval(signal.countAbove(thresholds.lower()), signal.size(), cl).upper());
    return new TprAtFpr(targetFpr, RateStatus.OK, minBackground, threshold,
        (double) kb / nb, ClopperPearson.interval(kb, nb, cl),
        (double) ks / signal.size(), sig, kb, ks, thresholds, new Interval(lower, upper));
  }

  /** The TPR with its interval including the threshold's uncertainty, or "n/a (needs >= 1e6 bkg)". */
  public String display() {
    return status == RateStatus.OK ? Format.rate(tpr, tprTotalInterval != null ? tprTotalInterval : tprInterval)
        : Format.notAvailable(minBackground);
  }
}
