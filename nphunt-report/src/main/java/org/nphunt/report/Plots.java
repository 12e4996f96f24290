package org.nphunt.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nphunt.eval.RocCurve;
import org.nphunt.eval.SignalResult;
import org.nphunt.random.Seeds;
import org.nphunt.training.history.EpochRecord;
import org.nphunt.training.history.TrainingHistory;

/** Builds each kind of report chart. Package-private: {@link Report} is the entry point. */
final class Plots {
  static final double FPR_MIN = 1e-6;
  static final double FPR_LINE = 1e-5;
  /** Sizes chosen to be shown 1:1 in the report's two- and three-column grids at a 1400 px window. */
  static final int WIDTH = 660;
  static final int HEIGHT = 500;
  /** Taller, for charts whose legend sits below the plot. */
  static final int TALL = 660;

  private Plots() {}

  /**
   * ROC curves of one model and score, one per signal: log FPR axis over [1e-6, 1] with a vertical
   * line at FPR = 1e-5 (the ADC2021 working point) and the random-guess diagonal.
   */
  static XYChart roc(String model, String score, List<SignalResult> results, List<String> signalOrder, boolean tprLog) {
    XYChart c = Charts.chart(WIDTH, TALL, "ROC: " + model + ", score " + score,
        "background efficiency (FPR)", "signal efficiency (TPR)");
    c.getStyler().setXAxisLogarithmic(true).setXAxisMin(FPR_MIN).setXAxisMax(1.0);
    c.getStyler().setLegendPosition(LegendPosition.OutsideS);
    double yMin = 0;
    if (tprLog) {
      double minTpr = 1;
      for (SignalResult r : results) {
        for (int i = 0; i < r.roc().size(); i++) {
          if (r.roc().fpr()[i] >= FPR_MIN && r.roc().tpr()[i] > 0) {
            minTpr = Math.min(minTpr, r.roc().tpr()[i]);
          }
        }
      }
      yMin = Math.max(1e-6, Charts.decadeBelow(minTpr));
      c.getStyler().setYAxisLogarithmic(true).setYAxisMin(yMin).setYAxisMax(1.0);
    } else {
      c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisDecimalPattern("0.0");
    }
    for (SignalResult r : results) {
      RocCurve roc = r.roc();
      int[] keep = new int[roc.size()];
      int n = 0;
      for (int i = 0; i < roc.size(); i++) {
        if (roc.fpr()[i] >= FPR_MIN && (!tprLog || roc.tpr()[i] > 0)) {
          keep[n++] = i;
        }
      }
      if (n < 2) {
        continue;
      }
      Charts.line(c, String.format(Locale.ROOT, "%s (AUC = %.3f)", r.signal(), r.auc()),
          Charts.filtered(roc.fpr(), keep, n), Charts.filtered(roc.tpr(), keep, n),
          Charts.color(signalOrder.indexOf(r.signal())), Charts.SOLID);
    }
    double[] gx = new double[61];
    for (int i = 0; i < gx.length; i++) {
      gx[i] = Math.pow(10, -6 + i / 10.0);
    }
    double[] gy = gx.clone();
    if (tprLog) {
      int first = 0;
      while (first < gy.length && gy[first] < yMin) {
        first++;
      }
      gx = Arrays.copyOfRange(gx, first, gx.length);
      gy = Arrays.copyOfRange(gy, first, gy.length);
    }
    Charts.line(c, "random guess", gx, gy, Color.GRAY, Charts.DOTTED);
    Charts.vertical(c, "FPR = 1e-5", FPR_LINE, tprLog ? yMin : 0, 1, Color.BLACK, Charts.DASHED);
    return c;
  }

