package org.nphunt.benchmark.jets;

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
import org.nphunt.benchmark.Machine;
import org.nphunt.data.Events;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.io.AtomicOutput;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.jet.dijet.ToyDijets;
import org.nphunt.json.Json;
import org.nphunt.model.ChamferVaeConfig;
import org.nphunt.preprocess.JetConstituents;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingListener;
import org.nphunt.training.TrainingResult;
import org.nphunt.training.history.EpochRecord;

/**
 * Training speed of nphunt's particle-list VAE ({@code chamfer-vae}) side by side with the same model in
 * PyTorch ({@code bench/reference/chamfer_vae_reference.py}, Debian's python3-torch), on the same jets:
 * toy QCD-like jets ({@link ToyDijets}, 100 constituents), preprocessed once by nphunt
 * ({@link JetConstituents}) and handed to Python as .npy files. Each round runs, interleaved (odd
 * rounds nphunt first), nphunt with the Chamfer loss, PyTorch with the Chamfer loss, and both again
 * with the slot-wise squared error, the same model and optimiser without the pairwise distances: the
 * difference of the two losses' speeds is the Chamfer distance's share of a training step.
 *
 * <p>Both sides: batch {@code --batch} jets, Adam lr 1e-3 with coupled L2 1e-4, beta 0.01, one
 * intra-op thread (nphunt always trains on one; PyTorch gets {@code torch.set_num_threads(1)} and
 * OMP_WAIT_POLICY=PASSIVE), no validation split, no schedule. The rate of a side is its LAST epoch's
 * jets per second over the training steps (the first epoch of nphunt also fills its preprocessing cache
 * and compiles; PyTorch has no such warm-up, so the last epoch is the like-for-like figure), both as wall
 * clock and per CPU second of the training thread (ThreadMXBean; Python's time.thread_time: with one
 * intra-op thread libtorch computes on the calling thread), the latter much less sensitive to the load
 * of a shared machine. Ratios are taken within each round (the load changes between rounds) and their
 * median reported.
 *
 * <p>Run: {@code ./nphunt bench --compare-chamfer --out DIR [--jets 100000] [--epochs 2] [--batch 256]
 * [--rounds 3] [--seed 1] [--python /usr/bin/python3] [--reference bench/reference/chamfer_vae_reference.py]}.
 */
public final class ChamferVaeComparison {
  public static final String SCHEMA = "nphunt-compare-chamfer/1";

  private ChamferVaeComparison() {}

  /** The settings. */
  public record Config(int jets, int epochs, int batch, int rounds, long seed, String python, Path script, Path out,
      boolean force) {
    public Config {
      if (jets < 2 || epochs < 1 || batch < 1 || rounds < 1) {
        throw new IllegalArgumentException("jets must be >= 2, epochs, batch and rounds >= 1, found " + jets + ", "
            + epochs + ", " + batch + ", " + rounds);
      }
    }
  }

  /** One run of one side: tool, loss, the rate of its last epoch, all epochs' rates, loads. */
  public record Run(int round, String tool, String loss, double jetsPerSecond, List<Double> epochRates,
      double jetsPerCpuSecond, double finalLoss, double loadStart, double loadEnd) {}

