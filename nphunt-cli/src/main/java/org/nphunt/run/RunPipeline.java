package org.nphunt.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSource;
import org.nphunt.data.ObjectType;
import org.nphunt.data.RangeEventSource;
import org.nphunt.io.AtomicDirectory;
import org.nphunt.eval.Evaluation;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.eval.OperatingPointConfig;
import org.nphunt.eval.ResultsTables;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.hdf5.Hdf5EventWriter;
import org.nphunt.hdf5.ScoreFileReader;
import org.nphunt.hdf5.ScoreFileWriter;
import org.nphunt.hdf5.WriteOptions;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.Architectures;
import org.nphunt.physics.CocktailSpec;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.GenerationSummary;
import org.nphunt.physics.ProcessStats;
import org.nphunt.physics.Processes;
import org.nphunt.progress.Progress;
import org.nphunt.random.Seeds;
import org.nphunt.report.EvaluationOutput;
import org.nphunt.report.FeatureComparison;
import org.nphunt.report.LatentSample;
import org.nphunt.report.ReportInput;
import org.nphunt.report.ScoreDistribution;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.Reconstruction;
import org.nphunt.score.Scorer;
import org.nphunt.score.Scores;
import org.nphunt.training.history.TrainingHistory;
import org.nphunt.training.Listeners;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingJob;
import org.nphunt.training.TrainingResult;

/**
 * The main job: data, training, scoring, evaluation and report in one run folder
 * {@code OUT/<timestamp>/}, written under a temporary name and renamed only when complete.
 *
 * <p>Layout of a run folder: {@code data/} (generated event files; absent with real data),
 * {@code models/<model>/} (model.json + weights), {@code scores/<model>/<sample>.h5},
 * {@code results.json}, {@code results.md}, {@code report.html}, {@code plots/}, {@code run.json}
 * (the run's manifest and configuration).
 *
 * <p>With generated data the Standard-Model training and test samples and each signal come from
 * independent seeds derived from {@link RunConfig#seed()}; with real data ({@code --data}) the
 * background file is split into a leading training window and a trailing test window.
 */
public final class RunPipeline {
  /** Scores drawn as histograms in the report, in order of preference (the first present is used). */
  private static final List<String> HISTOGRAM_SCORES = List.of(Scores.VAE_TOTAL, Scores.MSE);
  private static final int SCORE_BATCH = 4096;

  private final RunConfig config;
  private final Consumer<String> log;

  /** What a run produced. */
  public record Result(Path runDir, Path report, EvaluationResults results, String aucTable, Duration elapsed) {}

  /** A sample's scores by name, and its per-event ProcessId (null when the file has none). */
  private record SampleScores(Map<String, double[]> scores, int[] processId) {}

  private record Samples(Path trainFile, long trainStart, long trainCount, List<RunSample> eval, List<Path> inputs,
      Map<String, List<ProcessStats>> generation) {}

  public RunPipeline(RunConfig config, Consumer<String> log) {
    this.config = config;
    this.log = log;
  }

  /** Runs the whole job and returns where its outputs are. */
  public Result run() {
    long t0 = System.nanoTime();
    Path target = freshRunDir(config.outRoot());
    try (AtomicDirectory dir = AtomicDirectory.create(target, false)) {
      Path work = dir.temporary();
      log.accept("run folder: " + target + " (written as " + work.getFileName() + " until complete)");
      Samples samples = config.dataDir() == null ? generate(work.resolve("data")) : realData(config.dataDir());

      Evaluation evaluation = new Evaluation(EvaluationConfig.defaults().withOperatingPoint(OperatingPointConfig.of(
          config.inputRateHz(), OperatingPointConfig.perDayToHz(config.outputPerDay()), config.lumiPerMonthPb())));
      Map<String, TrainingHistory> histories = new LinkedHashMap<>();
      List<ScoreDistribution> distributions = new ArrayList<>();
      List<FeatureComparison> reconstructions = new ArrayList<>();
      List<LatentSample> latent = new ArrayList<>();
      for (String model : config.models()) {
        try (TrainingResult trained = train(model, samples, work.resolve("models").resolve(model))) {
          LoadedModel m = trained.model();
          m.setScoringThreads(config.threads());
          histories.put(model, trained.history());
          for (RunSample sample : samples.eval()) {
            SampleScores scored = score(m, model, sample, work.resolve("scores").resolve(model));
            if (sample.background()) {
              evaluation.background(model, sample.name(), scored.scores());
            } else {
              evaluation.signal(model, sample.name(), scored.scores());
            }
            distributions.addAll(distributions(model, sample, scored));
            inspectReconstruction(m, model, sample, reconstructions, latent);
          }
        }
      }
      log.accept("evaluating");
      EvaluationResults results = evaluation.run();
      Manifest manifest = Manifest.create("nphunt run", config.seed(), runManifestConfig(samples), samples.inputs());
      writeRunJson(work, manifest);
      ReportInput input = new ReportInput("nphunt run " + target.getFileName(), manifest, results, distributions,
          histories, reconstructions, latent, null);
      EvaluationOutput.writeInto(work, input);
      dir.commit();
      String table = ResultsTables.auc(results).markdown();
      return new Result(target, target.resolve("report.html"), results, table,
          Duration.ofNanos(System.nanoTime() - t0));
    }
  }

