package org.nphunt.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nphunt.fit.CategorySignalFit;
import org.nphunt.fit.ScanPoint;
import org.nphunt.hunt.CategoryResult;
import org.nphunt.hunt.HuntResult;
import org.nphunt.hunt.MethodCurves;

/**
 * The report of a resonant search ({@code nphunt hunt}): results.md (tables) and report.html with
 * PNG plots in plots/: the anomaly score against mJJ with the quantile-regression threshold curves, the
 * mJJ spectrum of each category with the fitted background (+ signal) and a residual panel, and the
 * local significance against the mass hypothesis (categorised and inclusive), and with a per-method
 * comparison (supervised, CWoLa, ANODE, the anomaly score) the SIC and ROC curves of every method.
 */
public final class HuntReport {
  private HuntReport() {}

  /**
   * What the plots need beyond the {@link HuntResult}.
   *
   * @param mJJ a sample of signal-region masses (GeV) for the scatter plot
   * @param score their scores
   * @param curveMass masses (GeV) of the threshold curves
   * @param curveThresholds per mass, the thresholds (one per quantile)
   * @param title the report's title
   * @param manifestJson the manifest, shown as is
   * @param methods per method (supervised, CWoLa, ANODE, anomaly score), its ROC and SIC curves in the
   *     window (empty: no comparison)
   * @param methodWindow the window's description (e.g. "3300-3700 GeV"), or null
   */
  public record Input(double[] mJJ, double[] score, double[] curveMass, double[][] curveThresholds, String title,
      String manifestJson, List<MethodCurves> methods, String methodWindow) {
    public Input {
      methods = methods == null ? List.of() : List.copyOf(methods);
    }
  }

