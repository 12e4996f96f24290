package org.nphunt.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hipparchus.stat.correlation.PearsonsCorrelation;
import org.hipparchus.stat.correlation.SpearmansCorrelation;
import org.nphunt.data.EventBatch;
import org.nphunt.eval.Auc;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.Format;
import org.nphunt.eval.RateStatus;
import org.nphunt.eval.SortedScores;
import org.nphunt.eval.Table;
import org.nphunt.eval.TprAtFpr;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.score.LoadedModel;

/**
 * What a dense AE or VAE-encoder score loses in fixed point: for each {@link PrecisionConfig} (a row), the
 * AUC of each signal against the background and the TPR at background efficiencies (FPRs) with intervals,
 * next to the floating-point model; and the agreement of the scores with float on the background (Pearson
 * and Spearman correlation, median and largest relative deviation) and the fraction of events (background
 * and signals) whose trigger decision flips, each score cut at its own threshold for the same FPR.
 *
 * <p>Why the median relative deviation: the scores are heavy-tailed, so Pearson's r is set by the few
 * largest background scores; for the dense AE these are events with large |x|, whose mse is dominated by
 * |x|^2 whatever the network reconstructs, so r stays near 1 even for a broken (e.g. all 2-bit) network.
 * The median of |s - s_float| / s_float over the background is the typical event's error, insensitive to
 * the tails (and to the few events saturated by design at the default coverage): about 1e-4 for a healthy
 * 16-bit deployment and of order 1 for a broken one (tested in {@code QuantizationStudyTest}).
 *
 * <p>Thresholds and TPRs are nphunt's evaluation's ({@link TprAtFpr}): with k = floor(FPR N) the threshold
 * is the (k+1)-th largest background score and an event passes when its score is strictly above it; the
 * TPR interval is Clopper-Pearson (68%) widened by the threshold's own order-statistic uncertainty. An FPR
 * is resolved only with at least 10 / FPR background events (10^6 for 1e-5); below that the cell reads
 * "n/a (background sample too small: N)". AUC: Mann-Whitney with ties counted 1/2 ({@link Auc#mannWhitney}).
 *
 * <p>Integer bits chosen automatically ({@link PrecisionConfig#autoInteger}) come from the float network's
 * ranges on the background sample given here ({@link FixedPointNet#profile}).
 */
public final class QuantizationStudy {
  /**
   * One row.
   *
   * @param label the precision ("float32" for the reference)
   * @param types the resolved types (null for float)
   * @param auc AUC by signal
   * @param tpr TPR by signal, then by FPR
   * @param pearson Pearson correlation with the float score on the background
   * @param spearman Spearman rank correlation with the float score on the background
   * @param flips fraction of all events whose decision at the decision FPR differs from float's (NaN when
   *     the background cannot resolve that FPR)
   * @param medianRelativeDeviation median of |s - s_float| / s_float over the background (the typical event;
   *     see the class comment)
   * @param maxRelativeDeviation largest |s - s_float| / s_float over the background
   */
  public record Row(String label, PrecisionConfig.Resolved types, Map<String, Double> auc,
      Map<String, Map<Double, TprAtFpr>> tpr, double pearson, double spearman, double flips,
      double medianRelativeDeviation, double maxRelativeDeviation) {}

