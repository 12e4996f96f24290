package org.nphunt.benchmark;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.io.AtomicOutput;
import org.nphunt.json.Json;
import org.nphunt.model.Architectures;
import org.nphunt.model.ConvAutoencoder;
import org.nphunt.model.TransformerAutoencoder;
import org.nphunt.model.DenseAutoencoder;
import org.nphunt.model.VariationalAutoencoder;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.Scores;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;
import org.nphunt.training.history.EpochRecord;

/**
 * nphunt's kernels (issue 17) against PyTorch on the same weights and inputs, dense AE, VAE and conv AE (fused Java
 * engine) and the transformer AE (DJL/libtorch; the reference rebuilds conv and transformer from their parameters by
 * name), in
 * interleaved rounds (odd rounds nphunt first): training events/s (fused Java engine vs
 * torch.optim.Adam steps) and scoring events/s at the given batch sizes, each as wall-clock rate and
 * as events per CPU-second of the process (robust to other processes on a loaded machine); and the
 * agreement of the scores (PyTorch evaluates nphunt's trained weights on nphunt's standardised inputs:
 * mse, and for the VAE also vae_mu2; maximum relative difference).
 *
 * <p>Protocol. Training: E epochs of the training file (read into memory) at batch B, lr 1e-3, coupled L2 1e-4, no
 * validation; nphunt's wall rate is the median over epochs of its training-step rate
 * ({@link EpochRecord#eventsPerSecond()}), its CPU rate the median over epochs of the events over the
 * process CPU time of the epoch (which also shuffles and standardises the events: conservative for
 * nphunt); PyTorch trains on standardised in-memory tensors (the same inputs), with the same two
 * medians (its epoch's wall and process CPU time). Scoring: the first 16,384 test events, max(4 batch, 16,384) events per repeat,
 * untimed warm-up repeats for at least 2 s, median of the timed repeats; nphunt scores raw events (preprocessing and
 * all six or eleven scores included), PyTorch runs the forward pass and the mse on standardised inputs.
 * The Python side is {@code nphunt-bench/src/main/python/speed/kernel_reference.py}.
 */
public final class KernelComparison {
  public static final String SCHEMA = "nphunt-compare-kernels/1";
  public static final String JSON_NAME = "compare-kernels.json";
  public static final String MARKDOWN_NAME = "compare-kernels.md";
  private static final int POOL = 16384;
  /** Untimed warm-up of every scoring figure, both sides. */
  static final int WARMUP_SECONDS = 2;
  /** Minimum wall time of a timed scoring repeat, both sides. */
  static final int REPEAT_SECONDS = 1;

  private KernelComparison() {}

  /** What to compare. */
  public record Config(Path train, Path test, List<String> models, int epochs, int batch, List<Integer> scoreBatches,
      int threads, int rounds, int repeats, long seed, String python, Path script) {}

  /** One side of one round for one model. */
  public record Side(String model, String tool, int round, double trainWall, double trainCpu,
      Map<String, Double> scoreWall, Map<String, Double> scoreCpu, double loadStart, double loadEnd) {}

  /** Agreement of PyTorch's scores with nphunt's on the same weights: max and median relative difference. */
  public record Agreement(String model, String score, int events, double maxRelative, double medianRelative,
      double fractionAbove1e6) {}

  /** Ratios nphunt / PyTorch (median over rounds of the per-round ratios) of one model and figure. */
  public record Ratio(String model, String figure, double wall, double cpu, List<Double> wallPerRound,
      List<Double> cpuPerRound) {}