  /** The per-method table (Markdown): AUC and maximum SIC with eps_S there. */
  public static String methodsMarkdown(List<MethodCurves> methods, String window) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%n## Per-method comparison in the mJJ window %s%n%n", window));
    sb.append("| method | signal events | background events | AUC | max SIC | eps_S at max SIC |\n");
    sb.append("|---|---:|---:|---:|---:|---:|\n");
    for (MethodCurves m : methods) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.2f | %.3f |%n", m.method(), m.signalEvents(),
          m.backgroundEvents(), m.auc(), m.maxSic(), m.signalEfficiencyAtMaxSic()));
    }
    sb.append(String.format(Locale.ROOT, "%nSIC = eps_S / sqrt(eps_B) (arXiv:1010.3698) over thresholds passing at least"
        + " %.0f background events; all scores k-folded (no event scored by a model trained on it).%n",
        MethodCurves.MIN_BACKGROUND_EVENTS));
    return sb.toString();
  }

  /** The Markdown summary: categories, then the categorised and inclusive scans. */
  public static String markdown(HuntResult r, String title) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(title).append("\n\n");
    sb.append(String.format(Locale.ROOT, "Events: %d; signal region (|DeltaEtaJJ| < %.2f, mJJ in [%.0f, %.0f) GeV): %d;"
        + " sideband: %d. Signal efficiencies per category from: %s.%n%n", r.events(), r.config().deltaEtaCut(),
        r.config().mJJMin(), r.config().mJJMax(), r.signalRegionEvents(), r.sidebandEvents(), r.efficiencySource()));
    sb.append("## Categories (quantile regression of the score on mJJ)\n\n");
    sb.append("| category | events | fraction | signal events | signal efficiency | shape chi2/ndf (p) | shape KS p | fitted |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (CategoryResult c : r.categories()) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %s | %.3f | %s | %s | %s |%n", c.name(), c.events(),
          c.fraction(), c.signalEvents() < 0 ? "-" : Long.toString(c.signalEvents()), c.signalEfficiency(),
          c.shapeChi2() == null ? "-" : String.format(Locale.ROOT, "%.1f/%d (%.3g)", c.shapeChi2().statistic(),
              c.shapeChi2().ndf(), c.shapeChi2().pValue()),
          c.shapeKs() == null ? "-" : String.format(Locale.ROOT, "%.3g", c.shapeKs().pValue()), c.fitted() ? "yes" : "no"));
    }
    sb.append("\nShape tests: each category's background mJJ against the rest of the signal region (truth background"
        + " when labels are known); a small p-value means the score cut sculpts mJJ.\n\n");
    sb.append("## Mass scan, all fitted categories together (shared mu = signal events in the signal region)\n\n");
    sb.append(r.categorised().markdown()).append('\n');
    sb.append("## Mass scan, inclusive bump hunt (no anomaly score)\n\n");
    sb.append(r.inclusive().markdown()).append('\n');
    ScanPoint b = r.categorised().mostSignificant();
    sb.append(String.format(Locale.ROOT, "Most significant (categorised): M = %.0f GeV, mu = %.1f +%.1f -%.1f, local Z = %.2f"
        + " (asymptotic, arXiv:1007.1727; no look-elsewhere correction).%n", b.mass(), b.muHat(), b.muErrorUp(),
        b.muErrorDown(), b.localSignificance()));
    return sb.toString();
  }

  /** Writes results.md, report.html and plots/ into {@code dir}. */
  public static void write(Path dir, HuntResult r, Input in) {
    try {
      Path plots = dir.resolve(Report.PLOTS);
      Files.createDirectories(plots);
      String md = markdown(r, in.title());
      if (!in.methods().isEmpty()) {
        md += methodsMarkdown(in.methods(), in.methodWindow());
      }
      Files.writeString(dir.resolve("results.md"), md);
      List<String> imgs = new ArrayList<>();
      Files.write(plots.resolve("score-vs-mjj.png"), Charts.png(scoreChart(r, in)));
      imgs.add("score-vs-mjj.png");
      Files.write(plots.resolve("significance.png"), Charts.png(significanceChart(r)));
      imgs.add("significance.png");
      for (int c = 0; c < r.bestFit().categories().size(); c++) {
        CategorySignalFit f = r.bestFit().categories().get(c);
        CategoryResult cat = r.categories().stream().filter(x -> x.name().equals(f.name())).findFirst().orElseThrow();
        String name = "mjj-" + f.name() + ".png";
        Files.write(plots.resolve(name), Charts.png(spectrumChart(r, cat, f)));
        Files.write(plots.resolve("residuals-" + f.name() + ".png"), Charts.png(residualChart(cat, f)));
        imgs.add(name);
        imgs.add("residuals-" + f.name() + ".png");
      }
      if (!in.methods().isEmpty()) {
        Files.write(plots.resolve("sic.png"), Charts.png(sicChart(in)));
        imgs.add("sic.png");
        Files.write(plots.resolve("roc.png"), Charts.png(rocChart(in)));
        imgs.add("roc.png");
      }
      StringBuilder h = new StringBuilder();
      h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(ReportPage.esc(in.title()))
          .append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse}"
              + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}img{max-width:100%}</style></head><body>");
      h.append("<pre style=\"white-space:pre-wrap\">").append(ReportPage.esc(md)).append("</pre>");
      for (String i : imgs) {
        h.append("<p><img src=\"plots/").append(i).append("\" alt=\"").append(i).append("\"></p>");
      }
      h.append("<h2>Manifest</h2><pre>").append(ReportPage.esc(in.manifestJson())).append("</pre></body></html>");
      Files.writeString(dir.resolve(Report.HTML), h.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static XYChart scoreChart(HuntResult r, Input in) {
    XYChart c = Charts.chart(900, 560, "Anomaly score vs mJJ (signal region) with the QR thresholds", "mJJ [GeV]",
        "anomaly score");
    XYSeries s = c.addSeries("events", in.mJJ(), in.score());
    s.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(new java.awt.Color(0x88, 0x88, 0x88, 0x80));
    List<Double> q = r.config().quantiles();
    double yMax = 0;
    for (int k = 0; k < q.size(); k++) {
      double[] t = new double[in.curveMass().length];
      for (int i = 0; i < t.length; i++) {
        t[i] = in.curveThresholds()[i][k];
        yMax = Math.max(yMax, t[i]);
      }
      Charts.line(c, "quantile " + q.get(k), in.curveMass(), t, Charts.color(k), Charts.SOLID);
    }
    c.getStyler().setYAxisMax(1.5 * yMax);
    c.getStyler().setXAxisMin(r.config().mJJMin());
    c.getStyler().setXAxisMax(r.config().mJJMax());
    return c;
  }

  /** SIC against eps_S per method (linear axes from 0). */
  static XYChart sicChart(Input in) {
    XYChart c = Charts.chart(900, 560, "Significance improvement in the mJJ window " + in.methodWindow(),
        "signal efficiency eps_S", "SIC = eps_S / sqrt(eps_B)");
    double yMax = 1;
    int k = 0;
    for (MethodCurves m : in.methods()) {
      Charts.line(c, String.format(Locale.ROOT, "%s (max %.1f)", m.method(), m.maxSic()), m.signalEfficiency(), m.sic(),
          Charts.color(k), k % 2 == 0 ? Charts.SOLID : Charts.DASHED);
      for (double v : m.sic()) {
        yMax = Math.max(yMax, v);
      }
      k++;
    }
    Charts.line(c, "random (SIC = sqrt(eps_S))", linspace(0.001, 1, 100), sqrt(linspace(0.001, 1, 100)), Charts.BACKGROUND,
        Charts.DOTTED);
    c.getStyler().setXAxisMin(0.0);
    c.getStyler().setXAxisMax(1.0);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(Charts.niceCeil(1.1 * yMax));
    return c;
  }

  /** Background rejection 1 / eps_B against eps_S per method (log rejection axis). */
  static XYChart rocChart(Input in) {
    XYChart c = Charts.chart(900, 560, "ROC in the mJJ window " + in.methodWindow(), "signal efficiency eps_S",
        "background rejection 1 / eps_B");
    double yMax = 1;
    int k = 0;
    for (MethodCurves m : in.methods()) {
      double[] rej = new double[m.backgroundEfficiency().length];
      for (int i = 0; i < rej.length; i++) {
        rej[i] = 1 / m.backgroundEfficiency()[i];
        yMax = Math.max(yMax, rej[i]);
      }
      Charts.line(c, String.format(Locale.ROOT, "%s (AUC %.3f)", m.method(), m.auc()), m.signalEfficiency(), rej,
          Charts.color(k), k % 2 == 0 ? Charts.SOLID : Charts.DASHED);
      k++;
    }
    double[] x = linspace(0.001, 1, 100);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 1 / x[i];
    }
    Charts.line(c, "random", x, y, Charts.BACKGROUND, Charts.DOTTED);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setYAxisMin(1.0);
    c.getStyler().setYAxisMax(Charts.decadeAbove(yMax));
    c.getStyler().setXAxisMin(0.0);
    c.getStyler().setXAxisMax(1.0);
    return c;
  }

  private static double[] linspace(double a, double b, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = a + (b - a) * i / (n - 1);
    }
    return v;
  }

  private static double[] sqrt(double[] v) {
    double[] o = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      o[i] = Math.sqrt(v[i]);
    }
    return o;
  }

  private static XYChart significanceChart(HuntResult r) {
    XYChart c = Charts.chart(900, 500, "Local significance vs mass hypothesis", "M [GeV]", "local Z [sigma]");
    Charts.line(c, "categorised (shared mu)", masses(r.categorised().points()), z(r.categorised().points()),
        Charts.color(0), Charts.SOLID).setMarker(SeriesMarkers.CIRCLE);
    Charts.line(c, "inclusive (no score)", masses(r.inclusive().points()), z(r.inclusive().points()), Charts.BACKGROUND,
        Charts.DASHED).setMarker(SeriesMarkers.SQUARE);
    c.getStyler().setYAxisMin(0.0);
    return c;
  }

  private static XYChart spectrumChart(HuntResult r, CategoryResult cat, CategorySignalFit f) {
    XYChart c = Charts.chart(900, 500, String.format(Locale.ROOT, "mJJ in category %s, fit at M = %.0f GeV", f.name(),
        r.bestFit().mass()), "mJJ [GeV]", "events / bin");
    double[] e = cat.histogram().edges();
    double[] mid = new double[e.length - 1];
    double[] n = cat.histogram().counts();
    double[] nPlot = new double[n.length];
    double[] sb = new double[n.length];
    double minPos = Double.POSITIVE_INFINITY;
    for (int i = 0; i < mid.length; i++) {
      mid[i] = Math.sqrt(e[i] * e[i + 1]);
      sb[i] = f.expectedBackground()[i] + Math.max(0, f.expectedSignal()[i]);
      nPlot[i] = Math.max(n[i], 0.1);
      if (n[i] > 0) {
        minPos = Math.min(minPos, n[i]);
      }
      minPos = Math.min(minPos, Math.max(f.expectedBackground()[i], 1e-3));
    }
    XYSeries d = c.addSeries("data", mid, nPlot);
    d.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
    d.setMarker(SeriesMarkers.CIRCLE);
    d.setMarkerColor(java.awt.Color.BLACK);
    Charts.line(c, "background fit", mid, f.expectedBackground(), Charts.color(1), Charts.SOLID);
    Charts.line(c, "background + signal", mid, sb, Charts.color(0), Charts.DASHED);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setYAxisMin(Math.max(0.1, 0.5 * minPos));
    return c;
  }

  private static XYChart residualChart(CategoryResult cat, CategorySignalFit f) {
    XYChart c = Charts.chart(900, 260, "Residuals, category " + f.name() + " (Poisson significance)", "mJJ [GeV]",
        "(data - fit) [sigma]");
    double[] e = cat.histogram().edges();
    double[] mid = new double[e.length - 1];
    for (int i = 0; i < mid.length; i++) {
      mid[i] = Math.sqrt(e[i] * e[i + 1]);
    }
    XYSeries s = c.addSeries("residual", mid, f.significanceResiduals());
    s.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.DIAMOND);
    s.setMarkerColor(Charts.color(1));
    c.getStyler().setLegendVisible(false);
    return c;
  }

  private static double[] masses(List<ScanPoint> p) {
    return p.stream().mapToDouble(ScanPoint::mass).toArray();
  }

  private static double[] z(List<ScanPoint> p) {
    return p.stream().mapToDouble(ScanPoint::localSignificance).toArray();
  }
}
