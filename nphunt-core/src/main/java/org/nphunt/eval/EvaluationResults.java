package org.nphunt.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything an evaluation measured, in model, score, signal order; written as {@code results.json}.
 *
 * @param config what was measured
 * @param results one entry per model x score x signal
 * @param extra the results of further {@link Evaluator}s (empty when none ran)
 * @param extraTables those evaluators' summary tables, in evaluator order
 * @param primaryScores each model's recommended score, shown first in the summary (by default its first)
 */
public record EvaluationResults(EvaluationConfig config, List<SignalResult> results, List<EvaluatorResult> extra,
    List<Table> extraTables, Map<String, String> primaryScores) {
  public EvaluationResults {
    results = List.copyOf(results);
    extra = extra == null ? List.of() : List.copyOf(extra);
    extraTables = extraTables == null ? List.of() : List.copyOf(extraTables);
    Map<String, String> p = new LinkedHashMap<>();
    for (SignalResult r : results) {
      String given = primaryScores == null ? null : primaryScores.get(r.model());
      p.putIfAbsent(r.model(), given != null ? given : r.score());
    }
    primaryScores = java.util.Collections.unmodifiableMap(p);
  }

  public EvaluationResults(EvaluationConfig config, List<SignalResult> results) {
    this(config, results, List.of(), List.of(), null);
  }

  /** The same results with these recommended scores (model -> score). */
  public EvaluationResults withPrimaryScores(Map<String, String> primary) {
    return new EvaluationResults(config, results, extra, extraTables, primary);
  }

  /** Model names in order of first appearance. */
  public List<String> models() {
    Set<String> s = new LinkedHashSet<>();
    results.forEach(r -> s.add(r.model()));
    return List.copyOf(s);
  }

  /** Score names of a model in order. */
  public List<String> scores(String model) {
    Set<String> s = new LinkedHashSet<>();
    results.stream().filter(r -> r.model().equals(model)).forEach(r -> s.add(r.score()));
    return List.copyOf(s);
  }

  /** Signal names in order of first appearance. */
  public List<String> signals() {
    Set<String> s = new LinkedHashSet<>();
    results.forEach(r -> s.add(r.signal()));
    return List.copyOf(s);
  }

  /** The results of one model and score, one per signal. */
  public List<SignalResult> of(String model, String score) {
    List<SignalResult> out = new ArrayList<>();
    for (SignalResult r : results) {
      if (r.model().equals(model) && r.score().equals(score)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The thresholds of one model and score (they depend on the background only), labelled like
   * "FPR 1e-5" and "output rate", for drawing on score histograms. Unresolved ones are left out.
   */
  public Map<String, Double> thresholds(String model, String score) {
    Map<String, Double> out = new LinkedHashMap<>();
    List<SignalResult> rs = of(model, score);
    if (rs.isEmpty()) {
      return out;
    }
    SignalResult r = rs.get(0);
    for (TprAtFpr t : r.tprAtFpr()) {
      if (t.status() == RateStatus.OK) {
        out.put("FPR " + Format.compact(t.targetFpr()), t.threshold());
      }
    }
    if (r.operatingPoint() != null && r.operatingPoint().rate().status() == RateStatus.OK) {
      out.put("operating point (FPR " + Format.compact(r.operatingPoint().targetFpr()) + ")",
          r.operatingPoint().rate().threshold());
    }
    return out;
  }
}
