package org.nphunt.eval;

/**
 * One signal at the operating point of an {@link OperatingPointConfig} (formulas there).
 *
 * @param targetFpr outputRateHz / inputRateHz
 * @param rate the TPR at that FPR (threshold, achieved FPR, efficiency, intervals, status)
 * @param backgroundPerDay selected background events per day at the achieved FPR, or null
 * @param signalEfficiency eff_S (= rate.tpr), or null
 * @param xsecForEventsPb cross-section giving eventsPerMonth selected events per month [pb]; null when
 *     no luminosity was given, the rate is not resolved, or eff_S = 0
 * @param xsecForSignalToBackgroundPb cross-section giving S/B = signalToBackground [pb]; null likewise
 */
public record OperatingPoint(
    double targetFpr,
    TprAtFpr rate,
    Double backgroundPerDay,
    Double signalEfficiency,
    Double xsecForEventsPb,
    Double xsecForSignalToBackgroundPb) {

  /**
   * When no signal event passes the threshold (eff_S = 0) the cross-sections are unbounded above from
   * this sample alone, but the sample still bounds them from below: with eff_S below the upper end
   * eff_up of its Clopper-Pearson interval (at the evaluation's confidence level), reaching
   * {@code eventsPerMonth} selected events needs at least eventsPerMonth / (eff_up L) [pb].
   *
   * @return that lower limit [pb], or null when eff_S &gt; 0 (use {@link #xsecForEventsPb()}), no
   *     luminosity was given or the rate is not resolved
   */
  public Double xsecForEventsLowerLimitPb(OperatingPointConfig op) {
    Double effUp = zeroEfficiencyUpperBound(op);
    return effUp == null ? null : op.eventsPerMonth() / (effUp * op.lumiPerMonth());
  }

  /**
   * As {@link #xsecForEventsLowerLimitPb}, for S/B = signalToBackground: at least
   * (S/B) B_month / (eff_up L) [pb], or null.
   */
  public Double xsecForSignalToBackgroundLowerLimitPb(OperatingPointConfig op) {
    Double effUp = zeroEfficiencyUpperBound(op);
    if (effUp == null) {
      return null;
    }
    double bkgPerMonth = backgroundPerDay / OperatingPointConfig.SECONDS_PER_DAY * op.secondsPerMonth();
    return op.signalToBackground() * bkgPerMonth / (effUp * op.lumiPerMonth());
  }

  private Double zeroEfficiencyUpperBound(OperatingPointConfig op) {
    if (rate.status() != RateStatus.OK || op.lumiPerMonth() == null || signalEfficiency == null
        || signalEfficiency > 0 || rate.tprInterval() == null || !(rate.tprInterval().upper() > 0)) {
      return null;
    }
    return rate.tprInterval().upper();
  }

  /** Evaluates the operating point for one signal sample. */
  public static OperatingPoint measure(BackgroundScores background, SortedScores signal,
      OperatingPointConfig op, EvaluationConfig config) {
    TprAtFpr rate = TprAtFpr.measure(background, signal, op.targetFpr(), config);
    if (rate.status() != RateStatus.OK) {
      return new OperatingPoint(op.targetFpr(), rate, null, null, null, null);
    }
    double bkgPerSecond = rate.fpr() * op.inputRateHz();
    double eff = rate.tpr();
    Double xsecN = null;
    Double xsecSb = null;
    if (op.lumiPerMonth() != null && eff > 0) {
      double bkgPerMonth = bkgPerSecond * op.secondsPerMonth();
      xsecN = op.eventsPerMonth() / (eff * op.lumiPerMonth());
      xsecSb = op.signalToBackground() * bkgPerMonth / (eff * op.lumiPerMonth());
    }
    return new OperatingPoint(op.targetFpr(), rate, bkgPerSecond * OperatingPointConfig.SECONDS_PER_DAY, eff, xsecN, xsecSb);
  }
}
