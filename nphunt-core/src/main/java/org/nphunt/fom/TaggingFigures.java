package org.nphunt.fom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.eval.Auc;
import org.nphunt.eval.Evaluator;
import org.nphunt.eval.EvaluatorResult;
import org.nphunt.eval.ScoredSample;
import org.nphunt.eval.Table;

/**
 * The jet-tagging and LHC Olympics figures of merit as an {@link Evaluator}, so that an evaluation
 * (and its report) shows them per model, score and signal: the AUC, the background rejection 1 / eps_B
 * at eps_S = {@code signalEfficiency} (0.3 in the top-tagging comparison, arXiv:1902.09914) and the
 * maximum of the significance improvement SIC = eps_S / sqrt(eps_B) (arXiv:1010.3698; the LHC Olympics
 * 2020, arXiv:2101.08320) over the curve points selecting at least {@code minBackgroundEvents}
 * background events. A rejection resting on fewer background events is flagged "n/r" (not resolved).
 *
 * <p>It lives in {@code org.nphunt.fom} (not {@code org.nphunt.eval}) because fom already uses eval's
 * score checks; the other way round would make the two packages depend on each other.
 *
 * @param signalEfficiency eps_S of the rejection, in (0, 1]
 * @param minBackgroundEvents background events a resolved rejection and a SIC point need, >= 0
 */
public record TaggingFigures(double signalEfficiency, double minBackgroundEvents) implements Evaluator {
  public TaggingFigures {
    if (!(signalEfficiency > 0 && signalEfficiency <= 1)) {
      throw new IllegalArgumentException("signalEfficiency must be in (0, 1], found " + signalEfficiency);
    }
    if (!(minBackgroundEvents >= 0) || Double.isInfinite(minBackgroundEvents)) {
      throw new IllegalArgumentException("minBackgroundEvents must be finite and >= 0, found " + minBackgroundEvents);
    }
  }

  /** eps_S = 0.3, at least 10 background events. */
  public static TaggingFigures defaults() {
    return new TaggingFigures(FiguresOfMerit.TOP_TAGGING_SIGNAL_EFFICIENCY, FiguresOfMerit.DEFAULT_MIN_BACKGROUND_EVENTS);
  }

  @Override
  public String name() {
    return "figures-of-merit";
  }

  /** The figures of one signal against the background. */
  public record Figures(double auc, Rejection rejection, double maxSic, double signalEfficiencyAtMaxSic) {}

  /** The figures of {@code signal} scores against {@code background} scores. */
  public Figures figures(double[] background, double[] signal) {
    RocPoints roc = RocPoints.of(signal, null, background, null);
    SicCurve sic = FiguresOfMerit.sic(roc, minBackgroundEvents);
    return new Figures(Auc.mannWhitney(background, signal), FiguresOfMerit.rejectionAt(roc, signalEfficiency,
        minBackgroundEvents), sic.maxSic(), sic.signalEfficiencyAtMax());
  }

  @Override
  public EvaluatorResult evaluate(String model, String score, ScoredSample background, List<ScoredSample> signals) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("signalEfficiency", signalEfficiency);
    values.put("minBackgroundEvents", minBackgroundEvents);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ScoredSample s : signals) {
      Figures f = figures(background.scores(), s.scores());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("signal", s.process());
      row.put("auc", f.auc());
      row.put("backgroundEfficiency", f.rejection().backgroundEfficiency());
      row.put("rejection", f.rejection().rejection());
      row.put("rejectionResolved", f.rejection().resolved());
      row.put("backgroundSelected", f.rejection().backgroundSelected());
      row.put("maxSic", f.maxSic());
      row.put("signalEfficiencyAtMaxSic", f.signalEfficiencyAtMaxSic());
      rows.add(row);
    }
    values.put("signals", rows);
    return new EvaluatorResult(name(), model, score, values);
  }

  @Override
  public List<Table> tables(List<EvaluatorResult> results) {
    String eps = org.nphunt.eval.Format.compact(signalEfficiency);
    List<String> header = List.of("model", "score", "signal", "AUC", "1/eps_B @ eps_S " + eps, "max SIC (eps_S)");
    List<List<String>> rows = new ArrayList<>();
    for (EvaluatorResult r : results) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> sig = (List<Map<String, Object>>) r.values().get("signals");
      for (Map<String, Object> s : sig) {
        rows.add(List.of(r.model(), r.score(), (String) s.get("signal"), String.format(Locale.ROOT, "%.4f", (Double) s.get("auc")),
            rejection((Double) s.get("rejection"), (Boolean) s.get("rejectionResolved"), (Long) s.get("backgroundSelected")),
            sic((Double) s.get("maxSic"), (Double) s.get("signalEfficiencyAtMaxSic"))));
      }
    }
    return List.of(new Table("Figures of merit", "AUC; background rejection 1/eps_B at signal efficiency " + eps
        + " (n/r: fewer than " + org.nphunt.eval.Format.compact(minBackgroundEvents) + " background events selected);"
        + " maximum significance improvement eps_S/sqrt(eps_B) over points with at least "
        + org.nphunt.eval.Format.compact(minBackgroundEvents) + " background events.", header, rows));
  }

  /** A rejection as text: "12.5", or "n/r (3 bkg)" when not resolved. */
  static String rejection(double r, boolean resolved, long backgroundSelected) {
    String v = Double.isInfinite(r) ? "inf" : String.format(Locale.ROOT, "%.3g", r);
    return resolved ? v : v + " n/r (" + backgroundSelected + " bkg)";
  }

  static String sic(double max, double eps) {
    return Double.isNaN(max) ? "n/a" : String.format(Locale.ROOT, "%.3g (%.3f)", max, eps);
  }
}
