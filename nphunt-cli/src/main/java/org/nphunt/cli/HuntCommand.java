package org.nphunt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nphunt.NphuntException;
import org.nphunt.data.DijetSchema;
import org.nphunt.fit.CrystalBallShape;
import org.nphunt.fit.ScanPoint;
import org.nphunt.hunt.AnodeConfig;
import org.nphunt.hunt.FitRange;
import org.nphunt.hunt.HuntConfig;
import org.nphunt.hunt.HuntResult;
import org.nphunt.hunt.ToyResonance;
import org.nphunt.model.Architectures;
import org.nphunt.physics.jets.JetProcesses;
import org.nphunt.run.HuntInputs;
import org.nphunt.run.HuntPipeline;
import org.nphunt.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nphunt hunt}: the resonant anomaly search (sideband training, quantile regression, bump hunt). */
@Command(name = "hunt", mixinStandardHelpOptions = true,
    description = {"Resonant anomaly search: a bump hunt in mJJ categories of an anomaly score decorrelated from mJJ.",
        "As CMS arXiv:2412.03747: signal region |DeltaEtaJJ| < cut, an anomaly score",
        "from a model trained on the sideband (or an event feature), k-fold quantile regression of the score on mJJ",
        "(pinball loss), orthogonal categories with shape tests, a simultaneous binned likelihood fit of all categories",
        "with a shared signal strength over a mass scan, and the inclusive bump hunt for comparison.",
        "Input: --data DIJETS.h5, or generated qcd-dijet + injected wprime-xy events (--events, --inject), or --toy;",
        "--signal SIGNAL.h5 injects --inject events of a dijet file instead of the generated W'.",
        "Optional comparisons in the window around --signal-mass: CWoLa hunting (--cwola), ANODE (--anode) and, with",
        "truth labels, the supervised reference, with SIC and ROC curves of every method.",
        "Writes results.json, results.md, report.html, plots/, events.csv, events.h5 and manifest.json into --out."})
