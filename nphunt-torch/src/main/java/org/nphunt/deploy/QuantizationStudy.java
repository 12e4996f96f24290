package org.nphunt.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.data.EventBatch;
import org.nphunt.eval.Auc;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.score.LoadedModel;

/**
 * What a dense AE or VAE-encoder score loses in fixed point: for each width W (with I integer bits, one
 * {@code ap_fixed<W,I>} for inputs, weights, biases, accumulators, results and activations, as hls4ml's
 * model-level precision), the AUC of each signal against the background and the TPR at a background
 * efficiency (FPR), next to the floating-point model; and the agreement of the scores: Pearson
 * correlation with the float score on the background, and the fraction of events (background and
 * signals) whose trigger decision flips, each score cut at its own threshold for the same FPR.
 *
 * <p>Thresholds: the score above which a fraction FPR of the background lies (the k-th largest
 * background score, k = floor(FPR N) >= 1; NaN when FPR N < 1); an event passes when its score is
 * strictly above. AUC: Mann-Whitney with ties counted 1/2 ({@link Auc#mannWhitney}).
 */
public final class QuantizationStudy {
  /** One row: a width (0 = floating point) and its figures. */
  public record Row(int bits, int integerBits, Map<String, Double> auc, Map<String, Double> tpr, double correlation,
      double flips) {}

  private QuantizationStudy() {}

  /**
   * @param signals signal name -> events
   * @param bits widths W to study
   * @param integerBits I
   * @param fpr operating point (background efficiency) of the TPR and of the decision flips
   */
  public static List<Row> run(LoadedModel model, EventBatch background, Map<String, EventBatch> signals, int[] bits,
      int integerBits, ApFixed.Rounding rounding, ApFixed.Overflow overflow, double fpr) {
    if (!(model.preprocessing() instanceof Standardizer std)) {
      throw new IllegalArgumentException("fixed-point emulation needs the ADC2021 standardizer");
    }
    FixedPointNet net = FixedPointNet.of(model.block());
    Map<String, float[]> inputs = new LinkedHashMap<>();
    inputs.put("", standardised(std, background));
    signals.forEach((name, b) -> inputs.put(name, standardised(std, b)));
    Map<String, double[]> reference = scores(net, inputs, null, null);
    List<Row> rows = new ArrayList<>();
    rows.add(row(0, integerBits, reference, reference, fpr));
    for (int w : bits) {
      ApFixed t = new ApFixed(w, integerBits, rounding, overflow);
      List<FixedPointNet.Precision> p = Collections.nCopies(net.layers().size(), FixedPointNet.Precision.uniform(t));
      rows.add(row(w, integerBits, scores(net, inputs, t, p), reference, fpr));
    }
    return rows;
  }

  private static float[] standardised(Standardizer std, EventBatch b) {
    float[] x = new float[b.size() * 57];
    std.apply(b, 0, b.size(), x, new float[b.size() * 19], 0);
    return x;
  }

  private static Map<String, double[]> scores(FixedPointNet net, Map<String, float[]> inputs, ApFixed t,
      List<FixedPointNet.Precision> p) {
    Map<String, double[]> out = new LinkedHashMap<>();
    inputs.forEach((name, x) -> out.put(name, net.scores(x, x.length / 57, t, p)));
    return out;
  }

  private static Row row(int bits, int integerBits, Map<String, double[]> s, Map<String, double[]> ref, double fpr) {
    double[] bkg = s.get("");
    double thr = threshold(bkg, fpr);
    double refThr = threshold(ref.get(""), fpr);
    Map<String, Double> auc = new LinkedHashMap<>();
    Map<String, Double> tpr = new LinkedHashMap<>();
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
        tpr.put(e.getKey(), Double.isNaN(thr) ? Double.NaN : pass(v, thr));
      }
    }
    return new Row(bits, integerBits, auc, tpr, correlation(bkg, ref.get("")), Double.isNaN(thr) ? Double.NaN
        : (double) flips / events);
  }

  /** The k-th largest value, k = floor(fpr n); NaN when k < 1. */
  static double threshold(double[] bkg, double fpr) {
    int k = (int) Math.floor(fpr * bkg.length);
    if (k < 1) {
      return Double.NaN;
    }
    double[] s = bkg.clone();
    Arrays.sort(s);
    return s[s.length - k];
  }

  private static double pass(double[] v, double thr) {
    long n = 0;
    for (double x : v) {
      n += x > thr ? 1 : 0;
    }
    return (double) n / v.length;
  }

  /** Pearson correlation (1 for identical inputs; NaN if one is constant). */
  static double correlation(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  /** The rows as a markdown table. */
  public static String markdown(List<Row> rows, double fpr) {
    StringBuilder sb = new StringBuilder("| precision |");
    List<String> names = new ArrayList<>(rows.get(0).auc().keySet());
    for (String n : names) {
      sb.append(" AUC ").append(n).append(" |");
    }
    for (String n : names) {
      sb.append(String.format(Locale.ROOT, " TPR %s at FPR %.0e |", n, fpr));
    }
    sb.append(" correlation with float (background) | decisions flipped at FPR ")
        .append(String.format(Locale.ROOT, "%.0e", fpr)).append(" |\n|---|");
    sb.append("---:|".repeat(2 * names.size() + 2)).append('\n');
    for (Row r : rows) {
      sb.append(r.bits() == 0 ? "| float32 |" : String.format(Locale.ROOT, "| ap_fixed<%d,%d> |", r.bits(), r.integerBits()));
      for (String n : names) {
        sb.append(String.format(Locale.ROOT, " %.4f |", r.auc().get(n)));
      }
      for (String n : names) {
        sb.append(String.format(Locale.ROOT, " %.4f |", r.tpr().get(n)));
      }
      sb.append(String.format(Locale.ROOT, " %.6f | %.2e |%n", r.correlation(), r.flips()));
    }
    return sb.toString();
  }
}
