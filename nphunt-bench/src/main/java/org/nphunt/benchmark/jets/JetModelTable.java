package org.nphunt.benchmark.jets;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.eval.Evaluation;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.eval.MassSculpting;
import org.nphunt.eval.Table;
import org.nphunt.fom.TaggingFigures;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.io.AtomicOutput;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.jet.dijet.ToyDijets;
import org.nphunt.json.Json;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.Architectures;
import org.nphunt.model.ChamferVaeConfig;
import org.nphunt.model.DecorrelatedConfig;
import org.nphunt.model.JetImageAeConfig;
import org.nphunt.preprocess.JetConstituents;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.Listeners;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * Issue 12's results table: every jet model (chamfer-vae, jet-image-ae and the adversarially
 * decorrelated jet-image-ae by default) trained on a background dijet sample and evaluated on a
 * background test sample and each signal: AUC, background rejection 1/eps_B at eps_S = 0.3 and the
 * maximum SIC ({@link TaggingFigures}), and the sculpting of the background's mJJ by cuts on the score
 * ({@link MassSculpting}), for every score of each model (the first is its default). Events are dijet
 * events ({@link DijetSchema}) from any {@link EventSource}: dijet HDF5 files (nphunt's dijet layout,
 * e.g. written by {@code nphunt cluster} or by the jet generator) given by name, or the toy
 * ({@link ToyDijets}) with {@code --toy}.
 *
 * <p>Run: {@code java -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar
 * org.nphunt.benchmark.jets.JetModelTable --out DIR (--toy | --train QCD_TRAIN.h5 --background
 * QCD_TEST.h5 --signal 'NAME=FILE[;NAME=FILE...]' [--train-events N]) [--models chamfer-vae,jet-image-ae,decorrelated,lola-ae] [--epochs 20]
 * [--batch 256] [--seed 1] [--toy-events 20000] [--save-models MODELS_DIR]}; writes DIR/jet-models.{md,json} (and each
 * trained model to MODELS_DIR/NAME, replacing it).
 */
public final class JetModelTable {
  private JetModelTable() {}

  /** Trains every model and evaluates it; progress to {@code log}. */
  public static EvaluationResults run(EventSource train, EventSource background, Map<String, EventSource> signals,
      Map<String, ArchitectureConfig> models, TrainingConfig template, PrintWriter log) {
    return run(train, background, signals, models, template, log, null);
  }

  /** As {@link #run(EventSource, EventSource, Map, Map, TrainingConfig, PrintWriter)}, saving each model to saveDir/NAME. */
  public static EvaluationResults run(EventSource train, EventSource background, Map<String, EventSource> signals,
      Map<String, ArchitectureConfig> models, TrainingConfig template, PrintWriter log, Path saveDir) {
    Evaluation ev = new Evaluation(EvaluationConfig.defaults()).with(TaggingFigures.defaults())
        .with(MassSculpting.of("mJJ"));
    Events bkg = background.read(0, Math.toIntExact(background.size()));
    Map<String, Events> sig = new LinkedHashMap<>();
    signals.forEach((n, s) -> sig.put(n, s.read(0, Math.toIntExact(s.size()))));
    for (var m : models.entrySet()) {
      TrainingConfig tc = new TrainingConfig(m.getValue(), template.seed(), template.epochs(), template.batchSize(),
          template.learningRate(), template.weightDecay(), template.valFraction(), template.lrPatience(),
          template.lrFactor(), template.earlyStopPatience(), false, false, false, template.beta(), template.chunkEvents(),
          template.threads());
      log.printf("training %s on %s (%,d events)%n", m.getKey(), train.name(), train.size());
      try (TrainingResult r = new Trainer(tc).addListener(Listeners.epochLog(log::println)).fit(train, null)) {
        LoadedModel model = r.model();
        if (saveDir != null) {
          model.save(saveDir.resolve(m.getKey()), r.history(), org.nphunt.manifest.Manifest.create("bench jet-model-table",
              template.seed(), null, List.of()), true);
        }
        ev.background(m.getKey(), "QCD", named(model, bkg), Map.of("mJJ", JetLevel.feature(bkg, "mJJ")));
        for (var s : sig.entrySet()) {
          ev.signal(m.getKey(), s.getKey(), named(model, s.getValue()), Map.of("mJJ", JetLevel.feature(s.getValue(), "mJJ")));
        }
      }
    }
    return ev.run();
  }

