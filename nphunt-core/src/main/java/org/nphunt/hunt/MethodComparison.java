package org.nphunt.hunt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.nphunt.NphuntException;

/**
 * The per-method comparison of a resonant search in one mJJ window (the LHC Olympics signal region
 * 3.3-3.7 TeV by default): CWoLa hunting ({@link CwolaHunting}, window against sidebands of the window's
 * width on each side), ANODE ({@link Anode}), given scores (e.g. the hunt's anomaly score) and, with
 * truth labels, the supervised reference ({@link SupervisedReference}, trained on the window's labelled
 * events) and each method's ROC and SIC curves ({@link MethodCurves}) over the window's events.
 *
 * <p>Extra signal events (features, mJJ and the given scores; never used by CWoLa or ANODE for
 * training) may be added to the evaluation, as the LHC Olympics comparisons evaluate on a large signal
 * sample: CWoLa and ANODE score them with the mean of their fold models, the supervised reference trains
 * and scores them k-folded with the window's events.
 */
public final class MethodComparison {
  private MethodComparison() {}

  /** The method names used as keys. */
  public static final String SUPERVISED = "supervised";
  public static final String CWOLA = "CWoLa";
  public static final String ANODE = "ANODE";

  /**
   * What to run.
   *
   * @param cwola run CWoLa hunting
   * @param anode run ANODE
   * @param supervised run the supervised reference (needs labels and at least {@code folds} signal and
   *     background events in the window; skipped with a log line otherwise)
   * @param folds k of the classifiers (CWoLa, supervised)
   * @param classifierEpochs epochs of the classifiers
   * @param anodeConfig ANODE's flows and folds
   * @param threads ANODE's flows trained at once (does not change the result)
   */
  public record Settings(boolean cwola, boolean anode, boolean supervised, int folds, int classifierEpochs,
      AnodeConfig anodeConfig, int threads) {
    public Settings {
      if (folds < 2 || folds > 20) {
        throw new IllegalArgumentException("folds must be in [2, 20], found " + folds);
      }
      if (classifierEpochs < 1) {
        throw new IllegalArgumentException("classifierEpochs must be >= 1, found " + classifierEpochs);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, found " + threads);
      }
      anodeConfig = anodeConfig == null ? AnodeConfig.defaults() : anodeConfig;
    }
  }

  /**
   * A score given from outside (e.g. the hunt's anomaly score).
   *
   * @param name its name
   * @param events per event of the data
   * @param extra per extra signal event (empty without extras)
   */
  public record Score(String name, double[] events, double[] extra) {}

  /**
   * Extra evaluation-only signal events.
   *
   * @param features per event the d features
   * @param mJJ per event in GeV
   */
  public record Extra(double[][] features, double[] mJJ) {
    public static Extra none() {
      return new Extra(new double[0][], new double[0]);
    }
  }

  /**
   * The outcome.
   *
   * @param lo window lower edge in GeV
   * @param hi window upper edge in GeV
   * @param windowEvents data events in the window
   * @param scores per method, per data event: the score (NaN where the method gives none)
   * @param extraScores per method, per extra event
   * @param curves per method, the ROC and SIC curves (empty without labels)
   * @param anode ANODE's details (null when not run)
   */
  public record Result(double lo, double hi, int windowEvents, Map<String, double[]> scores,
      Map<String, double[]> extraScores, List<MethodCurves> curves, Anode.Result anode) {}

