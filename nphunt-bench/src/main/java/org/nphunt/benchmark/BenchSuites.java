package org.nphunt.benchmark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.hdf5.WriteOptions;
import org.nphunt.benchmark.hdf5.Hdf5Benchmark;
import org.nphunt.model.Architectures;
import org.nphunt.physics.EventGenerator;
import org.nphunt.benchmark.generator.GeneratorBenchmark;
import org.nphunt.physics.Processes;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.history.EpochRecord;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The benchmark suites of {@code nphunt bench}. Every figure is {@code warmup} untimed runs then
 * {@code repeats} timed runs of the same operation, summarised by {@link Stats}, with the peak heap
 * and resident memory ({@link MemoryProbe}) and the load average before and after.
 *
 * <ul>
 *   <li>generator: accepted events/s of {@link GeneratorBenchmark} (physics only, into a discarding
 *       sink) per process, with 1 thread and with {@code threads};
 *   <li>hdf5: {@link Hdf5Benchmark} write then read of a float32 file of {@code events} events, gzip 4
 *       (1000-event chunks) and uncompressed; events/s and MB/s of uncompressed Particles; a read of
 *       a file chunked one event at a time (min(events, 200k) events, (1,19,4) chunks, gzip 4); a read
 *       of the LHC Olympics layout (min(events, 20k) events written by nphunt's pandas-layout writer);
 *   <li>train: events/s of training epochs (no validation pass, no LR schedule, no early stop) on
 *       generated SM events held in memory, per architecture, at {@code batchSize};
 *   <li>score: events/s of {@link LoadedModel#score} (preprocessing from raw events, forward pass,
 *       all scores) per batch size, and the wall time of one single-event call (1000 calls after 100
 *       warm-up calls).
 * </ul>
 */
public final class BenchSuites {
  /** Timed scoring repeats are shortened to about this many seconds for slow models. */
  static final double MAX_REPEAT_SECONDS = 2.0;
  private static final int LATENCY_WARMUP = 100;
  private static final int LATENCY_CALLS = 1000;

  private final BenchConfig config;
  private final PrintWriter log;
  private final Path workDir;

  /**
   * @param workDir where the HDF5 suite writes its temporary files (deleted afterwards)
   * @param log one line per finished figure (may be null)
   */
  public BenchSuites(BenchConfig config, Path workDir, PrintWriter log) {
    this.config = config;
    this.workDir = workDir;
    this.log = log;
  }

  /** Runs the configured suites in the order generator, hdf5, train/score. */
  public List<Measurement> run() {
    List<Measurement> out = new ArrayList<>();
    if (config.suites().contains("generator")) {
      generator(out);
    }
    if (config.suites().contains("hdf5")) {
      hdf5(out);
    }
    if (config.suites().contains("train") || config.suites().contains("score")) {
      models(out);
    }
    return out;
  }

  /** One timed operation: returns its primary value under "value" and any extras. */
  @FunctionalInterface
  public interface Sample {
    Map<String, Double> run();
  }

  /**
   * Runs {@code sample} {@code warmup} times untimed, then {@code repeats} times, and summarises the
   * "value" entries (extras: medians).
   */
  public static Measurement measure(String suite, String name, Map<String, Object> parameters, String unit,
      int warmup, int repeats, Sample sample) {
    double load0 = Machine.loadAverage()[0];
    MemoryProbe mem = MemoryProbe.start();
    long t0 = System.nanoTime();
    for (int i = 0; i < warmup; i++) {
      sample.run();
    }
    List<Double> values = new ArrayList<>();
    Map<String, List<Double>> extras = new LinkedHashMap<>();
    for (int i = 0; i < repeats; i++) {
      Map<String, Double> r = sample.run();
      Double v = r.get("value");
      if (v == null) {
        throw new IllegalStateException("sample of " + name + " returned no \"value\"");
      }
      values.add(v);
      r.forEach((k, x) -> {
        if (!k.equals("value")) {
          extras.computeIfAbsent(k, key -> new ArrayList<>()).add(x);
        }
      });
    }
    return finish(suite, name, parameters, unit, values, Stats.of(unbox(values)), extras, mem, load0, t0);
  }

  private static Measurement finish(String suite, String name, Map<String, Object> parameters, String unit,
      List<Double> values, Stats stats, Map<String, List<Double>> extras, MemoryProbe mem, double load0, long t0) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Double> extra = new LinkedHashMap<>();
    extras.forEach((k, v) -> extra.put(k, Stats.of(unbox(v)).median()));
    return new Measurement(suite, name, parameters, unit, values, stats, extra, mem.peak(), load0,
        Machine.loadAverage()[0], seconds);
  }

  static double[] unbox(List<Double> v) {
    double[] a = new double[v.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = v.get(i);
    }
    return a;
  }

  private void report(List<Measurement> out, Measurement m) {
    out.add(m);
    if (log != null) {
      log.println(BenchReport.line(m));
      log.flush();
    }
  }

  // ---------------------------------------------------------------- generator

  private void generator(List<Measurement> out) {
    for (String p : config.processes()) {
      var spec = Processes.builtIn(p);
      for (int t : new LinkedHashSet<>(List.of(1, config.threads()))) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("process", p);
        params.put("threads", t);
        params.put("events", config.generatorEvents());
        report(out, measure("generator", p + " threads " + t, params, "events/s", config.warmup(), config.repeats(),
            () -> {
              GeneratorBenchmark.Result r = GeneratorBenchmark.run(spec, config.generatorEvents(), t);
              return Map.of("value", r.eventsPerSecond(), "events_per_cpu_s", r.eventsPerCpuSecond());
            }));
      }
    }
  }

  // ---------------------------------------------------------------- hdf5

  private void hdf5(List<Measurement> out) {
    Path dir;
    try {
      Files.createDirectories(workDir);
      dir = Files.createTempDirectory(workDir, "hdf5-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work folder in " + workDir, e);
    }
    try {
      for (int gzip : new int[] {4, 0}) {
        Path file = dir.resolve("bench-gzip" + gzip + ".h5");
        String label = gzip == 0 ? "uncompressed" : "gzip " + gzip;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("events", config.events());
        params.put("dtype", "float32");
        params.put("gzip", gzip);
        params.put("chunk_events", 1000);
        params.put("threads", config.threads());
        WriteOptions options = WriteOptions.defaults().withGzipLevel(gzip).withThreads(config.threads());
        report(out, measure("hdf5", "write " + label, params, "events/s", config.warmup(), config.repeats(),
            () -> hdf5Sample(Hdf5Benchmark.write(file, config.events(), options))));
        report(out, measure("hdf5", "read " + label, params, "events/s", config.warmup(), config.repeats(),
            () -> hdf5Sample(Hdf5Benchmark.read(file))));
        deleteQuietly(file);
      }
      // Issue 16, section 5: one chunk per event must read in time linear in the chunks.
      int oneChunkEvents = (int) Math.min(config.events(), 200_000);
      Path one = dir.resolve("bench-chunk1.h5");
      Hdf5Benchmark.writeOneEventChunks(one, oneChunkEvents);
      Map<String, Object> p1 = new LinkedHashMap<>();
      p1.put("events", oneChunkEvents);
      p1.put("dtype", "float32");
      p1.put("gzip", 4);
      p1.put("chunk_events", 1);
      report(out, measure("hdf5", "read chunks of 1 event", p1, "events/s", config.warmup(), config.repeats(),
          () -> formatSample(Hdf5Benchmark.readFormat(one, 10_000))));
      deleteQuietly(one);
      // The LHC Olympics layout (700 particles x 3 + label, float64), as nphunt's writer stores it.
      int lhcoEvents = (int) Math.min(config.events(), 20_000);
      Path lhco = dir.resolve("bench-lhco.h5");
      writeLhco(lhco, lhcoEvents);
      Map<String, Object> p2 = new LinkedHashMap<>();
      p2.put("events", lhcoEvents);
      p2.put("dtype", "float64");
      p2.put("layout", "pandas fixed (N,2101), shuffle+gzip 4, chunks of 64 rows");
      report(out, measure("hdf5", "read LHC Olympics layout", p2, "events/s", config.warmup(), config.repeats(),
          () -> formatSample(Hdf5Benchmark.readFormat(lhco, 2048))));
      deleteQuietly(lhco);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** LHC Olympics-layout events: 60-300 particles each, pT-falling, from a fixed seed. */
  private static void writeLhco(Path file, int events) {
    org.nphunt.data.ParticleListSchema schema = org.nphunt.data.ParticleListSchema.lhco();
    java.util.SplittableRandom r = org.nphunt.random.Seeds.random(2020, "hdf5-bench/lhco");
    try (org.nphunt.hdf5.LhcOlympicsWriter w = org.nphunt.hdf5.LhcOlympicsWriter.create(file, schema, true)) {
      for (int at = 0; at < events; at += 1000) {
        int k = Math.min(1000, events - at);
        double[] p = new double[k * 2100];
        int[] label = new int[k];
        for (int e = 0; e < k; e++) {
          int n = 60 + r.nextInt(240);
          for (int i = 0; i < n; i++) {
            int o = e * 2100 + 3 * i;
            p[o] = (float) (0.5 + 200 * Math.pow(r.nextDouble(), 6));
            p[o + 1] = (float) (r.nextGaussian() * 1.5);
            p[o + 2] = (float) (-Math.PI + 2 * Math.PI * r.nextDouble());
          }
          label[e] = r.nextDouble() < 0.1 ? 1 : 0;
        }
        w.write(new org.nphunt.data.Events(schema, k, new double[][] {p}, new Object[] {label, null}));
      }
      w.commit();
    }
  }

  private static Map<String, Double> formatSample(Hdf5Benchmark.FormatResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("value", r.eventsPerSecond());
    m.put("mb_per_s", r.megabytesPerSecond());
    if (r.cpuSeconds() > 0.05) {
      m.put("events_per_cpu_s", r.events() / r.cpuSeconds());
    }
    m.put("sampled_peak_heap_mib", r.peakHeapMb());
    m.put("file_mb", r.fileBytes() / 1e6);
    return m;
  }

  private static Map<String, Double> hdf5Sample(Hdf5Benchmark.Result r) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("value", r.eventsPerSecond());
    m.put("mb_per_s", r.megabytesPerSecond());
    if (r.cpuSeconds() > 0.05) { // coarser CPU clocks read 0 for short runs
      m.put("events_per_cpu_s", r.events() / r.cpuSeconds());
    }
    m.put("sampled_peak_heap_mib", r.peakHeapMb());
    m.put("file_mb", r.fileBytes() / 1e6);
    return m;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort: a temporary file of the benchmark
    }
  }

  // ---------------------------------------------------------------- train and score

  private void models(List<Measurement> out) {
    boolean train = config.suites().contains("train");
    boolean score = config.suites().contains("score");
    for (String arch : config.models()) {
      Architectures.defaults(arch); // unknown names fail before any work
    }
    EventBatch trainData = EventGenerator.generateBatch(Processes.SM, config.trainEvents(), config.seed(),
        config.threads());
    EventBatch testData = score ? EventGenerator.generateBatch(Processes.SM, scoreEventsNeeded(), config.seed() + 1,
        config.threads()) : null;
    for (String arch : config.models()) {
      int epochs = train ? config.warmup() + config.repeats() : 1;
      TrainingConfig cfg = TrainingConfig.defaults(Architectures.defaults(arch)).withBatchSize(config.batchSize())
          .withThreads(config.threads()).withEpochs(epochs).withValFraction(0).withPatience(100_000, 100_000)
          .withSeed(config.seed());
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("architecture", arch);
      params.put("batch", config.batchSize());
      params.put("threads", config.threads());
      params.put("events_per_epoch", config.trainEvents());
      double load0 = Machine.loadAverage()[0];
      MemoryProbe mem = MemoryProbe.start();
      long t0 = System.nanoTime();
      EventBatch data = train ? trainData : trainData.slice(0, Math.min(trainData.size(), 4 * config.batchSize()));
      try (TrainingResult r = new Trainer(cfg).fit(new InMemoryEventSource(data, "bench-sm"), null)) {
        if (train) {
          List<Double> rates = new ArrayList<>();
          List<EpochRecord> epochsRun = r.history().epochs();
          for (int i = config.warmup(); i < epochsRun.size(); i++) {
            rates.add(epochsRun.get(i).eventsPerSecond());
          }
          Map<String, List<Double>> extras = new LinkedHashMap<>();
          List<Double> perEpoch = new ArrayList<>();
          for (int i = config.warmup(); i < epochsRun.size(); i++) {
            perEpoch.add(epochsRun.get(i).seconds());
          }
          extras.put("epoch_seconds", perEpoch);
          report(out, finish("train", arch + " batch " + config.batchSize(), params, "events/s", rates,
              Stats.of(unbox(rates)), extras, mem, load0, t0));
        }
        if (score) {
          LoadedModel model = r.model();
          model.setScoringThreads(config.threads());
          for (int b : config.scoreBatches()) {
            report(out, scoreThroughput(arch, model, testData, b));
          }
          report(out, latency(arch, model, testData));
        }
      }
    }
  }

  /** Events needed in memory for the scoring suite. */
  int scoreEventsNeeded() {
    int n = LATENCY_WARMUP + LATENCY_CALLS;
    for (int b : config.scoreBatches()) {
      n = Math.max(n, eventsPerRepeat(b, config.scoreEvents()));
    }
    return n;
  }

  /** Events per timed repeat at batch b: 2000 batches, at most scoreEvents, at least one batch. */
  static int eventsPerRepeat(int batch, int scoreEvents) {
    long n = Math.min(scoreEvents, 2000L * batch);
    n = n / batch * batch;
    return (int) Math.max(batch, n);
  }

  private Measurement scoreThroughput(String arch, LoadedModel model, EventBatch test, int batch) {
    int events = eventsPerRepeat(batch, config.scoreEvents());
    List<EventBatch> parts = new ArrayList<>();
    for (int s = 0; s + batch <= events; s += batch) {
      parts.add(test.slice(s, batch));
    }
    double[][] buf = new double[model.scoreNames().size()][batch];
    int[] use = {parts.size()};
    // shorten the timed repeats of slow models: one untimed pass tells the rate
    Supplier<Double> pass = () -> {
      long t = System.nanoTime();
      for (int i = 0; i < use[0]; i++) {
        model.score(parts.get(i), buf, 0);
      }
      return (double) use[0] * batch / ((System.nanoTime() - t) / 1e9);
    };
    double probe = pass.get();
    int affordable = (int) Math.ceil(probe * MAX_REPEAT_SECONDS / batch);
    use[0] = Math.max(1, Math.min(parts.size(), affordable));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("architecture", arch);
    params.put("batch", batch);
    params.put("threads", config.threads());
    params.put("events_per_repeat", use[0] * batch);
    return measure("score", arch + " batch " + batch, params, "events/s", config.warmup(), config.repeats(),
        () -> Map.of("value", pass.get()));
  }

  private Measurement latency(String arch, LoadedModel model, EventBatch test) {
    double load0 = Machine.loadAverage()[0];
    MemoryProbe mem = MemoryProbe.start();
    long t0 = System.nanoTime();
    double[][] buf = new double[model.scoreNames().size()][1];
    List<EventBatch> one = new ArrayList<>();
    for (int i = 0; i < LATENCY_WARMUP + LATENCY_CALLS; i++) {
      one.add(test.slice(i, 1));
    }
    for (int i = 0; i < LATENCY_WARMUP; i++) {
      model.score(one.get(i), buf, 0);
    }
    double[] us = new double[LATENCY_CALLS];
    for (int i = 0; i < LATENCY_CALLS; i++) {
      long t = System.nanoTime();
      model.score(one.get(LATENCY_WARMUP + i), buf, 0);
      us[i] = (System.nanoTime() - t) / 1e3;
    }
    double[] sorted = us.clone();
    java.util.Arrays.sort(sorted);
    Map<String, List<Double>> extras = new LinkedHashMap<>();
    extras.put("p90_us", List.of(Stats.quantile(sorted, 0.9)));
    extras.put("p99_us", List.of(Stats.quantile(sorted, 0.99)));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("architecture", arch);
    params.put("calls", LATENCY_CALLS);
    params.put("warmup_calls", LATENCY_WARMUP);
    // the 1000 per-call times are summarised, not stored
    return finish("score", arch + " latency of one event", params, "us", List.of(), Stats.of(us), extras, mem, load0,
        t0);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