  /** The comparison. */
  public record Result(String schema, String startedUtc, double seconds, Machine machine, Config config,
      Map<String, String> pythonVersions, long parametersNphunt, long parametersPytorch, List<Run> runs,
      Map<String, Double> medianRatios, Map<String, List<Double>> ratiosPerRound) {
    /** Writes compare-chamfer.json and compare-chamfer.md in {@code dir}. */
    public void write(Path dir, boolean force) {
      AtomicOutput.writeString(dir.resolve("compare-chamfer.json"), Json.write(this) + "\n", force);
      AtomicOutput.writeString(dir.resolve("compare-chamfer.md"), markdown(), force);
    }

    public String markdown() {
      StringBuilder sb = new StringBuilder("# chamfer-vae: nphunt vs PyTorch\n\n");
      sb.append(String.format(Locale.ROOT, "- %d jets per epoch (toy QCD, 100 constituents), %s, batch %d, %s,"
          + " seed %d, one intra-op thread on both sides%n", config.jets(), org.nphunt.progress.Counts.of(config.epochs(),
          "epoch"), config.batch(), org.nphunt.progress.Counts.of(config.rounds(), "round"), config.seed()));
      sb.append("- PyTorch ").append(pythonVersions.getOrDefault("torch", "?")).append(", parameters nphunt ")
          .append(parametersNphunt).append(", PyTorch ").append(parametersPytorch).append('\n');
      sb.append(String.format(Locale.ROOT, "- machine: %d cores, %s; %s; %.0f s%n%n", machine.cores(), machine.cpuModel(),
          startedUtc, seconds));
      sb.append("| round | tool | loss | jets/s (last epoch) | epoch jets/s | jets per CPU s (last epoch) | final loss |"
          + " load start/end |\n|---|---|---|---:|---|---:|---:|---|\n");
      for (Run r : runs) {
        sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %.0f | %s | %.0f | %.4f | %.2f / %.2f |%n", r.round(),
            r.tool(), r.loss(), r.jetsPerSecond(), r.epochRates().stream().map(v -> String.format(Locale.ROOT, "%.0f", v))
                .toList(), r.jetsPerCpuSecond(), r.finalLoss(), r.loadStart(), r.loadEnd()));
      }
      sb.append("\n| ratio (median of per-round ratios) | value | per round |\n|---|---:|---|\n");
      medianRatios.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", k, v,
          ratiosPerRound.get(k).stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList())));
      return sb.toString();
    }
  }

  /** The reference script beside the launcher ({@code NPHUNT_HOME}) or in the working directory. */
  public static Path defaultScript() {
    String home = System.getenv("NPHUNT_HOME");
    Path rel = Path.of("bench", "reference", "chamfer_vae_reference.py");
    return home != null ? Path.of(home).resolve(rel) : rel;
  }

  /** Runs the comparison; progress lines go to {@code log}. */
  public static Result run(Config cfg, PrintWriter log) {
    if (!Files.isRegularFile(cfg.script())) {
      throw new NphuntException(cfg.script() + ": reference script not found (give --reference)");
    }
    AtomicOutput.checkTarget(cfg.out().resolve("compare-chamfer.json"), cfg.force());
    Instant t0 = Instant.now();
    Machine machine = Machine.current();
    ChamferVaeConfig arch = ChamferVaeConfig.defaults();
    DijetConfig clustering = new DijetConfig(1.0, 0, arch.constituents(), 0.1, 0);
    int events = cfg.jets() / 2;
    log.printf("generating and clustering %d toy QCD events...%n", events);
    Events qcd = ToyDijets.qcd().dijets(events, cfg.seed(), clustering);
    InMemoryEventSource source = new InMemoryEventSource(qcd, "toy-qcd");
    Path work;
    try {
      Files.createDirectories(cfg.out());
      work = Files.createTempDirectory(cfg.out(), ".chamfer-work");
      JetConstituents pre = JetConstituents.fit(source, null, 65_536, arch.constituents(), arch.ptFraction());
      int c = arch.constituents();
      float[][] buf = {new float[events * 2 * c * 3], new float[events * 2 * c]};
      pre.apply(qcd, 0, events, buf, 0);
      Npy.write(work.resolve("inputs.npy"), buf[0], 2L * events, c, 3);
      Npy.write(work.resolve("mask.npy"), buf[1], 2L * events, c);
    } catch (IOException e) {
      throw new NphuntException("cannot write the comparison inputs in " + cfg.out() + ": " + e.getMessage(), e);
    }
    List<Run> runs = new ArrayList<>();
    long nphuntParams = 0;
    long torchParams = 0;
    Map<String, String> versions = new LinkedHashMap<>();
    for (int round = 1; round <= cfg.rounds(); round++) {
      for (String loss : List.of("chamfer", "slotwise")) {
        for (int k = 0; k < 2; k++) {
          boolean nphunt = (k == 0) == (round % 2 == 1);
          Run r;
          if (nphunt) {
            ChamferVaeConfig a = new ChamferVaeConfig(arch.constituents(), arch.ptFraction(), arch.latentDim(),
                arch.filters(), arch.dense(), arch.beta(), loss.equals("chamfer")
                    ? ChamferVaeConfig.Reconstruction.CHAMFER : ChamferVaeConfig.Reconstruction.SLOTWISE);
            double l0 = Machine.loadAverage()[0];
            TrainingConfig tc = TrainingConfig.defaults(a).withEpochs(cfg.epochs()).withBatchSize(cfg.batch())
                .withSeed(cfg.seed()).withValFraction(0).withPatience(1_000_000, 1_000_000);
            List<Double> cpu = new ArrayList<>();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            TrainingListener cpuClock = new TrainingListener() { // CPU time of the training thread per epoch
              long mark;

              @Override
              public void onStart(org.nphunt.training.TrainingState st) {
                mark = threads.getCurrentThreadCpuTime();
              }

              @Override
              public Action onEpoch(org.nphunt.training.TrainingState st, EpochRecord rec) {
                long now = threads.getCurrentThreadCpuTime();
                cpu.add((now - mark) / 1e9);
                mark = now;
                return Action.CONTINUE;
              }
            };
            try (TrainingResult t = new Trainer(tc).addListener(cpuClock).fit(source, null)) {
              List<Double> rates = new ArrayList<>();
              for (EpochRecord e : t.history().epochs()) {
                rates.add(2 * e.eventsPerSecond()); // two jets per dijet event
              }
              nphuntParams = 0;
              for (var p : t.model().block().getParameters()) {
                nphuntParams += p.getValue().getArray().size();
              }
              List<EpochRecord> ep = t.history().epochs();
              double jets = 2 * ep.get(ep.size() - 1).eventsPerSecond() * ep.get(ep.size() - 1).seconds();
              r = new Run(round, "nphunt", loss, rates.get(rates.size() - 1), rates, jets / cpu.get(cpu.size() - 1),
                  ep.get(ep.size() - 1).trainLoss(), l0, Machine.loadAverage()[0]);
            }
          } else {
            JsonNode j = runPython(cfg, work, loss, round);
            List<Double> rates = new ArrayList<>();
            j.path("training").path("history").forEach(h -> rates.add(h.path("jets_per_s").asDouble()));
            torchParams = j.path("config").path("parameters").asLong();
            j.path("versions").fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asText()));
            JsonNode m = j.path("machine");
            JsonNode last = j.path("training").path("history").path(rates.size() - 1);
            r = new Run(round, "PyTorch", loss, rates.get(rates.size() - 1), rates,
                last.path("jets").asDouble() / last.path("cpu_seconds").asDouble(),
                j.path("summary").path("final_train_loss").asDouble(), m.path("loadavg_start").path(0).asDouble(Double.NaN),
                m.path("loadavg_end").path(0).asDouble(Double.NaN));
          }
          runs.add(r);
          log.printf(Locale.ROOT, "round %d %-7s %-8s %.0f jets/s (epochs %s), load %.2f -> %.2f%n", round, r.tool(),
              r.loss(), r.jetsPerSecond(), r.epochRates(), r.loadStart(), r.loadEnd());
        }
      }
    }
    deleteTree(work);
    Map<String, List<Double>> perRound = new LinkedHashMap<>();
    for (int round = 1; round <= cfg.rounds(); round++) {
      double nc = rate(runs, round, "nphunt", "chamfer");
      double pc = rate(runs, round, "PyTorch", "chamfer");
      double ns = rate(runs, round, "nphunt", "slotwise");
      double ps = rate(runs, round, "PyTorch", "slotwise");
      double ncc = cpuRate(runs, round, "nphunt", "chamfer");
      double pcc = cpuRate(runs, round, "PyTorch", "chamfer");
      double nsc = cpuRate(runs, round, "nphunt", "slotwise");
      double psc = cpuRate(runs, round, "PyTorch", "slotwise");
      perRound.computeIfAbsent("training jets per CPU second nphunt / PyTorch, Chamfer loss", x -> new ArrayList<>()).add(ncc / pcc);
      perRound.computeIfAbsent("training jets per CPU second nphunt / PyTorch, slot-wise loss", x -> new ArrayList<>()).add(nsc / psc);
      perRound.computeIfAbsent("Chamfer share of a training step's CPU time, nphunt", x -> new ArrayList<>()).add(1 - ncc / nsc);
      perRound.computeIfAbsent("Chamfer share of a training step's CPU time, PyTorch", x -> new ArrayList<>()).add(1 - pcc / psc);
      perRound.computeIfAbsent("training jets/s nphunt / PyTorch, Chamfer loss", x -> new ArrayList<>()).add(nc / pc);
      perRound.computeIfAbsent("training jets/s nphunt / PyTorch, slot-wise loss", x -> new ArrayList<>()).add(ns / ps);
      // time per jet with Chamfer = time without + Chamfer's time: share = 1 - t_slot / t_chamfer
      perRound.computeIfAbsent("Chamfer share of a training step, nphunt", x -> new ArrayList<>()).add(1 - nc / ns);
      perRound.computeIfAbsent("Chamfer share of a training step, PyTorch", x -> new ArrayList<>()).add(1 - pc / ps);
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    perRound.forEach((k, v) -> medians.put(k, median(v)));
    double seconds = (Instant.now().toEpochMilli() - t0.toEpochMilli()) / 1000.0;
    return new Result(SCHEMA, t0.toString(), seconds, machine, cfg, versions, nphuntParams, torchParams, runs, medians,
        perRound);
  }

  static double rate(List<Run> runs, int round, String tool, String loss) {
    for (Run r : runs) {
      if (r.round() == round && r.tool().equals(tool) && r.loss().equals(loss)) {
        return r.jetsPerSecond();
      }
    }
    throw new IllegalStateException("no run " + round + " " + tool + " " + loss);
  }

  static double cpuRate(List<Run> runs, int round, String tool, String loss) {
    for (Run r : runs) {
      if (r.round() == round && r.tool().equals(tool) && r.loss().equals(loss)) {
        return r.jetsPerCpuSecond();
      }
    }
    throw new IllegalStateException("no run " + round + " " + tool + " " + loss);
  }

  static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }

  private static JsonNode runPython(Config cfg, Path work, String loss, int round) {
    Path json = work.resolve("pytorch-" + loss + "-" + round + ".json");
    Path logFile = work.resolve("pytorch-" + loss + "-" + round + ".log");
    List<String> cmd = List.of(cfg.python(), cfg.script().toString(), "--inputs", work.resolve("inputs.npy").toString(),
        "--mask", work.resolve("mask.npy").toString(), "--epochs", Integer.toString(cfg.epochs()), "--batch",
        Integer.toString(cfg.batch()), "--seed", Long.toString(cfg.seed()), "--threads", "1", "--loss", loss, "--json",
        json.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
    pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
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

  private static void deleteTree(Path dir) {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover work folder is harmless
    }
  }
}
