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
