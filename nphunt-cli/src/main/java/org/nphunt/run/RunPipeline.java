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
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSink;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.ObjectType;
import org.nphunt.data.RangeEventSource;
import org.nphunt.eval.BackgroundSummary;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.eval.OperatingPointConfig;
import org.nphunt.eval.ResultsTables;
import org.nphunt.eval.StreamingEvaluation;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.hdf5.Hdf5EventWriter;
import org.nphunt.hdf5.ScoreFileWriter;
import org.nphunt.hdf5.WriteOptions;
import org.nphunt.io.AtomicDirectory;
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
import org.nphunt.deploy.ApFixed;
import org.nphunt.deploy.ModelCost;
import org.nphunt.deploy.PrecisionConfig;
import org.nphunt.deploy.QuantizationStudy;
import org.nphunt.eval.Table;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.report.DeploymentView;
import org.nphunt.report.EvaluationOutput;
import org.nphunt.report.FeatureComparison;
import org.nphunt.report.LatentSample;
import org.nphunt.report.ReportInput;
import org.nphunt.report.ScoreDistribution;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.Reconstruction;
import org.nphunt.score.Scorer;
import org.nphunt.training.Listeners;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingJob;
import org.nphunt.training.TrainingResult;
import org.nphunt.training.history.TrainingHistory;

/**
 * The main job: data, training, scoring, evaluation and report in one run folder
 * {@code OUT/<timestamp>/}, written under a temporary name and renamed only when complete.
 *
 * <p>Order: prepare the training sample and the signals (small files in {@code data/}), train every
 * model, score each signal once for all models, then stream the Standard-Model test sample once past
 * all models into the evaluation: the default 13.45M events (the published background's size, enough
 * for FPR 1e-5 and the 30-per-day operating point) come straight from the generator, block by block,
 * and are never stored unless {@code keepData}; every AUC, TPR and operating point is still exact
 * ({@link StreamingEvaluation}). With real data ({@code --data}) the background file's trailing
 * window is the test sample, read once.
 *
 * <p>Layout of a run folder: {@code data/} (generated training and signal files, each with its
 * manifest), {@code models/<model>/}, {@code scores/<model>/<signal>.h5} (and the SM test scores with
 * {@code keepData}), {@code results.json}, {@code results.md}, {@code report.html}, {@code plots/},
 * {@code run.json}. Every manifest names its inputs relative to the run folder, with their SHA-256.
 */
public final class RunPipeline {
  /** Events per block of the Standard-Model stream read from a file. */
  private static final int READ_BLOCK = 65_536;
  /** Background events sampled per score for the histograms (the largest scores are kept exactly). */
  private static final int HISTOGRAM_SAMPLE = 200_000;
  /** Standard-Model events (the first of the test sample) of the fixed-point table in the report. */
  static final int QUANT_BACKGROUND = 10_000;
  /** Events per signal of the fixed-point table. */
  static final int QUANT_SIGNAL = 2_500;
  /** Widths W of the fixed-point table (integer bits from the float ranges, AP_RND, AP_SAT). */
  static final int[] QUANT_BITS = {8, 10, 12, 16};

  /** Events sampled per Standard-Model process for the per-process histograms. */
  private static final int PROCESS_SAMPLE = 50_000;

  private final RunConfig config;
  private final Consumer<String> log;
  /** Threads that train and score the DJL/libtorch models side by side (null with one thread). */
  private ExecutorService pool;

  /** What a run produced. */
  public record Result(Path runDir, Path report, EvaluationResults results, String aucTable, String summary,
      Duration elapsed) {}

  /** The samples of a run. {@code test} streams the SM test sample; the rest are files. */
  private record Samples(Path trainFile, long trainStart, long trainCount, TestSample test, List<RunSample> signals,
      List<Path> inputs, Map<String, List<ProcessStats>> generation) {}

  /** The Standard-Model test sample: generated (spec, seed) or a window of a file. */
  private record TestSample(String description, long events, CocktailSpec spec, long seed, Path file, long start) {}

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
      Samples samples = config.dataDir() == null ? generate(work) : realData(config.dataDir());
      List<Manifest.InputFile> trainInputs = List.of(Manifest.InputFile.of(samples.trainFile(), work));

