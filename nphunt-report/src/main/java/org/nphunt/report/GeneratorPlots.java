package org.nphunt.report;

import java.awt.Color;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nphunt.eval.Format;

/**
 * The generator-quality page's figure: one feature's generated and real distributions (fractions of
 * events per bin, linear y) over a ratio panel generated / real per bin with its statistical error
 * (sqrt(1/n_gen + 1/n_real) relative, from the bin counts). Package-private.
 */
final class GeneratorPlots {
  static final int WIDTH = 440;
  static final int TOP_HEIGHT = 300;
  static final int RATIO_HEIGHT = 150;
  /** Upper end of the ratio axis; larger ratios are drawn at it as up-triangles. */
  static final double RATIO_MAX = 2.0;
  /** Quantiles of the pooled samples that bound a continuous feature's axis (values beyond: edge markers). */
  static final double TAIL = 0.002;

  private GeneratorPlots() {}

  /** Bin edges of feature k: unit bins centred on the integers for counts, else equal bins over the pooled core. */
  static double[] edges(GeneratorQuality q, int k, int bins) {
    double[] r = q.real()[k];
    double[] g = q.generated()[k];
    if (q.integer().get(k)) {
      double lo = Math.min(min(r), min(g));
      double hi = Math.max(Charts.quantile(r, 1 - TAIL), Charts.quantile(g, 1 - TAIL));
      int width = (int) Math.max(1, Math.ceil((hi - lo + 1) / bins));
      int n = (int) Math.max(1, Math.ceil((hi - lo + 1) / width));
      double[] e = new double[n + 1];
      for (int i = 0; i <= n; i++) {
        e[i] = lo - 0.5 + (double) i * width;
      }
      return e;
    }
    double lo = Math.min(Charts.quantile(r, TAIL), Charts.quantile(g, TAIL));
    double hi = Math.max(Charts.quantile(r, 1 - TAIL), Charts.quantile(g, 1 - TAIL));
    if (lo > 0 && lo < 0.1 * hi) {
      lo = 0; // a positive feature starts at 0
    }
    return Histogram.edges(lo, hi, bins, false);
  }

