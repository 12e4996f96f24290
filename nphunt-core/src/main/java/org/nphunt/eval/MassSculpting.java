package org.nphunt.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much a cut on the anomaly score sculpts the background's distribution of a mass observable
 * (e.g. {@code mJJ} or the jet mass): for each background efficiency eps in {@link #efficiencies()},
 * the score threshold keeping a fraction eps of the background, and the Jensen-Shannon divergence
 * (base 2, in [0, 1]) between the background's normalised mass histogram before and after the cut.
 * 0 means the cut leaves the shape unchanged (a mass-decorrelated score); the "QCD or what?" and
 * DisCo studies (arXiv:1808.08979, arXiv:2001.05310) quote the same quantity.
 *
 * <p>Bins: {@code bins} equal-population bins of the inclusive background's mass (so every bin holds
 * the same number of events before the cut), which keeps the divergence's statistical floor low and
 * independent of the mass range. With few events after a tight cut the divergence has a positive bias
 * of about (bins - 1) / (2 ln 2 N_after); the table gives N_after so that readers can judge it.
 *
 * @param observable name of the per-event mass observable
 * @param efficiencies background efficiencies of the cuts, each in (0, 1)
 * @param bins histogram bins, >= 2
 */
public record MassSculpting(String observable, List<Double> efficiencies, int bins) implements Evaluator {
  public MassSculpting {
    if (observable == null || observable.isBlank()) {
      throw new IllegalArgumentException("observable must be named, found '" + observable + "'");
    }
    efficiencies = List.copyOf(efficiencies);
    for (double e : efficiencies) {
      if (!(e > 0 && e < 1)) {
        throw new IllegalArgumentException("efficiencies must be in (0, 1), found " + e);
      }
    }
    if (bins < 2 || bins > 10_000) {
      throw new IllegalArgumentException("bins must be in 2..10000, found " + bins);
    }
  }

  /** Cuts at 10% and 1% background efficiency, 30 bins. */
  public static MassSculpting of(String observable) {
    return new MassSculpting(observable, List.of(0.1, 0.01), 30);
  }

  @Override
  public String name() {
    return "mass-sculpting";
  }

  @Override
  public List<String> observables() {
    return List.of(observable);
  }

  @Override
  public EvaluatorResult evaluate(String model, String score, ScoredSample background, List<ScoredSample> signals) {
    double[] s = background.scores();
    double[] m = background.observable(observable);
    if (m.length != s.length) {
      throw new IllegalStateException(background.process() + ": " + observable + " has " + m.length
          + " values for " + s.length + " scores");
    }
    double[] edges = quantileEdges(m, bins);
    double[] before = histogram(m, null, 0, edges);
    double[] sorted = s.clone();
    Arrays.sort(sorted);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("observable", observable);
    List<Map<String, Object>> cuts = new ArrayList<>();
    for (double eff : efficiencies) {
      int keep = (int) Math.max(1, Math.round(eff * s.length));
      double threshold = sorted[sorted.length - keep];
      double[] after = histogram(m, s, threshold, edges);
      long n = 0;
      for (double v : after) {
        n += (long) v;
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("backgroundEfficiency", eff);
      c.put("threshold", threshold);
      c.put("eventsAfter", n);
      c.put("jensenShannon", jensenShannon(before, after));
      cuts.add(c);
    }
    values.put("cuts", cuts);
    return new EvaluatorResult(name(), model, score, values);
  }

  @Override
  public List<Table> tables(List<EvaluatorResult> results) {
    List<String> header = new ArrayList<>(List.of("model", "score"));
    for (double e : efficiencies) {
      header.add("JS @ eps_B " + Format.compact(e) + " (N after)");
    }
    List<List<String>> rows = new ArrayList<>();
    for (EvaluatorResult r : results) {
      List<String> row = new ArrayList<>(List.of(r.model(), r.score()));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> cuts = (List<Map<String, Object>>) r.values().get("cuts");
      for (Map<String, Object> c : cuts) {
        row.add(String.format(Locale.ROOT, "%.4f (%d)", (Double) c.get("jensenShannon"), (Long) c.get("eventsAfter")));
      }
      rows.add(row);
    }
    return List.of(new Table("Mass sculpting (" + observable + ")", "Jensen-Shannon divergence (base 2) between the"
        + " background's " + observable + " distribution before and after a cut on the score at the given background"
        + " efficiency; 0 = shape unchanged. " + bins + " equal-population bins.", header, rows));
  }

  /** Edges of {@code bins} equal-population bins of {@code values} (outer edges at -inf/+inf). */
  static double[] quantileEdges(double[] values, int bins) {
    double[] v = values.clone();
    Arrays.sort(v);
    double[] edges = new double[bins + 1];
    edges[0] = Double.NEGATIVE_INFINITY;
    edges[bins] = Double.POSITIVE_INFINITY;
    for (int i = 1; i < bins; i++) {
      edges[i] = v[(int) Math.min(v.length - 1, (long) i * v.length / bins)];
    }
    return edges;
  }

  /** Counts of {@code m} per bin, of events whose score is >= threshold (all when scores is null). */
  static double[] histogram(double[] m, double[] scores, double threshold, double[] edges) {
    double[] h = new double[edges.length - 1];
    for (int i = 0; i < m.length; i++) {
      if (scores != null && !(scores[i] >= threshold)) {
        continue;
      }
      int b = Arrays.binarySearch(edges, m[i]);
      b = b >= 0 ? Math.min(b, h.length - 1) : Math.min(-b - 2, h.length - 1);
      h[Math.max(0, b)]++;
    }
    return h;
  }

  /** Jensen-Shannon divergence of two histograms (normalised here), base 2: in [0, 1]. */
  public static double jensenShannon(double[] p, double[] q) {
    double sp = 0;
    double sq = 0;
    for (int i = 0; i < p.length; i++) {
      sp += p[i];
      sq += q[i];
    }
    if (sp <= 0 || sq <= 0) {
      return Double.NaN;
    }
    double js = 0;
    for (int i = 0; i < p.length; i++) {
      double a = p[i] / sp;
      double b = q[i] / sq;
      double mid = 0.5 * (a + b);
      if (a > 0) {
        js += 0.5 * a * Math.log(a / mid);
      }
      if (b > 0) {
        js += 0.5 * b * Math.log(b / mid);
      }
    }
    return Math.max(0, js / Math.log(2));
  }
}
