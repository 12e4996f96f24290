package org.nphunt.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.eval.Auc;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.io.AtomicOutput;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.Architectures;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.Scores;
import org.nphunt.training.history.EpochRecord;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * nphunt's dense autoencoder side by side with the PyTorch reference script
 * ({@code bench/reference/dense_ae_reference.py}) on the same files, interleaved over several rounds
 * (odd rounds nphunt first, even rounds PyTorch first) so that a change of machine load hits both.
 *
 * <p>Both sides: 57-32-16-3-16-32-57 LeakyReLU, standardisation fitted on the training split, Adam
 * lr 1e-3 + coupled L2 1e-4, the same batch, epochs, seed, validation fraction 0.2 and thread count,
 * no LR schedule and no early stop. Training events/s: median over epochs of the training steps only
 * (both sides). Scoring events/s: the reference's protocol (the first 16,384 test events, 2,048 events
 * at batch 1, else max(4 batch, 16,384) events per repeat, one untimed warm-up repeat, median of the
 * timed repeats); nphunt's figure includes the preprocessing of raw events and all six scores, the
 * reference's covers the forward pass and the MSE on already-standardised inputs. Latency: median
 * wall time of 1,000 single-event calls after 100 warm-up calls. AUC of the {@code mse} score of each
 * signal against the SM test file, with the Hanley-McNeil standard error (Radiology 143 (1982) 29).
 * Difference: nphunt's selected weights are the best validation epoch, the reference keeps the last.
 * Order within a side, as the reference: train, score the test and signal files (AUCs), then time
 * the scoring (so nphunt's JIT has compiled the forward pass, as it has in any real scoring job).
 * Peak RSS is reported for nphunt only: the reference's {@code peak_rss_mb} (ru_maxrss) survives
 * exec, so launched from the JVM it reports the JVM's peak.
 */
public final class PytorchComparison {
  public static final String SCHEMA = "nphunt-compare-pytorch/1";
  public static final String JSON_NAME = "compare.json";
  public static final String MARKDOWN_NAME = "compare.md";
  /** Scoring batch sizes of the reference. */
  public static final List<Integer> BATCHES = List.of(1, 64, 1024, 16384);
  private static final int POOL = 16384;
  private static final int CHUNK = 65536;
  /** OMP_WAIT_POLICY given to the Python child unless the environment sets one. */
  public static final String PYTHON_OMP_WAIT_POLICY = "PASSIVE";

  private PytorchComparison() {}

  /** One side of one round ({@code seed}: this round's seed, the same on both sides). */
  public record Side(String tool, int round, long seed, double trainEventsPerSecond, List<Double> epochEventsPerSecond,
      Map<String, Double> scoreEventsPerSecond, double latencyUs, Map<String, Double> auc,
      Map<String, Double> aucStderr, double finalValLoss, double seconds, double loadStart, double loadEnd,
      Double peakRssMiB) {}

  /**
   * AUC of one signal on both sides: mean over rounds (each round trains from its own seed), the
   * Hanley-McNeil error of one AUC, the seed-to-seed standard deviation over rounds (0 for one
   * round), the difference of the means and its error sigma = sqrt(hm_n^2 + hm_p^2 + (sd_n^2 +
   * sd_p^2) / rounds) (conservative: both sides share the test sample, whose fluctuation largely
   * cancels in the difference).
   */
  public record AucRow(String signal, double nphunt, double nphuntStderr, double nphuntSeedSd, double pytorch,
      double pytorchStderr, double pytorchSeedSd, double difference, double sigma, double pulls) {}

  /** Ratios nphunt/PyTorch, median over rounds (each round's ratio taken within the round). */
  public record Ratios(double train, Map<String, Double> score, double latencyPytorchOverNphunt,
      List<Double> trainPerRound, Map<String, List<Double>> scorePerRound) {}

  /** The whole comparison. */
  public record Result(String schema, String command, String startedUtc, double seconds, Machine machine,
      double[] loadAverageStart, double[] loadAverageEnd, ComparisonConfig config, String pytorchVersion,
      String pytorchPackage, Map<String, String> pythonVersions, Map<String, String> pythonEnv, List<Side> rounds,
      Ratios ratios, List<AucRow> auc, Manifest manifest) {

    /** Writes compare.json and compare.md in {@code dir}. */
    public void write(Path dir, boolean force) {
      AtomicOutput.writeString(dir.resolve(JSON_NAME), Json.write(this) + "\n", force);
      AtomicOutput.writeString(dir.resolve(MARKDOWN_NAME), markdown(), force);
    }

    /** The ratios and AUCs as text for the console. */
    public String summaryText() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "nphunt / PyTorch %s (%s), %d rounds, %d threads, batch %d, %d epochs:%n",
          pytorchVersion, pytorchPackage, config.rounds(), config.threads(), config.batch(), config.epochs()));
      sb.append(String.format(Locale.ROOT, "  training events/s ratio   %.2f  (per round %s)%n", ratios.train(),
          fmtList(ratios.trainPerRound())));
      ratios.score().forEach((b, r) -> sb.append(String.format(Locale.ROOT,
          "  scoring batch %-6s ratio   %.2f  (per round %s)%n", b, r, fmtList(ratios.scorePerRound().get(b)))));
      sb.append(String.format(Locale.ROOT, "  latency of one event: PyTorch/nphunt %.2f%n",
          ratios.latencyPytorchOverNphunt()));
      for (AucRow a : auc) {
        sb.append(String.format(Locale.ROOT, "  AUC %-11s nphunt %.4f +- %.4f (seeds sd %.4f)  PyTorch %.4f +- %.4f"
            + " (seeds sd %.4f)  diff %+.4f +- %.4f (%.1f sigma)%n", a.signal(), a.nphunt(), a.nphuntStderr(),
            a.nphuntSeedSd(), a.pytorch(), a.pytorchStderr(), a.pytorchSeedSd(), a.difference(), a.sigma(), a.pulls()));
      }
      return sb.toString();
    }

    /** The comparison as markdown tables. */
    public String markdown() {
      StringBuilder sb = new StringBuilder("# nphunt vs PyTorch (dense autoencoder)\n\n");
      sb.append("- command: `").append(command).append("`\n");
      sb.append(String.format(Locale.ROOT, "- started %s (%.0f s); load average start %.2f %.2f %.2f, end %.2f %.2f %.2f%n",
          startedUtc, seconds, loadAverageStart[0], loadAverageStart[1], loadAverageStart[2], loadAverageEnd[0],
          loadAverageEnd[1], loadAverageEnd[2]));
      sb.append(String.format(Locale.ROOT, "- machine: %d cores, %.1f GiB, %s; %s%n", machine.cores(),
          machine.memTotalMiB() / 1024, machine.os(), machine.jdk()));
      sb.append("- PyTorch ").append(pytorchVersion).append(" (Debian package ").append(pytorchPackage)
          .append("); environment of nphunt's JVM ").append(machine.env()).append(", of Python ").append(pythonEnv)
          .append('\n');
      sb.append(String.format(Locale.ROOT, "- settings: %d epochs, batch %d, %d threads, seed %d, %d rounds, %d scoring"
          + " repeats%n%n", config.epochs(), config.batch(), config.threads(), config.seed(), config.rounds(),
          config.repeats()));
      sb.append("| ratio nphunt / PyTorch (median of per-round ratios) | value | per round |\n|---|---:|---|\n");
      sb.append(String.format(Locale.ROOT, "| training events/s | %.2f | %s |%n", ratios.train(),
          fmtList(ratios.trainPerRound())));
      ratios.score().forEach((b, r) -> sb.append(String.format(Locale.ROOT, "| scoring events/s, batch %s | %.2f | %s |%n",
          b, r, fmtList(ratios.scorePerRound().get(b)))));
      sb.append(String.format(Locale.ROOT, "| latency of one event (PyTorch / nphunt: > 1 means nphunt faster) | %.2f | |%n%n",
          ratios.latencyPytorchOverNphunt()));
      sb.append("| round | tool | train ev/s | score ev/s b=1 | b=64 | b=1024 | b=16384 | latency us | final val loss |"
          + " s | load start/end | peak RSS MiB |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
      for (Side s : rounds) {
        sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %.1f | %.5f | %.0f | %.2f / %.2f | %s |%n",
            s.round(), s.tool(), BenchReport.num(s.trainEventsPerSecond()), BenchReport.num(s.scoreEventsPerSecond().get("1")),
            BenchReport.num(s.scoreEventsPerSecond().get("64")), BenchReport.num(s.scoreEventsPerSecond().get("1024")),
            BenchReport.num(s.scoreEventsPerSecond().get("16384")), s.latencyUs(), s.finalValLoss(), s.seconds(),
            s.loadStart(), s.loadEnd(), s.peakRssMiB() == null ? "n/a" : BenchReport.num(s.peakRssMiB())));
      }
      sb.append("\nAUC of the mse score (mean over rounds; +- Hanley-McNeil error; sd = seed-to-seed spread over rounds;"
          + " sigma = sqrt(hm_n^2 + hm_p^2 + (sd_n^2 + sd_p^2)/rounds)):\n\n"
          + "| signal | AUC nphunt | sd | AUC PyTorch | sd | difference | sigma | difference / sigma |\n"
          + "|---|---|---:|---|---:|---:|---:|---:|\n");
      for (AucRow a : auc) {
        sb.append(String.format(Locale.ROOT, "| %s | %.4f +- %.4f | %.4f | %.4f +- %.4f | %.4f | %+.4f | %.4f | %.2f |%n",
            a.signal(), a.nphunt(), a.nphuntStderr(), a.nphuntSeedSd(), a.pytorch(), a.pytorchStderr(),
            a.pytorchSeedSd(), a.difference(), a.sigma(), a.pulls()));
      }
      return sb.toString();
    }
  }

  /** The reference script beside the launcher ({@code NPHUNT_HOME} or the working directory). */
  public static Path defaultScript() {
    String home = System.getenv("NPHUNT_HOME");
    Path rel = Path.of("bench", "reference", "dense_ae_reference.py");
    return home != null ? Path.of(home).resolve(rel) : rel;
  }

  public static void checkTargets(Path dir, boolean force) {
    AtomicOutput.checkTarget(dir.resolve(JSON_NAME), force);
    AtomicOutput.checkTarget(dir.resolve(MARKDOWN_NAME), force);
  }

  /** Runs the comparison; progress lines go to {@code log}. */
  public static Result run(ComparisonConfig cfg, String command, PrintWriter log) {
    List<Path> inputs = new ArrayList<>(List.of(cfg.train(), cfg.test()));
    inputs.addAll(cfg.signals().values());
    for (Path p : inputs) {
      if (!Files.isRegularFile(p)) {
        throw new NphuntException(p + ": no such file");
      }
    }
    if (!Files.isRegularFile(cfg.script())) {
      throw new NphuntException(cfg.script() + ": reference script not found (give --reference)");
    }
    Path work = workDir();
    Machine machine = Machine.current();
    double[] load0 = Machine.loadAverage();
    Instant t0 = Instant.now();
    EventBatch pool;
    try (Hdf5EventReader r = Hdf5EventReader.open(cfg.test())) {
      pool = r.read(0, (int) Math.min(POOL, r.size()));
    }
    List<Side> sides = new ArrayList<>();
    JsonNode firstPy = null;
    for (int round = 1; round <= cfg.rounds(); round++) {
      boolean nphuntFirst = round % 2 == 1;
      for (int k = 0; k < 2; k++) {
        Side s;
        if ((k == 0) == nphuntFirst) {
          s = nphuntSide(cfg, round, cfg.seed() + round - 1, pool);
        } else {
          JsonNode py = runPython(cfg, round, cfg.seed() + round - 1, work);
          if (firstPy == null) {
            firstPy = py;
          }
          s = pythonSide(py, round, cfg.seed() + round - 1);
        }
        sides.add(s);
        log.printf(Locale.ROOT, "round %d %-7s train %s ev/s, score b=1024 %s ev/s, latency %.1f us, load %.2f->%.2f%n",
            round, s.tool(), BenchReport.num(s.trainEventsPerSecond()), BenchReport.num(s.scoreEventsPerSecond().get("1024")),
            s.latencyUs(), s.loadStart(), s.loadEnd());
        log.flush();
      }
    }
    Ratios ratios = ratios(sides, cfg.rounds());
    List<AucRow> aucs = aucRows(sides, cfg);
    Map<String, String> versions = new LinkedHashMap<>();
    firstPy.path("versions").fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asText()));
    Map<String, String> pyEnv = new LinkedHashMap<>();
    firstPy.path("machine").path("env").fields().forEachRemaining(
        e -> pyEnv.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    double seconds = (Instant.now().toEpochMilli() - t0.toEpochMilli()) / 1000.0;
    deleteTree(work);
    return new Result(SCHEMA, command, t0.toString(), seconds, machine, load0, Machine.loadAverage(), cfg,
        versions.getOrDefault("torch", "?"), versions.getOrDefault("torch_debian_package", "?"), versions, pyEnv, sides,
        ratios, aucs, Manifest.create(command, cfg.seed(), cfg, inputs));
  }

  // ---------------------------------------------------------------- nphunt side

  static Side nphuntSide(ComparisonConfig cfg, int round, long seed, EventBatch pool) {
    double load0 = Machine.loadAverage()[0];
    MemoryProbe mem = MemoryProbe.start();
    long t0 = System.nanoTime();
    TrainingConfig tc = TrainingConfig.defaults(Architectures.defaults("dense")).withEpochs(cfg.epochs())
        .withBatchSize(cfg.batch()).withThreads(cfg.threads()).withSeed(seed).withValFraction(0.2)
        .withPatience(1_000_000, 1_000_000);
    try (Hdf5EventReader train = Hdf5EventReader.open(cfg.train());
        TrainingResult r = new Trainer(tc).fit(train, null)) {
      List<Double> rates = new ArrayList<>();
      double valLoss = Double.NaN;
      for (EpochRecord e : r.history().epochs()) {
        rates.add(e.eventsPerSecond());
        valLoss = e.valLoss();
      }
      LoadedModel model = r.model();
      model.setScoringThreads(cfg.threads());
      // the reference's order: score the test and signal files first, then time the scoring
      int mse = model.scoreNames().indexOf(Scores.MSE);
      double[] bkg = scoreFile(model, cfg.test(), mse);
      Map<String, Double> auc = new LinkedHashMap<>();
      Map<String, Double> err = new LinkedHashMap<>();
      cfg.signals().forEach((name, file) -> {
        double[] sig = scoreFile(model, file, mse);
        double a = Auc.mannWhitney(bkg, sig);
        auc.put(name, a);
        err.put(name, hanleyMcNeil(a, sig.length, bkg.length));
      });
      Map<String, Double> speed = scoringSpeed(model, pool, cfg.repeats());
      double latency = latencyUs(model, pool);
      return new Side("nphunt", round, seed, Stats.of(BenchSuites.unbox(rates)).median(), rates, speed, latency, auc, err,
          valLoss, (System.nanoTime() - t0) / 1e9, load0, Machine.loadAverage()[0], mem.peak().peakRssMiB());
    }
  }

  /** The reference's scoring protocol on nphunt's {@link LoadedModel#score}. */
  static Map<String, Double> scoringSpeed(LoadedModel model, EventBatch pool, int repeats) {
    EventBatch z = pool;
    while (z.size() < POOL) {
      z = EventBatch.concat(List.of(z, pool));
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int b : BATCHES) {
      int events = b == 1 ? 2048 : Math.max(4 * b, 16384);
      List<EventBatch> batches = new ArrayList<>();
      for (int i = 0; i < events / b; i++) {
        int at = (i * b) % (z.size() - b + 1);
        batches.add(z.slice(at, b));
      }
      double[][] buf = new double[model.scoreNames().size()][b];
      for (EventBatch x : batches) {
        model.score(x, buf, 0);
      }
      double[] rates = new double[repeats];
      for (int rep = 0; rep < repeats; rep++) {
        long t = System.nanoTime();
        for (EventBatch x : batches) {
          model.score(x, buf, 0);
        }
        rates[rep] = (double) batches.size() * b / ((System.nanoTime() - t) / 1e9);
      }
      out.put(Integer.toString(b), Stats.of(rates).median());
    }
    return out;
  }

  static double latencyUs(LoadedModel model, EventBatch pool) {
    double[][] buf = new double[model.scoreNames().size()][1];
    List<EventBatch> one = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      one.add(pool.slice(i % pool.size(), 1));
    }
    for (int i = 0; i < 100; i++) {
      model.score(one.get(i), buf, 0);
    }
    double[] us = new double[one.size()];
    for (int i = 0; i < us.length; i++) {
      long t = System.nanoTime();
      model.score(one.get(i), buf, 0);
      us[i] = (System.nanoTime() - t) / 1e3;
    }
    return Stats.of(us).median();
  }

  /** One score of every event of a file, streamed in chunks. */
  static double[] scoreFile(LoadedModel model, Path file, int scoreIndex) {
    try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
      long n = r.size();
      double[] out = new double[Math.toIntExact(n)];
      double[][] buf = new double[model.scoreNames().size()][CHUNK];
      for (long at = 0; at < n; at += CHUNK) {
        int k = (int) Math.min(CHUNK, n - at);
        model.score(r.read(at, k), buf, 0);
        System.arraycopy(buf[scoreIndex], 0, out, (int) at, k);
      }
      return out;
    }
  }

  /**
   * Hanley and McNeil (1982) standard error of an AUC {@code a} with {@code nPos} signal and
   * {@code nNeg} background events: Q1 = a/(2-a), Q2 = 2a^2/(1+a), var = (a(1-a) + (nPos-1)(Q1-a^2)
   * + (nNeg-1)(Q2-a^2)) / (nPos nNeg).
   */
  public static double hanleyMcNeil(double a, long nPos, long nNeg) {
    double q1 = a / (2 - a);
    double q2 = 2 * a * a / (1 + a);
    double v = (a * (1 - a) + (nPos - 1) * (q1 - a * a) + (nNeg - 1) * (q2 - a * a)) / ((double) nPos * nNeg);
    return Math.sqrt(Math.max(v, 0));
  }

  // ---------------------------------------------------------------- PyTorch side

  private static JsonNode runPython(ComparisonConfig cfg, int round, long seed, Path work) {
    Path json = work.resolve("pytorch-round" + round + ".json");
    Path logFile = work.resolve("pytorch-round" + round + ".log");
    List<String> cmd = new ArrayList<>(List.of(cfg.python(), cfg.script().toString(), "--train",
        cfg.train().toAbsolutePath().toString(), "--test", cfg.test().toAbsolutePath().toString()));
    cfg.signals().forEach((n, f) -> {
      cmd.add("--signal");
      cmd.add(n + "=" + f.toAbsolutePath());
    });
    cmd.addAll(List.of("--epochs", Integer.toString(cfg.epochs()), "--batch", Integer.toString(cfg.batch()), "--seed",
        Long.toString(seed), "--threads", Integer.toString(cfg.threads()), "--repeats",
        Integer.toString(cfg.repeats()), "--json", json.toString(), "--force", "--quiet"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
    // libgomp threads spin while waiting; on a shared machine that collapses torch (bench/reference/README.md).
    // Set for the Python child only: in nphunt's JVM it halves 2-thread libtorch training (measured, BENCHMARKS.md).
    pb.environment().putIfAbsent("OMP_WAIT_POLICY", PYTHON_OMP_WAIT_POLICY);
    try {
      Process p = pb.start();
      int code = p.waitFor();
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

  static Side pythonSide(JsonNode j, int round, long seed) {
    JsonNode sum = j.path("summary");
    Map<String, Double> speed = new LinkedHashMap<>();
    sum.path("score_events_per_s").fields().forEachRemaining(e -> speed.put(e.getKey(), e.getValue().asDouble()));
    Map<String, Double> auc = new LinkedHashMap<>();
    sum.path("auc").fields().forEachRemaining(e -> auc.put(e.getKey(), e.getValue().asDouble()));
    Map<String, Double> err = new LinkedHashMap<>();
    sum.path("auc_stderr").fields().forEachRemaining(e -> err.put(e.getKey(), e.getValue().asDouble()));
    List<Double> epochs = new ArrayList<>();
    j.path("training").path("history").forEach(h -> epochs.add(h.path("events_per_s").asDouble()));
    JsonNode m = j.path("machine");
    return new Side("PyTorch", round, seed, sum.path("train_events_per_s").asDouble(), epochs, speed,
        sum.path("latency_us").asDouble(Double.NaN), auc, err, j.path("training").path("final_val_loss").asDouble(Double.NaN),
        j.path("training").path("train_seconds").asDouble(Double.NaN) + j.path("training").path("load_seconds").asDouble(0),
        m.path("loadavg_start").path(0).asDouble(Double.NaN), m.path("loadavg_end").path(0).asDouble(Double.NaN),
        // the reference's peak_rss_mb (getrusage ru_maxrss) inherits the JVM's peak across exec: not its own
        null);
  }

  // ---------------------------------------------------------------- summary

  static Ratios ratios(List<Side> sides, int rounds) {
    List<Double> train = new ArrayList<>();
    Map<String, List<Double>> score = new LinkedHashMap<>();
    List<Double> latency = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      Side n = side(sides, "nphunt", r);
      Side p = side(sides, "PyTorch", r);
      train.add(n.trainEventsPerSecond() / p.trainEventsPerSecond());
      for (int b : BATCHES) {
        String k = Integer.toString(b);
        Double pv = p.scoreEventsPerSecond().get(k);
        if (pv != null) {
          score.computeIfAbsent(k, x -> new ArrayList<>()).add(n.scoreEventsPerSecond().get(k) / pv);
        }
      }
      latency.add(p.latencyUs() / n.latencyUs());
    }
    Map<String, Double> med = new LinkedHashMap<>();
    score.forEach((k, v) -> med.put(k, Stats.of(BenchSuites.unbox(v)).median()));
    return new Ratios(Stats.of(BenchSuites.unbox(train)).median(), med, Stats.of(BenchSuites.unbox(latency)).median(),
        train, score);
  }

  static List<AucRow> aucRows(List<Side> sides, ComparisonConfig cfg) {
    List<AucRow> rows = new ArrayList<>();
    for (String s : cfg.signals().keySet()) {
      double[] n = aucs(sides, "nphunt", s, false);
      double[] p = aucs(sides, "PyTorch", s, false);
      double hn = mean(aucs(sides, "nphunt", s, true));
      double hp = mean(aucs(sides, "PyTorch", s, true));
      double sn = sd(n);
      double sp = sd(p);
      double diff = mean(n) - mean(p);
      int r = Math.max(1, Math.min(n.length, p.length));
      double sigma = Math.sqrt(hn * hn + hp * hp + (sn * sn + sp * sp) / r);
      rows.add(new AucRow(s, mean(n), hn, sn, mean(p), hp, sp, diff, sigma, diff / sigma));
    }
    return rows;
  }

  /** The AUCs (or their Hanley-McNeil errors) of one signal on one side, one per round. */
  private static double[] aucs(List<Side> sides, String tool, String signal, boolean stderr) {
    return sides.stream().filter(x -> x.tool().equals(tool))
        .mapToDouble(x -> (stderr ? x.aucStderr() : x.auc()).getOrDefault(signal, Double.NaN)).toArray();
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  /** Sample standard deviation (n - 1); 0 for fewer than two values. */
  static double sd(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  private static Side side(List<Side> sides, String tool, int round) {
    return sides.stream().filter(s -> s.tool().equals(tool) && s.round() == round).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + tool + " result for round " + round));
  }

  private static String fmtList(List<Double> v) {
    StringBuilder sb = new StringBuilder();
    for (double d : v) {
      sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", d));
    }
    return sb.toString();
  }

  private static Path workDir() {
    try {
      return Files.createTempDirectory("nphunt-compare-");
    } catch (IOException e) {
      throw new NphuntException("cannot create a temporary folder: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: temporary files
    }
  }
}
