package org.nphunt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.fit.ScanPoint;
import org.nphunt.hunt.Hunt;
import org.nphunt.hunt.HuntConfig;
import org.nphunt.hunt.HuntEvents;
import org.nphunt.hunt.HuntResult;
import org.nphunt.hunt.MethodCurves;
import org.nphunt.hunt.ToyResonance;
import org.nphunt.manifest.Manifest;

/**
 * The hunt's report.html is a rendered page (sections, HTML tables, every plot embedded and saved), not
 * Markdown in a {@code <pre>} block; results.md keeps the Markdown; the fit-quality warning is hand-valued.
 */
class HuntReportTest {
  @TempDir Path dir;

  @Test
  void rendersEverySectionTableAndPlot() throws Exception {
    HuntConfig cfg = new HuntConfig(1.4, List.of(0.5, 0.9), 2, 1, 2, 16, 30, 256, 3e-3, 2400, 6000, 15, 4, 0.05, 3);
    ToyResonance toy = new ToyResonance(3500, 0.05);
    HuntEvents ev = HuntEvents.concat(toy.background(4000, 2400, 6000, 3), toy.signal(60, 4));
    Hunt.Run run = Hunt.run(ev, cfg, null);
    HuntResult r = run.result();
    double[] m = {2400, 3500, 6000};
    double[][] t = new double[3][];
    for (int i = 0; i < 3; i++) {
      t[i] = run.regression().meanThresholds(m[i]);
    }
    int n = run.signalRegionRows().length;
    double[] sm = new double[n];
    double[] ss = new double[n];
    for (int i = 0; i < n; i++) {
      sm[i] = ev.mJJ()[run.signalRegionRows()[i]];
      ss[i] = ev.score()[run.signalRegionRows()[i]];
    }
    MethodCurves a = MethodCurves.of("CWoLa", new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2},
        new double[] {0.95, 1.15, 1.3}, 50);
    // CWoLa's 12 background events are below the 25-event SIC floor (no curve to draw, max SIC NaN); ANODE's 30 are not
    assertEquals(0, a.sic().length);
    MethodCurves b = MethodCurves.of("ANODE", java.util.stream.IntStream.rangeClosed(1, 30).mapToDouble(i -> 0.1 * i)
        .toArray(), new double[] {2.95, 3.15, 3.3}, 50);
    assertTrue(b.sic().length > 0);
    List<HuntReport.InjectionPoint> inj = List.of(new HuntReport.InjectionPoint(0, 0, -2, 5, 0, 3, 9, 0.3),
        new HuntReport.InjectionPoint(60, 48, 50, 10, 4.8, 45, 20, 2.2));
    Manifest manifest = Manifest.create("hunt", 3L, cfg, List.of());
    HuntReport.Input input = new HuntReport.Input(sm, ss, m, t, "hunt test", manifest, "toy score", List.of(a, b),
        "3300-3700 GeV", 3500, inj);
    HuntReport.write(dir, r, input);
    // the methods' legends sit below the plots: inside (top right) they hid the curves' maxima at high eps_S
    for (org.knowm.xchart.XYChart chart : List.of(HuntReport.sicChart(input), HuntReport.rocChart(input))) {
      assertEquals(org.knowm.xchart.style.Styler.LegendPosition.OutsideS, chart.getStyler().getLegendPosition(),
          chart.getTitle());
    }

    // the threshold curves in the ordered family's colours, one per quantile
    var series = HuntReport.scoreChart(r, input).getSeriesMap();
    assertEquals(Charts.ordered(0), series.get("threshold at 50% background acceptance").getLineColor());
    assertEquals(Charts.ordered(1), series.get("threshold at 90% background acceptance").getLineColor());

    for (org.nphunt.fit.CategorySignalFit fit : r.bestFit().categories()) {
      checkSpectrum(r, r.categories().stream().filter(c -> c.name().equals(fit.name())).findFirst().orElseThrow(), fit);
    }

