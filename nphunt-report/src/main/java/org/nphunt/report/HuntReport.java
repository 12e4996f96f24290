package org.nphunt.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nphunt.eval.Table;
import org.nphunt.fit.BackgroundFit;
import org.nphunt.fit.CategoryBackground;
import org.nphunt.fit.CategorySignalFit;
import org.nphunt.fit.ScanPoint;
import org.nphunt.hunt.CategoryResult;
import org.nphunt.hunt.HuntResult;
import org.nphunt.hunt.MethodCurves;
import org.nphunt.manifest.Manifest;

/**
 * The report of a resonant search ({@code nphunt hunt}, CMS arXiv:2412.03747): {@code results.md} (the
 * tables in Markdown) and {@code report.html}, a rendered self-contained page built by {@link Report} like
 * {@code nphunt run}'s: the headline (the most significant categorised fit: mass, mu with its error, local Z
 * from the profile likelihood (asymptotic, arXiv:1007.1727), chi2/ndf and a fit-quality warning), HTML
 * tables (categories with quantile band, counts and background-shape tests; the fits per mass hypothesis,
 * categorised and inclusive; the signal-injection scan; per method AUC and max SIC) and the plots inline
 * (also saved as {@code plots/*.png}): the anomaly score against mJJ with the quantile-regression threshold
 * curves, the mJJ spectrum of each fitted category (log y, GeV) with the fitted background and signal over
 * a residual panel, the local significance against the mass hypothesis and against the injected signal,
 * and the SIC (arXiv:1010.3698) and ROC curves (background rejection on a log axis) of every method,
 * then the manifest.
 */
public final class HuntReport {
  private HuntReport() {}

  /** A fit whose likelihood-ratio chi2 has a p-value below this gets a warning (its Z is not reliable). */
  public static final double FIT_WARNING_P = 1e-3;

  /**
   * One point of a signal-injection scan (the search re-run with known signal mixed into the background).
   *
   * @param injected signal events added
   * @param trueMu of those, the ones in the signal region inside the fit range
   * @param muHat fitted mu (categorised) at the injection mass, with its symmetric error {@code muError}
   * @param significance local Z of the categorised fit
   * @param muHatInclusive fitted mu of the inclusive bump hunt (no score), with {@code muErrorInclusive}
   * @param significanceInclusive local Z of the inclusive fit
   */
  public record InjectionPoint(int injected, long trueMu, double muHat, double muError, double significance,
      double muHatInclusive, double muErrorInclusive, double significanceInclusive, double crossSectionFb,
      long signalRegionBackground) {
    /** A point without a known cross-section or signal-region background. */
    public InjectionPoint(int injected, long trueMu, double muHat, double muError, double significance,
        double muHatInclusive, double muErrorInclusive, double significanceInclusive) {
      this(injected, trueMu, muHat, muError, significance, muHatInclusive, muErrorInclusive, significanceInclusive,
          Double.NaN, -1);
    }

    /** Whether sigma x BR is known (generated events, whose cross-sections the generator knows). */
    public boolean hasCrossSection() {
      return Double.isFinite(crossSectionFb);
    }
  }

  private static boolean allCrossSections(List<InjectionPoint> scan) {
    return !scan.isEmpty() && scan.stream().allMatch(InjectionPoint::hasCrossSection);
  }

  /**
   * What the page needs beyond the {@link HuntResult}.
   *
   * @param mJJ a sample of signal-region masses (GeV) for the scatter plot
   * @param score their scores
   * @param curveMass masses (GeV) of the threshold curves
   * @param curveThresholds per mass, the thresholds (one per quantile)
   * @param title the report's title
   * @param manifest the hunt's manifest (the page's last section), or null
   * @param scoreName the anomaly score's name (axis titles), e.g. "mJmax [GeV]" or "mse"
   * @param methods per method (supervised, CWoLa, ANODE, anomaly score), its ROC and SIC curves in the
   *     window (empty: no comparison)
   * @param methodWindow the window's description (e.g. "3300-3700 GeV"), or null
   * @param injectionMass the injection scan's mass hypothesis in GeV (NaN: no scan)
   * @param injection the injection scan's points (empty: none)
   * @param injectionNote how the scan was made (anomaly model re-trained or not, the cross-section
   *     conversion), or null
   */
  public record Input(double[] mJJ, double[] score, double[] curveMass, double[][] curveThresholds, String title,
      Manifest manifest, String scoreName, List<MethodCurves> methods, String methodWindow, double injectionMass,
      List<InjectionPoint> injection, String injectionNote) {
    /** Without a note on the injection scan. */
    public Input(double[] mJJ, double[] score, double[] curveMass, double[][] curveThresholds, String title,
        Manifest manifest, String scoreName, List<MethodCurves> methods, String methodWindow, double injectionMass,
        List<InjectionPoint> injection) {
      this(mJJ, score, curveMass, curveThresholds, title, manifest, scoreName, methods, methodWindow, injectionMass,
          injection, null);
    }

    public Input {
      methods = methods == null ? List.of() : List.copyOf(methods);
      injection = injection == null ? List.of() : List.copyOf(injection);
      scoreName = scoreName == null || scoreName.isBlank() ? "anomaly score" : scoreName;
      if (mJJ.length != score.length) {
        throw new IllegalArgumentException("mJJ and score must have the same length, found " + mJJ.length + " and "
            + score.length);
      }
      if (curveMass.length != curveThresholds.length) {
        throw new IllegalArgumentException("curveMass and curveThresholds must have the same length, found "
            + curveMass.length + " and " + curveThresholds.length);
      }
    }
  }

