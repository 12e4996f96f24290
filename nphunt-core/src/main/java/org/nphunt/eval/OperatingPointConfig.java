package org.nphunt.eval;

/**
 * A trigger operating point defined by rates, as in the single-lepton-stream studies (arXiv:1811.10276):
 * events enter the anomaly selection at {@code inputRateHz}; the selection may keep
 * {@code outputRateHz}. Hence
 * <pre>
 *   target FPR            = outputRateHz / inputRateHz
 *   background per month  B = FPR_achieved * inputRateHz * 86400 * daysPerMonth
 *   xsec for N per month  sigma_N  = N / (eff_S * L)            [pb]
 *   xsec for S/B = r      sigma_SB = r * B / (eff_S * L)        [pb]
 * </pre>
 * with eff_S the signal efficiency of the selection on the signal sample and L the integrated
 * luminosity per month in pb^-1. The cross-sections are those of the signal <em>as it enters the
 * selection</em> (sigma x acceptance x trigger efficiency of the sample the scores were computed on);
 * divide by the sample's own acceptance x trigger efficiency to get a production cross-section.
 * "Month" means {@code daysPerMonth} days of data taking at these rates.
 *
 * @param inputRateHz rate of events entering the selection [Hz], > 0
 * @param outputRateHz affordable rate of selected events [Hz], in (0, inputRateHz)
 * @param lumiPerMonth integrated luminosity per month [pb^-1], or null to skip the cross-sections
 * @param eventsPerMonth N for the "xsec for N events/month" column, > 0 (default 100)
 * @param signalToBackground r for the "xsec for S/B = r" column, > 0 (default 1/3)
 * @param daysPerMonth days of data taking per month, > 0 (default 30)
 */
public record OperatingPointConfig(
    double inputRateHz,
    double outputRateHz,
    Double lumiPerMonth,
    double eventsPerMonth,
    double signalToBackground,
    double daysPerMonth) {

  public static final double SECONDS_PER_DAY = 86_400;
  public static final double DEFAULT_EVENTS_PER_MONTH = 100;
  public static final double DEFAULT_SIGNAL_TO_BACKGROUND = 1.0 / 3;
  public static final double DEFAULT_DAYS_PER_MONTH = 30;

  public OperatingPointConfig {
    positive("inputRateHz", inputRateHz);
    positive("outputRateHz", outputRateHz);
    if (!(outputRateHz < inputRateHz)) {
      throw new IllegalArgumentException("outputRateHz must be < inputRateHz (" + inputRateHz + "), found " + outputRateHz);
    }
    if (lumiPerMonth != null) {
      positive("lumiPerMonth", lumiPerMonth);
    }
    positive("eventsPerMonth", eventsPerMonth);
    positive("signalToBackground", signalToBackground);
    positive("daysPerMonth", daysPerMonth);
  }

  private static void positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be > 0 and finite, found " + value);
    }
  }

  /** Rates and luminosity with the default N = 100 events/month, S/B = 1/3, 30-day month. */
  public static OperatingPointConfig of(double inputRateHz, double outputRateHz, Double lumiPerMonth) {
    return new OperatingPointConfig(inputRateHz, outputRateHz, lumiPerMonth,
        DEFAULT_EVENTS_PER_MONTH, DEFAULT_SIGNAL_TO_BACKGROUND, DEFAULT_DAYS_PER_MONTH);
  }

  /** Converts an affordable number of events per day to Hz (e.g. 30/day = 3.47e-4 Hz). */
  public static double perDayToHz(double eventsPerDay) {
    return eventsPerDay / SECONDS_PER_DAY;
  }

  /** The target false-positive rate, outputRateHz / inputRateHz. */
  public double targetFpr() {
    return outputRateHz / inputRateHz;
  }

  /** Data-taking seconds in a month. */
  public double secondsPerMonth() {
    return SECONDS_PER_DAY * daysPerMonth;
  }
}