  private static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  /** {top, ratio}: the two panels of feature k, same width, same y tick label width (so the plot areas align). */
  static XYChart[] feature(GeneratorQuality q, int k, int bins) {
    String name = q.features().get(k);
    String unit = q.units().get(k);
    String axis = name + (unit.isEmpty() ? "" : " [" + unit + "]");
    double[] edges = edges(q, k, bins);
    Histogram real = Histogram.withOverflow(q.real()[k], edges);
    Histogram gen = Histogram.withOverflow(q.generated()[k], edges);
    int nReal = q.real()[k].length;
    int nGen = q.generated()[k].length;
    var d = q.distances().get(k);
    XYChart top = Charts.chart(WIDTH, TOP_HEIGHT, String.format(Locale.ROOT, "%s: W1/std %s, KS %s", name,
        GeneratorQuality.cell(d.wassersteinOverStd()), GeneratorQuality.cell(d.ks())), " ", "fraction / bin");
    style(top);
    double max = Math.max(real.max(), gen.max());
    double topMax = Math.max(max * 1.6, 1e-3); // room for the legend
    top.getStyler().setXAxisMin(edges[0]).setXAxisMax(edges[edges.length - 1]).setYAxisMin(0.0).setYAxisMax(topMax);
    top.getStyler().setyAxisTickLabelsFormattingFunction(yLabels(topMax));
    top.getStyler().setXAxisTitleVisible(false);
    top.getStyler().setxAxisTickLabelsFormattingFunction(v -> " "); // the ratio panel carries them (never "": XChart cannot paint it)
    top.getStyler().setLegendPosition(LegendPosition.InsideNE);
    Charts.steps(top, "real (" + Format.compact(nReal) + ")", real, Charts.BACKGROUND, Charts.SOLID, 0);
    Charts.steps(top, "generated (" + Format.compact(nGen) + ")", gen, Charts.color(0), Charts.DASHED, 0);
    String outside = outside(real, gen);
    if (!outside.isEmpty()) {
      // out-of-range shares in the legend (a zero-length series)
      XYSeries s = Charts.line(top, outside, new double[] {edges[0]}, new double[] {0}, Color.WHITE, Charts.THIN);
      s.setMarker(SeriesMarkers.NONE);
    }

    XYChart ratio = Charts.chart(WIDTH, RATIO_HEIGHT, " ", axis, "gen / real");
    style(ratio);
    ratio.getStyler().setChartTitleVisible(false).setLegendVisible(false);
    ratio.getStyler().setXAxisMin(edges[0]).setXAxisMax(edges[edges.length - 1]).setYAxisMin(0.0).setYAxisMax(RATIO_MAX);
    ratio.getStyler().setXAxisDecimalPattern(q.integer().get(k) ? "0" : null);
    ratio.getStyler().setyAxisTickLabelsFormattingFunction(yLabels(topMax));
    Charts.line(ratio, "1", new double[] {edges[0], edges[edges.length - 1]}, new double[] {1, 1}, Color.GRAY, Charts.DOTTED);
    int bins0 = edges.length - 1;
    double[] x = new double[bins0];
    double[] y = new double[bins0];
    double[] err = new double[bins0];
    double[] cx = new double[bins0];
    double[] cy = new double[bins0];
    int n = 0;
    int clipped = 0;
    for (int i = 0; i < bins0; i++) {
      double cr = real.fraction[i] * nReal;
      double cg = gen.fraction[i] * nGen;
      if (cr <= 0) {
        continue;
      }
      double rt = gen.fraction[i] / real.fraction[i];
      double centre = 0.5 * (edges[i] + edges[i + 1]);
      if (rt > RATIO_MAX) {
        cx[clipped] = centre;
        cy[clipped++] = RATIO_MAX;
        continue;
      }
      x[n] = centre;
      y[n] = rt;
      err[n++] = cg > 0 ? Math.min(rt * Math.sqrt(1 / cg + 1 / cr), RATIO_MAX) : 0;
    }
    if (n > 0) {
      XYSeries s = ratio.addSeries("ratio", Charts.filtered(x, range(n), n), Charts.filtered(y, range(n), n),
          Charts.filtered(err, range(n), n));
      s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(Charts.color(0));
      ratio.getStyler().setErrorBarsColor(Charts.color(0));
    }
    if (clipped > 0) {
      XYSeries s = ratio.addSeries("ratio > " + RATIO_MAX, Charts.filtered(cx, range(clipped), clipped),
          Charts.filtered(cy, range(clipped), clipped));
      s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.TRIANGLE_UP);
      s.setMarkerColor(Charts.color(0));
    }
    return new XYChart[] {top, ratio};
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** "outside the axis: real 0.3%, gen 1.2%" or "" when nothing is. */
  private static String outside(Histogram real, Histogram gen) {
    double r = real.underflow + real.overflow;
    double g = gen.underflow + gen.overflow;
    if (r <= 0 && g <= 0) {
      return "";
    }
    return String.format(Locale.ROOT, "outside: real %s, gen %s", percent(r), percent(g));
  }

  private static String percent(double f) {
    return String.format(Locale.ROOT, f >= 0.01 || f == 0 ? "%.1f%%" : "%.2g%%", 100 * f);
  }

  /**
   * The y tick label format of both panels: the same number of decimals (3, or 4 when the top panel's
   * axis ends below 0.02, where ticks may be 0.0025 apart) and values below 10, so every label has the
   * same characters and both plot areas start at the same x. Never empty (XChart cannot paint that).
   */
  static java.util.function.Function<Double, String> yLabels(double topYMax) {
    String pattern = topYMax < 0.02 ? "%.4f" : "%.3f";
    return v -> String.format(Locale.ROOT, pattern, v + 0.0);
  }

  /** Smaller fonts for the three-column grid. */
  private static void style(XYChart c) {
    c.getStyler().setAxisTitleFont(c.getStyler().getAxisTitleFont().deriveFont(14f));
    c.getStyler().setAxisTickLabelsFont(c.getStyler().getAxisTickLabelsFont().deriveFont(13f));
    c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(14f));
    c.getStyler().setLegendFont(c.getStyler().getLegendFont().deriveFont(12f));
  }
}
