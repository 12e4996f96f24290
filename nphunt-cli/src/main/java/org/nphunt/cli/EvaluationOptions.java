package org.nphunt.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.OperatingPointConfig;
import picocli.CommandLine.Option;

/**
 * The options every evaluation command shares (a picocli mixin of {@code nphunt evaluate} and
 * {@code nphunt spark evaluate}): the FPRs of the TPR table, the trigger rates and luminosity of the
 * operating point, and the report title; so that both commands read them, and turn them into an
 * {@link EvaluationConfig}, identically.
 */
public final class EvaluationOptions {
  @Option(names = "--fpr", split = ",", paramLabel = "FPR", description = "FPRs for the TPR table (default: 1e-5,1e-4,1e-3,1e-2).")
  List<Double> fprs;

  @Option(names = "--input-rate", paramLabel = "HZ", description = "Rate of events entering the selection [Hz].")
  Double inputRate;

  @Option(names = "--output-rate", paramLabel = "HZ", description = "Affordable rate of selected events [Hz].")
  Double outputRate;

  @Option(names = "--output-per-day", paramLabel = "N", description = "Affordable selected events per day (instead of --output-rate).")
  Double outputPerDay;

  @Option(names = "--lumi", paramLabel = "PB^-1", description = "Integrated luminosity per month [pb^-1] for the cross-section columns.")
  Double lumi;

  @Option(names = "--events-per-month", paramLabel = "N", defaultValue = "100",
      description = "N of the 'xsec for N events/month' column (default: ${DEFAULT-VALUE}).")
  double eventsPerMonth;

  @Option(names = "--s-over-b", paramLabel = "R", defaultValue = "0.3333333333333333",
      description = "S/B of the 'xsec for S/B' column (default: 1/3).")
  double signalToBackground;

  @Option(names = "--days-per-month", defaultValue = "30", description = "Data-taking days per month (default: ${DEFAULT-VALUE}).")
  double daysPerMonth;

  @Option(names = "--title", paramLabel = "TEXT", defaultValue = "nphunt evaluation", description = "Report title.")
  String title;

  /** The report title. */
  public String title() {
    return title;
  }

  /**
   * The evaluation configuration: the default FPRs or {@code --fpr}, and an operating point when any
   * rate is given (then {@code --input-rate} and one of {@code --output-rate}/{@code --output-per-day}, which are
   * exclusive, are required: an IllegalArgumentException, i.e. a usage error, otherwise). The records' messages
   * name their fields; these are translated to the options ({@code --output-rate must be < --input-rate ...}).
   */
  public EvaluationConfig config() {
    boolean anyRate = inputRate != null || outputRate != null || outputPerDay != null || lumi != null;
    if (outputRate != null && outputPerDay != null) {
      throw new IllegalArgumentException("--output-rate and --output-per-day are exclusive (both give the affordable"
          + " output rate): give one");
    }
    if (anyRate && (inputRate == null || outputRate == null && outputPerDay == null)) {
      throw new IllegalArgumentException("an operating point needs --input-rate and one of --output-rate or --output-per-day");
    }
    Map<String, String> options = Map.of("fprTargets", "--fpr", "inputRateHz", "--input-rate",
        "outputRateHz", outputPerDay != null ? "--output-per-day / 86400 s" : "--output-rate", "lumiPerMonth", "--lumi",
        "eventsPerMonth", "--events-per-month", "signalToBackground", "--s-over-b", "daysPerMonth", "--days-per-month");
    return OptionNames.translated(options, () -> {
      EvaluationConfig config = EvaluationConfig.defaults();
      if (fprs != null) {
        config = config.withFprTargets(fprs);
      }
      if (!anyRate) {
        return config;
      }
      double output = outputRate != null ? outputRate : OperatingPointConfig.perDayToHz(outputPerDay);
      return config.withOperatingPoint(new OperatingPointConfig(inputRate, output, lumi, eventsPerMonth,
          signalToBackground, daysPerMonth));
    });
  }

  /**
   * {@code NAME=VALUE} specs in order, NAME being PROCESS or MODEL/PROCESS; a NAME without MODEL/ gains
   * {@code defaultModel}. Malformed or repeated names are an IllegalArgumentException naming the option.
   */
  public static Map<String, String> named(List<String> specs, String option, String defaultModel) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : specs) {
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw new IllegalArgumentException(option + " must be NAME=FILE or MODEL/NAME=FILE, found '" + s + "'");
      }
      String name = s.substring(0, eq);
      if (!name.contains("/")) {
        name = defaultModel + "/" + name;
      }
      if (name.startsWith("/") || name.endsWith("/")) {
        throw new IllegalArgumentException(option + " name must be PROCESS or MODEL/PROCESS, found '" + s.substring(0, eq) + "'");
      }
      if (out.put(name, s.substring(eq + 1)) != null) {
        throw new IllegalArgumentException(option + " " + name + " given twice");
      }
    }
    return out;
  }
}
