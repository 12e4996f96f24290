package org.nphunt.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.nphunt.NphuntException;
import org.nphunt.data.Events;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.data.MemoryEventSink;
import org.nphunt.hunt.AnodeConfig;
import org.nphunt.hunt.CrossSectionScale;
import org.nphunt.hunt.CutBumpHunt;
import org.nphunt.hunt.Hunt;
import org.nphunt.hunt.HuntConfig;
import org.nphunt.hunt.FitRange;
import org.nphunt.hunt.HuntEvents;
import org.nphunt.hunt.SignalWidth;
import org.nphunt.hunt.HuntResult;
import org.nphunt.hunt.MethodComparison;
import org.nphunt.hunt.Regions;
import org.nphunt.hunt.SignalInjection;
import org.nphunt.hunt.ToyResonance;
import org.nphunt.io.AtomicDirectory;
import org.nphunt.io.OutputRules;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.Architectures;
import org.nphunt.physics.jets.JetGenerationSummary;
import org.nphunt.physics.jets.JetGenerator;
import org.nphunt.physics.jets.JetProcessStats;
import org.nphunt.physics.jets.JetProcesses;
import org.nphunt.progress.Counts;
import org.nphunt.report.HuntReport;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The whole {@code nphunt hunt}: events (a dijet file, the jet generator's QCD with injected W'
 * events, or {@link ToyResonance} toys), an anomaly score (a trained model folder, a model trained here
 * on the sideband, or an event feature), the {@link Hunt} (optionally CWoLa hunting in a window and an
 * injection scan, the per-method comparison with CWoLa hunting, ANODE and the supervised reference),
 * and one folder committed atomically: results.json, results.md, report.html with plots/, events.csv
 * (per signal-region event in the fit range: mJJ, DeltaEtaJJ, score, category, label), events.h5 (every
 * event: mJJ, DeltaEtaJJ, the anomaly score under its own name, every method's score, category and label as
 * integers; {@link HuntEventsFile}) and manifest.json.
 */
public final class HuntPipeline {
  /** Files of a hunt folder (for --force: only such a folder is replaced). */
  public static final List<String> FILES = List.of("results.json", "results.md", "report.html", "plots", "events.csv",
      "events.h5", "manifest.json");

  private HuntPipeline() {}

  /**
   * What to run.
   *
   * @param data a dijet file, or null to generate
   * @param toy with no data: ToyResonance toys (seconds) instead of the jet generator
   * @param events generated background events
   * @param inject generated signal events (W' -&gt; XY of the LHC Olympics, or the toy resonance)
   * @param toyMass the toy resonance mass in GeV
   * @param modelDir a trained model folder, or null
   * @param model a model name to train on the sideband, or null
   * @param epochs training epochs for {@code model}
   * @param scoreName the model's score to use (null: its first)
   * @param scoreFeature an event feature as the score (used when no model is given)
   * @param threads generator and training threads
   * @param config the search settings
   * @param out the output folder
   * @param force replace an earlier hunt folder
   * @param injection numbers of signal events for the injection scan (empty: none); the truth-labelled
   *     background and signal events of the input are re-mixed (a --model is re-trained per point)
   * @param signalMass the mass hypothesis of the injection scan and the CWoLa window in GeV
   * @param cwola also run CWoLa hunting in the window [0.943, 1.057] x signalMass (3.3-3.7 TeV at 3.5 TeV)
   *     with sidebands of the same width on each side, on the LHC Olympics features ({@link
   *     HuntInputs#lhcoFeatures})
   * @param anode also run ANODE ({@link org.nphunt.hunt.Anode}) in the same window on the same features
   * @param anodeConfig ANODE's flows and folds
   * @param signal a dijet file whose events are injected instead of the generated W' ({@code inject} of them,
   *     drawn with the seed; only its truth_label = 1 events when it has labels), or null
   * @param injectionCrossSections sigma x BR in fb of the injection scan (empty: none; generated events
   *     only, whose cross-sections the generator knows; see {@link CrossSectionScale}); not with
   *     {@code injection}
   * @param mjjMinFromData take the fit range's lower edge from the data (where their leading-jet pT
   *     threshold is fully efficient in the signal region, {@link FitRange}) instead of {@code config}'s
   * @param signalWidthFromSimulation take the signal shape's sigma / M from the input's truth-labelled signal
   *     events when there are enough ({@link SignalWidth}) instead of {@code config}'s
   */
  public record Options(Path data, boolean toy, int events, int inject, double toyMass, Path modelDir, String model,
      int epochs, String scoreName, String scoreFeature, int threads, HuntConfig config, Path out, boolean force,
      List<Integer> injection, double signalMass, boolean cwola, boolean anode, AnodeConfig anodeConfig, Path signal,
      List<Double> injectionCrossSections, boolean mjjMinFromData, boolean signalWidthFromSimulation) {
    public Options {
      injection = injection == null ? List.of() : List.copyOf(injection);
      injectionCrossSections = injectionCrossSections == null ? List.of() : List.copyOf(injectionCrossSections);
    }

    /** The same options with another search configuration and what is still to be resolved. */
    Options withConfig(HuntConfig c, boolean rangeFromData, boolean widthFromSimulation) {
      return new Options(data, toy, events, inject, toyMass, modelDir, model, epochs, scoreName, scoreFeature, threads,
          c, out, force, injection, signalMass, cwola, anode, anodeConfig, signal, injectionCrossSections, rangeFromData,
          widthFromSimulation);
    }

    /** The input files (data, signal) present. */
    List<Path> inputFiles() {
      List<Path> in = new ArrayList<>();
      if (data != null) {
        in.add(data);
      }
      if (signal != null) {
        in.add(signal);
      }
      return in;
    }
  }