  /**
   * Runs the methods.
   *
   * @param features per data event the d features
   * @param mJJ per data event in GeV
   * @param label per data event 0/1, or null when unknown
   * @param given scores given from outside
   * @param lo window lower edge in GeV
   * @param hi window upper edge in GeV
   * @param extra evaluation-only signal events
   * @param s what to run
   * @param seed the seed
   * @param log one line per step
   */
  public static Result run(double[][] features, double[] mJJ, int[] label, List<Score> given, double lo, double hi,
      Extra extra, Settings s, long seed, Consumer<String> log) {
    int n = mJJ.length;
    if (features.length != n || label != null && label.length != n) {
      throw new NphuntException("method comparison: " + features.length + " feature rows, " + n + " masses and "
          + (label == null ? "no" : label.length) + " labels");
    }
    int ne = extra.mJJ().length;
    for (Score g : given) {
      if (g.events().length != n || g.extra().length != ne) {
        throw new NphuntException("method comparison: score " + g.name() + " has " + g.events().length + " + "
            + g.extra().length + " values for " + n + " + " + ne + " events");
      }
    }
    int[] window = IntStream.range(0, n).filter(i -> mJJ[i] >= lo && mJJ[i] < hi).toArray();
    Map<String, double[]> scores = new LinkedHashMap<>();
    Map<String, double[]> extraScores = new LinkedHashMap<>();
    Anode.Result anode = null;
    long windowSignal = label == null ? 0 : IntStream.of(window).filter(i -> label[i] != 0).count() + ne;
    long windowBackground = label == null ? 0 : window.length - (windowSignal - ne);
    if (s.supervised() && label != null && (windowSignal < s.folds() || windowBackground < s.folds())) {
      log.accept("no supervised reference: the window holds " + windowSignal + " signal and " + windowBackground
          + " background events (need >= " + s.folds() + " of each)");
    } else if (s.supervised() && label != null) {
      log.accept(String.format(java.util.Locale.ROOT, "supervised reference in [%.0f, %.0f) GeV...", lo, hi));
      // the window's data events then the extra signal events, trained and scored k-folded together
      double[][] x = new double[window.length + ne][];
      int[] y = new int[window.length + ne];
      for (int i = 0; i < window.length; i++) {
        x[i] = features[window[i]];
        y[i] = label[window[i]];
      }
      for (int i = 0; i < ne; i++) {
        x[window.length + i] = extra.features()[i];
        y[window.length + i] = 1;
      }
      double[] sc = SupervisedReference.run(x, y, IntStream.range(0, x.length).toArray(), s.folds(), 2, 16,
          s.classifierEpochs(), seed);
      double[] ev = new double[n];
      Arrays.fill(ev, Double.NaN);
      for (int i = 0; i < window.length; i++) {
        ev[window[i]] = sc[i];
      }
      scores.put(SUPERVISED, ev);
      extraScores.put(SUPERVISED, Arrays.copyOfRange(sc, window.length, x.length));
    }
    if (s.cwola()) {
      log.accept(String.format(java.util.Locale.ROOT, "CWoLa hunting in [%.0f, %.0f) GeV...", lo, hi));
      CwolaHunting.Result r = CwolaHunting.run(features, mJJ, lo, hi, hi - lo, s.folds(), 2, 16, s.classifierEpochs(), seed,
          extra.features());
      scores.put(CWOLA, r.score());
      extraScores.put(CWOLA, r.extraScore());
    }
    if (s.anode()) {
      log.accept(String.format(java.util.Locale.ROOT, "ANODE in [%.0f, %.0f) GeV (%d + %d flows)...", lo, hi, 1,
          s.anodeConfig().folds()));
      anode = Anode.run(features, mJJ, lo, hi, s.anodeConfig(), seed, s.threads(), extra.features(), extra.mJJ());
      scores.put(ANODE, anode.logR());
      extraScores.put(ANODE, anode.extraLogR());
    }
    for (Score g : given) {
      scores.put(g.name(), g.events());
      extraScores.put(g.name(), g.extra());
    }
    List<MethodCurves> curves = new ArrayList<>();
    if (label != null) {
      int[] bw = IntStream.of(window).filter(i -> label[i] == 0).toArray();
      int[] sw = IntStream.of(window).filter(i -> label[i] != 0).toArray();
      if (bw.length > 0 && sw.length + ne > 0) {
        for (var e : scores.entrySet()) {
          double[] v = e.getValue();
          double[] ex = extraScores.get(e.getKey());
          double[] sig = new double[sw.length + ne];
          for (int i = 0; i < sw.length; i++) {
            sig[i] = v[sw[i]];
          }
          System.arraycopy(ex, 0, sig, sw.length, ne);
          curves.add(MethodCurves.of(e.getKey(), IntStream.of(bw).mapToDouble(i -> v[i]).toArray(), sig, 200));
        }
      }
    }
    return new Result(lo, hi, window.length, scores, extraScores, List.copyOf(curves), anode);
  }
}