  /**
   * A significance from a fit that does not describe the spectrum means nothing: the warning for a fit
   * whose goodness of fit has p &lt; {@value #FIT_WARNING_P}, or null. The statistic is the likelihood-ratio
   * chi2 (Baker and Cousins, NIM 221 (1984) 437), the goodness of fit of a Poisson likelihood fit; Pearson's
   * chi2 is inflated by the sparse bins of the tightest categories.
   *
   * @param which "categorised" or "inclusive"
   */
  public static String fitWarning(String which, ScanPoint p) {
    double gof = p == null ? Double.NaN : goodnessOfFit(p.deviance(), p.ndf());
    if (!(gof < FIT_WARNING_P)) {
      return null;
    }
    return String.format(Locale.ROOT, "the %s fit at M = %.0f GeV does not describe the spectrum (likelihood-ratio"
        + " chi2/ndf = %.1f/%d, %s): its local Z is not reliable", which, p.mass(), p.deviance(), p.ndf(), pText(gof));
  }

  /**
   * P(chi2_ndf >= deviance) = Q(ndf / 2, deviance / 2), the regularised upper incomplete gamma function (not
   * 1 - CDF, which is 0 below 1e-16: a bad fit's warning used to say "p = 0.0"), or NaN when ndf &lt;= 0 or
   * the deviance is not finite.
   */
  static double goodnessOfFit(double deviance, int ndf) {
    if (ndf <= 0 || !Double.isFinite(deviance)) {
      return Double.NaN;
    }
    return org.hipparchus.special.Gamma.regularizedGammaQ(0.5 * ndf, 0.5 * deviance);
  }

  /** A p-value for a warning: "p = 3.2e-08", or "p < 1e-300" where it underflows. */
  static String pText(double p) {
    return p > 0 ? String.format(Locale.ROOT, "p = %.2g", p) : "p < 1e-300";
  }

  /**
   * The warning for a scan whose most significant point is not a trustworthy fit, or null: its Z is far above
   * the Wald estimate mu_hat / sigma(mu_hat) (Z &gt; 2 mu_hat / sigma + 1; asymptotically Z = mu_hat / sigma),
   * typically with its maximum on the positivity boundary ("(b)" in the tables, which alone also happens for a
   * real signal in a sparse category): the background function was driven to zero in some bins and a few signal
   * events fill them, so q0 compares two fits of different background shapes ({@link ScanPoint#unreliable()}): the
   * README-sized run of docs/hunt.md's wall time headlined M = 4574 GeV, mu = 9.7 +- 3.8, Z = 10.65, while the
   * injected W' at 3421 GeV had Z = 9.88. Such a point is no longer the headline when a reliable one exists
   * ({@link org.nphunt.fit.MassScan#mostSignificant()}); the warning then names the headline chosen instead.
   *
   * @param which "categorised" or "inclusive"
   */
  public static String boundaryWarning(String which, org.nphunt.fit.MassScan scan) {
    ScanPoint best = scan.mostSignificantOfAll();
    // the (b) flag alone is no reason: a real signal in a sparse category has it too (toy, 200 events: Z = 6.33,
    // mu/err = 7.6); the disease is a Z that the signal strength does not support (ScanPoint.unreliable)
    if (best == null || !best.unreliable()) {
      return null;
    }
    double err = muError(best);
    double wald = best.muHat() / err;
    String why = best.atPositivityBoundary()
        ? String.format(Locale.ROOT, "its Z is far above mu/err = %.1f and its maximum lies where a bin's expected count"
            + " vanishes ((b) in the tables)", wald)
        : String.format(Locale.ROOT, "its Z is far above mu/err = %.1f", wald);
    ScanPoint headline = scan.mostSignificant();
    String instead = headline == best ? "" : String.format(Locale.ROOT, "; the headline is the most significant"
        + " reliable fit instead, M = %.0f GeV (Z = %.2f)", headline.mass(), headline.localSignificance());
    return String.format(Locale.ROOT, "the most significant %s fit (M = %.0f GeV, mu = %.1f +- %.1f, Z = %.2f) is not"
        + " reliable: %s; the background function was driven to zero in some bins and a few signal events fill them"
        + " (read the scan table)%s", which, best.mass(), best.muHat(), err, best.localSignificance(), why, instead);
  }

  /** The symmetric summary of a point's profile errors, (down + up) / 2 (up alone when down is NaN). */
  static double muError(ScanPoint p) {
    return p.muError();
  }

  /** The per-method table (Markdown): AUC and maximum SIC with eps_S there. */
  public static String methodsMarkdown(List<MethodCurves> methods, String window) {
    return "\n" + methodsTable(methods, window).markdown() + String.format(Locale.ROOT, "%n%s%n", methodsNote());
  }

  private static String methodsNote() {
    return String.format(Locale.ROOT, "SIC = eps_S / sqrt(eps_B) (arXiv:1010.3698) over thresholds passing at least"
        + " %.0f background events; all scores k-folded (no event scored by a model trained on it).",
        MethodCurves.MIN_BACKGROUND_EVENTS);
  }

  static Table methodsTable(List<MethodCurves> methods, String window) {
    List<List<String>> rows = new ArrayList<>();
    for (MethodCurves m : methods) {
      rows.add(List.of(m.method(), Long.toString(m.signalEvents()), Long.toString(m.backgroundEvents()), f("%.3f", m.auc()),
          f("%.2f", m.maxSic()), f("%.3f", m.signalEfficiencyAtMaxSic())));
    }
    return new Table("Per-method comparison in the mJJ window " + window, "", List.of("method", "signal events",
        "background events", "AUC", "max SIC", "eps_S at max SIC"), rows);
  }

  /** The injection scan (Markdown). */
  public static String injectionMarkdown(double mass, List<InjectionPoint> scan, String note) {
    Table t = injectionTable(mass, scan);
    return "\n" + new Table(t.title(), note == null ? "" : note, t.header(), t.rows()).markdown();
  }