  public record Result(String schema, String command, String startedUtc, double seconds, Machine machine,
      double[] loadAverageStart, double[] loadAverageEnd, Config config, String kernels, Map<String, String> pythonVersions,
      List<Side> sides, List<Ratio> ratios, List<Agreement> agreement) {

    public void write(Path dir, boolean force) {
      AtomicOutput.writeString(dir.resolve(JSON_NAME), Json.write(this) + "\n", force);
      AtomicOutput.writeString(dir.resolve(MARKDOWN_NAME), markdown(), force);
    }

    public String markdown() {
      StringBuilder sb = new StringBuilder("# nphunt kernels vs PyTorch (same weights, same inputs)\n\n");
      sb.append("- command: `").append(command).append("`\n");
      sb.append(String.format(Locale.ROOT, "- started %s (%.0f s); load average start %.2f %.2f %.2f, end %.2f %.2f %.2f%n",
          startedUtc, seconds, loadAverageStart[0], loadAverageStart[1], loadAverageStart[2], loadAverageEnd[0],
          loadAverageEnd[1], loadAverageEnd[2]));
      sb.append(String.format(Locale.ROOT, "- machine: %d cores, %s; %s; Python %s%n", machine.cores(), machine.os(),
          machine.jdk(), pythonVersions));
      sb.append(String.format(Locale.ROOT, "- settings: %d threads, %d epochs at batch %d, %d rounds, %d scoring repeats;"
          + " nphunt kernels: %s%n%n", config.threads(), config.epochs(), config.batch(), config.rounds(), config.repeats(),
          kernels));
      sb.append("| model | figure | nphunt / PyTorch, wall | per round | nphunt / PyTorch, per CPU-second | per round |\n"
          + "|---|---|---:|---|---:|---|\n");
      for (Ratio r : ratios) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | **%.2f** | %s | **%.2f** | %s |%n", r.model(), r.figure(), r.wall(),
            list(r.wallPerRound()), r.cpu(), list(r.cpuPerRound())));
      }
      sb.append("\n| model | round | tool | train ev/s (wall / per CPU-s) |");
      for (int b : config.scoreBatches()) {
        sb.append(" score b=").append(b).append(" (wall / per CPU-s) |");
      }
      sb.append(" load start/end |\n|---|---|---|---|");
      for (int b : config.scoreBatches()) {
        sb.append("---|");
      }
      sb.append("---|\n");
      for (Side s : sides) {
        sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s / %s |", s.model(), s.round(), s.tool(),
            BenchReport.num(s.trainWall()), BenchReport.num(s.trainCpu())));
        for (int b : config.scoreBatches()) {
          String k = Integer.toString(b);
          sb.append(' ').append(BenchReport.num(s.scoreWall().get(k))).append(" / ")
              .append(BenchReport.num(s.scoreCpu().get(k))).append(" |");
        }
        sb.append(String.format(Locale.ROOT, " %.2f / %.2f |%n", s.loadStart(), s.loadEnd()));
      }
      sb.append("\n| model | score | events | max relative difference | median | fraction > 1e-6 |\n"
          + "|---|---|---:|---:|---:|---:|\n");
      for (Agreement a : agreement) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2e | %.2e | %.2e |%n", a.model(), a.score(), a.events(),
            a.maxRelative(), a.medianRelative(), a.fractionAbove1e6()));
      }
      return sb.toString();
    }
  }

  /** Process CPU time in ns (all threads). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The reference script beside the launcher ({@code NPHUNT_HOME}) or in the working directory. */
  public static Path defaultScript() {
    String home = System.getenv("NPHUNT_HOME");
    Path rel = Path.of("nphunt-bench", "src", "main", "python", "speed", "kernel_reference.py");
    return home != null ? Path.of(home).resolve(rel) : rel;
  }

  public static void checkTargets(Path dir, boolean force) {
    AtomicOutput.checkTarget(dir.resolve(JSON_NAME), force);
    AtomicOutput.checkTarget(dir.resolve(MARKDOWN_NAME), force);
  }

  public static Result run(Config cfg, String command, PrintWriter log) {
    for (Path p : List.of(cfg.train(), cfg.test())) {
      if (!Files.isRegularFile(p)) {
        throw new NphuntException(p + ": no such file");
      }
    }
    if (!Files.isRegularFile(cfg.script())) {
      throw new NphuntException(cfg.script() + ": reference script not found (give --reference)");
    }
    Machine machine = Machine.current();
    double[] load0 = Machine.loadAverage();
    Instant t0 = Instant.now();
    Path work;
    try {
      work = Files.createTempDirectory("nphunt-kernels-");
    } catch (IOException e) {
      throw new NphuntException("cannot create a temporary folder: " + e.getMessage(), e);
    }
    EventBatch pool;
    try (Hdf5EventReader r = Hdf5EventReader.open(cfg.test())) {
      pool = r.read(0, (int) Math.min(POOL, r.size()));
    }
    while (pool.size() < POOL) {
      pool = EventBatch.concat(List.of(pool, pool)).slice(0, Math.min(POOL, 2 * pool.size()));
    }
    EventBatch train;
    try (Hdf5EventReader r = Hdf5EventReader.open(cfg.train())) {
      train = r.read(0, Math.toIntExact(r.size()));
    }
    List<Side> sides = new ArrayList<>();
    List<Agreement> agreement = new ArrayList<>();
    Map<String, String> versions = new LinkedHashMap<>();
    for (String model : cfg.models()) {
      Path dir = work.resolve(model);
      for (int round = 1; round <= cfg.rounds(); round++) {
        for (int k = 0; k < 2; k++) {
          boolean javaTurn = (k == 0) == (round % 2 == 1);
          Side s;
          if (javaTurn) {
            s = nphuntSide(cfg, model, round, train, pool, round == 1 ? dir : null);
          } else {
            JsonNode py = runPython(cfg, dir, round == 1);
            if (versions.isEmpty()) {
              py.path("versions").fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asText()));
            }
            if (round == 1) {
              py.path("agreement").forEach(a -> agreement.add(new Agreement(model, a.path("score").asText(),
                  a.path("events").asInt(), a.path("max_relative").asDouble(), a.path("median_relative").asDouble(),
                  a.path("fraction_above_1e-6").asDouble())));
            }
            s = pythonSide(py, model, round);
          }
          sides.add(s);
          log.printf(Locale.ROOT, "%s round %d %-7s train %s ev/s (%s per CPU-s), score b=%d %s ev/s (%s per CPU-s),"
              + " load %.2f->%.2f%n", model, round, s.tool(), BenchReport.num(s.trainWall()), BenchReport.num(s.trainCpu()),
              cfg.scoreBatches().get(0), BenchReport.num(s.scoreWall().get(cfg.scoreBatches().get(0).toString())),
              BenchReport.num(s.scoreCpu().get(cfg.scoreBatches().get(0).toString())), s.loadStart(), s.loadEnd());
          log.flush();
        }
      }
    }
    List<Ratio> ratios = new ArrayList<>();
    for (String model : cfg.models()) {
      ratios.add(ratio(sides, model, "training events/s, batch " + cfg.batch(), cfg.rounds(), Side::trainWall, Side::trainCpu));
      for (int b : cfg.scoreBatches()) {
        String key = Integer.toString(b);
        ratios.add(ratio(sides, model, "scoring events/s, batch " + b, cfg.rounds(), s -> s.scoreWall().get(key),
            s -> s.scoreCpu().get(key)));
      }
    }
    double seconds = (Instant.now().toEpochMilli() - t0.toEpochMilli()) / 1000.0;
    deleteTree(work);
    return new Result(SCHEMA, command, t0.toString(), seconds, machine, load0, Machine.loadAverage(), cfg,
        org.nphunt.kernel.Kernels.get().name(), versions, sides,
        ratios, agreement);
  }

  private static Ratio ratio(List<Side> sides, String model, String figure, int rounds,
      java.util.function.ToDoubleFunction<Side> wall, java.util.function.ToDoubleFunction<Side> cpu) {
    List<Double> w = new ArrayList<>();
    List<Double> c = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      Side n = side(sides, model, "nphunt", r);
      Side p = side(sides, model, "PyTorch", r);
      w.add(wall.applyAsDouble(n) / wall.applyAsDouble(p));
      c.add(cpu.applyAsDouble(n) / cpu.applyAsDouble(p));
    }
    return new Ratio(model, figure, Stats.of(BenchSuites.unbox(w)).median(), Stats.of(BenchSuites.unbox(c)).median(), w, c);
  }

  private static Side side(List<Side> sides, String model, String tool, int round) {
    return sides.stream().filter(s -> s.model().equals(model) && s.tool().equals(tool) && s.round() == round).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + tool + " result for " + model + " round " + round));
  }

  // ---------------------------------------------------------------- nphunt side

  /** Trains, then times scoring; with {@code export} non-null writes the weights, inputs and scores there. */
  static Side nphuntSide(Config cfg, String model, int round, EventBatch train, EventBatch pool, Path export) {
    double load0 = Machine.loadAverage()[0];
    TrainingConfig tc = TrainingConfig.defaults(Architectures.defaults(model)).withEpochs(cfg.epochs())
        .withBatchSize(cfg.batch()).withThreads(cfg.threads()).withSeed(cfg.seed()).withValFraction(0)
        .withPatience(1_000_000, 1_000_000);
    // process CPU time per epoch (onStart to the first onEpoch, then between onEpoch calls)
    List<Double> cpuRates = new ArrayList<>();
    long[] mark = new long[1];
    int trainEvents = train.size();
    Trainer trainer = new Trainer(tc).addListener(new org.nphunt.training.TrainingListener() {
      @Override
      public void onStart(org.nphunt.training.TrainingState state) {
        mark[0] = cpuNanos();
      }

      @Override
      public Action onEpoch(org.nphunt.training.TrainingState state, EpochRecord record) {
        long now = cpuNanos();
        cpuRates.add(trainEvents / ((now - mark[0]) / 1e9));
        mark[0] = now;
        return Action.CONTINUE;
      }
    });
    try (TrainingResult r = trainer.fit(new org.nphunt.data.InMemoryEventSource(train, "train"), null)) {
      List<Double> rates = new ArrayList<>();
      for (EpochRecord e : r.history().epochs()) {
        rates.add(e.eventsPerSecond());
      }
      double trainWall = Stats.of(BenchSuites.unbox(rates)).median();
      double trainCpu = Stats.of(BenchSuites.unbox(cpuRates)).median();
      LoadedModel m = r.model();
      m.setScoringThreads(cfg.threads());
      if (export != null) {
        export(m, pool, train, export);
      }
      Map<String, Double> wall = new LinkedHashMap<>();
      Map<String, Double> cpu = new LinkedHashMap<>();
      for (int b : cfg.scoreBatches()) {
        int events = Math.max(4 * b, POOL);
        List<EventBatch> batches = new ArrayList<>();
        for (int i = 0; i < events / b; i++) {
          batches.add(pool.slice((i * b) % (pool.size() - b + 1), b));
        }
        double[][] buf = new double[m.scoreNames().size()][b];
        // warm-up: untimed repeats for at least WARMUP_SECONDS (the JIT compiles the vector kernels)
        long w0 = System.nanoTime();
        do {
          for (EventBatch x : batches) {
            m.score(x, buf, 0);
          }
        } while (System.nanoTime() - w0 < WARMUP_SECONDS * 1_000_000_000L);
        double[] w = new double[cfg.repeats()];
        double[] c = new double[cfg.repeats()];
        for (int rep = 0; rep < cfg.repeats(); rep++) {
          // each repeat passes over the batches until REPEAT_SECONDS have elapsed (the process CPU clock
          // ticks in 10 ms steps on Linux: short repeats would quantise the CPU rate)
          long t = System.nanoTime();
          long ct = cpuNanos();
          long done = 0;
          do {
            for (EventBatch x : batches) {
              m.score(x, buf, 0);
            }
            done += (long) batches.size() * b;
          } while (System.nanoTime() - t < REPEAT_SECONDS * 1_000_000_000L);
          w[rep] = done / ((System.nanoTime() - t) / 1e9);
          c[rep] = done / ((cpuNanos() - ct) / 1e9);
        }
        wall.put(Integer.toString(b), Stats.of(w).median());
        cpu.put(Integer.toString(b), Stats.of(c).median());
      }
      return new Side(model, "nphunt", round, trainWall, trainCpu, wall, cpu, load0, Machine.loadAverage()[0]);
    }
  }

  /**
   * Writes {@code spec.json} (layers with their activation, the VAE's heads), one {@code .npy} per
   * weight and bias, the standardised inputs of the pool ({@code x.npy}, {@code mask.npy}) and nphunt's
   * scores of them ({@code scores_<name>.npy}, float64).
   */
  static void export(LoadedModel m, EventBatch pool, EventBatch train, Path dir) {
    try {
      Files.createDirectories(dir);
      Block block = m.block();
      Map<String, Object> spec = new LinkedHashMap<>();
      float slope;
      if (block instanceof DenseAutoencoder d) {
        slope = (float) d.config().leakySlope();
        List<Map<String, Object>> layers = new ArrayList<>();
        stack(d.encoder(), "enc", dir, layers);
        spec.put("encoder", layers);
        layers = new ArrayList<>();
        stack(d.decoder(), "dec", dir, layers);
        spec.put("decoder", layers);
      } else if (block instanceof VariationalAutoencoder v) {
        slope = (float) v.config().leakySlope();
        List<Map<String, Object>> layers = new ArrayList<>();
        stack(v.trunk(), "trunk", dir, layers);
        spec.put("encoder", layers);
        spec.put("mu", linear(v.muHead(), "mu", false, dir));
        spec.put("logvar", linear(v.logVarHead(), "logvar", false, dir));
        layers = new ArrayList<>();
        stack(v.decoder(), "dec", dir, layers);
        spec.put("decoder", layers);
      } else if (block instanceof ConvAutoencoder || block instanceof TransformerAutoencoder) {
        // by DJL parameter name: the reference rebuilds the forward pass with torch.nn.functional
        slope = 0f;
        spec.put("arch", block instanceof ConvAutoencoder ? "conv" : "transformer");
        spec.put("config", block instanceof ConvAutoencoder c ? c.config() : ((TransformerAutoencoder) block).config());
        List<Map<String, Object>> params = new ArrayList<>();
        for (var p : block.getParameters()) {
          NDArray a = p.getValue().getArray();
          String file = "param" + params.size() + ".npy";
          long[] shape = a.getShape().getShape();
          int[] dims = new int[shape.length];
          for (int i = 0; i < shape.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
          }
          Npy.write(dir.resolve(file), a.toFloatArray(), dims);
          params.add(new LinkedHashMap<>(Map.of("name", p.getKey(), "file", file)));
        }
        spec.put("params", params);
      } else {
        throw new IllegalArgumentException("the kernel comparison needs the dense AE, the VAE, the conv or the"
            + " transformer AE");
      }
      spec.put("slope", slope);
      spec.put("variational", block instanceof VariationalAutoencoder);
      int n = pool.size();
      float[] x = new float[n * 57];
      float[] mask = new float[n * 19];
      ((Standardizer) m.preprocessing()).apply(pool, 0, n, x, mask, 0);
      Npy.write(dir.resolve("x.npy"), x, n, 57);
      Npy.write(dir.resolve("mask.npy"), mask, n, 19);
      int nt = train.size();
      float[] xt = new float[nt * 57];
      float[] mt = new float[nt * 19];
      ((Standardizer) m.preprocessing()).apply(train, 0, nt, xt, mt, 0);
      Npy.write(dir.resolve("x_train.npy"), xt, nt, 57);
      Npy.write(dir.resolve("mask_train.npy"), mt, nt, 19);
      double[][] s = m.score(pool);
      List<String> names = new ArrayList<>(List.of(Scores.MSE));
      if (m.scoreNames().contains(Scores.VAE_MU2)) {
        names.add(Scores.VAE_MU2);
      }
      for (String name : names) {
        Npy.write(dir.resolve("scores_" + name + ".npy"), s[m.scoreNames().indexOf(name)], n);
      }
      spec.put("scores", names);
      Files.writeString(dir.resolve("spec.json"), Json.write(spec));
    } catch (IOException e) {
      throw new NphuntException("cannot write " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void stack(SequentialBlock seq, String prefix, Path dir, List<Map<String, Object>> out) throws IOException {
    for (var child : seq.getChildren()) {
      Block b = child.getValue();
      if (b instanceof Linear lin) {
        out.add(linear(lin, prefix + out.size(), false, dir));
      } else if (b instanceof LambdaBlock) {
        out.get(out.size() - 1).put("act", true);
      } else {
        throw new IllegalArgumentException("unexpected block " + b.getClass().getSimpleName());
      }
    }
  }

  private static Map<String, Object> linear(Linear lin, String name, boolean act, Path dir) throws IOException {
    float[] w = lin.getParameters().get("weight").getArray().toFloatArray();
    float[] b = lin.getParameters().get("bias").getArray().toFloatArray();
    Npy.write(dir.resolve(name + "_w.npy"), w, b.length, w.length / b.length);
    Npy.write(dir.resolve(name + "_b.npy"), b, b.length);
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("w", name + "_w.npy");
    l.put("b", name + "_b.npy");
    l.put("act", act);
    return l;
  }

  // ---------------------------------------------------------------- PyTorch side

  private static JsonNode runPython(Config cfg, Path dir, boolean check) {
    Path json = dir.resolve("py.json");
    Path logFile = dir.resolve("py.log");
    List<String> cmd = new ArrayList<>(List.of(cfg.python(), cfg.script().toString(), "--dir", dir.toString(), "--epochs", Integer.toString(cfg.epochs()), "--batch",
        Integer.toString(cfg.batch()), "--threads", Integer.toString(cfg.threads()), "--repeats",
        Integer.toString(cfg.repeats()), "--score-batches", join(cfg.scoreBatches()), "--seed", Long.toString(cfg.seed()),
        "--json", json.toString()));
    if (check) {
      cmd.add("--check");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
    pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    try {
      Files.deleteIfExists(json);
      int code = pb.start().waitFor();
      if (code != 0) {
        List<String> lines = Files.readAllLines(logFile);
        throw new NphuntException("PyTorch reference failed (exit " + code + "): "
            + (lines.isEmpty() ? "no output" : lines.get(lines.size() - 1)));
      }
      return Json.mapper().readTree(Files.readString(json));
    } catch (IOException e) {
      throw new NphuntException("cannot run the PyTorch reference (" + cfg.python() + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NphuntException("interrupted while running the PyTorch reference", e);
    }
  }

  private static Side pythonSide(JsonNode j, String model, int round) {
    Map<String, Double> wall = new LinkedHashMap<>();
    Map<String, Double> cpu = new LinkedHashMap<>();
    j.path("score").fields().forEachRemaining(e -> {
      wall.put(e.getKey(), e.getValue().path("wall").asDouble());
      cpu.put(e.getKey(), e.getValue().path("cpu").asDouble());
    });
    return new Side(model, "PyTorch", round, j.path("train").path("wall").asDouble(), j.path("train").path("cpu").asDouble(),
        wall, cpu, j.path("load_start").asDouble(Double.NaN), j.path("load_end").asDouble(Double.NaN));
  }

  private static String join(List<Integer> v) {
    StringBuilder sb = new StringBuilder();
    for (int x : v) {
      sb.append(sb.length() == 0 ? "" : ",").append(x);
    }
    return sb.toString();
  }

  private static String list(List<Double> v) {
    StringBuilder sb = new StringBuilder();
    for (double d : v) {
      sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", d));
    }
    return sb.toString();
  }

  private static void deleteTree(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: temporary files
    }
  }

  /** Minimal NumPy {@code .npy} (format 1.0, little-endian, C order) writer for float32 and float64 arrays. */
  static final class Npy {
    private Npy() {}

    static void write(Path p, float[] v, int... shape) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(v);
      Files.write(p, concat(header("<f4", shape), b.array()));
    }

    static void write(Path p, double[] v, int... shape) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asDoubleBuffer().put(v);
      Files.write(p, concat(header("<f8", shape), b.array()));
    }

    /** The magic, version 1.0, header length and the dict padded with spaces to a multiple of 64 bytes. */
    static byte[] header(String dtype, int... shape) {
      StringBuilder s = new StringBuilder("(");
      for (int d : shape) {
        s.append(d).append(',');
        if (shape.length > 1) {
          s.append(' ');
        }
      }
      String dims = shape.length > 1 ? s.substring(0, s.length() - 2) + ")" : s + ")";
      String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + dims + ", }";
      int total = 10 + dict.length() + 1;
      int pad = (64 - total % 64) % 64;
      String h = dict + " ".repeat(pad) + "\n";
      byte[] hb = h.getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[10 + hb.length];
      out[0] = (byte) 0x93;
      System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
      out[6] = 1;
      out[7] = 0;
      out[8] = (byte) (hb.length & 0xff);
      out[9] = (byte) (hb.length >> 8);
      System.arraycopy(hb, 0, out, 10, hb.length);
      return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
      byte[] out = new byte[a.length + b.length];
      System.arraycopy(a, 0, out, 0, a.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }
  }
}
