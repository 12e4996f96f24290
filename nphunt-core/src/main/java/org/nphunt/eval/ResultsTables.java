package org.nphunt.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The standard results tables (AUC, TPR at FPR, operating point) and {@code results.md}. */
public final class ResultsTables {
  private ResultsTables() {}

  /** AUC per model and score (rows) and signal (columns). */
  public static Table auc(EvaluationResults r) {
    List<String> header = new ArrayList<>(List.of("model", "score"));
    header.addAll(r.signals());
    List<List<String>> rows = new ArrayList<>();
    for (String model : r.models()) {
      for (String score : r.scores(model)) {
        List<String> row = new ArrayList<>(List.of(model, score));
        for (String signal : r.signals()) {
          row.add(r.of(model, score).stream().filter(x -> x.signal().equals(signal)).findFirst()
              .map(x -> String.format(Locale.ROOT, "%.3f", x.auc())).orElse("-"));
        }
        rows.add(row);
      }
    }
    return new Table("AUC", "Area under the ROC curve; 0.5 = no separation from the background.", header, rows);
  }

  /** TPR at each FPR target, with Clopper-Pearson intervals. */
  public static Table tprAtFpr(EvaluationResults r) {
    List<String> header = new ArrayList<>(List.of("model", "score", "signal"));
    r.config().fprTargets().forEach(f -> header.add("TPR @ FPR " + Format.compact(f)));
    List<List<String>> rows = new ArrayList<>();
    for (SignalResult s : r.results()) {
      List<String> row = new ArrayList<>(List.of(s.model(), s.score(), s.signal()));
      s.tprAtFpr().forEach(t -> row.add(t.display()));
      rows.add(row);
    }
    String note = String.format(Locale.ROOT,
        "Signal efficiency with %.1f%% Clopper-Pearson intervals; selected = score > threshold; "
            + "an FPR needs >= %s/FPR background events.",
        100 * r.config().confidenceLevel(), Format.compact(r.config().minBackgroundPerFpr()));
    return new Table("TPR at fixed FPR", note, header, rows);
  }

  /** The operating-point table, or null when none was configured. */
  public static Table operatingPoint(EvaluationResults r) {
    OperatingPointConfig op = r.config().operatingPoint();
    if (op == null) {
      return null;
    }
    String n = Format.compact(op.eventsPerMonth());
    String sb = Format.compact(op.signalToBackground());
    if (Math.abs(op.signalToBackground() - 1.0 / 3) < 1e-9) {
      sb = "1/3";
    }
    List<String> header = List.of("model", "score", "signal", "threshold", "bkg events/day",
        "signal efficiency", "xsec for " + n + " events/month [pb]", "xsec for S/B = " + sb + " [pb]");
    List<List<String>> rows = new ArrayList<>();
    for (SignalResult s : r.results()) {
      OperatingPoint p = s.operatingPoint();
      TprAtFpr t = p.rate();
      if (t.status() != RateStatus.OK) {
        rows.add(List.of(s.model(), s.score(), s.signal(), t.display(), "-", "-", "-", "-"));
        continue;
      }
      rows.add(List.of(s.model(), s.score(), s.signal(), Format.number(t.threshold()),
          Format.number(p.backgroundPerDay()), t.display(), xsec(p.xsecForEventsPb(), p.xsecForEventsLowerLimitPb(op), op),
          xsec(p.xsecForSignalToBackgroundPb(), p.xsecForSignalToBackgroundLowerLimitPb(op), op)));
    }
    String note = String.format(Locale.ROOT,
        "Input rate %s Hz, output rate %s Hz (%s events/day): target FPR %s; %s; month = %s days. "
            + "Cross-sections are for the signal as it enters the selection (x acceptance x trigger); "
            + "'> x (eff 0)': no signal event selected, x uses the upper end of the efficiency's interval.",
        Format.number(op.inputRateHz()), Format.number(op.outputRateHz()),
        Format.number(op.outputRateHz() * OperatingPointConfig.SECONDS_PER_DAY), Format.compact(op.targetFpr()),
        op.lumiPerMonth() == null ? "no luminosity given" : "luminosity " + Format.number(op.lumiPerMonth()) + " pb^-1/month",
        Format.number(op.daysPerMonth()));
    return new Table("Operating point", note, header, rows);
  }