  static Table injectionTable(double mass, List<InjectionPoint> scan) {
    boolean xs = scan.stream().anyMatch(InjectionPoint::hasCrossSection);
    boolean sb = scan.stream().anyMatch(p -> p.signalRegionBackground() >= 0);
    List<List<String>> rows = new ArrayList<>();
    for (InjectionPoint p : scan) {
      List<String> row = new ArrayList<>(List.of(Integer.toString(p.injected())));
      if (xs) {
        row.add(p.hasCrossSection() ? f("%.3g", p.crossSectionFb()) : "unknown");
      }
      row.add(Long.toString(p.trueMu()));
      if (sb) {
        row.add(p.signalRegionBackground() < 0 ? "" : f("%d / %d = %.2f%%", p.trueMu(), p.signalRegionBackground(),
            100.0 * p.trueMu() / Math.max(1, p.signalRegionBackground())));
      }
      row.addAll(List.of(f("%.1f +- %.1f", p.muHat(), p.muError()), f("%.2f", p.significance()),
          f("%.1f +- %.1f", p.muHatInclusive(), p.muErrorInclusive()), f("%.2f", p.significanceInclusive())));
      rows.add(row);
    }
    List<String> head = new ArrayList<>(List.of("injected"));
    if (xs) {
      head.add("sigma x BR [fb]");
    }
    head.add("true mu (SR, fit range)");
    if (sb) {
      head.add("S / B (SR, fit range)");
    }
    head.addAll(List.of("mu hat (categorised)", "Z categorised", "mu hat (inclusive)", "Z inclusive"));
    return new Table(f("Signal injection at M = %.0f GeV", mass), "", head, rows);
  }