  private static Map<String, double[]> named(LoadedModel m, Events events) {
    double[][] s = m.score(events);
    Map<String, double[]> out = new LinkedHashMap<>();
    for (int i = 0; i < s.length; i++) {
      out.put(m.scoreNames().get(i), s[i]);
    }
    return out;
  }

  /**
   * Models by name: registered architectures with their defaults, "decorrelated" = jet-image-ae with an
   * adversary of strength lambda, "chamfer-vae-slotwise" = chamfer-vae with the slot-wise loss,
   * "chamfer-vae-published" = {@link ChamferVaeConfig#published()}, "chamfer-vae-gev" = chamfer-vae with pT in
   * GeV (standardised, masked loss), "chamfer-vae-allslots" = chamfer-vae with the standardisation statistics
   * over all slots (padding included), "chamfer-vae-public-run" = the published space with the public code's
   * last-run network (kernel 1x3, filters 12/16/20, latent 12, dense 204/48, ELU, statistics over all slots),
   * "chamfer-vae-public-run-std" = that network with chamfer-vae's features and loss.
   */
  public static Map<String, ArchitectureConfig> defaultModels(List<String> names, double lambda) {
    Map<String, ArchitectureConfig> m = new LinkedHashMap<>();
    for (String n : names) {
      ChamferVaeConfig c = ChamferVaeConfig.defaults();
      m.put(n, switch (n) {
        case DecorrelatedConfig.NAME -> DecorrelatedConfig.adversary(JetImageAeConfig.defaults(), lambda);
        // the ablation: the same VAE with the slot-wise squared error on the pT-ordered list
        case "chamfer-vae-slotwise" -> new ChamferVaeConfig(c.constituents(), c.ptFraction(), c.latentDim(), c.filters(),
            c.dense(), c.beta(), ChamferVaeConfig.Reconstruction.SLOTWISE);
        // the public analysis's input and loss space (pT in GeV, Chamfer in raw units over all slots)
        case "chamfer-vae-published" -> ChamferVaeConfig.published();
        // one of its two changes alone: pT in GeV, the standardised masked loss
        case "chamfer-vae-gev" -> new ChamferVaeConfig(c.constituents(), false, c.latentDim(), c.filters(), c.dense(),
            c.beta(), ChamferVaeConfig.Reconstruction.CHAMFER);
        // the public code's padding (standardisation statistics over all C slots, padded slots as zeros) alone
        case "chamfer-vae-allslots" -> new ChamferVaeConfig(c.constituents(), c.ptFraction(), c.latentDim(), c.filters(),
            c.dense(), c.beta(), c.reconstruction(), c.lossSpace(), c.kernel2d(), c.activation(),
            JetConstituents.Statistics.ALL_SLOTS);
        // the public code's last run (kernel 1x3, 12 filters, latent 12, elu, statistics over all slots) in its loss space
        case "chamfer-vae-public-run" -> publicRun(ChamferVaeConfig.published());
        // the same network and inputs with nphunt's standardised masked loss and pT fractions
        case "chamfer-vae-public-run-std" -> publicRun(c);
        default -> Architectures.defaults(n);
      });
    }
    return m;
  }