  /**
   * A study's result.
   *
   * @param kind the network and its score
   * @param backgroundEvents background events
   * @param signalEvents events per signal
   * @param fprs FPRs of the TPR columns
   * @param decisionFpr FPR of the decision flips
   * @param profile the float network's per-layer ranges on the background at the study's coverage
   * @param rows float first, then one row per configuration
   */
  public record Result(FixedPointNet.Kind kind, int backgroundEvents, Map<String, Integer> signalEvents, List<Double> fprs,
      double decisionFpr, double coverage, List<FixedPointNet.Range> profile, List<Row> rows) {

    /** The table of the rows (title, note with the samples, one column per AUC, TPR, agreement). */
    public Table table(String title) {
      List<String> names = new ArrayList<>(signalEvents.keySet());
      List<String> header = new ArrayList<>(List.of("precision"));
      names.forEach(n -> header.add("AUC " + n));
      for (double f : fprs) {
        names.forEach(n -> header.add("TPR " + n + " at FPR " + Format.compact(f)));
      }
      header.addAll(List.of("Pearson r with float", "Spearman rho with float", "median rel. deviation",
          "max rel. deviation",
          "decisions flipped at FPR " + Format.compact(decisionFpr)));
      List<List<String>> cells = new ArrayList<>();
      for (Row r : rows) {
        List<String> c = new ArrayList<>(List.of(r.label()));
        names.forEach(n -> c.add(String.format(Locale.ROOT, "%.4f", r.auc().get(n))));
        for (double f : fprs) {
          names.forEach(n -> c.add(display(r.tpr().get(n).get(f), backgroundEvents)));
        }
        c.add(String.format(Locale.ROOT, "%.6f", r.pearson()));
        c.add(String.format(Locale.ROOT, "%.6f", r.spearman()));
        c.add(Format.number(r.medianRelativeDeviation()));
        c.add(Format.number(r.maxRelativeDeviation()));
        c.add(Double.isNaN(r.flips()) ? "n/a (background sample too small: " + backgroundEvents + ")"
            : Format.number(r.flips()));
        cells.add(c);
      }
      StringBuilder sig = new StringBuilder();
      signalEvents.forEach((n, k) -> sig.append(sig.length() == 0 ? "" : ", ").append(n).append(' ').append(k));
      String note = String.format(Locale.ROOT, "%s; %d background events, signals: %s. TPR with its 68%% interval"
          + " (threshold uncertainty included); correlations and deviation on the background; decisions of all events.",
          kind == FixedPointNet.Kind.AUTOENCODER ? "Dense autoencoder, mse score" : "VAE encoder, vae_mu2 = sum mu^2 score",
          backgroundEvents, sig);
      return new Table(title, note, header, cells);
    }
  }

  /** The TPR cell: value [interval], or "n/a (background sample too small: N)". */
  static String display(TprAtFpr t, long background) {
    return t.status() == RateStatus.OK ? t.display() : "n/a (background sample too small: " + background + ")";
  }

  private QuantizationStudy() {}

  /**
   * Runs the study.
   *
   * @param signals signal name -> events
   * @param configs the fixed-point configurations (rows after float)
   * @param fprs FPRs of the TPR columns
   * @param decisionFpr operating point of the decision flips
   */
  public static Result run(LoadedModel model, EventBatch background, Map<String, EventBatch> signals,
      List<PrecisionConfig> configs, List<Double> fprs, double decisionFpr) {
    return run(model, background, signals, configs, fprs, decisionFpr, DEFAULT_COVERAGE);
  }

  /**
   * The coverage of the automatic integer bits: each quantity's type holds the largest |value| of all but a
   * fraction 1e-4 of the background events (saturating in the others). With the maxima (coverage 1) one
   * extreme event sets I for everyone: on 200k SM events a standardised input of 202 gives I = 9 and leaves
   * 10-bit types one fractional bit.
   */
  public static final double DEFAULT_COVERAGE = 0.9999;

  /**
   * As {@link #run(LoadedModel, EventBatch, Map, List, List, double)}, with the coverage of the automatic
   * integer bits ({@link FixedPointNet#profile(float[], int, double)}).
   */
  public static Result run(LoadedModel model, EventBatch background, Map<String, EventBatch> signals,
      List<PrecisionConfig> configs, List<Double> fprs, double decisionFpr, double coverage) {
    if (!(model.preprocessing() instanceof Standardizer std)) {
      throw new IllegalArgumentException("fixed-point emulation needs the ADC2021 standardizer");
    }
    if (background.size() < 2 || signals.isEmpty()) {
      throw new IllegalArgumentException("the study needs >= 2 background events and a signal, found " + background.size()
          + " and " + signals.size() + " signals");
    }
    FixedPointNet net = FixedPointNet.of(model.block());
    Map<String, float[]> inputs = new LinkedHashMap<>();
    inputs.put("", standardised(std, background));
    signals.forEach((name, b) -> inputs.put(name, standardised(std, b)));
    List<FixedPointNet.Range> profile = net.profile(inputs.get(""), background.size(), coverage);
    Map<String, double[]> reference = scores(net, inputs, null);
    List<Row> rows = new ArrayList<>();
    rows.add(row("float32", null, reference, reference, fprs, decisionFpr));
    for (PrecisionConfig c : configs) {
      PrecisionConfig.Resolved r = c.resolve(net, profile);
      rows.add(row(c.label(), r, scores(net, inputs, r), reference, fprs, decisionFpr));
    }
    Map<String, Integer> sizes = new LinkedHashMap<>();
    signals.forEach((n, b) -> sizes.put(n, b.size()));
    return new Result(net.kind(), background.size(), sizes, List.copyOf(fprs), decisionFpr, coverage, profile, rows);
  }

  /** Standardised inputs (n x 57) of a batch. */
  static float[] standardised(Standardizer std, EventBatch b) {
    float[] x = new float[b.size() * 57];
    std.apply(b, 0, b.size(), x, new float[b.size() * 19], 0);
    return x;
  }

