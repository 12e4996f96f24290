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
    HuntReport.write(dir, r, new HuntReport.Input(sm, ss, m, t, "hunt test", manifest, "toy score", List.of(a, b),
        "3300-3700 GeV", 3500, inj));

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

  @Test
  void fitWarningUsesTheLikelihoodRatioChi2() {
    // LR chi2 196.4 / 161: p = 0.03, no warning; 150 / 84: p = 1.29e-5 (scipy.stats.chi2.sf(150, 84))
    assertNull(HuntReport.fitWarning("categorised", new ScanPoint(3561, 56.5, 11, 12, 11.5, 25, 5.0, 262.7, 196.4, 161,
        false)));
    String w = HuntReport.fitWarning("inclusive", new ScanPoint(3604, -42, 58, 58, 58, 0, 0, 150, 150, 84, false));
    assertTrue(w.contains("inclusive fit at M = 3604 GeV") && w.contains("p = 1.3e-05"), w);
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