  /** Runs and writes; returns the result. {@code log} gets one line per step. */
  public static HuntResult run(Options o, Consumer<String> log) {
    long t0 = System.nanoTime();
    OutputRules rules = new OutputRules("a hunt folder written by nphunt hunt", HuntPipeline::isHuntFolder,
        o.inputFiles());
    HuntConfig cfg = o.config();
    Map<String, Object> inputs = new LinkedHashMap<>();
    HuntEvents ev;
    Map<String, Object> comparison = null;
    MethodComparison.Result methods = null;
    CrossSectionScale scale = null;
    Events jets = null;
    if (!o.injection().isEmpty() && !o.injectionCrossSections().isEmpty()) {
      throw new NphuntException("give the injection scan in events or in cross-sections, not both");
    }
    if ((o.cwola() || o.anode()) && o.toy()) {
      throw new NphuntException("--cwola and --anode need jet features: use --data or generated events, not --toy");
    }
    try (AtomicDirectory dir = AtomicDirectory.create(o.out(), o.force(), rules)) {
      if (o.data() == null && o.toy()) {
        ToyResonance toy = new ToyResonance(o.toyMass(), 0.05);
        ev = HuntEvents.concat(toy.background(o.events(), cfg.mJJMin(), cfg.mJJMax(), cfg.seed()),
            toy.signal(o.inject(), cfg.seed() + 1));
        inputs.put("data", "ToyResonance toys: " + o.events() + " background + " + o.inject() + " signal at "
            + o.toyMass() + " GeV (score built in)");
        inputs.put("score", "the toy events' own score");
        inputs.put(SCORE_NAME, TOY_SCORE);
        log.accept("toy events: " + ev.size());
        o = signalWidth(ev, o, inputs, log);
        cfg = o.config();
      } else {
        // the --signal file first: a file with too few events fails before the background is generated
        Events signal = o.signal() == null ? null : drawSignalFile(o, inputs, log);
        Events events;
        if (o.data() != null) {
          events = readNoted(o.data(), inputs, log);
          inputs.put("data", o.data().toString());
        } else {
          int wprime = o.signal() == null ? o.inject() : 0;
          log.accept("generating " + o.events() + " qcd-dijet + " + wprime + " wprime-xy events...");
          List<Events> parts = new ArrayList<>();
          MemoryEventSink qcd = MemoryEventSink.collecting();
          JetGenerationSummary qcdSummary = JetGenerator.generate(JetProcesses.builtIn("qcd-dijet"), o.events(),
              cfg.seed(), o.threads(), null, qcd, null);
          parts.add(qcd.allEvents());
          JetGenerationSummary sigSummary = null;
          if (wprime > 0) {
            MemoryEventSink w = MemoryEventSink.collecting();
            sigSummary = JetGenerator.generate(JetProcesses.builtIn("wprime-xy"), o.inject(), cfg.seed() + 1,
                o.threads(), null, w, null);
            parts.add(w.allEvents());
          }
          scale = crossSectionScale(qcdSummary, sigSummary);
          events = Events.join(parts);
          inputs.put("data", "jet generator: " + o.events() + " qcd-dijet (seed " + cfg.seed() + ") + " + wprime
              + " wprime-xy (seed " + (cfg.seed() + 1) + ")");
        }
        if (signal != null) {
          events = joinSignal(events, signal, o, log);
        }
        o = fitRange(events, o, inputs, log);
        cfg = o.config();
        checkInjectionPool(events, o, scale);
        String src = o.data() == null ? "generated events" : o.data().toString();
        if (o.cwola() || o.anode()) {
          HuntInputs.requireLhcoFeatures(events, src, o.cwola() && o.anode() ? "--cwola and --anode need"
              : o.cwola() ? "--cwola needs" : "--anode needs");
        }
        jets = events;
        double[] score = score(events, o, inputs, log);
        ev = HuntInputs.of(events, score, src);
        o = signalWidth(ev, o, inputs, log);
        cfg = o.config();
        if (o.cwola() || o.anode()) {
          methods = comparison(events, ev, o, log);
          comparison = comparisonJson(methods, ev, cfg.signalRelativeWidth());
        }
      }
      log.accept("hunting: quantile regression (" + cfg.folds() + " folds), categories, fits...");
      Hunt.Run run = Hunt.run(ev, cfg, null);
      HuntResult r = run.result();
      Map<String, Object> injectionJson = new LinkedHashMap<>();
      List<SignalInjection.Point> scan = o.injection().isEmpty() && o.injectionCrossSections().isEmpty() ? List.of()
          : injection(ev, jets, scale, o, injectionJson, log);
      double wall = (System.nanoTime() - t0) / 1e9;
      Path tmp = dir.temporary();
      Manifest manifest = Manifest.create("hunt", cfg.seed(), cfg, o.inputFiles());
      String manifestJson = Json.write(manifest);
      Files.writeString(tmp.resolve("manifest.json"), manifestJson);
      Map<String, Object> results = new LinkedHashMap<>();
      results.put("inputs", inputs);
      results.put("wallSeconds", wall);
      results.put("hunt", r);
      if (comparison != null) {
        results.put("comparison", comparison);
      }
      if (!scan.isEmpty()) {
        results.put("injectionScan", injectionJson);
      }
      Files.writeString(tmp.resolve("results.json"), Json.write(results));
      writeEvents(tmp.resolve("events.csv"), ev, run);
      HuntEventsFile.write(tmp.resolve("events.h5"), ev, run, methods, String.valueOf(inputs.get(SCORE_NAME)),
          String.valueOf(inputs.get("score")));
      // plots: a sample of at most 5000 signal-region events, threshold curves on 60 masses
      int[] rows = run.signalRegionRows();
      int step = Math.max(1, rows.length / 5000);
      int[] sample = IntStream.range(0, rows.length).filter(i -> i % step == 0).map(i -> rows[i]).toArray();
      double[] m = new double[60];
      double[][] t = new double[60][];
      for (int i = 0; i < 60; i++) {
        m[i] = cfg.mJJMin() * Math.pow(cfg.mJJMax() / cfg.mJJMin(), i / 59.0);
        t[i] = run.regression().meanThresholds(m[i]);
      }
      HuntReport.write(tmp, r, new HuntReport.Input(IntStream.of(sample).mapToDouble(i -> ev.mJJ()[i]).toArray(),
          IntStream.of(sample).mapToDouble(i -> ev.score()[i]).toArray(), m, t, "nphunt hunt: resonant anomaly search",
          manifest, scoreLabel(inputs), methods == null ? List.of() : methods.curves(), methods == null ? null
              : String.format(Locale.ROOT, "%.0f-%.0f GeV", methods.lo(), methods.hi()), o.signalMass(),
          scan.stream().map(p -> new HuntReport.InjectionPoint(p.injected(), p.trueMu(), p.muHat(), p.muError(),
              p.significance(), p.muHatInclusive(), p.muErrorInclusive(), p.significanceInclusive(), p.crossSectionFb(),
              p.signalRegionBackground())).toList(), scan.isEmpty() ? null : injectionNote(injectionJson, scale)));
      dir.commit();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The fit range's lower edge against the events' leading-jet pT threshold ({@link FitRange}): taken from
   * the data when {@link Options#mjjMinFromData}, otherwise checked (a warning when the range starts on the
   * turn-on). Recorded in {@code inputs} as "fitRange".
   */
  static Options fitRange(Events events, Options o, Map<String, Object> inputs, Consumer<String> log) {
    HuntConfig cfg = o.config();
    double ptMin = FitRange.leadingPtMin(HuntInputs.feature(events, "j1Pt"), HuntInputs.feature(events, "j2Pt"));
    double edge = FitRange.fullyEfficientMjj(ptMin, cfg.deltaEtaCut());
    String why = String.format(Locale.ROOT, "the leading-jet pT threshold of the events (%.0f GeV, their smallest"
        + " leading-jet pT) is fully efficient for |DeltaEtaJJ| < %s above %.0f GeV", ptMin, cfg.deltaEtaCut(), edge);
    if (!o.mjjMinFromData()) {
      if (cfg.mJJMin() < edge - 1e-9) {
        log.accept(String.format(Locale.ROOT, "warning: the fit starts at --mjj-min %.0f GeV on the selection's"
            + " turn-on: %s; a fit over the turn-on can show spurious bumps near the edge", cfg.mJJMin(), why));
      }
      inputs.put("fitRange", String.format(Locale.ROOT, "[%.0f, %.0f] GeV as given; %s", cfg.mJJMin(), cfg.mJJMax(),
          why));
      return o;
    }
    if (!(cfg.mJJMax() * 0.85 > edge * 1.1)) {
      throw new NphuntException(String.format(Locale.ROOT, "%s: the fit range would start at %.0f GeV (%s), too close to"
          + " --mjj-max %.0f GeV for a mass scan (it needs --mjj-max above 1.3 x the lower edge): set --mjj-min and"
          + " --mjj-max", o.data(), edge, why, cfg.mJJMax()));
    }
    boolean massUsed = o.cwola() || o.anode() || !o.injection().isEmpty();
    if (massUsed && !(o.signalMass() >= edge && o.signalMass() <= cfg.mJJMax())) {
      throw new NphuntException(String.format(Locale.ROOT, "%s: --signal-mass %.0f GeV is outside the fit range [%.0f,"
          + " %.0f] GeV (%s): set --mjj-min or --signal-mass", o.data(), o.signalMass(), edge, cfg.mJJMax(), why));
    }
    log.accept(String.format(Locale.ROOT, "fit range [%.0f, %.0f] GeV: %s", edge, cfg.mJJMax(), why));
    inputs.put("fitRange", String.format(Locale.ROOT, "[%.0f, %.0f] GeV from the data: %s", edge, cfg.mJJMax(), why));
    return o.withConfig(cfg.withFitRange(edge, cfg.mJJMax(), cfg.bins()), false, o.signalWidthFromSimulation());
  }

  /**
   * The signal shape's sigma / M from the input's truth-labelled signal events ({@link SignalWidth}) when
   * {@link Options#signalWidthFromSimulation} and there are enough of them, else the config's; recorded in
   * {@code inputs} as "signalWidth".
   */
  static Options signalWidth(HuntEvents ev, Options o, Map<String, Object> inputs, Consumer<String> log) {
    HuntConfig cfg = o.config();
    if (!o.signalWidthFromSimulation()) {
      inputs.put("signalWidth", String.format(Locale.ROOT, "%.4f as given", cfg.signalRelativeWidth()));
      return o;
    }
    int n = SignalWidth.events(ev, cfg.deltaEtaCut(), cfg.mJJMin(), cfg.mJJMax());
    var w = SignalWidth.fromSimulation(ev, cfg.deltaEtaCut(), cfg.mJJMin(), cfg.mJJMax());
    if (w.isEmpty() || !(w.getAsDouble() > 0 && w.getAsDouble() < 0.5)) {
      inputs.put("signalWidth", String.format(Locale.ROOT, "%.4f, the generic default (%d truth-labelled signal"
          + " events in the signal region, %d needed for an estimate)", cfg.signalRelativeWidth(), n,
          SignalWidth.MIN_EVENTS));
      return o.withConfig(cfg, o.mjjMinFromData(), false);
    }
    double width = w.getAsDouble();
    String why = String.format(Locale.ROOT, "%.4f from the signal simulation (%d truth-labelled signal events in the"
        + " signal region: half their central 68%% mJJ interval over the median)", width, n);
    log.accept("signal width sigma/M = " + why);
    double binWidth = Math.log(cfg.mJJMax() / cfg.mJJMin()) / cfg.bins();
    if (binWidth > 2 * width) {
      log.accept(String.format(Locale.ROOT, "warning: bins %.1f%% wide hold most of a %.1f%%-wide signal in one bin:"
          + " use --bins >= %d", 100 * (Math.exp(binWidth) - 1), 100 * width,
          (int) Math.ceil(Math.log(cfg.mJJMax() / cfg.mJJMin()) / (2 * width))));
    }
    inputs.put("signalWidth", why);
    return o.withConfig(cfg.withSignalRelativeWidth(width), o.mjjMinFromData(), false);
  }

  /** Before any training: the injection scan needs that many truth-signal events in the input. */
  /** The --injection-xsec points in events; an error when one needs more than the {@code pool} of signal events. */
  private static int[] crossSectionCounts(Options o, CrossSectionScale scale, long pool) {
    double[] fb = o.injectionCrossSections().stream().mapToDouble(Double::doubleValue).toArray();
    int[] counts = SignalInjection.events(scale, fb);
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] > pool) {
        throw new NphuntException(String.format(Locale.ROOT, "--injection-xsec %s fb is %d W' events at %.3g fb^-1,"
            + " the generated pool has %d: raise --inject", fb[k], counts[k], scale.luminosityInverseFb(), pool));
      }
    }
    return counts;
  }

  private static void checkInjectionPool(Events events, Options o, CrossSectionScale scale) {
    if (!o.injectionCrossSections().isEmpty() && scale != null
        && events.hasColumn(org.nphunt.data.DijetSchema.TRUTH_LABEL)
        && events.column(org.nphunt.data.DijetSchema.TRUTH_LABEL) instanceof int[] lab) {
      // known right after generation: refuse before any training, not after the main hunt
      crossSectionCounts(o, scale, IntStream.of(lab).filter(l -> l != 0).count());
    }
    if (o.injection().isEmpty()) {
      return;
    }
    String where = o.data() == null ? "the generated events" : o.data().toString();
    if (!(events.hasColumn(org.nphunt.data.DijetSchema.TRUTH_LABEL)
        && events.column(org.nphunt.data.DijetSchema.TRUTH_LABEL) instanceof int[] label)) {
      throw new NphuntException("--injection-scan needs truth labels (truth_label) in the events; " + where + " have none");
    }
    long signal = IntStream.of(label).filter(l -> l != 0).count();
    for (int n : o.injection()) {
      if (n > signal) {
        throw new NphuntException("--injection-scan: " + n + " events requested, " + where + " hold " + signal
            + " signal events");
      }
    }
  }

  /**
   * All events of a dijet file; the reader's notes (what it converted: absolute constituent coordinates made
   * relative, phi wrapped) are logged and listed in results.json's {@code inputs.notes}, not applied in silence.
   */
  @SuppressWarnings("unchecked")
  private static Events readNoted(java.nio.file.Path file, Map<String, Object> inputs, Consumer<String> log) {
    try (var src = EventFiles.open(file)) {
      Events events = HuntInputs.readAll(src);
      for (String note : src.notes()) {
        log.accept("note: " + note);
        ((List<String>) inputs.computeIfAbsent("notes", k -> new ArrayList<String>())).add(note);
      }
      return events;
    }
  }

  /** {@code inject} events of the --signal file ({@link HuntInputs#drawSignal}), described in {@code inputs}. */
  private static Events drawSignalFile(Options o, Map<String, Object> inputs, Consumer<String> log) {
    Events file = readNoted(o.signal(), inputs, log);
    Events sig = HuntInputs.drawSignal(file, o.inject(), o.config().seed(), o.signal().toString(), log);
    inputs.put("signal", o.inject() + " events of " + o.signal() + " (of " + file.size() + ", drawn with seed "
        + o.config().seed() + (file.hasColumn(org.nphunt.data.DijetSchema.TRUTH_LABEL) ? ", truth_label = 1 only" : "")
        + ")");
    return sig;
  }

  /**
   * The background events with the drawn signal events appended, in the background's dijet layout
   * ({@link HuntInputs#conform}). Without truth labels in the background the result has none (its events'
   * truth is unknown).
   */
  private static Events joinSignal(Events background, Events signal, Options o, Consumer<String> log) {
    Events sig = HuntInputs.conform(signal, (org.nphunt.data.DijetSchema) background.schema(), o.signal().toString());
    if (!background.hasColumn(org.nphunt.data.DijetSchema.TRUTH_LABEL)) {
      log.accept("the background has no truth labels: the events (and the injected ones) are unlabelled");
    }
    log.accept("injecting " + sig.size() + " events of " + o.signal());
    return Events.join(List.of(background, sig));
  }

  /**
   * The per-method comparison in the window around the signal mass: CWoLa and/or ANODE on the LHC
   * Olympics features, the hunt's anomaly score, and with truth labels the supervised reference.
   */
  private static MethodComparison.Result comparison(Events events, HuntEvents ev, Options o, Consumer<String> log) {
    double[][] x = HuntInputs.lhcoFeatures(events);
    double lo = 0.943 * o.signalMass();
    double hi = 1.057 * o.signalMass();
    MethodComparison.Settings s = new MethodComparison.Settings(o.cwola(), o.anode(), ev.label() != null,
        o.config().folds(), 20, o.anodeConfig(), o.threads());
    return MethodComparison.run(x, ev.mJJ(), ev.label(), List.of(new MethodComparison.Score(ANOMALY_SCORE, ev.score(),
        new double[0])), lo, hi, MethodComparison.Extra.none(), s, o.config().seed(), log);
  }

  /** The name of the hunt's own score in the per-method comparison. */
  public static final String ANOMALY_SCORE = "anomaly score";

  /** results.json inputs key of the anomaly score's own name (a model's score name, an event feature). */
  static final String SCORE_NAME = "scoreName";

  /** The anomaly score's name for --toy events. */
  static final String TOY_SCORE = "toy score";

  /** The anomaly score's name with its unit for axis titles ("mJmax [GeV]", "mse"). */
  private static String scoreLabel(Map<String, Object> inputs) {
    String name = String.valueOf(inputs.getOrDefault(SCORE_NAME, ANOMALY_SCORE));
    String unit = name.equals(HuntInputs.M_JMAX) ? "GeV" : org.nphunt.data.DijetSchema.unit(name);
    return unit.isEmpty() ? name : name + " [" + unit + "]";
  }

  private static Map<String, Object> comparisonJson(MethodComparison.Result r, HuntEvents ev, double signalWidth) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("windowGeV", List.of(r.lo(), r.hi()));
    m.put("features", HuntInputs.LHCO_FEATURES);
    m.put("windowEvents", r.windowEvents());
    double[] cw = r.scores().get(MethodComparison.CWOLA);
    if (cw != null) {
      m.put("cwolaSidebandEvents", IntStream.range(0, cw.length).filter(i -> !Double.isNaN(cw[i])
          && !(ev.mJJ()[i] >= r.lo() && ev.mJJ()[i] < r.hi())).count());
    }
    if (cw != null) {
      // the bump hunt after the CWoLa cut (10% of the window and sideband events kept), against no cut
      double w = r.hi() - r.lo();
      try {
        m.put("cwolaBumpHunt", CutBumpHunt.run(ev.mJJ(), cw, 0.1, r.lo() - w, r.hi() + w, 12, 0.5 * (r.lo() + r.hi()),
            signalWidth));
      } catch (NphuntException e) {
        m.put("cwolaBumpHunt", Map.of("error", e.getMessage()));
      }
    }
    if (r.anode() != null) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("sidebandEvents", r.anode().sidebandEvents());
      a.put("signalRegionEvents", r.anode().signalRegionEvents());
      a.put("sidebandBestEpoch", r.anode().sidebandTraining().bestEpoch());
      a.put("sidebandValidationLoss", r.anode().sidebandTraining().validationLoss());
      a.put("signalRegionBestEpochs", r.anode().signalRegionTraining().stream().mapToInt(t -> t.bestEpoch()).toArray());
      m.put("anode", a);
    }
    if (ev.label() != null) {
      m.put("windowSignalEvents", IntStream.range(0, ev.size()).filter(i -> ev.label()[i] != 0 && ev.mJJ()[i] >= r.lo()
          && ev.mJJ()[i] < r.hi()).count());
    }
    m.put("methods", r.curves());
    return m;
  }

  /**
   * The injection scan on the labelled events: background = label 0, signal pool = label 1 (in file
   * order). In cross-sections (generated events: {@code scale} known) or in events. With a model
   * trained here ({@code --model}) the model is re-trained per point on the injected data's sideband
   * ({@link SignalInjection.Rescorer}); a given model folder or an event feature is kept as it is.
   * Fills {@code json} with the scan's description and points.
   */
  private static List<SignalInjection.Point> injection(HuntEvents ev, Events jets, CrossSectionScale scale, Options o,
      Map<String, Object> json, Consumer<String> log) {
    if (ev.label() == null) {
      throw new NphuntException("--injection-scan needs truth labels (truth_label) in the events");
    }
    int[] bkg = IntStream.range(0, ev.size()).filter(i -> ev.label()[i] == 0).toArray();
    int[] sig = IntStream.range(0, ev.size()).filter(i -> ev.label()[i] != 0).toArray();
    int[] counts;
    json.put("mass", o.signalMass());
    if (!o.injectionCrossSections().isEmpty()) {
      if (scale == null) {
        throw new NphuntException("--injection-xsec needs the cross-sections of generated events (not --data or --toy):"
            + " use --injection-scan with event counts");
      }
      double[] fb = o.injectionCrossSections().stream().mapToDouble(Double::doubleValue).toArray();
      counts = crossSectionCounts(o, scale, sig.length);
      json.put("unit", "cross-section sigma x BR in fb (points also give events and S/B)");
      json.put("requestedCrossSectionsFb", fb);
      json.put("note", "each requested sigma x BR is rounded to whole events; a point's crossSectionFb is that of its"
          + " injected events");
      json.put("backgroundEvents", scale.backgroundEvents());
      json.put("backgroundSelectedCrossSectionPb", scale.backgroundSelectedPb());
      json.put("luminosityInverseFb", scale.luminosityInverseFb());
      json.put("signalSelectionEfficiency", scale.signalEfficiency());
      json.put("conversion", conversion(scale));
    } else {
      counts = o.injection().stream().mapToInt(Integer::intValue).toArray();
      json.put("unit", "events (cross-section unknown: S/B in the signal region within the fit range per point)");
      for (int n : counts) {
        if (n < 0 || n > sig.length) {
          throw new NphuntException("--injection-scan: " + n + " events requested, the input has " + sig.length
              + " signal events");
        }
      }
    }
    SignalInjection.Rescorer rescorer = null;
    if (o.model() != null && jets != null) {
      Events all = HuntInputs.select(jets, IntStream.concat(IntStream.of(bkg), IntStream.of(sig)).toArray());
      rescorer = (n, seed) -> {
        Events train = HuntInputs.select(jets, IntStream.concat(IntStream.of(bkg), IntStream.of(sig).limit(n)).toArray());
        log.accept("injection point " + n + ": re-training " + o.model() + " (seed " + seed + ")...");
        return trainOnSideband(train, all, o, seed, null, log);
      };
      json.put("anomalyModel", o.model() + " re-trained per point on the injected data's sideband ("
          + Counts.of(o.epochs(), "epoch") + ", the point's seed)");
    } else {
      json.put("anomalyModel", o.modelDir() != null ? "the given model " + o.modelDir() + ", not re-trained"
          : o.toy() && o.data() == null ? "the toy events' own score (nothing to re-train)"
          : "an event feature (nothing to re-train)");
    }
    json.put("seeds", "point with n injected events: Seeds.derive(seed, \"hunt/inject\", n)");
    log.accept("injection scan " + java.util.Arrays.toString(counts) + " events at " + o.signalMass() + " GeV...");
    List<SignalInjection.Point> pts = SignalInjection.scan(ev.select(bkg), ev.select(sig), counts, o.signalMass(),
        o.config(), rescorer, scale);
    json.put("points", pts);
    return pts;
  }

  /** The conversion between events and sigma x BR, in words with the numbers. */
  static String conversion(CrossSectionScale s) {
    return String.format(Locale.ROOT, "L = N_bkg / sigma_bkg,sel = %d / %.6g pb = %.6g pb^-1 = %.6g fb^-1 (leading-order"
        + " QCD cross-section after the generator's selection); sigma x BR = N_S / (eps_S L) with the W' selection"
        + " efficiency eps_S = %.4f, i.e. 1 fb = %.4g injected events", s.backgroundEvents(), s.backgroundSelectedPb(),
        s.luminosityInversePb(), s.luminosityInverseFb(), s.signalEfficiency(), s.signalEfficiency()
        * s.luminosityInverseFb());
  }

  /** One sentence on how the injection scan was made (anomaly model, quantile regression, conversion). */
  private static String injectionNote(Map<String, Object> injectionJson, CrossSectionScale scale) {
    String note = "Quantile regression re-trained per point; anomaly model: " + injectionJson.get("anomalyModel") + ".";
    return scale == null ? note : note + " " + injectionJson.get("conversion");
  }

  /**
   * The cross-section scale of generated events: the background's selected LO cross-section (sum over its
   * processes) and the signal's selection efficiency; null when either is unknown.
   */
  static CrossSectionScale crossSectionScale(JetGenerationSummary bkg, JetGenerationSummary sig) {
    if (bkg == null || sig == null || bkg.events() <= 0) {
      return null;
    }
    double pb = 0;
    for (JetProcessStats p : bkg.processes()) {
      if (p.selectedCrossSectionPb() == null) {
        return null;
      }
      pb += p.selectedCrossSectionPb();
    }
    long acc = 0;
    long gen = 0;
    for (JetProcessStats p : sig.processes()) {
      acc += p.accepted();
      gen += p.generated();
    }
    if (!(pb > 0) || acc <= 0 || gen <= 0) {
      return null;
    }
    return new CrossSectionScale(bkg.events(), pb, acc / (double) gen);
  }

  private static double[] score(Events events, Options o, Map<String, Object> inputs, Consumer<String> log) {
    if (o.modelDir() != null) {
      try (LoadedModel m = LoadedModel.load(o.modelDir())) {
        int k = scoreIndex(m.scoreNames(), o.scoreName(), o.modelDir().toString());
        inputs.put("score", "model " + o.modelDir() + ", score " + m.scoreNames().get(k));
        inputs.put(SCORE_NAME, m.scoreNames().get(k));
        return m.score(events)[k];
      }
    }
    if (o.model() != null) {
      return trainOnSideband(events, events, o, o.config().seed(), inputs, log);
    }
    String f = o.scoreFeature() == null ? HuntInputs.M_JMAX : o.scoreFeature();
    inputs.put("score", "event feature " + f);
    inputs.put(SCORE_NAME, f);
    return HuntInputs.feature(events, f);
  }

  /**
   * Trains {@code o.model()} on the sideband of {@code train} with {@code seed} and scores {@code apply};
   * describes the score in {@code inputs} when given.
   */
  private static double[] trainOnSideband(Events train, Events apply, Options o, long seed, Map<String, Object> inputs,
      Consumer<String> log) {
    HuntConfig cfg = o.config();
    double[] deta = HuntInputs.feature(train, "DeltaEtaJJ");
    int[] sb = Regions.sideband(deta, cfg.deltaEtaCut());
    if (sb.length < 100) {
      throw new NphuntException("training " + o.model() + " on the sideband needs >= 100 events with |DeltaEtaJJ| >= "
          + cfg.deltaEtaCut() + ", found " + sb.length);
    }
    TrainingConfig tc;
    try {
      tc = TrainingConfig.defaults(Architectures.defaults(o.model())).withEpochs(o.epochs()).withSeed(seed)
          .withThreads(o.threads());
    } catch (IllegalArgumentException e) {
      throw new NphuntException(e.getMessage(), e);
    }
    log.accept("training " + o.model() + " on " + sb.length + " sideband events for " + Counts.of(o.epochs(), "epoch") + "...");
    try (TrainingResult tr = new Trainer(tc).fit(new InMemoryEventSource(HuntInputs.select(train, sb), "sideband"),
        null)) {
      LoadedModel m = tr.model();
      int k = scoreIndex(m.scoreNames(), o.scoreName(), o.model());
      if (inputs != null) {
        inputs.put("score", "model " + o.model() + " trained here on the sideband (" + sb.length + " events, "
            + Counts.of(o.epochs(), "epoch") + "), score " + m.scoreNames().get(k));
        inputs.put(SCORE_NAME, m.scoreNames().get(k));
      }
      return m.score(apply)[k];
    }
  }

  private static int scoreIndex(List<String> names, String want, String model) {
    if (want == null) {
      return 0;
    }
    int k = names.indexOf(want);
    if (k < 0) {
      throw new NphuntException(model + " has no score " + want + "; choose one of " + names);
    }
    return k;
  }

  private static void writeEvents(Path file, HuntEvents ev, Hunt.Run run) throws IOException {
    StringBuilder sb = new StringBuilder("mJJ,DeltaEtaJJ,score,category,label\n");
    int[] rows = run.signalRegionRows();
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      sb.append(String.format(Locale.ROOT, "%.3f,%.5f,%.6g,%d,%s%n", ev.mJJ()[r], ev.deltaEta()[r], ev.score()[r],
          run.category()[i], ev.label() == null ? "" : Integer.toString(ev.label()[r])));
    }
    Files.writeString(file, sb);
  }

  /** A folder holding only what nphunt hunt writes, with its results.json. */
  public static boolean isHuntFolder(Path dir) {
    try (var s = Files.list(dir)) {
      return Files.isRegularFile(dir.resolve("results.json"))
          && s.allMatch(p -> FILES.contains(p.getFileName().toString()));
    } catch (IOException e) {
      return false;
    }
  }
}