  /** The public code's last-run sizes on top of {@code base}'s features and loss space. */
  static ChamferVaeConfig publicRun(ChamferVaeConfig base) {
    return new ChamferVaeConfig(base.constituents(), base.ptFraction(), 12, List.of(12, 16, 20), List.of(204, 48),
        base.beta(), base.reconstruction(), base.lossSpace(), ChamferVaeConfig.Kernel2d.K1X3,
        ChamferVaeConfig.Activation.ELU, JetConstituents.Statistics.ALL_SLOTS);
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> a = Args.parse(args);
    Path out = Path.of(Args.required(a, "out"));
    boolean force = a.containsKey("force");
    AtomicOutput.checkTarget(out.resolve("jet-models.md"), force);
    long seed = Long.parseLong(a.getOrDefault("seed", "1"));
    List<String> names = List.of(a.getOrDefault("models", "chamfer-vae,jet-image-ae,decorrelated,lola-ae").split(","));
    Map<String, ArchitectureConfig> models = defaultModels(names, Double.parseDouble(a.getOrDefault("lambda", "1000")));
    TrainingConfig template = TrainingConfig.defaults(ChamferVaeConfig.defaults()).withSeed(seed)
        .withEpochs(Integer.parseInt(a.getOrDefault("epochs", "20"))).withBatchSize(Integer.parseInt(a.getOrDefault("batch", "256")));
    PrintWriter log = new PrintWriter(System.out, true);
    EventSource train;
    EventSource bkg;
    Map<String, EventSource> signals = new LinkedHashMap<>();
    String data;
    if (a.containsKey("toy")) {
      int n = Integer.parseInt(a.getOrDefault("toy-events", "20000"));
      DijetConfig c = DijetConfig.defaults();
      train = new InMemoryEventSource(ToyDijets.qcd().dijets(n, seed, c), "toy QCD (train)");
      bkg = new InMemoryEventSource(ToyDijets.qcd().dijets(n / 4, seed + 1, c), "toy QCD (test)");
      signals.put("toy top (3-prong, 175 GeV)", new InMemoryEventSource(ToyDijets.threeProng(175).dijets(n / 4, seed + 2, c), "top"));
      signals.put("toy W (2-prong, 80 GeV)", new InMemoryEventSource(ToyDijets.twoProng(80).dijets(n / 4, seed + 3, c), "W"));
      signals.put("toy X (2-prong, 500 GeV)", new InMemoryEventSource(ToyDijets.twoProng(500).dijets(n / 4, seed + 4, c), "X"));
      data = "toy jets (ToyDijets: " + n + " QCD training events, " + n / 4 + " per test sample)";
    } else {
      train = EventFiles.open(Path.of(Args.required(a, "train")));
      bkg = EventFiles.open(Path.of(Args.required(a, "background")));
      for (String s : a.getOrDefault("signal", "").split(";")) {
        int eq = s.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--signal must be NAME=FILE[;NAME=FILE...], found " + s);
        }
        signals.put(s.substring(0, eq), EventFiles.open(Path.of(s.substring(eq + 1))));
      }
      if (a.containsKey("train-events")) {
        // the first N events of the training file
        int n = (int) Math.min(Long.parseLong(a.get("train-events")), train.size());
        EventSource all = train;
        train = new InMemoryEventSource(all.read(0, n), all.name() + " (first " + n + ")");
        all.close();
      }
      data = "files: train " + train.name() + " (" + train.size() + " events), background " + bkg.name() + " ("
          + bkg.size() + " events), signals " + signals.keySet();
    }
    Instant t0 = Instant.now();
    EvaluationResults r = run(train, bkg, signals, models, template, log,
        a.containsKey("save-models") ? Path.of(a.get("save-models")) : null);
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "# Jet anomaly models%n%nData: %s. Models: %s;"
        + " %d epochs at most, batch %d, seed %d; started %s.%n%n", data, models.keySet(), template.epochs(),
        template.batchSize(), seed, t0));
    for (Table t : r.extraTables()) {
      md.append(t.markdown());
    }
    Files.createDirectories(out);
    AtomicOutput.writeString(out.resolve("jet-models.md"), md.toString(), force);
    AtomicOutput.writeString(out.resolve("jet-models.json"), Json.write(r.extra()) + "\n", force);
    log.println(md);
    List<EventSource> all = new ArrayList<>(List.of(train, bkg));
    all.addAll(signals.values());
    all.forEach(EventSource::close);
  }
}