  /** The Markdown summary: categories, then the categorised and inclusive scans. */
  public static String markdown(HuntResult r, String title) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(title).append("\n\n");
    sb.append(summary(r)).append("\n\n");
    sb.append(categoryTable(r).markdown());
    sb.append('\n').append(shapeNote()).append("\n\n");
    sb.append("## Mass scan, all fitted categories together (shared mu = signal events in the signal region)\n\n");
    sb.append(r.categorised().markdown()).append('\n');
    sb.append("## Mass scan, inclusive bump hunt (no anomaly score)\n\n");
    sb.append(r.inclusive().markdown()).append('\n');
    sb.append(headline(r)).append('\n');
    for (String w : warnings(r)) {
      sb.append("\nWarning: ").append(w).append(".\n");
    }
    return sb.toString();
  }

  private static String summary(HuntResult r) {
    return String.format(Locale.ROOT, "Events: %d; signal region (|DeltaEtaJJ| < %.2f, mJJ in [%.0f, %.0f) GeV): %d;"
        + " sideband: %d. Signal efficiencies per category from: %s.", r.events(), r.config().deltaEtaCut(),
        r.config().mJJMin(), r.config().mJJMax(), r.signalRegionEvents(), r.sidebandEvents(), r.efficiencySource());
  }

  private static String headline(HuntResult r) {
    ScanPoint b = r.categorised().mostSignificant();
    ScanPoint inc = r.inclusive().mostSignificant();
    return String.format(Locale.ROOT, "Most significant (categorised): M = %.0f GeV, mu = %.1f +%.1f -%.1f, local Z = %.2f"
        + " (asymptotic, arXiv:1007.1727; no look-elsewhere correction), chi2/ndf = %.1f/%d (likelihood ratio), %.1f/%d"
        + " (Pearson). Inclusive bump hunt (no score): M = %.0f GeV, local Z = %.2f.", b.mass(), b.muHat(),
        b.muErrorUp(), b.muErrorDown(), b.localSignificance(), b.deviance(), b.ndf(), b.pearsonChi2(), b.ndf(),
        inc.mass(), inc.localSignificance());
  }

  /**
   * Every fit-quality warning of a hunt: the background-only fit of each category (categorised and
   * inclusive) and the most significant signal-plus-background fits whose likelihood-ratio goodness of fit
   * has p &lt; {@value #FIT_WARNING_P}. A background-only fit that fails means the dijet function does not
   * describe the spectrum in the fit range (e.g. a range starting on the selection's turn-on,
   * {@link org.nphunt.hunt.FitRange}); the signal-plus-background fit can then absorb the mismodelling and
   * look fine while its Z is meaningless, so the background-only test is the one that catches it.
   */
  public static List<String> warnings(HuntResult r) {
    List<String> w = new ArrayList<>();
    for (var scan : List.of(Map.entry("categorised", r.categorised()), Map.entry("inclusive", r.inclusive()))) {
      for (CategoryBackground c : scan.getValue().background().categories()) {
        String s = backgroundWarning(scan.getKey(), c);
        if (s != null) {
          w.add(s);
        }
      }
    }
    for (String s : new String[] {fitWarning("categorised", r.categorised().mostSignificant()),
        fitWarning("inclusive", r.inclusive().mostSignificant()), boundaryWarning("categorised", r.categorised()),
        boundaryWarning("inclusive", r.inclusive())}) {
      if (s != null) {
        w.add(s);
      }
    }
    return w;
  }

  /**
   * The warning for a category whose background-only fit (its chosen form) has a likelihood-ratio goodness
   * of fit p &lt; {@value #FIT_WARNING_P}, or null.
   *
   * @param which "categorised" or "inclusive"
   */
  public static String backgroundWarning(String which, CategoryBackground c) {
    BackgroundFit f = c.chosenFit();
    double gof = f == null ? Double.NaN : goodnessOfFit(f.deviance(), f.ndf());
    if (!(gof < FIT_WARNING_P)) {
      return null;
    }
    return String.format(Locale.ROOT, "the %s background-only fit of %s (%s) does not describe its mJJ spectrum"
        + " (likelihood-ratio chi2/ndf = %.1f/%d, %s): a signal there, or a background the dijet function does"
        + " not describe (e.g. a fit range starting on the selection's turn-on, --mjj-min); read its Z with care",
        which, c.name(),
        f.form() == org.nphunt.fit.BackgroundForm.THREE_PARAMETER ? "3 parameters" : "4 parameters", f.deviance(),
        f.ndf(), pText(gof));
  }

  private static String shapeNote() {
    return "Shape tests: each category's background mJJ against the rest of the signal region (truth background"
        + " when labels are known); a small p-value means the score cut sculpts mJJ.";
  }

  static Table categoryTable(HuntResult r) {
    List<List<String>> rows = new ArrayList<>();
    for (CategoryResult c : r.categories()) {
      rows.add(List.of(c.name(), f("%.2f-%.2f", c.quantileLow(), c.quantileHigh()), Long.toString(c.events()),
          f("%.4f", c.fraction()), c.signalEvents() < 0 ? "-" : Long.toString(c.signalEvents()),
          f("%.3f", c.signalEfficiency()),
          c.shapeChi2() == null ? "-" : f("%.1f/%d (%.3g)", c.shapeChi2().statistic(), c.shapeChi2().ndf(),
              c.shapeChi2().pValue()),
          c.shapeKs() == null ? "-" : f("%.3g", c.shapeKs().pValue()), c.fitted() ? "yes" : "no"));
    }
    return new Table("Categories (quantile regression of the score on mJJ)", "", List.of("category",
        "background acceptance", "events", "fraction", "signal events", "signal efficiency", "shape chi2/ndf (p)",
        "shape KS p", "fitted"), rows);
  }

  static Table scanTable(String title, List<ScanPoint> points) {
    List<List<String>> rows = new ArrayList<>();
    for (ScanPoint p : points) {
      rows.add(List.of(f("%.0f", p.mass()) + (p.atPositivityBoundary() ? " (b)" : ""), f("%.2f", p.muHat()),
          f("%.2f", p.muErrorDown()), f("%.2f", p.muErrorUp()), f("%.3f", p.q0()), f("%.2f", p.localSignificance()),
          f("%.1f/%d", p.deviance(), p.ndf()), f("%.1f/%d", p.pearsonChi2(), p.ndf())));
    }
    return new Table(title, "", List.of("M [GeV]", "mu hat", "-err", "+err", "q0", "local Z", "LR chi2/ndf",
        "Pearson chi2/ndf"), rows);
  }

  /** Writes results.md, report.html and plots/ into {@code dir}. */
  public static void write(Path dir, HuntResult r, Input in) {
    try {
      Files.createDirectories(dir.resolve(Report.PLOTS));
      String md = markdown(r, in.title());
      if (!in.methods().isEmpty()) {
        md += methodsMarkdown(in.methods(), in.methodWindow());
      }
      if (!in.injection().isEmpty()) {
        md += injectionMarkdown(in.injectionMass(), in.injection(), in.injectionNote());
      }
      Files.writeString(dir.resolve("results.md"), md);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ReportSection> sections = new ArrayList<>(List.of(new Headline(r), new Categories(r, in), new Fits(r),
        new Spectra(r)));
    if (!in.injection().isEmpty()) {
      sections.add(new Injection(in));
    }
    if (!in.methods().isEmpty()) {
      sections.add(new Methods(in));
    }
    Report.write(dir, new ReportInput(in.title(), in.manifest(), null, null, null, null, null, null, sections));
  }

  private static String f(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** A section of this page: always has content (the caller adds it only when it does). */
  private abstract static class Section implements ReportSection {
    @Override
    public boolean hasContent(ReportInput in) {
      return true;
    }
  }

  private static final class Headline extends Section {
    private final HuntResult r;

    Headline(HuntResult r) {
      this.r = r;
    }

    @Override
    public String id() {
      return "headline";
    }

    @Override
    public String title() {
      return "Result";
    }

    @Override
    public void render(ReportInput in, ReportPage page) {
      ScanPoint b = r.categorised().mostSignificant();
      StringBuilder h = new StringBuilder("<table class=\"kv\">\n");
      kv(h, "most significant fit (categorised)", f("M = %.0f GeV", b.mass()));
      kv(h, "signal strength mu (signal-region events)", f("%.1f +%.1f -%.1f (profile likelihood)", b.muHat(),
          b.muErrorUp(), b.muErrorDown()));
      kv(h, "local significance Z", f("%.2f sigma (asymptotic q0, arXiv:1007.1727; no look-elsewhere correction)",
          b.localSignificance()));
      kv(h, "fit chi2/ndf", f("%.1f/%d likelihood ratio, %.1f/%d Pearson", b.deviance(), b.ndf(), b.pearsonChi2(),
          b.ndf()));
      ScanPoint inc = r.inclusive().mostSignificant();
      kv(h, "inclusive bump hunt (no score)", f("M = %.0f GeV, mu = %.1f +- %.1f, local Z = %.2f", inc.mass(),
          inc.muHat(), muError(inc), inc.localSignificance()));
      h.append("</table>\n");
      for (String w : warnings(r)) {
        h.append("<p style=\"color:#a40000\"><b>Warning:</b> ").append(ReportPage.esc(w)).append(".</p>\n");
      }
      page.html(h.toString());
      page.note(summary(r));
    }

    private static void kv(StringBuilder b, String k, String v) {
      b.append("<tr><th>").append(ReportPage.esc(k)).append("</th><td>").append(ReportPage.esc(v)).append("</td></tr>\n");
    }
  }

  private static final class Categories extends Section {
    private final HuntResult r;
    private final Input in;

    Categories(HuntResult r, Input in) {
      this.r = r;
      this.in = in;
    }

    @Override
    public String id() {
      return "categories";
    }

    @Override
    public String title() {
      return "Categories";
    }

    @Override
    public void render(ReportInput ri, ReportPage page) {
      page.note("A k-fold quantile regression of the score on mJJ (pinball loss) gives thresholds at the background"
          + " acceptances " + r.config().quantiles() + "; they split the signal region into orthogonal categories, from"
          + " the most background-like to the most anomalous. " + shapeNote());
      page.table(categoryTable(r));
      page.figure("score-vs-mjj", scoreChart(r, in));
    }
  }

  private static final class Fits extends Section {
    private final HuntResult r;

    Fits(HuntResult r) {
      this.r = r;
    }

    @Override
    public String id() {
      return "fits";
    }

    @Override
    public String title() {
      return "Fits per mass hypothesis";
    }

    @Override
    public void render(ReportInput in, ReportPage page) {
      page.note("Binned Poisson likelihood fits of the dijet function (3 or 4 parameters by F-test) plus a Crystal"
          + " Ball signal of relative width sigma/M = " + String.format(java.util.Locale.ROOT, "%.4f", r.config().signalRelativeWidth())
          + " at each mass hypothesis; the"
          + " categorised fit shares one signal strength mu (signal events in the signal region) across the fitted"
          + " categories. Errors from the profile likelihood; (b): the maximum lies where a bin's expectation"
          + " vanishes (mu hat and its lower error only indicative).");
      page.figure("significance", significanceChart(r));
      page.table(scanTable("Categorised (shared mu)", r.categorised().points()));
      page.table(scanTable("Inclusive bump hunt (no anomaly score)", r.inclusive().points()));
    }
  }

  private static final class Spectra extends Section {
    private final HuntResult r;

    Spectra(HuntResult r) {
      this.r = r;
    }

    @Override
    public String id() {
      return "spectra";
    }

    @Override
    public String title() {
      return "mJJ spectra per category";
    }

    @Override
    public void render(ReportInput in, ReportPage page) {
      page.note(f("The signal-plus-background fit at the most significant mass (M = %.0f GeV), per fitted category."
          + " Above, on a log scale: events per bin with their 68%% Poisson (Garwood) intervals (empty bins have no"
          + " point), the fitted background and background + signal. Below, on the same mJJ axis: each bin's Poisson"
          + " significance against background + signal (Choudalakis and Casadei, arXiv:1111.2062; results.json"
          + " bestFit.categories[].significanceResiduals): P(N >= n) for an excess, P(N <= n) for a deficit, as a"
          + " Gaussian z, with no bar when that p-value exceeds 0.5. An empty bin is a deficit of its expectation nu"
          + " (p = e^-nu; lighter bars), so it has no bar when nu < ln 2 = 0.69. The chi2/ndf in each title is the"
          + " Poisson likelihood-ratio chi2 over all bins (an empty bin adds 2 nu), results.json's deviance; it is"
          + " not the sum of the squared significances.", r.bestFit().mass()));
      List<String> unfitted = r.categories().stream().filter(c -> !c.fitted()).map(CategoryResult::name).toList();
      if (!unfitted.isEmpty()) {
        page.note("Not fitted (too few events): " + String.join(", ", unfitted) + ".");
      }
      page.openGrid(2);
      for (CategorySignalFit fit : r.bestFit().categories()) {
        CategoryResult cat = r.categories().stream().filter(x -> x.name().equals(fit.name())).findFirst().orElseThrow();
        XYChart[] c = spectrumCharts(r, cat, fit);
        page.figure("mjj-" + fit.name(), c[0], c[1]);
      }
      page.closeGrid();
    }
  }

  private static final class Injection extends Section {
    private final Input in;

    Injection(Input in) {
      this.in = in;
    }

    @Override
    public String id() {
      return "injection";
    }

    @Override
    public String title() {
      return "Signal injection";
    }

    @Override
    public void render(ReportInput ri, ReportPage page) {
      page.note(f("Known amounts of signal mixed into the background and the whole search re-run per point; mu and Z"
          + " of the fits at M = %.0f GeV, categorised against the inclusive bump hunt without the score.%s",
          in.injectionMass(), in.injectionNote() == null ? "" : " " + in.injectionNote()));
      page.figure("significance-vs-injected", injectionChart(in));
      page.table(injectionTable(in.injectionMass(), in.injection()));
    }
  }

  private static final class Methods extends Section {
    private final Input in;

    Methods(Input in) {
      this.in = in;
    }

    @Override
    public String id() {
      return "methods";
    }

    @Override
    public String title() {
      return "Method comparison";
    }

    @Override
    public void render(ReportInput ri, ReportPage page) {
      page.note("CWoLa hunting (arXiv:1805.02664), ANODE (arXiv:2001.04990), the supervised reference (truth labels)"
          + " and the hunt's anomaly score (" + in.scoreName() + ") on the same events of the mJJ window "
          + in.methodWindow() + ". " + methodsNote());
      page.table(methodsTable(in.methods(), in.methodWindow()));
      page.openGrid(2);
      page.figure("sic", sicChart(in));
      page.figure("roc", rocChart(in));
      page.closeGrid();
    }
  }

  /**
   * The anomaly score against mJJ for the shown signal-region events, with the quantile-regression threshold
   * curves. The y axis spans the events and the curves with a margin of {@link #AXIS_MARGIN} of that span
   * on each side ({@link #paddedRange}); it used to run to 1.5 times the highest curve, far above the data.
   */
  static XYChart scoreChart(HuntResult r, Input in) {
    XYChart c = Charts.chart(900, 760, "Anomaly score vs mJJ (signal region) with the QR thresholds", "mJJ [GeV]",
        in.scoreName());
    double yLo = Double.POSITIVE_INFINITY;
    double yHi = Double.NEGATIVE_INFINITY;
    if (in.mJJ().length > 0) {
      XYSeries s = c.addSeries(f("events (%d shown)", in.mJJ().length), in.mJJ(), in.score());
      s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(new Color(0x88, 0x88, 0x88, 0x80));
      for (double v : in.score()) {
        if (Double.isFinite(v)) {
          yLo = Math.min(yLo, v);
          yHi = Math.max(yHi, v);
        }
      }
    }
    List<Double> q = r.config().quantiles();
    for (int k = 0; k < q.size(); k++) {
      double[] t = new double[in.curveMass().length];
      for (int i = 0; i < t.length; i++) {
        t[i] = in.curveThresholds()[i][k];
        if (Double.isFinite(t[i])) {
          yLo = Math.min(yLo, t[i]);
          yHi = Math.max(yHi, t[i]);
        }
      }
      Charts.line(c, f("threshold at %.0f%% background acceptance", 100 * q.get(k)), in.curveMass(), t, Charts.ordered(k),
          Charts.orderedStroke(k));
    }
    c.getStyler().setPlotContentSize(1.0); // the axis ranges below are the whole plot (XChart's default keeps 4% more)
    if (yLo <= yHi) {
      double[] y = paddedRange(yLo, yHi);
      c.getStyler().setYAxisMin(y[0]);
      c.getStyler().setYAxisMax(y[1]);
    }
    c.getStyler().setXAxisMin(r.config().mJJMin());
    c.getStyler().setXAxisMax(r.config().mJJMax());
    c.getStyler().setLegendPosition(LegendPosition.OutsideS);
    return c;
  }

  /** Margin of a data-fitted axis on each side, as a fraction of the data's span. */
  static final double AXIS_MARGIN = 0.04;

  /**
   * An axis range that fits data spanning [lo, hi]: {lo - m, hi + m} with m = {@link #AXIS_MARGIN} (hi - lo),
   * except that a non-negative quantity keeps its axis from 0 when the margin would cross it (an axis
   * reaching into negative values suggests negative scores). A single value (lo = hi) gets +-4% of |lo|
   * (+-1 for 0).
   */
  static double[] paddedRange(double lo, double hi) {
    if (!(lo <= hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
      throw new IllegalArgumentException("range must be finite with lo <= hi, found [" + lo + ", " + hi + "]");
    }
    double m = AXIS_MARGIN * (hi - lo);
    if (m == 0) {
      m = lo == 0 ? 1 : AXIS_MARGIN * Math.abs(lo);
    }
    double a = lo - m;
    if (lo >= 0 && a < 0) {
      a = 0;
    }
    return new double[] {a, hi + m};
  }

  /** SIC against eps_S per method (linear axes from 0). */
  static XYChart sicChart(Input in) {
    XYChart c = Charts.chart(800, 640, "Significance improvement in the mJJ window " + in.methodWindow(),
        "signal efficiency eps_S", "SIC = eps_S / sqrt(eps_B)");
    // below the plot: inside, the legend hid the curves' maxima (high eps_S, the top right corner)
    c.getStyler().setLegendPosition(LegendPosition.OutsideS);
    double yMax = 1;
    int k = 0;
    for (MethodCurves m : in.methods()) {
      if (m.sic().length == 0) { // no cut passes MethodCurves.MIN_BACKGROUND_EVENTS: nothing to draw (table: NaN)
        k++;
        continue;
      }
      Charts.line(c, f("%s (max %.1f)", m.method(), m.maxSic()), m.signalEfficiency(), m.sic(), Charts.color(k),
          k % 2 == 0 ? Charts.SOLID : Charts.DASHED);
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

  /** Background rejection 1 / eps_B (log axis) against eps_S per method, as the field draws it. */
  static XYChart rocChart(Input in) {
    XYChart c = Charts.chart(800, 640, "ROC in the mJJ window " + in.methodWindow(), "signal efficiency eps_S",
        "background rejection 1 / eps_B");
    // below the plot: inside, the legend hid the high-rejection end of the curves (top right)
    c.getStyler().setLegendPosition(LegendPosition.OutsideS);
    double yMax = 1;
    int k = 0;
    for (MethodCurves m : in.methods()) {
      if (m.backgroundEfficiency().length == 0) { // as in sicChart
        k++;
        continue;
      }
      double[] rej = new double[m.backgroundEfficiency().length];
      for (int i = 0; i < rej.length; i++) {
        rej[i] = 1 / m.backgroundEfficiency()[i];
        yMax = Math.max(yMax, rej[i]);
      }
      Charts.line(c, f("%s (AUC %.3f)", m.method(), m.auc()), m.signalEfficiency(), rej, Charts.color(k),
          k % 2 == 0 ? Charts.SOLID : Charts.DASHED);
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
    c.getStyler().setYAxisMax(Charts.decadeAbove(Double.isFinite(yMax) ? yMax : 1e6));
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

  static XYChart significanceChart(HuntResult r) {
    XYChart c = Charts.chart(900, 460, "Local significance vs mass hypothesis", "mass hypothesis M [GeV]",
        "local Z [sigma]");
    double zMax = 1;
    for (ScanPoint p : r.categorised().points()) {
      zMax = Math.max(zMax, p.localSignificance());
    }
    for (ScanPoint p : r.inclusive().points()) {
      zMax = Math.max(zMax, p.localSignificance());
    }
    Charts.line(c, "categorised (shared mu)", masses(r.categorised().points()), z(r.categorised().points()),
        Charts.color(0), Charts.SOLID).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Charts.color(0));
    Charts.line(c, "inclusive (no score)", masses(r.inclusive().points()), z(r.inclusive().points()), Charts.BACKGROUND,
        Charts.DASHED).setMarker(SeriesMarkers.SQUARE).setMarkerColor(Charts.BACKGROUND);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(Charts.niceCeil(1.25 * zMax));
    c.getStyler().setXAxisMin(r.config().mJJMin());
    c.getStyler().setXAxisMax(r.config().mJJMax());
    return c;
  }

  static XYChart injectionChart(Input in) {
    boolean xs = allCrossSections(in.injection());
    XYChart c = Charts.chart(900, 460, f("Local significance at M = %.0f GeV vs injected signal", in.injectionMass()),
        xs ? "injected sigma x BR [fb]" : "injected signal events", "local Z [sigma]");
    double[] x = new double[in.injection().size()];
    double[] zc = new double[x.length];
    double[] zi = new double[x.length];
    double zMax = 1;
    for (int i = 0; i < x.length; i++) {
      InjectionPoint p = in.injection().get(i);
      x[i] = xs ? p.crossSectionFb() : p.injected();
      zc[i] = p.significance();
      zi[i] = p.significanceInclusive();
      zMax = Math.max(zMax, Math.max(zc[i], zi[i]));
    }
    Charts.line(c, "categorised (anomaly score)", x, zc, Charts.color(0), Charts.SOLID).setMarker(SeriesMarkers.CIRCLE)
        .setMarkerColor(Charts.color(0));
    Charts.line(c, "inclusive (no score)", x, zi, Charts.BACKGROUND, Charts.DASHED).setMarker(SeriesMarkers.SQUARE)
        .setMarkerColor(Charts.BACKGROUND);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(Charts.niceCeil(1.25 * zMax));
    c.getStyler().setXAxisMin(0.0);
    c.getStyler().setLegendPosition(LegendPosition.InsideNW);
    return c;
  }

  /** Panel widths and heights of the spectrum figure (before the residual panel is joined under the main one). */
  static final int SPECTRUM_WIDTH = 680;
  static final int SPECTRUM_HEIGHT = 400;
  static final int RESIDUAL_HEIGHT = 210;
  /** One-sided tail of a 68.27% central interval: 1 - Phi(1). */
  private static final double ONE_SIGMA_TAIL = 0.5 * org.hipparchus.special.Erf.erfc(1 / Math.sqrt(2));

  /**
   * The central 68.27% Poisson confidence interval of an observed count n (Garwood 1936, the interval the
   * PDG recommends for event counts, Statistics review 40.4.2.3): [Q^-1(n; 1 - Phi(1)), Q^-1(n + 1; Phi(1))]
   * with Q^-1(k; p) the p quantile of a Gamma(k, 1) distribution, i.e. half the chi2 quantiles at 2n and
   * 2n + 2 degrees of freedom; the lower edge is 0 for n = 0. Unlike n +- sqrt(n) its lower edge stays
   * above 0 for n >= 1 (n = 1: [0.173, 3.300]), so no bar of an observed bin reaches the bottom of a log
   * axis.
   *
   * @param n an observed count, >= 0
   * @return {lower, upper}
   */
  static double[] poissonInterval(double n) {
    if (!(n >= 0) || Double.isInfinite(n)) {
      throw new IllegalArgumentException("count must be finite and >= 0, found " + n);
    }
    double lo = n == 0 ? 0 : new org.hipparchus.distribution.continuous.GammaDistribution(n, 1)
        .inverseCumulativeProbability(ONE_SIGMA_TAIL);
    double hi = new org.hipparchus.distribution.continuous.GammaDistribution(n + 1, 1)
        .inverseCumulativeProbability(1 - ONE_SIGMA_TAIL);
    return new double[] {lo, hi};
  }

  /**
   * {spectrum, residuals}: a fitted category's mJJ spectrum (log y, events per bin) over its residual panel,
   * same x axis (mJJ [GeV]); {@link ReportPage#figure(String, XYChart, XYChart)} joins them so that the
   * residual panel sits directly under the main one, sharing its lower border.
   *
   * <p>Main panel: the observed bins as points with their 68% Poisson intervals ({@link #poissonInterval});
   * empty bins get no point (a 0 has no place on a log axis). Residual panel: the Poisson-significance
   * residual of each bin against the background + signal fit, as the search computes and results.json stores
   * it ({@code bestFit.categories[].significanceResiduals}, Choudalakis and Casadei arXiv:1111.2062): an
   * empty bin's is -Phi^-1(1 - e^-nu) when e^-nu < 0.5, and 0 (no bar, like any bin with p > 0.5) when
   * its expectation nu is below ln 2. Bars of empty bins are drawn lighter. Bars have flat ends, so a 0
   * residual draws nothing (it was drawn as a small square, which read as a data point at 0).
   */
  static XYChart[] spectrumCharts(HuntResult r, CategoryResult cat, CategorySignalFit fit) {
    double[] e = cat.histogram().edges();
    int nb = e.length - 1;
    double[] mid = new double[nb];
    double[] n = cat.histogram().counts();
    double[] sb = new double[nb];
    double lo = Double.POSITIVE_INFINITY;
    double hi = 1;
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < nb; i++) {
      mid[i] = Math.sqrt(e[i] * e[i + 1]);
      sb[i] = fit.expectedBackground()[i] + fit.expectedSignal()[i];
      if (n[i] > 0) {
        double[] ci = poissonInterval(n[i]);
        pts.add(new double[] {mid[i], n[i], ci[0], ci[1]});
        lo = Math.min(lo, ci[0]);
        hi = Math.max(hi, ci[1]);
      }
      hi = Math.max(hi, sb[i]);
    }
    for (double b : fit.expectedBackground()) {
      lo = Math.min(lo, Math.max(b, 1e-2));
    }
    double yMin = Charts.decadeBelow(Math.min(0.5, 0.5 * lo));
    double yMax = Charts.decadeAbove(3 * hi);
    XYChart top = Charts.chart(SPECTRUM_WIDTH, SPECTRUM_HEIGHT, f("Category %s: fit at M = %.0f GeV, chi2/ndf = %.1f/%d",
        fit.name(), r.bestFit().mass(), fit.deviance(), fit.ndf()), " ", "events / bin");
    small(top);
    top.getStyler().setYAxisLogarithmic(true);
    top.getStyler().setYAxisMin(yMin);
    top.getStyler().setYAxisMax(yMax);
    top.getStyler().setXAxisMin(e[0]);
    top.getStyler().setXAxisMax(e[nb]);
    top.getStyler().setXAxisTitleVisible(false);
    top.getStyler().setXAxisTicksVisible(false); // the residual panel below carries the shared mJJ axis
    top.getStyler().setLegendPosition(LegendPosition.InsideNE);
    // the data: points with their Poisson intervals (one series of segments broken by NaN, not in the legend)
    double[] dx = new double[pts.size()];
    double[] dy = new double[pts.size()];
    double[] bx = new double[3 * pts.size()];
    double[] by = new double[3 * pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      double[] p = pts.get(i);
      dx[i] = p[0];
      dy[i] = p[1];
      bx[3 * i] = p[0];
      bx[3 * i + 1] = p[0];
      bx[3 * i + 2] = p[0];
      by[3 * i] = p[2];
      by[3 * i + 1] = p[3];
      by[3 * i + 2] = Double.NaN;
    }
    Charts.line(top, "background fit", mid, fit.expectedBackground(), Charts.color(1), Charts.SOLID);
    Charts.line(top, f("background + signal (mu = %.1f)", r.bestFit().muHat()), mid, sb, Charts.color(0), Charts.DASHED);
    if (dx.length > 0) {
      XYSeries bars = Charts.line(top, "68% Poisson interval", bx, by, Color.BLACK, Charts.THIN);
      bars.setShowInLegend(false);
      XYSeries d = top.addSeries(f("data (%d events)", cat.events()), dx, dy);
      d.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      d.setMarker(SeriesMarkers.CIRCLE);
      d.setMarkerColor(Color.BLACK);
    }
    XYChart bottom = Charts.chart(SPECTRUM_WIDTH, RESIDUAL_HEIGHT, " ", "mJJ [GeV]", "signif. [sigma]");
    small(bottom);
    bottom.getStyler().setChartTitleVisible(false);
    bottom.getStyler().setLegendVisible(false);
    double rMax = 3;
    for (double v : fit.significanceResiduals()) {
      if (Double.isFinite(v)) {
        rMax = Math.max(rMax, Math.abs(v));
      }
    }
    rMax = Math.ceil(rMax);
    bottom.getStyler().setYAxisMin(-rMax);
    bottom.getStyler().setYAxisMax(rMax);
    bottom.getStyler().setXAxisMin(e[0]);
    bottom.getStyler().setXAxisMax(e[nb]);
    Charts.line(bottom, "0", new double[] {e[0], e[nb]}, new double[] {0, 0}, Color.GRAY, Charts.THIN);
    residualBars(bottom, "residual", mid, fit.significanceResiduals(), n, false, Charts.color(1));
    residualBars(bottom, "residual of an empty bin", mid, fit.significanceResiduals(), n, true,
        new Color(0x00, 0x72, 0xB2, 0x70));
    alignPlotAreas(top, bottom);
    return new XYChart[] {top, bottom};
  }

  /** Flat-ended bars from 0 to each residual, for the bins that are (or are not) empty; none when there are none. */
  private static void residualBars(XYChart c, String name, double[] mid, double[] z, double[] n, boolean empty,
      Color color) {
    List<Double> rx = new ArrayList<>();
    List<Double> ry = new ArrayList<>();
    for (int i = 0; i < mid.length; i++) {
      if ((n[i] == 0) != empty || !Double.isFinite(z[i]) || z[i] == 0) {
        continue;
      }
      rx.addAll(List.of(mid[i], mid[i], mid[i]));
      ry.addAll(List.of(0.0, z[i], Double.NaN));
    }
    if (!rx.isEmpty()) {
      Charts.line(c, name, rx.stream().mapToDouble(Double::doubleValue).toArray(),
          ry.stream().mapToDouble(Double::doubleValue).toArray(), color, RESIDUAL_BAR);
    }
  }

  /** Residual bars: 6 px wide with flat ends (a square cap would draw a 0 as a point). */
  private static final java.awt.BasicStroke RESIDUAL_BAR = new java.awt.BasicStroke(6f, java.awt.BasicStroke.CAP_BUTT,
      java.awt.BasicStroke.JOIN_MITER);

  /**
   * Aligns the plot areas of two stacked panels of the same width: their y tick labels differ in width
   * (log counts above, residuals below), so the panel whose plot area starts further left gets that
   * difference added to its axis-title padding. The left edges are found in a rendering (the plot
   * border's vertical line, {@link Charts#plotBox}).
   */
  static void alignPlotAreas(XYChart top, XYChart bottom) {
    int d = Charts.plotBox(top)[0] - Charts.plotBox(bottom)[0];
    XYChart c = d > 0 ? bottom : top;
    if (d != 0) {
      c.getStyler().setAxisTitlePadding(c.getStyler().getAxisTitlePadding() + Math.abs(d));
    }
  }

  /** Fonts for the two-column grid. */
  private static void small(XYChart c) {
    c.getStyler().setAxisTitleFont(c.getStyler().getAxisTitleFont().deriveFont(15f));
    c.getStyler().setAxisTickLabelsFont(c.getStyler().getAxisTickLabelsFont().deriveFont(13f));
    c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(15f));
    c.getStyler().setLegendFont(c.getStyler().getLegendFont().deriveFont(13f));
  }

  private static double[] masses(List<ScanPoint> p) {
    return p.stream().mapToDouble(ScanPoint::mass).toArray();
  }

  private static double[] z(List<ScanPoint> p) {
    return p.stream().mapToDouble(ScanPoint::localSignificance).toArray();
  }
}