  private static Path freshRunDir(Path root) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path p = root.resolve(stamp);
    for (int i = 2; Files.exists(p); i++) {
      p = root.resolve(stamp + "-" + i);
    }
    return p;
  }

  // ---- data ---------------------------------------------------------------------------------

  private Samples generate(Path dataDir) {
    Map<String, List<ProcessStats>> stats = new LinkedHashMap<>();
    Path train = generate(dataDir, "sm_train", Processes.SM, config.trainEvents(), stats);
    Path test = generate(dataDir, "sm_test", Processes.SM, config.testEvents(), stats);
    List<RunSample> eval = new ArrayList<>();
    eval.add(new RunSample("SM", test, 0, config.testEvents(), true));
    for (String signal : Processes.signalNames()) {
      Path f = generate(dataDir, signal, Processes.builtIn(signal), config.signalEvents(), stats);
      eval.add(new RunSample(signal, f, 0, config.signalEvents(), false));
    }
    return new Samples(train, 0, config.trainEvents(), eval, List.of(), stats);
  }

  private Path generate(Path dataDir, String name, CocktailSpec spec, long events, Map<String, List<ProcessStats>> stats) {
    Path file = dataDir.resolve(name + ".h5");
    long seed = Seeds.derive(config.seed(), "run/data/" + name);
    long t = System.nanoTime();
    try (Hdf5EventWriter w = Hdf5EventWriter.create(file, WriteOptions.defaults().withThreads(config.threads()));
        Progress bar = Progress.start("generate " + name, events, "ev")) {
      GenerationSummary s = EventGenerator.generate(spec, events, seed, config.threads(), w, bar);
      w.commit();
      stats.put(name, s.processes());
    }
    log.accept(String.format("generated %-11s %,9d events in %.1f s", name, events, (System.nanoTime() - t) / 1e9));
    return file;
  }

  private Samples realData(Path dir) {
    Path bkg = RealDataset.background(dir);
    long n;
    try (Hdf5EventReader r = Hdf5EventReader.open(bkg)) {
      n = r.size();
    }
    if (n < 2) {
      throw new NphuntException(bkg + ": needs at least 2 events to split into training and test, found " + n);
    }
    long test = Math.min(config.testEvents(), n / 2);
    long train = Math.min(config.trainEvents(), n - test);
    List<RunSample> eval = new ArrayList<>();
    eval.add(new RunSample("SM", bkg, n - test, test, true));
    List<Path> inputs = new ArrayList<>(List.of(bkg));
    RealDataset.signals(dir).forEach((name, file) -> {
      long size;
      try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
        size = r.size();
      }
      eval.add(new RunSample(name, file, 0, Math.min(config.signalEvents(), size), false));
      inputs.add(file);
    });
    log.accept(String.format("real data: %s, training on events [0, %d), testing on [%d, %d)", bkg, train, n - test, n));
    return new Samples(bkg, 0, train, eval, inputs, Map.of());
  }

  // ---- training and scoring -----------------------------------------------------------------

  private TrainingResult train(String model, Samples samples, Path outDir) {
    TrainingConfig tc = TrainingConfig.defaults(Architectures.defaults(model))
        .withSeed(Seeds.derive(config.seed(), "run/train/" + model))
        .withEpochs(config.epochs())
        .withBatchSize(config.batchSize())
        .withThreads(config.threads());
    log.accept(String.format("training %s on %,d Standard-Model events (max %d epochs)", model, samples.trainCount(),
        config.epochs()));
    try (Hdf5EventReader file = Hdf5EventReader.open(samples.trainFile());
        EventSource train = new RangeEventSource(file, samples.trainStart(), samples.trainCount())) {
      return TrainingJob.train(tc, train, null, outDir, false, samples.inputs(),
          List.of(Listeners.progress(), Listeners.epochLog(line -> log.accept("  " + model + " " + line))));
    }
  }

  private SampleScores score(LoadedModel m, String model, RunSample sample, Path scoreDir) {
    Path out = scoreDir.resolve(sample.name() + ".h5");
    long t = System.nanoTime();
    try (Hdf5EventReader file = Hdf5EventReader.open(sample.file());
        EventSource src = new RangeEventSource(file, sample.start(), sample.count());
        ScoreFileWriter w = ScoreFileWriter.create(out, m.scoreNames(), false)) {
      Scorer.score(m, src, w, SCORE_BATCH);
      Map<String, Object> what = new LinkedHashMap<>();
      what.put("model", model);
      what.put("sample", sample);
      what.put("batch", SCORE_BATCH);
      // the input files' hashes are in the run's manifest (run.json), computed once
      w.attribute(Scorer.MANIFEST_ATTRIBUTE, Json.write(Manifest.create("nphunt run (score)", config.seed(), what, List.of())));
      w.attribute(Scorer.MODEL_MANIFEST_ATTRIBUTE, Json.write(m.manifest()));
      w.commit();
    }
    double secs = (System.nanoTime() - t) / 1e9;
    log.accept(String.format("  scored %-11s with %-11s %,9d events (%.0f events/s)", sample.name(), model,
        sample.count(), sample.count() / secs));
    Map<String, double[]> scores = new LinkedHashMap<>();
    try (ScoreFileReader r = ScoreFileReader.open(out)) {
      for (String name : r.scoreNames()) {
        scores.put(name, r.scores(name));
      }
      return new SampleScores(scores, r.processId());
    }
  }

  /** The model's main score per process; the Standard Model is also split by ProcessId when known. */
  private List<ScoreDistribution> distributions(String model, RunSample sample, SampleScores scored) {
    Map<String, double[]> scores = scored.scores();
    String score = HISTOGRAM_SCORES.stream().filter(scores::containsKey).findFirst().orElse(null);
    if (score == null) {
      return List.of();
    }
    double[] values = scores.get(score);
    List<ScoreDistribution> out = new ArrayList<>();
    out.add(new ScoreDistribution(model, score, sample.name(), values));
    int[] pid = scored.processId();
    if (sample.background() && pid != null) {
      for (var p : List.of(Processes.W, Processes.QCD, Processes.Z, Processes.TTBAR)) {
        double[] part = select(values, pid, p.processId());
        if (part.length > 0) {
          out.add(new ScoreDistribution(model, score, "SM: " + p.name(), part));
        }
      }
    }
    return out;
  }

  private static double[] select(double[] values, int[] pid, int id) {
    int n = 0;
    for (int p : pid) {
      n += p == id ? 1 : 0;
    }
    double[] out = new double[n];
    for (int i = 0, j = 0; i < values.length; i++) {
      if (pid[i] == id) {
        out[j++] = values[i];
      }
    }
    return out;
  }

  /** Input-vs-reconstruction comparisons and (for variational models) latent samples of a subsample. */
  private void inspectReconstruction(LoadedModel m, String model, RunSample sample, List<FeatureComparison> reco,
      List<LatentSample> latent) {
    int n = (int) Math.min(config.reconstructionEvents(), sample.count());
    EventBatch batch;
    try (Hdf5EventReader file = Hdf5EventReader.open(sample.file())) {
      batch = file.read(sample.start(), n);
    }
    Reconstruction r = m.reconstruct(batch);
    for (ObjectType type : ObjectType.values()) {
      for (int f = Adc2021.PT; f <= Adc2021.PHI; f++) {
        if (type == ObjectType.MET && f == Adc2021.ETA) {
          continue; // MET has no eta
        }
        int count = 0;
        for (int e = 0; e < n; e++) {
          for (int s = type.firstSlot(); s < type.endSlot(); s++) {
            count += r.isReal(e, s) ? 1 : 0;
          }
        }
        if (count == 0) {
          continue;
        }
        double[] in = new double[count];
        double[] out = new double[count];
        int k = 0;
        for (int e = 0; e < n; e++) {
          for (int s = type.firstSlot(); s < type.endSlot(); s++) {
            if (r.isReal(e, s)) {
              in[k] = r.input(e, s, f);
              out[k++] = r.output(e, s, f);
            }
          }
        }
        reco.add(FeatureComparison.adc2021(model, sample.name(), type, f, in, out));
      }
    }
    if (m.architecture().variational()) {
      double[][] mu = m.latent(batch);
      double[] z0 = new double[n];
      double[] z1 = new double[n];
      for (int e = 0; e < n; e++) {
        z0[e] = mu[e][0];
        z1[e] = mu[e].length > 1 ? mu[e][1] : 0;
      }
      latent.add(new LatentSample(model, sample.name(), z0, z1));
    }
  }

  // ---- provenance ---------------------------------------------------------------------------

  private Map<String, Object> runManifestConfig(Samples samples) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("run", config);
    c.put("data", config.dataDir() == null ? "generated (" + EventGenerator.VERSION + ")" : config.dataDir().toString());
    c.put("samples", samples.eval());
    if (!samples.generation().isEmpty()) {
      c.put("generation", samples.generation());
    }
    return c;
  }

  private static void writeRunJson(Path work, Manifest manifest) {
    try {
      Files.writeString(work.resolve("run.json"), Json.write(manifest));
    } catch (IOException e) {
      throw new NphuntException("cannot write " + work.resolve("run.json") + ": " + e.getMessage(), e);
    }
  }
}
