package org.nphunt.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nphunt.NphuntException;

/**
 * Evaluates named score arrays: for every model, each of its scores and each signal, the ROC curve,
 * AUC, TPR at the configured FPRs and the operating point. Background scores are validated and sorted
 * once per model and score, and shared by all signals.
 *
 * <pre>{@code
 * EvaluationResults r = new Evaluation(EvaluationConfig.defaults())
 *     .background("dense", "SM", Map.of("mse", smMse))
 *     .signal("dense", "A->4l", Map.of("mse", a4lMse))
 *     .run();
 * }</pre>
 */
public final class Evaluation {
  private final EvaluationConfig config;
  private final Map<String, Sample> backgrounds = new LinkedHashMap<>();
  private final List<Sample> signals = new ArrayList<>();
  private final List<Evaluator> evaluators = new ArrayList<>();

  private record Sample(String model, String process, Map<String, double[]> scores, Map<String, double[]> observables) {}

  /** Adds a further evaluator run on every model and score (see {@link Evaluator}). */
  public Evaluation with(Evaluator evaluator) {
    for (Evaluator e : evaluators) {
      if (e.name().equals(evaluator.name())) {
        throw new IllegalArgumentException("evaluator " + evaluator.name() + " added twice");
      }
    }
    evaluators.add(evaluator);
    return this;
  }

  /** The background with per-event observables (e.g. mJJ) for the evaluators that need them. */
  public Evaluation background(String model, String process, Map<String, double[]> scores, Map<String, double[]> observables) {
    background(model, process, scores);
    Sample s = backgrounds.get(model);
    backgrounds.put(model, new Sample(model, process, s.scores(), observables == null ? Map.of() : new LinkedHashMap<>(observables)));
    return this;
  }

  /** A signal with per-event observables. */
  public Evaluation signal(String model, String signal, Map<String, double[]> scores, Map<String, double[]> observables) {
    signal(model, signal, scores);
    Sample s = signals.remove(signals.size() - 1);
    signals.add(new Sample(model, signal, s.scores(), observables == null ? Map.of() : new LinkedHashMap<>(observables)));
    return this;
  }