  private static String xsec(Double value, Double lowerLimit, OperatingPointConfig op) {
    if (value != null) {
      return Format.number(value);
    }
    if (op.lumiPerMonth() == null) {
      return "(no lumi)";
    }
    // eff_S = 0 in this sample: the cross-section is at least the one of eff_S's upper bound
    return lowerLimit == null ? "-" : "> " + Format.number(lowerLimit) + " (eff 0)";
  }

  /**
   * Results first: one row per model (with its recommended score) and signal: AUC with its DeLong
   * standard error, the TPR at the two smallest FPRs configured (1e-5 and 1e-4 by default) with
   * intervals that include the threshold's uncertainty, and, when configured, the operating point's
   * signal efficiency and the cross-sections it reaches.
   */
  public static Table summary(EvaluationResults r) {
    List<Double> fprs = r.config().fprTargets().stream().sorted().limit(2).toList();
    OperatingPointConfig op = r.config().operatingPoint();
    List<String> header = new ArrayList<>(List.of("model", "score", "signal", "AUC"));
    fprs.forEach(f -> header.add("TPR @ FPR " + Format.compact(f)));
    if (op != null) {
      String sb = Math.abs(op.signalToBackground() - 1.0 / 3) < 1e-9 ? "1/3" : Format.compact(op.signalToBackground());
      header.add("eff @ " + Format.number(op.outputRateHz() * OperatingPointConfig.SECONDS_PER_DAY) + "/day");
      header.add("xsec for " + Format.compact(op.eventsPerMonth()) + " ev/month [pb]");
      header.add("xsec for S/B = " + sb + " [pb]");
    }
    List<List<String>> rows = new ArrayList<>();
    for (var e : r.primaryScores().entrySet()) {
      for (SignalResult s : r.of(e.getKey(), e.getValue())) {
        List<String> row = new ArrayList<>(List.of(s.model(), s.score(), s.signal(),
            Format.withError(s.auc(), s.aucError())));
        for (double f : fprs) {
          row.add(s.tprAtFpr().stream().filter(t -> t.targetFpr() == f).findFirst().map(TprAtFpr::display).orElse("-"));
        }
        if (op != null) {
          OperatingPoint p = s.operatingPoint();
          boolean ok = p.rate().status() == RateStatus.OK;
          row.add(p.rate().display());
          row.add(ok ? xsec(p.xsecForEventsPb(), p.xsecForEventsLowerLimitPb(op), op) : "-");
          row.add(ok ? xsec(p.xsecForSignalToBackgroundPb(), p.xsecForSignalToBackgroundLowerLimitPb(op), op) : "-");
        }
        rows.add(row);
      }
    }
    String note = "Each model's recommended score. AUC with its DeLong standard error; TPR (signal efficiency) with "
        + String.format(Locale.ROOT, "%.1f%%", 100 * r.config().confidenceLevel()) + " intervals that include the"
        + " uncertainty of the threshold (an order statistic of the background)"
        + (op == null ? "." : "; the operating point keeps " + Format.number(op.outputRateHz()
            * OperatingPointConfig.SECONDS_PER_DAY) + " selected events per day out of " + Format.number(op.inputRateHz())
            + " Hz (FPR " + Format.compact(op.targetFpr()) + ")"
            + (op.lumiPerMonth() == null ? "." : ", " + Format.number(op.lumiPerMonth()) + " pb^-1 per month."));
    return new Table("Summary", note, header, rows);
  }

  /** All tables in order: the summary, then the full tables (the operating point only when configured). */
  public static List<Table> all(EvaluationResults r) {
    List<Table> out = new ArrayList<>(List.of(summary(r), auc(r), tprAtFpr(r)));
    Table op = operatingPoint(r);
    if (op != null) {
      out.add(op);
    }
    out.addAll(r.extraTables());
    return out;
  }

  /** The whole {@code results.md}. */
  public static String markdown(EvaluationResults r, String title) {
    StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
    all(r).forEach(t -> sb.append(t.markdown()));
    return sb.toString();
  }
}