      Map<String, TrainingResult> trained = new LinkedHashMap<>();
      ExecutorService pool = config.threads() > 1 ? Executors.newFixedThreadPool(config.threads(),
          daemon("nphunt-run-score")) : null;
      try {
        trainAll(samples, work, trainInputs, trained, pool);
        Map<String, LoadedModel> models = new LinkedHashMap<>();
        trained.forEach((k, v) -> models.put(k, v.model()));
        models.values().forEach(m -> m.setScoringThreads(config.threads()));
        this.pool = pool;
        return evaluate(target, work, dir, samples, models, trained, t0);
      } finally {
        if (pool != null) {
          pool.shutdownNow();
        }
        trained.values().forEach(TrainingResult::close);
      }
    }
  }

  /**
   * Trains every model into {@code trained} (in the configured order). Models on the fused Java engine
   * (dense AE, VAE, conv AE) train one after the other, each on all threads; models that step through DJL/libtorch
   * run on one libtorch thread each, so with a pool (threads > 1) they train side by side, one per pool thread
   * (issue 17: transformer and rnn-attention on both cores). Each model's weights are those it gets when
   * trained alone (see {@link org.nphunt.training.Trainer}'s concurrency note). On a failure the other
   * trainings stop at their next batch and the first failure is rethrown.
   */
  private void trainAll(Samples samples, Path work, List<Manifest.InputFile> inputs, Map<String, TrainingResult> trained,
      ExecutorService pool) {
    Map<String, TrainingResult> done = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> sideBySide = new ArrayList<>();
    try {
      for (String model : config.models()) {
        TrainingConfig tc = trainingConfigFor(model);
        if (pool != null && sideBySide(tc)) {
          sideBySide.add(model);
        } else {
          done.put(model, train(model, tc, samples, work.resolve("models").resolve(model), inputs, null));
        }
      }
      if (!sideBySide.isEmpty()) {
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        List<Future<?>> jobs = new ArrayList<>();
        // one thread per model, even beyond --threads: the models' training times differ, and with one
        // thread each the cores stay busy until the last finishes (two threads for three models would
        // leave a core idle while the longest trains alone)
        ExecutorService trainers = Executors.newFixedThreadPool(sideBySide.size(), daemon("nphunt-run-train"));
        for (String model : sideBySide) {
          TrainingConfig tc = trainingConfigFor(model);
          jobs.add(trainers.submit(() -> {
            try {
              done.put(model, train(model, tc, samples, work.resolve("models").resolve(model), inputs, failed));
            } catch (RuntimeException | Error e) {
              failed.set(true);
              throw e;
            }
          }));
        }
        try {
          awaitAll(jobs);
        } finally {
          trainers.shutdownNow();
        }
      }
    } finally {
      for (String model : config.models()) {
        TrainingResult r = done.get(model);
        if (r != null) {
          trained.put(model, r);
        }
      }
    }
  }

  /**
   * Whether a model may train beside others: it steps through DJL/libtorch (the fused engine uses every
   * thread itself) and draws nothing from libtorch's process-wide generator while training (no dropout).
   */
  static boolean sideBySide(TrainingConfig tc) {
    if (org.nphunt.training.Trainer.usesFusedEngine(tc)) {
      return false;
    }
    return tc.architecture() instanceof org.nphunt.model.ConvAeConfig
        || tc.architecture() instanceof org.nphunt.model.RecurrentAeConfig
        || tc.architecture() instanceof org.nphunt.model.TransformerAeConfig t && t.dropout() == 0;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread th = new Thread(r, name);
      th.setDaemon(true);
      return th;
    };
  }

  /** Waits for every job; rethrows the first failure (in submission order) once all have ended. */
  private static void awaitAll(List<Future<?>> jobs) {
    Throwable first = null;
    for (Future<?> f : jobs) {
      try {
        f.get();
      } catch (ExecutionException e) {
        first = first == null ? e.getCause() : first;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        first = first == null ? e : first;
      }
    }
    if (first instanceof RuntimeException re) {
      throw re;
    }
    if (first instanceof Error err) {
      throw err;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
  }

  /**
   * Runs {@code work} once per model and waits for all: every model scores a block on one thread, the
   * DJL/libtorch models (one libtorch thread each) side by side on the pool, the fused Java models (which
   * split a block over all threads themselves) on the caller. A model's scores are the same whichever thread
   * computes them, so the results do not depend on {@code --threads}.
   */
  private void forEachModel(Map<String, LoadedModel> models, java.util.function.BiConsumer<String, LoadedModel> work) {
    List<Future<?>> jobs = new ArrayList<>();
    List<String> here = new ArrayList<>();
    for (var e : models.entrySet()) {
      if (pool != null && models.size() > 1 && e.getValue().scoresThroughLibtorch()) {
        jobs.add(pool.submit(() -> timed(e.getKey(), e.getValue(), work)));
      } else {
        here.add(e.getKey());
      }
    }
    try {
      for (String name : here) {
        timed(name, models.get(name), work);
      }
    } finally {
      awaitAll(jobs);
    }
  }

  /** Events per scoring task of a DJL model: a multiple of its pass, so the passes (and numbers) do not change. */
  static final int SCORE_PART = 2 * LoadedModel.DJL_PASS;

  /**
   * Scores {@code batch} with every model into {@code out.get(model)[score][offset + event]}. With a pool, each
   * DJL/libtorch model's block is cut into parts of {@value #SCORE_PART} events scored as separate tasks (the
   * threads stay busy however unequal the models' costs); the fused Java models run on the caller. A part starts
   * at a multiple of the model's pass, so every event is scored in the same pass as without the pool.
   */
  private void scoreAll(Map<String, LoadedModel> models, EventBatch batch, Map<String, double[][]> out, int offset) {
    if (pool == null || models.values().stream().noneMatch(LoadedModel::scoresThroughLibtorch)) {
      forEachModel(models, (name, m) -> m.score(batch, out.get(name), offset));
      return;
    }
    int n = batch.size();
    List<Future<?>> jobs = new ArrayList<>();
    List<String> here = new ArrayList<>();
    for (var e : models.entrySet()) {
      if (!e.getValue().scoresThroughLibtorch()) {
        here.add(e.getKey());
        continue;
      }
      for (int from = 0; from < n; from += SCORE_PART) {
        int at = from;
        EventBatch part = from == 0 && n <= SCORE_PART ? batch : batch.slice(from, Math.min(SCORE_PART, n - from));
        jobs.add(pool.submit(() -> timed(e.getKey(), e.getValue(), (k, m) -> m.score(part, out.get(k), offset + at))));
      }
    }
    try {
      for (String name : here) {
        timed(name, models.get(name), (k, m) -> m.score(batch, out.get(k), offset));
      }
    } finally {
      awaitAll(jobs);
    }
  }

  /** Per model: wall and calling-thread CPU nanoseconds spent scoring (see {@link #scoringTimes}). */
  private final Map<String, java.util.concurrent.atomic.AtomicLongArray> scoringNanos =
      new java.util.concurrent.ConcurrentHashMap<>();

  private void timed(String name, LoadedModel m, java.util.function.BiConsumer<String, LoadedModel> work) {
    long wall = System.nanoTime();
    long cpu = threadCpuNanos();
    work.accept(name, m);
    var t = scoringNanos.computeIfAbsent(name, k -> new java.util.concurrent.atomic.AtomicLongArray(2));
    t.addAndGet(0, System.nanoTime() - wall);
    t.addAndGet(1, threadCpuNanos() - cpu);
  }

  /**
   * One line: each model's scoring time so far (signals and SM stream), wall and CPU of the thread that ran
   * it; the fused Java models also split blocks over other threads, whose CPU is not in their figure.
   */
  private String scoringTimes(Map<String, LoadedModel> models) {
    StringBuilder b = new StringBuilder("  scoring time per model (wall / CPU of its thread):");
    models.forEach((name, m) -> {
      var t = scoringNanos.get(name);
      if (t != null) {
        b.append(String.format(" %s %.1f s / %.1f CPU-s%s;", name, t.get(0) / 1e9, t.get(1) / 1e9,
            m.scoresThroughLibtorch() ? "" : " (+ its parallel parts)"));
      }
    });
    return b.toString();
  }

  /** CPU time of the calling thread, or 0 when the JVM cannot tell. */
  private static long threadCpuNanos() {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? Math.max(0, mx.getCurrentThreadCpuTime()) : 0;
  }

  private Result evaluate(Path target, Path work, AtomicDirectory dir, Samples samples, Map<String, LoadedModel> models,
      Map<String, TrainingResult> trained, long t0) {
    EvaluationConfig evalConfig = EvaluationConfig.defaults().withOperatingPoint(OperatingPointConfig.of(
        config.inputRateHz(), OperatingPointConfig.perDayToHz(config.outputPerDay()), config.lumiPerMonthPb()));
    StreamingEvaluation evaluation = new StreamingEvaluation(evalConfig, Seeds.derive(config.seed(), "run/evaluate"));
    Map<String, String> primary = new LinkedHashMap<>();
    models.forEach((name, m) -> primary.put(name, m.objective().primaryScore()));
    List<ScoreDistribution> distributions = new ArrayList<>();
    List<FeatureComparison> reconstructions = new ArrayList<>();
    List<LatentSample> latent = new ArrayList<>();
    Map<String, EventBatch> quantSignals = new LinkedHashMap<>();

    for (RunSample signal : samples.signals()) {
      Map<String, Map<String, double[]>> scores = scoreSignal(signal, models, work);
      scores.forEach((model, byScore) -> {
        evaluation.signal(model, signal.name(), byScore);
        String p = primary.get(model);
        distributions.add(new ScoreDistribution(model, p, signal.name(), byScore.get(p)));
      });
      EventBatch first = firstEvents(signal.file(), signal.start(), signal.count());
      models.forEach((name, m) -> inspect(m, name, signal.name(), first, reconstructions, latent));
      quantSignals.put(signal.name(), firstEvents(signal.file(), signal.start(), Math.min(QUANT_SIGNAL, signal.count()),
          QUANT_SIGNAL));
    }

    SmStream sm = streamStandardModel(samples, models, evaluation, work);
    EvaluationResults results = evaluation.finish().withPrimaryScores(primary);
    models.forEach((name, m) -> {
      String p = primary.get(name);
      BackgroundSummary b = evaluation.feed(name).summaries().get(m.scoreNames().indexOf(p));
      distributions.add(weighted(name, p, "SM", b));
      distributions.addAll(sm.byProcess(name));
      inspect(m, name, "SM", sm.first(), reconstructions, latent);
    });

    log.accept("writing the report");
    Map<String, TrainingHistory> histories = new LinkedHashMap<>();
    trained.forEach((name, r) -> histories.put(name, r.history()));
    Manifest manifest = Manifest.withHashedInputs("nphunt run", config.seed(), runManifestConfig(samples),
        hashed(samples.inputs(), work));
    writeRunJson(work, manifest);
    List<DeploymentView> deployment = deployment(models, sm.quantization(), quantSignals);
    ReportInput input = new ReportInput("nphunt run " + target.getFileName(), manifest, results, distributions,
        histories, reconstructions, latent, null).withDeployment(deployment);
    EvaluationOutput.writeInto(work, input);
    dir.commit();
    return new Result(target, target.resolve("report.html"), results, ResultsTables.auc(results).markdown(),
        ResultsTables.summary(results).markdown(), Duration.ofNanos(System.nanoTime() - t0));
  }

  private static Path freshRunDir(Path root) {
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new NphuntException(root + " is a file; --out names the folder that receives the run folders");
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path p = root.resolve(stamp);
    for (int i = 2; Files.exists(p); i++) {
      p = root.resolve(stamp + "-" + i);
    }
    return p;
  }

  // ---- data ---------------------------------------------------------------------------------

  private Samples generate(Path work) {
    Path dataDir = work.resolve("data");
    Map<String, List<ProcessStats>> stats = new LinkedHashMap<>();
    Path train = generate(dataDir, "sm_train", Processes.SM, config.trainEvents(), stats, work);
    List<RunSample> signals = new ArrayList<>();
    List<Path> inputs = new ArrayList<>(List.of(train));
    for (String signal : Processes.signalNames()) {
      Path f = generate(dataDir, signal, Processes.builtIn(signal), config.signalEvents(), stats, work);
      signals.add(new RunSample(signal, f, 0, config.signalEvents(), false));
      inputs.add(f);
    }
    long seed = Seeds.derive(config.seed(), "run/data/sm_test");
    TestSample test = new TestSample(String.format("%,d Standard-Model events streamed from the generator (%s, seed %d)%s",
        config.testEvents(), EventGenerator.VERSION, seed, config.keepData() ? ", kept in data/sm_test.h5" : ", not stored"),
        config.testEvents(), Processes.SM, seed, null, 0);
    return new Samples(train, 0, config.trainEvents(), test, signals, inputs, stats);
  }

  private Path generate(Path dataDir, String name, CocktailSpec spec, long events, Map<String, List<ProcessStats>> stats,
      Path work) {
    Path file = dataDir.resolve(name + ".h5");
    long seed = Seeds.derive(config.seed(), "run/data/" + name);
    long t = System.nanoTime();
    try (Hdf5EventWriter w = Hdf5EventWriter.create(file, WriteOptions.defaults().withThreads(config.threads()));
        Progress bar = Progress.start("generate " + name, events, "ev")) {
      GenerationSummary s = EventGenerator.generate(spec, events, seed, config.threads(), w, bar);
      w.attribute("manifest", Json.write(Manifest.create("nphunt run (generate " + name + ")", seed,
          Map.of("process", spec.name(), "events", events, "runSeed", config.seed()), List.of())));
      w.commit();
      stats.put(name, s.processes());
    }
    log.accept(String.format("generated %-11s %,11d events in %.1f s", name, events, (System.nanoTime() - t) / 1e9));
    return file;
  }

  private Samples realData(Path dir) {
    Path bkg = RealDataset.background(dir);
    RealDataset.checkContent(bkg, true);
    Map<String, Path> signalFiles = new LinkedHashMap<>(RealDataset.signals(dir));
    signalFiles.putAll(config.signals());
    if (signalFiles.isEmpty()) {
      throw new NphuntException(dir + ": none of the signal files " + RealDataset.SIGNALS.values()
          + " (nor their _filtered spellings) found; name others with --signal NAME=FILE");
    }
    signalFiles.values().forEach(f -> RealDataset.checkContent(f, false));
    long n;
    try (Hdf5EventReader r = Hdf5EventReader.open(bkg)) {
      n = r.size();
    }
    if (n < 2) {
      throw new NphuntException(bkg + ": needs at least 2 events to split into training and test, found " + n);
    }
    long test = Math.min(config.testEvents(), n / 2);
    long train = Math.min(config.trainEvents(), n - test);
    List<RunSample> signals = new ArrayList<>();
    List<Path> inputs = new ArrayList<>(List.of(bkg));
    signalFiles.forEach((name, file) -> {
      long size;
      try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
        size = r.size();
      }
      signals.add(new RunSample(name, file, 0, Math.min(config.signalEvents(), size), false));
      inputs.add(file);
    });
    log.accept(String.format("real data: %s, training on events [0, %d), testing on [%d, %d)", bkg, train, n - test, n));
    TestSample testSample = new TestSample(String.format("events [%d, %d) of %s", n - test, n, bkg), test, null, 0, bkg,
        n - test);
    return new Samples(bkg, 0, train, testSample, signals, inputs, Map.of());
  }

  private static List<Manifest.InputFile> hashed(List<Path> files, Path work) {
    List<Manifest.InputFile> out = new ArrayList<>();
    for (Path p : files) {
      out.add(Manifest.InputFile.of(p, work));
    }
    return out;
  }

  // ---- training and scoring -----------------------------------------------------------------

  /** The training configuration of {@code model} in this run. */
  TrainingConfig trainingConfigFor(String model) {
    return TrainingConfig.defaults(Architectures.defaults(model))
        .withSeed(Seeds.derive(config.seed(), "run/train/" + model))
        .withEpochs(config.epochs())
        .withBatchSize(config.batchSize())
        .withThreads(config.threads());
  }

  /** Trains one model; {@code stop}, when non-null and set, stops it at the next batch (another model failed). */
  private TrainingResult train(String model, TrainingConfig tc, Samples samples, Path outDir,
      List<Manifest.InputFile> inputs, java.util.concurrent.atomic.AtomicBoolean stop) {
    // the epoch line runs on the training thread: a side-by-side model's epoch CPU is that thread's CPU
    long[] lastCpu = {-1};
    List<org.nphunt.training.TrainingListener> listeners = new ArrayList<>(List.of(Listeners.progress(),
        Listeners.epochLog(line -> {
          long now = threadCpuNanos();
          String cpu = stop != null && lastCpu[0] >= 0 ? String.format(", %.1f CPU-s", (now - lastCpu[0]) / 1e9) : "";
          lastCpu[0] = now;
          log.accept("  " + model + " " + line + cpu);
        })));
    if (stop != null) {
      listeners.add(0, new org.nphunt.training.TrainingListener() {
        @Override
        public void onStart(org.nphunt.training.TrainingState state) {
          lastCpu[0] = threadCpuNanos();
        }
      });
    }
    if (stop != null) {
      listeners.add(new org.nphunt.training.TrainingListener() {
        @Override
        public Action onBatch(org.nphunt.training.TrainingState state, int batch, int events, double loss) {
          return stop.get() ? Action.STOP : Action.CONTINUE;
        }
      });
    }
    log.accept(String.format("training %s on %,d Standard-Model events (max %s)", model, samples.trainCount(),
        org.nphunt.progress.Counts.of(config.epochs(), "epoch")));
    try (Hdf5EventReader file = Hdf5EventReader.open(samples.trainFile());
        EventSource train = new RangeEventSource(file, samples.trainStart(), samples.trainCount())) {
      long wall = System.nanoTime();
      long cpu = threadCpuNanos();
      long process = processCpuNanos();
      TrainingResult r = TrainingJob.trainHashed(tc, train, null, outDir, false, inputs, listeners);
      log.accept(String.format("  %s trained in %.1f s, %s (%.1f CPU-s on its thread%s)", model,
          (System.nanoTime() - wall) / 1e9, org.nphunt.progress.Counts.of(r.history().epochs().size(), "epoch"), (threadCpuNanos() - cpu) / 1e9,
          stop == null ? String.format(", %.1f CPU-s of the process", (processCpuNanos() - process) / 1e9) : ""));
      return r;
    }
  }

  /** Scores one signal sample once for every model; writes scores/MODEL/NAME.h5; returns model -> score -> values. */
  private Map<String, Map<String, double[]>> scoreSignal(RunSample sample, Map<String, LoadedModel> models, Path work) {
    long t = System.nanoTime();
    int n = Math.toIntExact(sample.count());
    Map<String, double[][]> values = new LinkedHashMap<>();
    models.forEach((name, m) -> values.put(name, new double[m.scoreNames().size()][n]));
    int[] pid = null;
    try (Hdf5EventReader file = Hdf5EventReader.open(sample.file())) {
      for (int start = 0; start < n; start += READ_BLOCK) {
        int c = Math.min(READ_BLOCK, n - start);
        EventBatch block = file.read(sample.start() + start, c);
        if (block.processId() != null) {
          pid = pid == null ? new int[n] : pid;
          System.arraycopy(block.processId(), 0, pid, start, c);
        }
        int at = start;
        scoreAll(models, block, values, at);
      }
    }
    Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
    for (var e : models.entrySet()) {
      LoadedModel m = e.getValue();
      Path scoreFile = work.resolve("scores").resolve(e.getKey()).resolve(sample.name() + ".h5");
      try (ScoreFileWriter w = ScoreFileWriter.create(scoreFile, m.scoreNames(), false)) {
        w.write(n, values.get(e.getKey()), null, pid);
        w.attribute(Scorer.MANIFEST_ATTRIBUTE, Json.write(Manifest.withHashedInputs("nphunt run (score)", config.seed(),
            Map.of("model", e.getKey(), "sample", sample.name(), "events", n),
            List.of(Manifest.InputFile.of(sample.file(), work)))));
        w.attribute(Scorer.MODEL_MANIFEST_ATTRIBUTE, Json.write(m.manifest()));
        w.commit();
      }
      Map<String, double[]> byScore = new LinkedHashMap<>();
      for (int s = 0; s < m.scoreNames().size(); s++) {
        byScore.put(m.scoreNames().get(s), values.get(e.getKey())[s]);
      }
      out.put(e.getKey(), byScore);
    }
    log.accept(String.format("  scored %-11s with %d model(s): %,d events (%.0f events/s)", sample.name(), models.size(),
        n, n / ((System.nanoTime() - t) / 1e9)));
    return out;
  }

  /**
   * What the Standard-Model stream leaves besides the evaluation: its first events (for the
   * reconstruction plots) and a uniform sample of each process's primary scores (for the histograms).
   */
  private record SmStream(EventBatch first, EventBatch quantization, Map<String, List<ScoreDistribution>> processes) {
    List<ScoreDistribution> byProcess(String model) {
      return processes.getOrDefault(model, List.of());
    }
  }

  /**
   * Streams the SM test sample once past every model into the evaluation: each block is scored by all
   * models and fed to their backgrounds; nothing is stored unless keepData.
   */
  private SmStream streamStandardModel(Samples samples, Map<String, LoadedModel> models, StreamingEvaluation evaluation,
      Path work) {
    TestSample test = samples.test();
    log.accept("streaming the Standard-Model test sample past every model: " + test.description());
    ScoringSink sink = new ScoringSink(test.events(), models, evaluation, work);
    long t = System.nanoTime();
    long cpu = processCpuNanos();
    try (sink; Progress bar = Progress.start("score SM", test.events(), "ev")) {
      if (test.file() == null) {
        EventGenerator.generate(test.spec(), test.events(), test.seed(), config.threads(), sink, bar);
      } else {
        try (Hdf5EventReader file = Hdf5EventReader.open(test.file())) {
          for (long s = 0; s < test.events(); s += READ_BLOCK) {
            int c = (int) Math.min(READ_BLOCK, test.events() - s);
            sink.write(file.read(test.start() + s, c));
            bar.step(c);
          }
        }
      }
      sink.commit();
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    log.accept(String.format("  scored SM          with %d model(s): %,d events in %.1f s (%.0f events/s, %.1f CPU-s)",
        models.size(), test.events(), seconds, test.events() / seconds, (processCpuNanos() - cpu) / 1e9));
    log.accept(scoringTimes(models));
    return new SmStream(sink.first(), sink.quantization(), sink.processDistributions());
  }

  /** CPU time of the whole process so far (all threads), or 0 when the JVM cannot tell. */
  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }

  /** Scores each block with every model and feeds the evaluation (and, with keepData, files). */
  private final class ScoringSink implements EventSink {
    private final long events;
    private final Map<String, LoadedModel> models;
    private final Map<String, StreamingEvaluation.Feed> feeds = new LinkedHashMap<>();
    private final Map<String, Integer> primaryIndex = new LinkedHashMap<>();
    private final Map<String, ScoreFileWriter> scoreFiles = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Reservoir>> byProcess = new LinkedHashMap<>();
    private final Hdf5EventWriter dataFile;
    private final List<EventBatch> firstBlocks = new ArrayList<>();
    private int firstCount;
    private long written;

    ScoringSink(long events, Map<String, LoadedModel> models, StreamingEvaluation evaluation, Path work) {
      this.events = events;
      this.models = models;
      models.forEach((name, m) -> {
        feeds.put(name, evaluation.background(name, "SM", m.scoreNames(), events, HISTOGRAM_SAMPLE));
        primaryIndex.put(name, m.scoreNames().indexOf(m.objective().primaryScore()));
        byProcess.put(name, new LinkedHashMap<>());
        if (config.keepData()) {
          scoreFiles.put(name, ScoreFileWriter.create(work.resolve("scores").resolve(name).resolve("SM.h5"),
              m.scoreNames(), false));
        }
      });
      dataFile = config.keepData() && config.dataDir() == null
          ? Hdf5EventWriter.create(work.resolve("data/sm_test.h5"), WriteOptions.defaults().withThreads(config.threads()))
          : null;
    }

    @Override
    public void write(Events block) {
      EventBatch batch = EventBatch.of(block);
      int n = batch.size();
      int keep = Math.max(config.reconstructionEvents(), QUANT_BACKGROUND);
      if (firstCount < keep) {
        int take = Math.min(n, keep - firstCount);
        firstBlocks.add(batch.slice(0, take));
        firstCount += take;
      }
      Map<String, double[][]> byModel = new LinkedHashMap<>();
      models.forEach((name, m) -> byModel.put(name, new double[m.scoreNames().size()][n]));
      scoreAll(models, batch, byModel, 0);
      for (var e : models.entrySet()) {
        double[][] scores = byModel.get(e.getKey());
        feeds.get(e.getKey()).add(scores, n);
        int[] pid = batch.processId();
        if (pid != null) {
          double[] primary = scores[primaryIndex.get(e.getKey())];
          Map<Integer, Reservoir> mine = byProcess.get(e.getKey());
          for (int i = 0; i < n; i++) {
            mine.computeIfAbsent(pid[i], p -> new Reservoir(PROCESS_SAMPLE,
                Seeds.derive(config.seed(), "run/sm-sample/" + e.getKey(), p))).add(primary[i]);
          }
        }
        ScoreFileWriter w = scoreFiles.get(e.getKey());
        if (w != null) {
          w.write(n, scores, batch.evtId(), batch.processId());
        }
      }
      if (dataFile != null) {
        dataFile.write(batch);
      }
      written += n;
    }

    @Override
    public void attribute(String key, String value) {
      if (dataFile != null) {
        dataFile.attribute(key, value);
      }
    }

    @Override
    public long written() {
      return written;
    }

    @Override
    public void commit() {
      if (written != events) {
        throw new IllegalStateException("streamed " + written + " of " + events + " events");
      }
      for (var e : scoreFiles.entrySet()) {
        e.getValue().attribute(Scorer.MODEL_MANIFEST_ATTRIBUTE, Json.write(models.get(e.getKey()).manifest()));
        e.getValue().commit();
      }
      if (dataFile != null) {
        dataFile.commit();
      }
    }

    @Override
    public void close() {
      scoreFiles.values().forEach(ScoreFileWriter::close);
      if (dataFile != null) {
        dataFile.close();
      }
    }

    /** The first reconstructionEvents events (fewer when the sample is smaller). */
    EventBatch first() {
      EventBatch all = quantization();
      return all.size() <= config.reconstructionEvents() ? all : all.slice(0, config.reconstructionEvents());
    }

    /** The first max(reconstructionEvents, QUANT_BACKGROUND) events. */
    EventBatch quantization() {
      return firstBlocks.isEmpty() ? new EventBatch(0) : EventBatch.concat(firstBlocks);
    }

    Map<String, List<ScoreDistribution>> processDistributions() {
      Map<String, List<ScoreDistribution>> out = new LinkedHashMap<>();
      byProcess.forEach((model, map) -> {
        List<ScoreDistribution> list = new ArrayList<>();
        String score = models.get(model).objective().primaryScore();
        for (var p : List.of(Processes.W, Processes.QCD, Processes.Z, Processes.TTBAR)) {
          Reservoir r = map.get(p.processId());
          if (r != null && r.seen() > 0) {
            double[] v = r.values();
            double[] w = new double[v.length];
            java.util.Arrays.fill(w, (double) r.seen() / v.length);
            list.add(new ScoreDistribution(model, score, "SM: " + p.name(), v, w, r.seen()));
          }
        }
        out.put(model, list);
      });
      return out;
    }
  }

  /** A uniform sample of a stream (algorithm R, seeded: the same stream gives the same sample). */
  private static final class Reservoir {
    private final double[] values;
    private final SplittableRandom random;
    private long seen;

    Reservoir(int size, long seed) {
      values = new double[size];
      random = new SplittableRandom(seed);
    }

    void add(double v) {
      if (seen < values.length) {
        values[(int) seen] = v;
      } else {
        long j = random.nextLong(seen + 1);
        if (j < values.length) {
          values[(int) j] = v;
        }
      }
      seen++;
    }

    long seen() {
      return seen;
    }

    double[] values() {
      return java.util.Arrays.copyOf(values, (int) Math.min(seen, values.length));
    }
  }

  /** The SM distribution of a primary score: the kept largest scores (weight 1) and the weighted sample. */
  private static ScoreDistribution weighted(String model, String score, String process, BackgroundSummary b) {
    double[] top = b.largest();
    double[] sample = b.sample();
    double[] v = new double[top.length + sample.length];
    double[] w = new double[v.length];
    System.arraycopy(top, 0, v, 0, top.length);
    System.arraycopy(sample, 0, v, top.length, sample.length);
    java.util.Arrays.fill(w, 0, top.length, 1.0);
    java.util.Arrays.fill(w, top.length, v.length, b.sampleWeight());
    return new ScoreDistribution(model, score, process, v, w, b.count());
  }

  private EventBatch firstEvents(Path file, long start, long count) {
    return firstEvents(file, start, count, config.reconstructionEvents());
  }

  private static EventBatch firstEvents(Path file, long start, long count, int max) {
    int n = (int) Math.min(max, count);
    try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
      return r.read(start, n);
    }
  }

  /**
   * The trigger deployment view of every model: its cost (model.json's, with the CPU latency measured when it
   * was saved) and, for the dense AE and the VAE encoder, the fixed-point table on the first
   * {@value #QUANT_BACKGROUND} Standard-Model test events and {@value #QUANT_SIGNAL} events per signal.
   */
  private List<DeploymentView> deployment(Map<String, LoadedModel> models, EventBatch background,
      Map<String, EventBatch> signals) {
    long t = System.nanoTime();
    long cpu = processCpuNanos();
    List<PrecisionConfig> configs = new ArrayList<>();
    for (int w : QUANT_BITS) {
      configs.add(new PrecisionConfig(new ApFixed(w, 1, ApFixed.Rounding.RND, ApFixed.Overflow.SAT), null, null, true));
    }
    List<DeploymentView> out = new ArrayList<>();
    boolean studied = false;
    for (var e : models.entrySet()) {
      LoadedModel m = e.getValue();
      ModelCost c = m.cost() != null ? m.cost() : ModelCost.of(m.block(), null);
      List<String> notes = new ArrayList<>(List.of(c.describe()));
      List<Table> tables = new ArrayList<>();
      if (c.trigger() != null && m.preprocessing() instanceof Standardizer && background.size() >= 2 && !signals.isEmpty()) {
        QuantizationStudy.Result r = QuantizationStudy.run(m, background, signals, configs, List.of(1e-5, 1e-3), 1e-3);
        tables.add(r.table(e.getKey() + ": fixed point vs float"));
        notes.add("Rows: every quantity ap_fixed<W,I,AP_RND,AP_SAT>, its integer bits I chosen per layer and quantity from"
            + " the float network's values on these background events (the largest |value| of all but a fraction 1e-4 of"
            + " the events, table below; the rest saturate), the same for every W: " + r.rows().get(1).types().describe()
            .replaceFirst("^ap_fixed<\\d+,I,AP_RND,AP_SAT>: ", "") + ". The float32 row is the same network in double."
            + " Pearson r is dominated by the few background events that saturate (their capped scores stay large);"
            + " Spearman rho and the flipped decisions measure the agreement for the trigger; 'nphunt quantize"
            + " --coverage 1' sizes every type for all events instead (docs/quantization.md).");
        tables.add(QuantizationStudy.profileTable(e.getKey() + ": float ranges per layer", r.profile(), r.coverage()));
        studied = true;
      }
      out.add(new DeploymentView(e.getKey(), notes, tables));
    }
    if (studied) {
      log.accept(String.format("fixed-point study (%d widths, %,d SM + %d x %,d signal events): %.1f s, %.1f CPU-s",
          QUANT_BITS.length, background.size(), signals.size(),
          signals.values().stream().mapToInt(EventBatch::size).max().orElse(0), (System.nanoTime() - t) / 1e9,
          (processCpuNanos() - cpu) / 1e9));
    }
    return out;
  }

  /** Input-vs-reconstruction comparisons and (for variational models) latent samples of a subsample. */
  private void inspect(LoadedModel m, String model, String sample, EventBatch batch, List<FeatureComparison> reco,
      List<LatentSample> latent) {
    int n = batch.size();
    if (n == 0) {
      return;
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
        reco.add(FeatureComparison.adc2021(model, sample, type, f, in, out));
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
      latent.add(new LatentSample(model, sample, z0, z1));
    }
  }

  // ---- provenance ---------------------------------------------------------------------------

  private Map<String, Object> runManifestConfig(Samples samples) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("run", config);
    c.put("data", config.dataDir() == null ? "generated (" + EventGenerator.VERSION + ")" : config.dataDir().toString());
    c.put("test", samples.test().description());
    c.put("signals", samples.signals().stream().map(s -> Map.of("name", s.name(), "events", s.count())).toList());
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