  /**
   * Score distributions of one model and score, per process, log y, with the thresholds as vertical
   * lines. Log-spaced bins when all scores are positive and span more than two decades.
   */
  static XYChart scoreHistogram(String model, String score, List<ScoreDistribution> dists, List<String> signalOrder,
      Map<String, Double> thresholds, int bins) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    dists = dists.stream().filter(d -> d.values().length > 0).toList();
    for (ScoreDistribution d : dists) {
      double[] sorted = d.values().clone();
      Arrays.sort(sorted);
      lo = Math.min(lo, sorted[0]);
      hi = Math.max(hi, weightedQuantile(d, 0.9995));
    }
    for (double t : thresholds.values()) {
      hi = Math.max(hi, t * (t > 0 ? 1.05 : 0.95));
    }
    if (!(hi > lo)) {
      // all scores equal: a unit-wide window around them
      lo -= 0.5;
      hi += 0.5;
    }
    boolean logX = lo > 0 && hi / lo > 100;
    if (logX) {
      lo = Math.max(lo, hi * 1e-6);
    }
    double[] edges = Histogram.edges(lo, hi, bins, logX);
    XYChart c = Charts.chart(WIDTH, TALL, "Scores: " + model + ", " + score,
        "anomaly score " + score + (logX ? " (log scale)" : ""), "fraction of events per bin");
    c.getStyler().setXAxisLogarithmic(logX).setYAxisLogarithmic(true).setXAxisMin(lo).setXAxisMax(hi);
    c.getStyler().setLegendPosition(LegendPosition.OutsideS);
    List<Histogram> hs = new ArrayList<>();
    double minPositive = 1;
    double max = 0;
    for (ScoreDistribution d : dists) {
      Histogram h = Histogram.of(d.values(), d.weights(), edges);
      hs.add(h);
      minPositive = Math.min(minPositive, h.minPositive());
      max = Math.max(max, h.max());
    }
    double yMin = Charts.decadeBelow(minPositive);
    double yMax = Charts.decadeAbove(Math.max(max * 3, yMin * 10));
    c.getStyler().setYAxisMin(yMin).setYAxisMax(yMax);
    for (int i = 0; i < dists.size(); i++) {
      ScoreDistribution d = dists.get(i);
      int idx = signalOrder.indexOf(d.process());
      Color color = idx < 0 ? Charts.BACKGROUND : Charts.color(idx);
      Charts.steps(c, d.process() + " (" + String.format(java.util.Locale.ROOT, "%,d", d.events()) + " events)", hs.get(i),
          color, Charts.SOLID, yMin * 0.5);
    }
    int k = 0;
    for (Map.Entry<String, Double> t : thresholds.entrySet()) {
      if (t.getValue() > lo && t.getValue() < hi) {
        Charts.vertical(c, "threshold, " + t.getKey(), t.getValue(), yMin, yMax, thresholdGray(k++), Charts.DASHED);
      }
    }
    c.getStyler().setXAxisDecimalPattern(logX ? null : "0.###");
    return c;
  }

  private static Color thresholdGray(int k) {
    int v = Math.min(0xA0, 0x20 + 0x28 * k);
    return new Color(v, v, v);
  }

  /** Training and validation loss per epoch, the kept (best) epoch marked. */
  static XYChart loss(String model, TrainingHistory h) {
    List<EpochRecord> ep = h.epochs();
    double[] x = new double[ep.size()];
    double[] train = new double[ep.size()];
    double[] val = new double[ep.size()];
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    boolean hasVal = false;
    for (int i = 0; i < ep.size(); i++) {
      x[i] = ep.get(i).epoch();
      train[i] = ep.get(i).trainLoss();
      val[i] = ep.get(i).valLoss();
      hasVal |= Double.isFinite(val[i]);
      for (double v : new double[] {train[i], val[i]}) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    boolean logY = min > 0 && max / min > 10;
    XYChart c = Charts.chart(WIDTH, HEIGHT, "Training: " + model + (h.stopReason() == null ? "" : " (stopped: " + h.stopReason() + ")"),
        "epoch", "loss (per event, standardised inputs)" + (logY ? ", log scale" : ""));
    c.getStyler().setYAxisLogarithmic(logY).setXAxisDecimalPattern("0");
    if (x.length == 1) {
      c.getStyler().setXAxisMin(0.0).setXAxisMax(2.0);
    }
    Charts.line(c, "training", x, train, Charts.color(1), Charts.SOLID).setMarker(SeriesMarkers.CIRCLE);
    if (hasVal) {
      int[] keep = new int[x.length];
      int n = 0;
      for (int i = 0; i < x.length; i++) {
        if (Double.isFinite(val[i])) {
          keep[n++] = i;
        }
      }
      Charts.line(c, "validation", Charts.filtered(x, keep, n), Charts.filtered(val, keep, n), Charts.color(0), Charts.DASHED)
          .setMarker(SeriesMarkers.DIAMOND);
    }
    if (h.bestEpoch() > 0 && Double.isFinite(min)) {
      Charts.vertical(c, "kept epoch " + h.bestEpoch(), h.bestEpoch(), logY ? min : Math.min(0, min), max, Color.GRAY, Charts.DOTTED);
    }
    return c;
  }

  /** The value below which a fraction q of the (weighted) events lie. */
  static double weightedQuantile(ScoreDistribution d, double q) {
    int n = d.values().length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    double[] v = d.values();
    Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += d.weight(i);
    }
    double acc = 0;
    for (int i = 0; i < n; i++) {
      acc += d.weight(order[i]);
      if (acc >= q * total) {
        return v[order[i]];
      }
    }
    return v[order[n - 1]];
  }

  static final int SMALL_WIDTH = 440;
  static final int SMALL_HEIGHT = 340;

  /** Input (solid) and reconstructed (dashed) distribution of one feature, log y. */
  static XYChart feature(FeatureComparison f, int bins) {
    double lo;
    double hi;
    if (f.isAngle()) {
      lo = -Math.PI;
      hi = Math.PI;
    } else if (f.isMomentum()) {
      lo = 0;
      hi = Charts.niceCeil(Math.max(1, Charts.quantile(f.input(), 0.995) * 1.1));
    } else {
      double a = Math.max(Math.abs(Charts.quantile(f.input(), 0.0005)), Math.abs(Charts.quantile(f.input(), 0.9995)));
      hi = Charts.niceCeil(Math.max(a, 0.5));
      lo = -hi;
    }
    double[] edges = Histogram.edges(lo, hi, bins, false);
    Histogram in = Histogram.of(f.input(), edges);
    Histogram rec = Histogram.of(f.reconstructed(), edges);
    XYChart c = Charts.chart(SMALL_WIDTH, SMALL_HEIGHT, f.process() + ": " + f.axisTitle().replaceAll(" \\[.*", ""),
        f.axisTitle(), "fraction of objects / bin");
    c.getStyler().setAxisTitleFont(c.getStyler().getAxisTitleFont().deriveFont(14f));
    c.getStyler().setAxisTickLabelsFont(c.getStyler().getAxisTickLabelsFont().deriveFont(13f));
    c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(15f));
    c.getStyler().setLegendFont(c.getStyler().getLegendFont().deriveFont(13f));
    double yMin = Charts.decadeBelow(Math.min(in.minPositive(), rec.minPositive()));
    double yMax = Charts.decadeAbove(Math.max(in.max(), rec.max()) * 3);
    c.getStyler().setYAxisLogarithmic(true).setYAxisMin(yMin).setYAxisMax(yMax).setXAxisMin(lo).setXAxisMax(hi);
    c.getStyler().setXAxisDecimalPattern(f.isMomentum() ? "0" : "0.#");
    Charts.steps(c, "input (" + f.input().length + ")", in, Charts.BACKGROUND, Charts.SOLID, yMin * 0.5);
    Charts.steps(c, "reconstructed", rec, Charts.color(0), Charts.DASHED, yMin * 0.5);
    return c;
  }

  /** Scatter of the two leading latent dimensions, a seeded subsample per process. */
  static XYChart latent(String model, List<LatentSample> samples, List<String> signalOrder, int maxPoints, long seed) {
    XYChart c = Charts.chart(WIDTH, HEIGHT, "Latent space: " + model + " (two leading dimensions)",
        "z_0 (latent mean, dimensionless)", "z_1 (latent mean, dimensionless)");
    c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter).setMarkerSize(5);
    c.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
    for (LatentSample s : samples) {
      int n = s.z0().length;
      if (n == 0) {
        continue;
      }
      int[] idx = subsample(n, maxPoints, Seeds.random(seed, "report/latent/" + model + "/" + s.process()));
      XYSeries series = c.addSeries(s.process() + " (" + idx.length + " of " + n + ")",
          Charts.filtered(s.z0(), idx, idx.length), Charts.filtered(s.z1(), idx, idx.length));
      int k = signalOrder.indexOf(s.process());
      Color base = k < 0 ? new Color(0x77, 0x77, 0x77) : Charts.color(k);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setMarkerColor(new Color(base.getRed(), base.getGreen(), base.getBlue(), k < 0 ? 90 : 150));
    }
    return c;
  }

  /** Up to {@code max} distinct indices of [0, n), in order (reservoir sampling). */
  static int[] subsample(int n, int max, SplittableRandom r) {
    if (n <= max) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      return all;
    }
    int[] res = new int[max];
    Arrays.setAll(res, i -> i);
    for (int i = max; i < n; i++) {
      int j = r.nextInt(i + 1);
      if (j < max) {
        res[j] = i;
      }
    }
    Arrays.sort(res);
    return res;
  }
}
