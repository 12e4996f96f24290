package org.nphunt.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nphunt.eval.ClopperPearson;
import org.nphunt.eval.Format;
import org.nphunt.eval.Interval;
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
   * ROC curves of one model and score, one per signal, on a log FPR axis from the decade below
   * 1/N_background (the smallest FPR the background resolves) to 1, with a 68% Clopper-Pearson band
   * of the TPR (signal statistics; thin lines of the curve's colour), the region where fewer than
   * {@link #RESOLVED_EVENTS} background events pass the threshold shaded (there the threshold itself is
   * uncertain; the results tables give intervals that include it), a vertical line at FPR = 1e-5 (the
   * ADC2021 working point) and the random-guess diagonal.
   */
  static XYChart roc(String model, String score, List<SignalResult> results, List<String> signalOrder, boolean tprLog) {
    XYChart c = Charts.chart(WIDTH, TALL, "ROC: " + model + ", score " + score,
        "background efficiency (FPR)", "signal efficiency (TPR)" + (tprLog ? ", log scale" : ""));
    long nBackground = Long.MAX_VALUE;
    for (SignalResult r : results) {
      nBackground = Math.min(nBackground, Math.max(1, r.nBackground()));
    }
    double fprMin = results.isEmpty() ? FPR_MIN : Charts.decadeBelow(1.0 / nBackground);
    double resolved = results.isEmpty() ? fprMin : Math.min(1.0, (double) RESOLVED_EVENTS / nBackground);
    c.getStyler().setXAxisLogarithmic(true).setXAxisMin(fprMin).setXAxisMax(1.0);
    c.getStyler().setLegendPosition(LegendPosition.OutsideS);
    double yMin = 0;
    if (tprLog) {
      double minTpr = 1;
      for (SignalResult r : results) {
        for (int i = 0; i < r.roc().size(); i++) {
          if (r.roc().fpr()[i] >= fprMin && r.roc().tpr()[i] > 0) {
            minTpr = Math.min(minTpr, r.roc().tpr()[i]);
          }
        }
      }
      yMin = Math.max(1e-6, Charts.decadeBelow(minTpr));
      c.getStyler().setYAxisLogarithmic(true).setYAxisMin(yMin).setYAxisMax(1.0);
    } else {
      c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisDecimalPattern("0.0");
    }
    String unresolved = String.format(Locale.ROOT, "< %d background events pass (threshold uncertain)", RESOLVED_EVENTS);
    if (resolved > fprMin && !tprLog) {
      XYSeries shade = c.addSeries(unresolved, new double[] {fprMin, resolved}, new double[] {1.0, 1.0});
      shade.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
      shade.setMarker(SeriesMarkers.NONE);
      shade.setFillColor(new Color(0, 0, 0, 28));
      shade.setLineColor(new Color(0xC8, 0xC8, 0xC8));
      shade.setLineStyle(Charts.THIN);
    } else if (resolved > fprMin) {
      // XChart fills areas down to zero, which a log axis does not have: the limit as a wide grey line instead
      Charts.vertical(c, unresolved.replace("<", "left of this line: <"), resolved, yMin, 1.0, new Color(0, 0, 0, 45),
          new BasicStroke(7f));
    }
    for (SignalResult r : results) {
      RocCurve roc = r.roc();
      int[] keep = new int[roc.size()];
      int n = 0;
      for (int i = 0; i < roc.size(); i++) {
        if (roc.fpr()[i] >= fprMin && (!tprLog || roc.tpr()[i] > 0)) {
          keep[n++] = i;
        }
      }
      if (n < 2) {
        continue;
      }
      Color color = Charts.color(signalOrder.indexOf(r.signal()));
      double[] x = Charts.filtered(roc.fpr(), keep, n);
      double[] y = Charts.filtered(roc.tpr(), keep, n);
      if (r.nSignal() > 0) {
        double[][] band = tprBand(y, r.nSignal(), tprLog ? yMin : 0);
        Color light = new Color(color.getRed(), color.getGreen(), color.getBlue(), 110);
        Charts.line(c, r.signal() + " 68% band", x, band[0], light, Charts.THIN).setShowInLegend(false);
        Charts.line(c, r.signal() + " 68% band (upper)", x, band[1], light, Charts.THIN).setShowInLegend(false);
      }
      Charts.line(c, String.format(Locale.ROOT, "%s (AUC = %.3f)", r.signal(), r.auc()), x, y, color, Charts.SOLID);
    }
    int decades = (int) Math.round(-Math.log10(fprMin));
    double[] gx = new double[10 * decades + 1];
    for (int i = 0; i < gx.length; i++) {
      gx[i] = Math.pow(10, -decades + i / 10.0);
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
    if (FPR_LINE >= fprMin) {
      Charts.vertical(c, "FPR = 1e-5", FPR_LINE, tprLog ? yMin : 0, 1, Color.BLACK, Charts.DASHED);
    }
    return c;
  }

  /** Background events above which a threshold counts as resolved: below, the ROC is shaded. */
  static final int RESOLVED_EVENTS = 10;

  /**
   * The 68% Clopper-Pearson interval of each TPR value given nSignal events ({lower[], upper[]}), the lower
   * bound not below floor (a log axis).
   */
  static double[][] tprBand(double[] tpr, long nSignal, double floor) {
    double[][] band = new double[2][tpr.length];
    for (int i = 0; i < tpr.length; i++) {
      long k = Math.round(tpr[i] * nSignal);
      Interval ci = ClopperPearson.interval(k, nSignal, ClopperPearson.ONE_SIGMA);
      band[0][i] = Math.max(floor, ci.lower());
      band[1][i] = ci.upper();
    }
    return band;
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
    double yMax = Math.min(1.0, Charts.decadeAbove(Math.max(max * 3, yMin * 10)));
    if (yMax <= yMin) {
      yMax = yMin * 10;
    }
    c.getStyler().setYAxisMin(yMin).setYAxisMax(yMax);
    int backgrounds = 0;
    for (int i = 0; i < dists.size(); i++) {
      ScoreDistribution d = dists.get(i);
      int idx = signalOrder.indexOf(d.process());
      Color color = idx < 0 ? Charts.backgroundColor(backgrounds) : Charts.color(idx);
      BasicStroke stroke = idx < 0 ? Charts.backgroundStroke(backgrounds++) : Charts.SOLID;
      Charts.steps(c, d.process() + " (" + String.format(java.util.Locale.ROOT, "%,d", d.events()) + " events)", hs.get(i),
          color, stroke, yMin * 0.5);
    }
    // thresholds: thin red-brown lines (no process uses that hue), each labelled by its FPR at the top
    Color thresholdColor = new Color(0x8B, 0x1A, 0x1A);
    boolean any = false;
    int labelled = 0;
    double xLo = lo;
    double xHi = hi;
    List<Map.Entry<String, Double>> drawn = new ArrayList<>(thresholds.entrySet().stream()
        .filter(t -> t.getValue() > xLo && t.getValue() < xHi).toList());
    drawn.sort(Map.Entry.comparingByValue());
    for (Map.Entry<String, Double> t : drawn) {
      Charts.vertical(c, "threshold " + t.getKey(), t.getValue(), yMin, yMax, thresholdColor, Charts.THIN)
          .setShowInLegend(false);
      // labels staggered over four heights in the order of the thresholds, so that neighbours do not overlap
      String text = t.getKey().startsWith("FPR ") ? t.getKey().substring(4) : t.getKey().replaceAll(" \\(.*", "");
      c.addAnnotation(new AnnotationText(text, t.getValue(), logYPosition(yMin, yMax, 0.955 - 0.06 * (labelled++ % 4)), false));
      any = true;
    }
    if (any) {
      c.getStyler().setAnnotationTextFontColor(thresholdColor);
      c.getStyler().setAnnotationTextFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13));
      Charts.line(c, "thresholds, labelled by FPR", new double[] {lo, lo}, new double[] {yMin, yMin}, thresholdColor,
          Charts.THIN);
    }
    c.getStyler().setXAxisDecimalPattern(logX ? null : "0.###");
    return c;
  }

  /** The value at a fraction f of the height of a log axis [yMin, yMax]. */
  static double logYPosition(double yMin, double yMax, double f) {
    return Math.pow(10, Math.log10(yMin) + f * (Math.log10(yMax) - Math.log10(yMin)));
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
    c.getStyler().setYAxisLogarithmic(logY).setLegendPosition(LegendPosition.InsideNE);
    // the y range shows the curves (not the distance to zero): 8% margins, or a decade around them (log)
    if (Double.isFinite(min)) {
      if (logY) {
        c.getStyler().setYAxisMin(Charts.decadeBelow(min)).setYAxisMax(Charts.decadeAbove(max));
      } else {
        double pad = Math.max(0.08 * (max - min), 1e-3 * Math.max(Math.abs(max), 1e-12));
        c.getStyler().setYAxisMin(min - pad).setYAxisMax(max + 2.5 * pad); // room for the legend at the top
        c.getStyler().setYAxisDecimalPattern(tickPattern(max - min));
      }
    }
    // integer epochs only: ticks at whole numbers, none repeated
    int last = ep.isEmpty() ? 1 : ep.get(ep.size() - 1).epoch();
    c.getStyler().setXAxisMin(x.length == 1 ? 0.0 : x[0]).setXAxisMax(x.length == 1 ? 2.0 : (double) last);
    long step = epochTickStep(last);
    c.setCustomXAxisTickLabelsFormatter(v -> Math.abs(v - Math.rint(v)) < 1e-9 && Math.round(v) % step == 0
        ? Long.toString(Math.round(v)) : " "); // XChart cannot paint an empty label
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
      double y0 = logY ? Charts.decadeBelow(min) : min - Math.max(0.08 * (max - min), 1e-3 * Math.max(Math.abs(max), 1e-12));
      Charts.vertical(c, "kept epoch " + h.bestEpoch(), h.bestEpoch(), y0, max, Color.GRAY, Charts.DOTTED);
    }
    return c;
  }

  /** Label every epoch up to 12 epochs, then every 2nd, 5th, 10th, ... so that at most ~12 labels show. */
  static long epochTickStep(int lastEpoch) {
    for (long step : new long[] {1, 2, 5, 10, 20, 50, 100, 200, 500}) {
      if (lastEpoch / step <= 12) {
        return step;
      }
    }
    return 1000;
  }

  /** A decimal pattern with enough digits for ticks over a range of this width. */
  static String tickPattern(double range) {
    if (!(range > 0)) {
      return "0.###";
    }
    int digits = (int) Math.max(0, Math.min(6, Math.ceil(-Math.log10(range)) + 1));
    return digits == 0 ? "0" : "0." + "0".repeat(digits);
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

  /**
   * The x range of one feature shared by every process and model that draws it: [-pi, pi] for an
   * azimuth, [0, a round number above the largest per-process 99.5% quantile] for a momentum, else
   * symmetric around 0 covering the largest per-process 0.05%..99.95% range.
   */
  static double[] featureRange(List<FeatureComparison> same) {
    FeatureComparison f0 = same.get(0);
    if (f0.isAngle()) {
      return new double[] {-Math.PI, Math.PI};
    }
    double top = 0;
    for (FeatureComparison f : same) {
      if (f.input().length == 0) {
        continue;
      }
      top = f0.isMomentum() ? Math.max(top, Charts.quantile(f.input(), 0.995) * 1.1)
          : Math.max(top, Math.max(Math.abs(Charts.quantile(f.input(), 0.0005)), Math.abs(Charts.quantile(f.input(), 0.9995))));
    }
    return f0.isMomentum() ? new double[] {0, Charts.niceCeil(Math.max(1, top))}
        : new double[] {-Charts.niceCeil(Math.max(top, 0.5)), Charts.niceCeil(Math.max(top, 0.5))};
  }

  /** {@link #feature(FeatureComparison, int, double[])} on the feature's own range. */
  static XYChart feature(FeatureComparison f, int bins) {
    return feature(f, bins, featureRange(List.of(f)));
  }

  /**
   * Input (solid) and reconstructed (dashed) distribution of one feature on a given x range, log y, as
   * fractions of the objects drawn; values beyond the range are not piled into the last bin but shown as
   * an overflow marker (a triangle at the right edge at the height of the overflow fraction, its share in
   * the legend), likewise underflow at the left edge.
   */
  static XYChart feature(FeatureComparison f, int bins, double[] range) {
    double lo = range[0];
    double hi = range[1];
    double[] edges = Histogram.edges(lo, hi, bins, false);
    Histogram in = Histogram.withOverflow(f.input(), edges);
    Histogram rec = Histogram.withOverflow(f.reconstructed(), edges);
    XYChart c = Charts.chart(SMALL_WIDTH, SMALL_HEIGHT, f.process() + ": " + f.axisTitle().replaceAll(" \\[.*", ""),
        f.axisTitle(), "fraction of objects / bin");
    c.getStyler().setAxisTitleFont(c.getStyler().getAxisTitleFont().deriveFont(14f));
    c.getStyler().setAxisTickLabelsFont(c.getStyler().getAxisTickLabelsFont().deriveFont(13f));
    c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(15f));
    c.getStyler().setLegendFont(c.getStyler().getLegendFont().deriveFont(12f));
    double minPositive = Math.min(in.minPositive(), rec.minPositive());
    double maxFraction = Math.max(in.max(), rec.max());
    for (double o : new double[] {in.overflow, rec.overflow, in.underflow, rec.underflow}) {
      if (o > 0) {
        minPositive = Math.min(minPositive, o);
        maxFraction = Math.max(maxFraction, o);
      }
    }
    double yMin = Charts.decadeBelow(minPositive);
    double yMax = Math.min(1.0, Charts.decadeAbove(maxFraction * 3));
    if (yMax <= yMin) {
      yMax = yMin * 10;
    }
    c.getStyler().setYAxisLogarithmic(true).setYAxisMin(yMin).setYAxisMax(yMax).setXAxisMin(lo).setXAxisMax(hi);
    c.getStyler().setXAxisDecimalPattern(f.isMomentum() ? "0" : "0.#");
    Charts.steps(c, "input (" + f.input().length + ")", in, Charts.BACKGROUND, Charts.SOLID, yMin * 0.5);
    Charts.steps(c, "reconstructed", rec, Charts.color(0), Charts.DASHED, yMin * 0.5);
    String unit = f.unit().isEmpty() ? "" : " " + f.unit();
    overflowMarker(c, "input", in.overflow, hi, ">= " + Format.compact(hi) + unit, Charts.BACKGROUND, SeriesMarkers.TRIANGLE_UP);
    overflowMarker(c, "reco.", rec.overflow, hi, ">= " + Format.compact(hi) + unit, Charts.color(0), SeriesMarkers.DIAMOND);
    overflowMarker(c, "input", in.underflow, lo, "< " + Format.compact(lo) + unit, Charts.BACKGROUND, SeriesMarkers.TRIANGLE_DOWN);
    overflowMarker(c, "reco.", rec.underflow, lo, "< " + Format.compact(lo) + unit, Charts.color(0), SeriesMarkers.DIAMOND);
    return c;
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, fraction >= 0.01 ? "%.1f%%" : "%.2g%%", 100 * fraction);
  }

  private static void overflowMarker(XYChart c, String what, double fraction, double x, String range, Color color,
      org.knowm.xchart.style.markers.Marker marker) {
    if (fraction <= 0) {
      return;
    }
    XYSeries s = c.addSeries(String.format(Locale.ROOT, "%s %s: %s", what, range, percent(fraction)),
        new double[] {x}, new double[] {fraction});
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    s.setMarker(marker);
    s.setMarkerColor(color);
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