public final class HuntCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIJETS.h5", description = "Dijet file (nphunt's dijet layout, e.g. from"
      + " 'nphunt generate --dijet-out' or 'nphunt cluster'). Default: generate events.")
  Path data;

  @Option(names = "--signal", paramLabel = "SIGNAL.h5", description = "Inject --inject events drawn (with the seed)"
      + " from this dijet file (the layouts --data reads) instead of the generated W'; with a truth_label column only"
      + " its label-1 events. Into the generated background or into --data.")
  Path signalFile;

  @Option(names = "--toy", description = "Without --data: seconds-fast toy events (mJJ, DeltaEtaJJ and a score"
      + " drawn directly; no jets, no model) instead of the jet generator.")
  boolean toy;

  @Option(names = "--events", paramLabel = "N", defaultValue = "20000", description = "Generated background events (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--inject", paramLabel = "N", defaultValue = "200", description = "Generated signal events injected (default: ${DEFAULT-VALUE}).")
  int inject;

  @Option(names = "--toy-mass", paramLabel = "GEV", defaultValue = "3500", description = "Toy resonance mass in GeV (default: ${DEFAULT-VALUE}).")
  double toyMass;

  @Option(names = "--model-dir", paramLabel = "DIR", description = "Trained model folder (from 'nphunt train') giving the score.")
  Path modelDir;

  @Option(names = "--model", paramLabel = "NAME", description = "Train this model (e.g. chamfer-vae, jet-image-ae) on the"
      + " sideband here and use its score.")
  String model;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "Training epochs for --model (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--score", paramLabel = "NAME", description = "The model's score to use (default: its first).")
  String score;

  @Option(names = "--score-feature", paramLabel = "FEATURE", description = "Without a model: an event feature as the"
      + " score, or mJmax = max(j1M, j2M) (default).")
  String scoreFeature;

  @Option(names = "--delta-eta-cut", paramLabel = "X", defaultValue = "1.4", description = "Signal region |DeltaEtaJJ| < cut (default: ${DEFAULT-VALUE}).")
  double deltaEtaCut;

  @Option(names = "--quantiles", paramLabel = "Q", split = ",", description = "Background acceptances of the thresholds (default: 0.3,0.5,0.7,0.9,0.99).")
  List<Double> quantiles;

  @Option(names = "--qr", paramLabel = "NAME", defaultValue = "linear", description = "Quantile model: linear (a quadratic"
      + " in ln mJJ: smooth, absorbs less of a narrow signal) or network (5 dense layers, the paper's; absorbs about"
      + " two thirds of a narrow 60-event toy signal from the tightest category; docs/hunt.md) (default: ${DEFAULT-VALUE}).")
  String qr;

  @Option(names = "--qr-region", paramLabel = "REGION", defaultValue = "signal-region", description = "Where the quantile"
      + " model trains: signal-region (k-folded, the paper's) or sideband (|DeltaEtaJJ| >= cut in the fit range, applied"
      + " to the signal region: a signal there cannot pull the thresholds; docs/hunt.md) (default: ${DEFAULT-VALUE}).")
  String qrRegion;

  @Option(names = "--folds", paramLabel = "K", defaultValue = "5", description = "k of the k-fold quantile regression (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--mjj-min", paramLabel = "GEV", description = "Fit range lower edge in GeV (default: where the"
      + " leading-jet pT threshold is fully efficient in the signal region, 2 pTmin cosh(cut / 2) x 1.03 rounded up to"
      + " 10 GeV: 3110 GeV for generated events, pT > 1200 GeV and |DeltaEtaJJ| < 1.4; with --data from the data's"
      + " smallest leading-jet pT; 2700 with --toy, whose spectrum has no turn-on; docs/hunt.md).")
  Double mjjMinOption;

  /** The fit range's lower edge: the option, or its default ({@link #resolveMjjMin}); NaN while it waits for --data. */
  double mjjMin;

  @Option(names = "--mjj-max", paramLabel = "GEV", defaultValue = "6000", description = "Fit range upper edge in GeV (default: ${DEFAULT-VALUE}).")
  double mjjMax;

  @Option(names = "--bins", paramLabel = "N", defaultValue = "30", description = "Logarithmic mJJ bins (default: ${DEFAULT-VALUE}).")
  int bins;

  @Option(names = "--scan-points", paramLabel = "N", defaultValue = "12", description = "Mass hypotheses (default: ${DEFAULT-VALUE}).")
  int scanPoints;

  @Option(names = "--signal-width", paramLabel = "X", description = "Signal sigma/M of the Crystal Ball shape (default:"
      + " from the signal simulation when the input has >= 30 truth-labelled signal events in the signal region, half"
      + " their central 68%% mJJ interval over the median (2.6%% for the generated W' at 3.5 TeV), else 0.07;"
      + " docs/hunt.md).")
  Double signalWidthOption;

  /** The signal width for the config: the option, or the generic 0.07 until the signal simulation gives it. */
  double signalWidth;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Generator and training threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--injection-scan", split = ",", paramLabel = "N", description = "Also re-run the search with these"
      + " numbers of the input's truth-signal events mixed into its background (e.g. 0,20,40,60); with --model the"
      + " model is re-trained per point on the injected sample's sideband, a --model-dir or feature score is kept.")
  List<Integer> injection;

  @Option(names = "--injection-xsec", split = ",", paramLabel = "FB", description = "Generated events only: the"
      + " injection scan in signal cross-section x branching ratio in fb (e.g. 0,5,10,20), converted to W' events through"
      + " the background's equivalent luminosity N_qcd / sigma_qcd,selected and the W' selection efficiency; the pool is"
      + " the --inject events. With --model the model is re-trained on each injected sample's sideband.")
  List<Double> injectionXsec;

  @Option(names = "--signal-mass", paramLabel = "GEV", defaultValue = "3500", description = "Mass hypothesis of the"
      + " injection scan and the CWoLa window (default: ${DEFAULT-VALUE}).")
  double signalMass;

  @Option(names = "--cwola", description = "Also run CWoLa hunting (arXiv:1708.02949, 1805.02664) in the window"
      + " 0.943-1.057 x --signal-mass on the jet masses and tau_21; with truth labels its AUC and max SIC in the window"
      + " next to the anomaly score's.")
  boolean cwola;

  @Option(names = "--anode", description = "Also run ANODE (arXiv:2001.04990): conditional masked autoregressive flows"
      + " p(x | mJJ) trained on the sidebands (interpolated) and, k-folded, in the window 0.943-1.057 x --signal-mass;"
      + " score log p_SR / p_BG on the same features as --cwola. With truth labels --cwola/--anode also run the"
      + " supervised reference and write SIC and ROC curves of every method.")
  boolean anode;

  @Option(names = "--anode-epochs", paramLabel = "N", defaultValue = "40", description = "Epochs of ANODE's sideband flow;"
      + " the signal-region flows train 1.5 x as long (default: ${DEFAULT-VALUE}).")
  int anodeEpochs;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must not exist or be empty).")
  Path out;

  @Option(names = "--force", description = "Replace an earlier hunt folder.")
  boolean force;

  @Override
  public Integer call() {
    HuntConfig d = HuntConfig.defaults();
    int layers;
    int degree;
    switch (qr.toLowerCase(Locale.ROOT)) {
      case "network" -> {
        layers = d.qrLayers();
        degree = d.qrDegree();
      }
      case "linear" -> {
        layers = 1;
        degree = 2;
      }
      default -> throw new ParameterException(spec.commandLine(), "--qr must be network or linear, found " + qr);
    }
    HuntConfig.QrRegion region = switch (qrRegion.toLowerCase(Locale.ROOT)) {
      case "signal-region" -> HuntConfig.QrRegion.SIGNAL_REGION;
      case "sideband" -> HuntConfig.QrRegion.SIDEBAND;
      default -> throw new ParameterException(spec.commandLine(), "--qr-region must be signal-region or sideband, found "
          + qrRegion);
    };
    if (events < 0 || inject < 0) {
      throw new ParameterException(spec.commandLine(), "--events and --inject must be >= 0, found " + events + " and " + inject);
    }
    if (data != null && toy) {
      throw new ParameterException(spec.commandLine(), "--toy generates its own events: drop --data or --toy");
    }
    if (model != null && modelDir != null) {
      throw new ParameterException(spec.commandLine(), "give --model or --model-dir, not both");
    }
    if (toy && (model != null || modelDir != null || scoreFeature != null)) {
      throw new ParameterException(spec.commandLine(), "--toy events carry their own score: drop --model, --model-dir and --score-feature");
    }
    if (toy && (cwola || anode)) {
      throw new ParameterException(spec.commandLine(), "--cwola and --anode need jet features: use --data or generated events, not --toy");
    }
    if (injectionXsec != null && (data != null || toy || injection != null || signalFile != null)) {
      throw new ParameterException(spec.commandLine(), "--injection-xsec needs generated jets (the generator's cross-sections):"
          + " not with --data, --toy, --signal or --injection-scan");
    }
    if (injectionXsec != null && injectionXsec.stream().anyMatch(x -> !(x >= 0) || x.isInfinite())) {
      throw new ParameterException(spec.commandLine(), "--injection-xsec values must be finite and >= 0 fb, found " + injectionXsec);
    }
    if (anodeEpochs < 1) {
      throw new ParameterException(spec.commandLine(), "--anode-epochs must be >= 1, found " + anodeEpochs);
    }
    resolveMjjMin();
    signalWidth = signalWidthOption != null ? signalWidthOption : CrystalBallShape.defaults().relativeWidth();
    checkUsage();
    HuntConfig cfg;
    AnodeConfig anodeConfig;
    try {
      anodeConfig = new AnodeConfig(null, null, folds).withEpochs(anodeEpochs, (int) Math.ceil(1.5 * anodeEpochs));
      cfg = new HuntConfig(deltaEtaCut, quantiles, folds, layers, degree, d.qrWidth(), layers == 1 ? 30 : d.qrEpochs(),
          d.qrBatchSize(), d.qrLearningRate(), Double.isNaN(mjjMin) ? PROVISIONAL_MJJ_MIN : mjjMin, mjjMax, bins,
          scanPoints, signalWidth, seed, region);
    } catch (IllegalArgumentException e) {
      // the values come from the options: bad usage (exit 2)
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    long t0 = System.nanoTime();
    var err = spec.commandLine().getErr();
    HuntResult r = HuntPipeline.run(new HuntPipeline.Options(data, toy, events, inject, toyMass, modelDir, model, epochs,
        score, scoreFeature, Math.max(1, threads), cfg, out, force, injection == null ? List.of() : injection, signalMass, cwola, anode, anodeConfig, signalFile,
        injectionXsec, Double.isNaN(mjjMin), signalWidthOption == null), line -> err.println("nphunt hunt: " + line));
    ScanPoint b = r.categorised().mostSignificant();
    ScanPoint inc = r.inclusive().mostSignificant();
    spec.commandLine().getOut().printf(Locale.ROOT, "most significant: M = %.0f GeV, mu = %.1f +- %.1f, local Z = %.2f"
        + " (inclusive: M = %.0f GeV, Z = %.2f); %d signal-region events in %.1f s; wrote %s%n", b.mass(), b.muHat(),
        0.5 * (b.muErrorUp() + (Double.isNaN(b.muErrorDown()) ? b.muErrorUp() : b.muErrorDown())),
        b.localSignificance(), inc.mass(), inc.localSignificance(), r.signalRegionEvents(),
        (System.nanoTime() - t0) / 1e9, out.toAbsolutePath());
    for (String w : org.nphunt.report.HuntReport.warnings(r)) {
      spec.commandLine().getErr().println("nphunt hunt: warning: " + w);
    }
    return 0;
  }

  /**
   * A significance from a fit that does not describe the spectrum means nothing: the warning for a
   * fit whose goodness of fit has p &lt; 1e-3, or null. The statistic is the likelihood-ratio chi2
   * (Baker and Cousins, NIM 221 (1984) 437), the goodness of fit of a Poisson likelihood fit; Pearson's
   * chi2 is inflated by the sparse bins of the tightest categories.
   */
  static String fitWarning(String which, ScanPoint p) {
    return org.nphunt.report.HuntReport.fitWarning(which, p);
  }

  /** The lower edge with --data and no --mjj-min until the data give it (a valid placeholder for the config). */
  static final double PROVISIONAL_MJJ_MIN = 1000;

  /**
   * The fit range's lower edge: --mjj-min, or where the leading-jet pT threshold is fully efficient in the
   * signal region ({@link FitRange}): for generated events from the generator's selection, for --toy the
   * toy's own 2700 GeV, and NaN for --data (the pipeline takes it from the data).
   */
  private void resolveMjjMin() {
    if (!(deltaEtaCut > 0 && deltaEtaCut <= 10)) {
      throw usage("--delta-eta-cut must be in (0, 10], found " + num(deltaEtaCut));
    }
    if (mjjMinOption != null) {
      mjjMin = mjjMinOption;
    } else if (toy) {
      mjjMin = ToyResonance.FIT_MJJ_MIN;
    } else if (data == null) {
      mjjMin = FitRange.fullyEfficientMjj(JetProcesses.builtIn("qcd-dijet").selection().ptMin(), deltaEtaCut);
    } else {
      mjjMin = Double.NaN;
    }
  }

  /** The checks that need the fit range (after {@link #resolveMjjMin}). */
  private void checkRange(picocli.CommandLine.ParseResult parsed) {
    if (!(mjjMin > 0) || !(mjjMax > mjjMin) || Double.isInfinite(mjjMax)) {
      throw usage(String.format(Locale.ROOT, "--mjj-min must be > 0 and below --mjj-max, found %s and %s GeV",
          num(mjjMin), num(mjjMax)));
    }
    // the scan runs from 1.1 x mjj-min to 0.85 x mjj-max
    if (mjjMax * 0.85 <= mjjMin * 1.1) {
      throw usage(String.format(Locale.ROOT, "--mjj-max must be above 1.3 x --mjj-min (the mass scan runs from 1.1 x"
          + " --mjj-min to 0.85 x --mjj-max), found [%s, %s] GeV", num(mjjMin), num(mjjMax)));
    }
    double binWidth = Math.log(mjjMax / mjjMin) / bins;
    if (signalWidthOption != null && binWidth > 2 * signalWidth) {
      throw usage(String.format(Locale.ROOT, "--bins %d makes bins %.0f%% wide in mJJ, more than 2 x --signal-width"
          + " %s: the signal would fill one bin; use --bins >= %d", bins, 100 * (Math.exp(binWidth) - 1),
          num(signalWidth), (int) Math.ceil(Math.log(mjjMax / mjjMin) / (2 * signalWidth))));
    }
    boolean massUsed = cwola || anode || injection != null;
    if ((massUsed || parsed.hasMatchedOption("--signal-mass")) && !(signalMass >= mjjMin && signalMass <= mjjMax)) {
      throw usage(String.format(Locale.ROOT, "--signal-mass %s GeV is outside the fit range [--mjj-min, --mjj-max] ="
          + " [%s, %s] GeV", num(signalMass), num(mjjMin), num(mjjMax)));
    }
    if (toy && inject > 0 && !(toyMass >= mjjMin && toyMass <= mjjMax)) {
      throw usage(String.format(Locale.ROOT, "--toy-mass %s GeV is outside the fit range [%s, %s] GeV: the injected"
          + " toy signal could not be seen", num(toyMass), num(mjjMin), num(mjjMax)));
    }
  }

  /** Smallest number of mJJ bins: 4 background parameters and mu leave >= 5 degrees of freedom. */
  static final int MIN_BINS = 10;

  /** Smallest number of mass hypotheses of a scan. */
  static final int MIN_SCAN_POINTS = 3;

  /**
   * Option combinations that would fail (or mean nothing) only after minutes of generation or training:
   * refused before any work as bad usage (exit 2, one line). Missing input files are bad data (exit 1),
   * also checked here before any work.
   */
  private void checkUsage() {
    var parsed = spec.commandLine().getParseResult();
    if (mjjMax >= org.nphunt.fit.DijetFunction.SQRT_S_13TEV) {
      // the dijet function's x = mJJ / sqrt(s) must stay below 1: --toy --mjj-max 1e9 crashed with a stack trace in
      // the toy generator, and with --data or generated events the fit refused it only after all the work
      throw usage(String.format(Locale.ROOT, "--mjj-max must be below sqrt(s) = %s GeV (the dijet function's x ="
          + " mJJ / sqrt(s)), found %s", num(org.nphunt.fit.DijetFunction.SQRT_S_13TEV), num(mjjMax)));
    }
    if (threads < 1) {
      // it was raised to 1 in silence, while generate, train and score refuse it
      throw usage("--threads must be >= 1, found " + threads);
    }
    if (data == null && events < 1) {
      // a hunt without background: --toy --events 0 --inject 200 fitted 200 signal events as a background spectrum
      throw usage("--events must be >= 1 (the generated background), found " + events);
    }
    if (bins < MIN_BINS) {
      throw usage("--bins must be >= " + MIN_BINS + " (4 background parameters and the signal strength leave >= 5"
          + " degrees of freedom), found " + bins);
    }
    if (scanPoints < MIN_SCAN_POINTS) {
      throw usage("--scan-points must be >= " + MIN_SCAN_POINTS + ", found " + scanPoints);
    }
    if (signalWidthOption != null && !(signalWidthOption > 0 && signalWidthOption < 0.5)) {
      throw usage("--signal-width is sigma/M of the signal shape and must be in (0, 0.5), found " + num(signalWidthOption));
    }
    if (!Double.isNaN(mjjMin)) {
      checkRange(parsed);
    } else if (!(mjjMax > 0) || Double.isInfinite(mjjMax)) {
      throw usage("--mjj-max must be finite and > 0 GeV, found " + num(mjjMax));
    }
    if (!toy && parsed.hasMatchedOption("--toy-mass")) {
      throw usage("--toy-mass sets the --toy resonance: add --toy or drop --toy-mass");
    }
    if (signalFile != null && toy) {
      throw usage("--toy injects its own resonance: drop --signal or --toy");
    }
    if (signalFile != null && inject < 1) {
      throw usage("--signal needs --inject N >= 1 events to draw from it, found " + inject);
    }
    if (data != null && signalFile == null && parsed.hasMatchedOption("--inject")) {
      throw usage("--inject draws generated W' events or, with --signal FILE, events of FILE: with --data add --signal");
    }
    if (data != null && parsed.hasMatchedOption("--events")) {
      throw usage("--events sets the generated background: drop it with --data");
    }
    if (score != null && model == null && modelDir == null) {
      throw usage("--score names a score of --model or --model-dir: give one, or use --score-feature");
    }
    if (scoreFeature != null && (model != null || modelDir != null)) {
      throw usage("--score-feature is the score without a model: drop it or --model/--model-dir");
    }
    if (model != null) {
      try {
        TrainingConfig.defaults(Architectures.defaults(model)).withEpochs(epochs);
      } catch (IllegalArgumentException e) {
        throw usage("--model " + model + ", --epochs " + epochs + ": " + e.getMessage());
      }
    }
    if (scoreFeature != null && data == null && !toy && !scoreFeature.equals(HuntInputs.M_JMAX)
        && !DijetSchema.nphunt(1).eventFeatures().contains(scoreFeature)) {
      throw usage("--score-feature " + scoreFeature + " is not a feature of the generated events; choose "
          + HuntInputs.M_JMAX + " or one of " + DijetSchema.nphunt(1).eventFeatures());
    }
    if (injection != null) {
      for (int n : injection) {
        if (n < 0) {
          throw usage("--injection-scan values must be >= 0, found " + injection);
        }
        // generated and toy events: the truth-signal pool is the injected events
        if (data == null && n > inject) {
          throw usage("--injection-scan " + n + " exceeds the " + inject + " injected signal events (--inject)");
        }
      }
    }
    for (Path p : new Path[] {data, signalFile}) {
      if (p != null && !java.nio.file.Files.isRegularFile(p)) {
        throw new NphuntException(p + ": " + (java.nio.file.Files.exists(p) ? "not a file" : "no such file"));
      }
    }
    if (modelDir != null && !java.nio.file.Files.isDirectory(modelDir)) {
      throw new NphuntException(modelDir + ": " + (java.nio.file.Files.exists(modelDir) ? "not a model folder"
          : "no such model folder") + " (--model-dir)");
    }
    if (modelDir != null) {
      // a model of another event schema (an ADC2021 dense AE, say) used to fail only after the events were read or
      // generated, with a line naming neither the model folder nor the events
      org.nphunt.score.ModelFile mf = org.nphunt.score.ModelFile.read(modelDir);
      String reads = mf.preprocessing().schema();
      if (!DijetSchema.NAME.equals(reads)) {
        throw new NphuntException(modelDir + ": model '" + mf.training().architecture().architecture() + "' reads "
            + reads + " events, the resonant search scores " + DijetSchema.NAME + " events (--model-dir needs a jet model,"
            + " e.g. chamfer-vae, jet-image-ae, lola-ae)");
      }
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