    String html = Files.readString(dir.resolve(Report.HTML));
    for (String id : new String[] {"headline", "categories", "fits", "spectra", "injection", "methods", "manifest"}) {
      assertTrue(html.contains("<h2 id=\"" + id + "\">"), id);
    }
    // tables, not Markdown: one HTML row per category, per mass (twice), per injection point and per method
    assertFalse(html.contains("|---"), "no Markdown table in the page");
    Matcher pre = Pattern.compile("(?s)<pre>(.*?)</pre>").matcher(html);
    while (pre.find()) {
      assertFalse(pre.group(1).contains("## ") || pre.group(1).contains("| "), "Markdown in a <pre> block");
    }
    for (String cat : cfg.categoryNames()) {
      assertTrue(html.contains("<td>" + cat + "</td>"), cat);
    }
    assertEquals(3 + 4 + 4 + 2 + 2, count(html, "<tr><td"), "data rows: categories, two scans, injection, methods");
    ScanPoint best = r.categorised().mostSignificant();
    assertTrue(html.contains(String.format(java.util.Locale.ROOT, "M = %.0f GeV", best.mass())), html.substring(0, 2000));
    assertTrue(html.contains("local significance Z"));
    // the signal width as the CLI prints it (a width measured on the signal simulation used to show all 17 digits)
    assertTrue(html.contains("Crystal Ball signal of relative width sigma/M = 0.0500 at each mass hypothesis"), "signal width not formatted");
    // every plot is saved and embedded
    List<String> plots = new java.util.ArrayList<>(List.of("score-vs-mjj", "significance", "significance-vs-injected",
        "sic", "roc"));
    r.bestFit().categories().forEach(c -> plots.add("mjj-" + c.name()));
    for (String p : plots) {
      Path f = dir.resolve(Report.PLOTS).resolve(p + ".png");
      assertTrue(Files.size(f) > 5000, p);
      assertTrue(html.contains("<figcaption>plots/" + p + ".png</figcaption>"), p);
    }
    assertEquals(plots.size(), count(html, "src=\"data:image/png;base64,"));
    try (var s = Files.list(dir.resolve(Report.PLOTS))) {
      assertEquals(plots.size(), s.count());
    }
    // results.md stays the Markdown version
    String md = Files.readString(dir.resolve("results.md"));
    assertTrue(md.startsWith("# hunt test"));
    assertTrue(md.contains("| q90-100 |") && md.contains("## Signal injection at M = 3500 GeV")
        && md.contains("## Per-method comparison in the mJJ window 3300-3700 GeV"), md);
    // every heading once (the tables carry their own titles)
    java.util.List<String> headings = md.lines().filter(l -> l.startsWith("## ")).toList();
    assertEquals(new java.util.HashSet<>(headings).size(), headings.size(), headings.toString());
  }

  /**
   * The threshold curves' colours are far apart: every pair of the five at least CIE76 Delta E 50 (sRGB, D65 white;
   * the standard conversion below), each at least 40 from the event scatter's grey, the strokes distinct past five.
   * The general palette's first five, used before, put vermillion and orange 33 apart (reported as
   * near-identical on the default five quantiles).
   */
  @Test
  void thresholdCurveColoursAreClearlyDistinct() {
    int n = Charts.orderedColours();
    assertEquals(5, n);
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      assertTrue(deltaE(Charts.ordered(i), new java.awt.Color(0x88, 0x88, 0x88)) >= 40, "colour " + i + " vs the scatter grey");
      for (int j = i + 1; j < n; j++) {
        min = Math.min(min, deltaE(Charts.ordered(i), Charts.ordered(j)));
      }
    }
    assertTrue(min >= 50, "closest pair Delta E " + min);
    double old = Double.POSITIVE_INFINITY;
    for (int i = 0; i < 5; i++) {
      for (int j = i + 1; j < 5; j++) {
        old = Math.min(old, deltaE(Charts.color(i), Charts.color(j)));
      }
    }
    assertEquals(33, old, 1, "the general palette's vermillion and orange");
    assertEquals(Charts.ordered(0), Charts.ordered(5));
    assertTrue(Charts.orderedStroke(0) != Charts.orderedStroke(5), "a repeated colour gets another stroke");
  }

  /** CIE76 colour difference of two sRGB colours: sRGB -> linear -> XYZ (D65) -> CIELAB, Euclidean distance. */
  static double deltaE(java.awt.Color a, java.awt.Color b) {
    double[] x = lab(a);
    double[] y = lab(b);
    return Math.sqrt(Math.pow(x[0] - y[0], 2) + Math.pow(x[1] - y[1], 2) + Math.pow(x[2] - y[2], 2));
  }

  private static double[] lab(java.awt.Color c) {
    double[] rgb = {c.getRed() / 255.0, c.getGreen() / 255.0, c.getBlue() / 255.0};
    for (int i = 0; i < 3; i++) {
      rgb[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : Math.pow((rgb[i] + 0.055) / 1.055, 2.4);
    }
    double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    double fx = labF(x);
    double fy = labF(y);
    double fz = labF(z);
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  private static double labF(double t) {
    return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
  }

  @Test
  void fitWarningUsesTheLikelihoodRatioChi2() {
    // LR chi2 196.4 / 161: p = 0.03, no warning; 150 / 84: p = 1.29e-5 (scipy.stats.chi2.sf(150, 84))
    assertNull(HuntReport.fitWarning("categorised", new ScanPoint(3561, 56.5, 11, 12, 11.5, 25, 5.0, 262.7, 196.4, 161,
        false)));
    String w = HuntReport.fitWarning("inclusive", new ScanPoint(3604, -42, 58, 58, 58, 0, 0, 150, 150, 84, false));
    assertTrue(w.contains("inclusive fit at M = 3604 GeV") && w.contains("p = 1.3e-05"), w);
  }

  /**
   * The goodness-of-fit p-value below 1e-16: scipy.stats.chi2.sf(145.1, 27) = 3.957742119546864e-18 and
   * chi2.sf(400, 27) = 4.997132519285122e-68; 1 - CDF gave 0 and the warning said "p = 0.0".
   */
  @Test
  void goodnessOfFitResolvesTinyPValues() {
    assertEquals(3.957742119546864e-18, HuntReport.goodnessOfFit(145.1, 27), 1e-9 * 3.957742119546864e-18);
    assertEquals(4.997132519285122e-68, HuntReport.goodnessOfFit(400, 27), 1e-9 * 4.997132519285122e-68);
    assertEquals(3.2037790912463316e-08, HuntReport.goodnessOfFit(69.0, 17), 1e-9 * 3.2037790912463316e-08);
    String w = HuntReport.fitWarning("categorised", new ScanPoint(3421, 190, 18, 19, 19, 97, 9.9, 160, 145.1, 27, false));
    assertTrue(w.contains("p = 4.0e-18"), w);
    assertEquals("p < 1e-300", HuntReport.pText(HuntReport.goodnessOfFit(1e5, 27)));
  }

  /**
   * docs/hunt.md's wall-time hunt (1,500 QCD + 200 W') headlined M = 4574 GeV, mu = 9.7 +- 3.8, Z = 10.65, a fit
   * whose maximum lies where a bin's expected count vanishes ((b)); the next point, 5100 GeV (mu = 9.3 +- 3.4,
   * Z = 9.96), is not flagged (b) but has the same disease (Z three times mu/err); the W' at 3421 GeV had Z = 9.88.
   * The (b) flag alone does not warn.
   */
  @Test
  void anUnreliableMostSignificantPointIsFlagged() {
    ScanPoint w = new ScanPoint(3421, 193.6, 18.4, 19.4, 18.9, 97.567, 9.88, 163.2, 150.6, 133, false);
    ScanPoint b = new ScanPoint(4573.8, 9.7, 3.37, 4.32, 3.84, 113.44, 10.65, 166.5, 134.7, 133, true);
    ScanPoint e = new ScanPoint(5100, 9.3, 3.01, 3.79, 3.39, 99.28, 9.96, 221, 148.9, 133, false);
    assertEquals("the most significant categorised fit (M = 4574 GeV, mu = 9.7 +- 3.8, Z = 10.65) is not reliable: its"
        + " Z is far above mu/err = 2.5 and its maximum lies where a bin's expected count vanishes ((b) in the tables);"
        + " the background function was driven to zero in some bins and a few signal events fill them (read the scan"
        + " table); the headline is the most significant reliable fit instead, M = 3421 GeV (Z = 9.88)",
        HuntReport.boundaryWarning("categorised", new org.nphunt.fit.MassScan(null, List.of(w, b, e))));
    // (b) alone is no reason: a real toy signal (200 events in 3,000, 200 mass points) had it with Z = 6.33, mu/err = 7.6
    assertNull(HuntReport.boundaryWarning("categorised", new org.nphunt.fit.MassScan(null,
        List.of(new ScanPoint(3515, 200.9, 25.8, 26.8, 26.3, 40.1, 6.33, 170, 160, 161, true)))));
    assertTrue(HuntReport.boundaryWarning("categorised", new org.nphunt.fit.MassScan(null, List.of(w, e)))
        .contains("(M = 5100 GeV, mu = 9.3 +- 3.4, Z = 9.96) is not reliable: its Z is far above mu/err = 2.7;"));
    // every point an artefact: it stays the headline, and the warning names no other
    String only = HuntReport.boundaryWarning("categorised", new org.nphunt.fit.MassScan(null, List.of(b, e)));
    assertTrue(only.endsWith("(read the scan table)"), only);
    // trustworthy headlines: the W', the README toy (56.5 +- 11.7, Z = 5.01), a small upward fluctuation
    assertNull(HuntReport.boundaryWarning("inclusive", new org.nphunt.fit.MassScan(null, List.of(w))));
    assertNull(HuntReport.boundaryWarning("categorised", new org.nphunt.fit.MassScan(null,
        List.of(new ScanPoint(3561, 56.53, 11.39, 12.07, 11.70, 25.127, 5.01, 262.7, 196.4, 161, false)))));
    assertNull(HuntReport.boundaryWarning("categorised", new org.nphunt.fit.MassScan(null,
        List.of(new ScanPoint(5100, 2.48, 1.50, 2.25, 1.85, 3.56, 1.89, 215.3, 218.0, 161, false)))));
  }

  @Test
  void backgroundOnlyWarningUsesTheChosenFormsLikelihoodRatioChi2() {
    // 3 parameters: LR chi2 120.3 / 27 (p = 9.6e-14, scipy.stats.chi2.sf(120.3, 27)); 4 parameters 30 / 26 (p = 0.27)
    var three = fit(org.nphunt.fit.BackgroundForm.THREE_PARAMETER, 120.3, 27);
    var four = fit(org.nphunt.fit.BackgroundForm.FOUR_PARAMETER, 30, 26);
    var ftest = new org.nphunt.fit.FTestResult(125, 27, 31, 26, 80, 1e-9, 0.05, true);
    assertNull(HuntReport.backgroundWarning("inclusive", new org.nphunt.fit.CategoryBackground("inclusive", three,
        four, ftest, org.nphunt.fit.BackgroundForm.FOUR_PARAMETER)));
    String w = HuntReport.backgroundWarning("inclusive", new org.nphunt.fit.CategoryBackground("inclusive", three,
        four, ftest, org.nphunt.fit.BackgroundForm.THREE_PARAMETER));
    assertTrue(w.startsWith("the inclusive background-only fit of inclusive (3 parameters) does not describe its mJJ"
        + " spectrum (likelihood-ratio chi2/ndf = 120.3/27, p = 9.6e-14)"), w);
  }

  private static org.nphunt.fit.BackgroundFit fit(org.nphunt.fit.BackgroundForm form, double deviance, int ndf) {
    return new org.nphunt.fit.BackgroundFit(form, new double[form == org.nphunt.fit.BackgroundForm.THREE_PARAMETER ? 3
        : 4], new double[4], 0, deviance, deviance, ndf, new double[30], new double[30], new double[30], true, 10);
  }

  /**
   * The spectrum figure: no data point or interval at or below 0 on the log panel, every observed bin drawn;
   * the residual bars are exactly the nonzero significance residuals of results.json, empty bins in their own
   * series.
   */
  private static void checkSpectrum(HuntResult r, org.nphunt.hunt.CategoryResult cat, org.nphunt.fit.CategorySignalFit fit) {
    org.knowm.xchart.XYChart[] c = HuntReport.spectrumCharts(r, cat, fit);
    double[] n = cat.histogram().counts();
    long observed = java.util.Arrays.stream(n).filter(v -> v > 0).count();
    var data = c[0].getSeriesMap().get(String.format(java.util.Locale.ROOT, "data (%d events)", cat.events()));
    assertEquals(observed, data.getYData().length, fit.name());
    for (double y : data.getYData()) {
      assertTrue(y >= 1, "a drawn count " + y);
    }
    for (double y : c[0].getSeriesMap().get("68% Poisson interval").getYData()) {
      assertTrue(Double.isNaN(y) || y > 0.1, "interval edge " + y + " on the log axis");
    }
    double[] z = fit.significanceResiduals();
    java.util.Map<Double, Double> drawn = new java.util.HashMap<>();
    java.util.Set<Double> emptyDrawn = new java.util.HashSet<>();
    for (String name : List.of("residual", "residual of an empty bin")) {
      var bars = c[1].getSeriesMap().get(name);
      if (bars == null) {
        continue;
      }
      double[] x = bars.getXData();
      double[] y = bars.getYData();
      for (int i = 0; i < x.length; i += 3) {
        assertEquals(0.0, y[i]);
        drawn.put(x[i], y[i + 1]);
        if (name.endsWith("empty bin")) {
          emptyDrawn.add(x[i]);
        }
      }
    }
    double[] e = cat.histogram().edges();
    int bars = 0;
    for (int i = 0; i < n.length; i++) {
      double mid = Math.sqrt(e[i] * e[i + 1]);
      if (z[i] == 0) {
        assertFalse(drawn.containsKey(mid), "a zero residual drawn at " + mid);
      } else {
        assertEquals(z[i], drawn.get(mid), 0.0, "residual at " + mid);
        assertEquals(n[i] == 0, emptyDrawn.contains(mid), "empty-bin series at " + mid);
        bars++;
      }
    }
    assertEquals(bars, drawn.size());
  }

  @Test
  void poissonIntervalsAreGarwoodsMatchingScipy() {
    // scipy.stats.chi2.ppf(norm.sf(1), 2n) / 2 and chi2.ppf(norm.cdf(1), 2n + 2) / 2
    double[][] ref = {{0, 0, 1.8410216450092634}, {1, 0.17275377902344996, 3.299526559115855},
        {2, 0.7081854398189713, 4.637859623455245}, {5, 2.8403088555932205, 8.382472652146888},
        {20, 15.56555201778588, 25.54651922951146}};
    for (double[] c : ref) {
      double[] ci = HuntReport.poissonInterval(c[0]);
      assertEquals(c[1], ci[0], 1e-9 * (1 + c[1]), "lower at n = " + c[0]);
      assertEquals(c[2], ci[1], 1e-9 * c[2], "upper at n = " + c[0]);
    }
  }

  @Test
  void paddedRangeFitsTheDataWithASmallMargin() {
    // the newcomer's case: scores from 2 to 17.5 ran to 24; now 17.5 + 0.04 * 15.5 = 18.12
    double[] r = HuntReport.paddedRange(2, 17.5);
    assertEquals(2 - 0.62, r[0], 1e-12);
    assertEquals(17.5 + 0.62, r[1], 1e-12);
    assertEquals(0.0, HuntReport.paddedRange(0.1, 17.5)[0], "a non-negative score keeps its axis from 0");
    assertEquals(-5 - 0.6, HuntReport.paddedRange(-5, 10)[0], 1e-12);
    assertEquals(3 * 0.96, HuntReport.paddedRange(3, 3)[0], 1e-12);
    assertEquals(1.0, HuntReport.paddedRange(0, 0)[1]);
  }

  @Test
  void stackedPanelsShareOneBorderWithoutGap() {
    org.knowm.xchart.XYChart top = Charts.chart(400, 300, "top", " ", "y");
    Charts.line(top, "a", new double[] {0, 1}, new double[] {1, 2}, Charts.color(0), Charts.SOLID);
    top.getStyler().setXAxisTicksVisible(false);
    top.getStyler().setXAxisTitleVisible(false);
    org.knowm.xchart.XYChart bottom = Charts.chart(400, 150, " ", "x", "r");
    bottom.getStyler().setChartTitleVisible(false);
    Charts.line(bottom, "b", new double[] {0, 1}, new double[] {0, 1}, Charts.color(1), Charts.SOLID);
    HuntReport.alignPlotAreas(top, bottom);
    java.awt.image.BufferedImage img = Charts.stacked(top, bottom);
    int[] a = Charts.plotBox(Charts.render(top), top.getStyler().getPlotBorderColor());
    int[] b = Charts.plotBox(Charts.render(bottom), bottom.getStyler().getPlotBorderColor());
    assertEquals(a[0], b[0], "left edges aligned");
    // the top chart to its plot's lower border, then the bottom one from under its upper border (less the
    // excess of the blank band above its x axis title, at most that band's rows beyond MAX_TITLE_GAP)
    int full = a[3] + 1 + 150 - b[1] - 1;
    assertTrue(img.getHeight() <= full && img.getHeight() >= full - (150 - b[3]), img.getHeight() + " of " + full);
    // down the middle of the plot: three horizontal border lines (top, shared, bottom), the shared one at the
    // top panel's lower border, and the lower panel's plot starts right under it
    int border = top.getStyler().getPlotBorderColor().getRGB() & 0xFFFFFF;
    List<Integer> rows = new java.util.ArrayList<>();
    for (int y = 0; y < img.getHeight(); y++) {
      int hits = 0;
      for (int x = a[0]; x <= a[2]; x++) {
        hits += (img.getRGB(x, y) & 0xFFFFFF) == border ? 1 : 0;
      }
      if (hits > 0.9 * (a[2] - a[0] + 1)) {
        rows.add(y);
      }
    }
    assertEquals(List.of(a[1], a[3], a[3] + b[3] - b[1]), rows);
  }

  @Test
  void goodnessOfFitKeepsItsAccuracyInTheFarTail() {
    // scipy.stats.chi2.sf(d, ndf); 1 - CDF gave 0.0 for the first (printed as "p = 0.0" in a warning)
    double[][] ref = {{217.9, 26, 3.1633244956417895e-32}, {60.9, 26, 0.00012677122942647808},
        {120.3, 27, 9.625044747331664e-14}, {30, 26, 0.2676110333925769}};
    for (double[] c : ref) {
      assertEquals(c[2], HuntReport.goodnessOfFit(c[0], (int) c[1]), 1e-9 * c[2], "chi2 " + c[0] + "/" + c[1]);
    }
    assertEquals(1.0, HuntReport.goodnessOfFit(0, 5));
    assertTrue(Double.isNaN(HuntReport.goodnessOfFit(3, 0)));
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
