package org.nphunt.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.nphunt.NphuntException;
import org.nphunt.random.Seeds;

/**
 * The evaluation of a background of any size, streamed block by block past every model (the
 * Standard-Model test sample of {@code nphunt run} is 13 million events, the real background file's
 * size): signals first (small, held in memory), then the background's scores per model in event order,
 * then {@link #finish()}. Every number is exact (see {@link BackgroundStream}); memory is the signals,
 * the largest background scores down to the largest FPR measured, and a histogram sample.
 *
 * <pre>{@code
 * StreamingEvaluation ev = new StreamingEvaluation(config, seed);
 * ev.signal("dense", "A->4l", Map.of("mse", a4l));
 * StreamingEvaluation.Feed sm = ev.background("dense", "SM", List.of("mse"), 13_000_000, 200_000);
 * for (block : blocks) sm.add(new double[][] {mseOfBlock}, blockSize);
 * EvaluationResults r = ev.finish();
 * }</pre>
 */
public final class StreamingEvaluation {
  private final EvaluationConfig config;
  private final long seed;
  private final Map<String, Map<String, Map<String, double[]>>> signals = new LinkedHashMap<>();
  private final Map<String, Feed> feeds = new LinkedHashMap<>();

  /** @param seed of the histogram samples */
  public StreamingEvaluation(EvaluationConfig config, long seed) {
    this.config = config;
    this.seed = seed;
  }

  /** A signal's scores for a model (before its background). */
  public StreamingEvaluation signal(String model, String signal, Map<String, double[]> scores) {
    if (feeds.containsKey(model)) {
      throw new IllegalStateException("model " + model + ": signals must come before the background");
    }
    var mine = signals.computeIfAbsent(model, k -> new LinkedHashMap<>());
    if (mine.put(signal, new LinkedHashMap<>(scores)) != null) {
      throw new NphuntException("model " + model + ": signal " + signal + " given twice");
    }
    return this;
  }

  /**
   * Starts a model's background: {@code events} events will be added through the returned feed, each
   * block with one row per score of {@code scores}.
   *
   * @param reservoir background events sampled per score for histograms (0: none)
   */
  public Feed background(String model, String process, List<String> scores, long events, int reservoir) {
    var sig = signals.get(model);
    if (sig == null || sig.isEmpty()) {
      throw new NphuntException("model " + model + ": no signal scores given (an ROC curve needs both classes)");
    }
    if (feeds.containsKey(model)) {
      throw new NphuntException("model " + model + ": background given twice");
    }
    double largest = config.fprTargets().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    if (config.operatingPoint() != null) {
      largest = Math.max(largest, config.operatingPoint().targetFpr());
    }
    Feed f = new Feed(model, process, scores, events, largest, sig, reservoir);
    feeds.put(model, f);
    return f;
  }

  /** The background of one model: add its blocks in event order. */
  public final class Feed {
    private final String model;
    private final String process;
    private final List<String> scores;
    private final List<String> signalNames;
    private final List<List<SortedScores>> sortedSignals = new ArrayList<>();
    private final List<BackgroundStream> streams = new ArrayList<>();
    private List<BackgroundSummary> summaries;

    private Feed(String model, String process, List<String> scores, long events, double largestFpr,
        Map<String, Map<String, double[]>> sig, int reservoir) {
      this.model = model;
      this.process = process;
      this.scores = List.copyOf(scores);
      this.signalNames = List.copyOf(sig.keySet());
      for (int s = 0; s < this.scores.size(); s++) {
        String score = this.scores.get(s);
        List<SortedScores> sorted = new ArrayList<>();
        for (String name : signalNames) {
          double[] v = sig.get(name).get(score);
          if (v == null) {
            throw new NphuntException("model " + model + ", " + name + ", score " + score + ": missing (signal scores: "
                + sig.get(name).keySet() + ")");
          }
          sorted.add(SortedScores.of(v, "model " + model + ", " + name + ", score " + score));
        }
        sortedSignals.add(sorted);
        streams.add(new BackgroundStream("model " + model + ", " + process + ", score " + score, events, largestFpr,
            sorted, reservoir, Seeds.derive(seed, "evaluate/sample/" + model + "/" + score)));
      }
    }

    public List<String> scores() {
      return scores;
    }

    /**
     * Adds a block: {@code values[s][0..n)} are score {@code scores().get(s)} of the block's events. The
     * scores are accumulated in parallel (each score's numbers do not depend on it).
     */
    public void add(double[][] values, int n) {
      if (summaries != null) {
        throw new IllegalStateException("model " + model + ": background already finished");
      }
      IntStream.range(0, streams.size()).parallel().forEach(s -> streams.get(s).add(values[s], 0, n));
    }

    /** The per-score summaries (after {@link StreamingEvaluation#finish()}), in score order. */
    public List<BackgroundSummary> summaries() {
      return summaries;
    }

    List<SignalResult> finish() {
      summaries = IntStream.range(0, streams.size()).parallel().mapToObj(s -> streams.get(s).finish()).toList();
      List<SignalResult> out = new ArrayList<>();
      for (int s = 0; s < scores.size(); s++) {
        BackgroundSummary b = summaries.get(s);
        for (int j = 0; j < signalNames.size(); j++) {
          out.add(Evaluation.result(config, process, signalNames.get(j), model, scores.get(s), b, j,
              sortedSignals.get(s).get(j)));
        }
      }
      return out;
    }
  }

  /** Finishes every background and returns the results (model, score, signal order). */
  public EvaluationResults finish() {
    for (String model : signals.keySet()) {
      if (!feeds.containsKey(model)) {
        throw new NphuntException("signal scores of model " + model + " but no background for it");
      }
    }
    List<SignalResult> results = new ArrayList<>();
    for (Feed f : feeds.values()) {
      results.addAll(f.finish());
    }
    return new EvaluationResults(config, results);
  }

  /** The feed of a model (for its summaries after finish), or null. */
  public Feed feed(String model) {
    return feeds.get(model);
  }
}