  public Evaluation(EvaluationConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Sets the background (Standard-Model) scores of a model: score name -> one value per event. The
   * model's scores are evaluated in this map's iteration order.
   */
  public Evaluation background(String model, String process, Map<String, double[]> scores) {
    if (scores.isEmpty()) {
      throw new NphuntException("model " + model + ": background " + process + " has no scores");
    }
    if (backgrounds.put(model, new Sample(model, process, new LinkedHashMap<>(scores), Map.of())) != null) {
      throw new NphuntException("model " + model + ": background given twice");
    }
    return this;
  }

  /** Adds a signal's scores for a model; it must hold every score the model's background has. */
  public Evaluation signal(String model, String signal, Map<String, double[]> scores) {
    for (Sample s : signals) {
      if (s.model.equals(model) && s.process.equals(signal)) {
        throw new NphuntException("model " + model + ": signal " + signal + " given twice");
      }
    }
    signals.add(new Sample(model, signal, new LinkedHashMap<>(scores), Map.of()));
    return this;
  }

  /**
   * Runs the evaluation.
   *
   * @throws NphuntException when a model has no background or no signal, a signal lacks a score, a
   *     sample is empty or holds a non-finite score
   */
  public EvaluationResults run() {
    if (backgrounds.isEmpty()) {
      throw new NphuntException("no background scores given");
    }
    for (Sample s : signals) {
      if (!backgrounds.containsKey(s.model)) {
        throw new NphuntException("signal " + s.process + ": no background scores for model " + s.model);
      }
    }
    // the background of each model streamed in one block: the same code as nphunt run's 13M-event stream
    StreamingEvaluation stream = new StreamingEvaluation(config, 0);
    for (Sample bkg : backgrounds.values()) {
      List<Sample> mine = signals.stream().filter(s -> s.model.equals(bkg.model)).toList();
      if (mine.isEmpty()) {
        throw new NphuntException("model " + bkg.model + ": no signal scores given (an ROC curve needs both classes)");
      }
      for (Sample sig : mine) {
        for (String score : bkg.scores.keySet()) {
          if (!sig.scores.containsKey(score)) {
            throw new NphuntException(label(sig, score) + ": missing (signal scores: " + sig.scores.keySet() + ")");
          }
        }
        Map<String, double[]> ordered = new LinkedHashMap<>();
        bkg.scores.keySet().forEach(k -> ordered.put(k, sig.scores.get(k)));
        stream.signal(bkg.model, sig.process, ordered);
      }
      List<String> names = List.copyOf(bkg.scores.keySet());
      double[][] values = new double[names.size()][];
      int n = -1;
      for (int k = 0; k < names.size(); k++) {
        values[k] = bkg.scores.get(names.get(k));
        if (values[k] == null || values[k].length == 0) {
          throw new NphuntException(label(bkg, names.get(k)) + ": no events (an ROC curve needs events in both classes)");
        }
        if (n >= 0 && values[k].length != n) {
          throw new NphuntException(label(bkg, names.get(k)) + ": " + values[k].length + " events, other scores have " + n);
        }
        n = values[k].length;
      }
      stream.background(bkg.model, bkg.process, names, n, 0).add(values, n);
    }
    List<SignalResult> results = stream.finish().results();
    List<EvaluatorResult> extra = new ArrayList<>();
    List<Table> tables = new ArrayList<>();
    for (Evaluator ev : evaluators) {
      List<EvaluatorResult> mineAll = new ArrayList<>();
      for (Sample bkg : backgrounds.values()) {
        List<Sample> mine = signals.stream().filter(s -> s.model.equals(bkg.model)).toList();
        for (String score : bkg.scores.keySet()) {
          mineAll.add(ev.evaluate(bkg.model, score, scored(ev, bkg, score), mine.stream().map(s -> scored(ev, s, score)).toList()));
        }
      }
      extra.addAll(mineAll);
      tables.addAll(ev.tables(mineAll));
    }
    return new EvaluationResults(config, results, extra, tables, null);
  }

  private static ScoredSample scored(Evaluator ev, Sample s, String score) {
    for (String o : ev.observables()) {
      double[] v = s.observables.get(o);
      if (v == null) {
        throw new NphuntException("model " + s.model + ", " + s.process + ": the " + ev.name() + " evaluation needs the"
            + " per-event observable " + o + ", which this sample does not have");
      }
      if (v.length != s.scores.get(score).length) {
        throw new NphuntException("model " + s.model + ", " + s.process + ": observable " + o + " has " + v.length
            + " values for " + s.scores.get(score).length + " events");
      }
    }
    return new ScoredSample(s.process, s.scores.get(score), s.observables);
  }

  /** The evaluators added, in order. */
  public List<Evaluator> evaluators() {
    return List.copyOf(evaluators);
  }

  /** The result of signal j of a summarised background score. */
  static SignalResult result(EvaluationConfig config, String bkgName, String sigName, String model, String score,
      BackgroundSummary b, int j, SortedScores s) {
    RocCurve roc = b.roc(j, s).downsample(config.rocBins());
    List<TprAtFpr> rates = new ArrayList<>();
    for (double fpr : config.fprTargets()) {
      rates.add(TprAtFpr.measure(b, s, fpr, config));
    }
    OperatingPoint op = config.operatingPoint() == null ? null
        : OperatingPoint.measure(b, s, config.operatingPoint(), config);
    return new SignalResult(model, score, sigName, bkgName, b.count(), s.size(), b.auc(j, s.size()), b.aucError(j, s),
        rates, op, roc);
  }

  private static String label(Sample s, String score) {
    return "model " + s.model + ", " + s.process + ", score " + score;
  }
}