  private static Map<String, double[]> scores(FixedPointNet net, Map<String, float[]> inputs, PrecisionConfig.Resolved r) {
    Map<String, double[]> out = new LinkedHashMap<>();
    inputs.forEach((name, x) -> out.put(name, net.scores(x, x.length / 57, r == null ? null : r.input(),
        r == null ? null : r.layers())));
    return out;
  }

  private static Row row(String label, PrecisionConfig.Resolved types, Map<String, double[]> s, Map<String, double[]> ref,
      List<Double> fprs, double decisionFpr) {
    EvaluationConfig ec = EvaluationConfig.defaults();
    double[] bkg = s.get("");
    SortedScores bs = SortedScores.of(bkg, "background");
    SortedScores refBs = SortedScores.of(ref.get(""), "background (float)");
    boolean resolved = bkg.length >= Math.ceil(ec.minBackgroundPerFpr() / decisionFpr - 1e-9);
    double thr = bs.thresholdAtFpr(decisionFpr);
    double refThr = refBs.thresholdAtFpr(decisionFpr);
    Map<String, Double> auc = new LinkedHashMap<>();
    Map<String, Map<Double, TprAtFpr>> tpr = new LinkedHashMap<>();
    long flips = 0;
    long events = 0;
    for (var e : s.entrySet()) {
      double[] v = e.getValue();
      double[] r = ref.get(e.getKey());
      for (int i = 0; i < v.length; i++) {
        flips += (v[i] > thr) != (r[i] > refThr) ? 1 : 0;
      }
      events += v.length;
      if (!e.getKey().isEmpty()) {
        auc.put(e.getKey(), Auc.mannWhitney(bkg, v));
        SortedScores sig = SortedScores.of(v, e.getKey());
        Map<Double, TprAtFpr> byFpr = new LinkedHashMap<>();
        for (double f : fprs) {
          byFpr.put(f, TprAtFpr.measure(bs, sig, f, ec));
        }
        tpr.put(e.getKey(), byFpr);
      }
    }
    double[] rb = ref.get("");
    double[] rel = relativeDeviations(bkg, rb);
    double dev = 0;
    for (double d : rel) {
      dev = Math.max(dev, d);
    }
    return new Row(label, types, auc, tpr, correlation(bkg, rb), spearman(bkg, rb), resolved ? (double) flips / events
        : Double.NaN, median(rel), dev);
  }

  /** |s_i - ref_i| / ref_i per event (0 when both are 0, infinity when only ref_i is 0). */
  static double[] relativeDeviations(double[] s, double[] ref) {
    double[] out = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      double d = Math.abs(s[i] - ref[i]);
      out[i] = ref[i] > 0 ? d / ref[i] : d > 0 ? Double.POSITIVE_INFINITY : 0;
    }
    return out;
  }

  /** The median (the mean of the two middle values for an even count). */
  static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  /** Pearson correlation (Hipparchus; NaN if one sample is constant). */
  static double correlation(double[] a, double[] b) {
    return new PearsonsCorrelation().correlation(a, b);
  }

  /** Spearman rank correlation, ties at their average rank (Hipparchus). */
  static double spearman(double[] a, double[] b) {
    return new SpearmansCorrelation().correlation(a, b);
  }

  /** The float network's per-layer ranges and the integer bits they need, as a markdown table. */
  public static Table profileTable(String title, List<FixedPointNet.Range> profile, double coverage) {
    List<List<String>> rows = new ArrayList<>();
    for (int l = 0; l < profile.size(); l++) {
      FixedPointNet.Range r = profile.get(l);
      List<String> c = new ArrayList<>(List.of(Integer.toString(l)));
      for (double v : new double[] {r.input(), r.weight(), r.bias(), r.accum(), r.result(), r.activation()}) {
        c.add(Format.number(v) + " (I=" + FixedPointNet.integerBitsFor(v) + ")");
      }
      rows.add(c);
    }
    return new Table(title, (coverage == 1 ? "Largest |value|" : "The " + coverage + " quantile over background events"
        + " of each event's largest |value|") + " of the float network (weights and biases: their largest |value|),"
        + " and the integer bits I (sign included) that hold it: I = floor(log2 max) + 2, so I = 0 for values in"
        + " [0.25, 0.5) and I = -1 in [0.125, 0.25) (ap_fixed<W,I> holds [-2^(I-1), 2^(I-1))).", List.of("layer", "input", "weight", "bias",
        "accumulator (partial sums)", "result", "activation"), rows);
  }
}
