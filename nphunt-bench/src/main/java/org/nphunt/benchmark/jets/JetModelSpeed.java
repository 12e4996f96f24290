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
import org.nphunt.benchmark.Machine;
import org.nphunt.benchmark.Stats;
import org.nphunt.data.Events;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.io.AtomicOutput;
import org.nphunt.jet.dijet.DijetConfig;
import org.nphunt.jet.dijet.ToyDijets;
import org.nphunt.json.Json;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;
import org.nphunt.training.history.EpochRecord;

/**
 * Training and scoring speed of every jet model on toy jets (100 constituents per jet): training jets/s
 * (the last of {@code --epochs} epochs, batch {@code --batch}, one intra-op thread), and scoring
 * events/s (two jets each, preprocessing and all scores included) at batch 1, 64 and 1024 events, the
 * median of {@code --repeats} timed repeats after one warm-up; with the machine's load average.
 *
 * <p>Run: {@code java -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar
 * org.nphunt.benchmark.jets.JetModelSpeed --out DIR [--events 10000] [--epochs 2] [--batch 256]
 * [--repeats 5] [--models chamfer-vae,jet-image-ae,decorrelated,lola-ae]}; writes DIR/jet-speed.{json,md}.
 */
public final class JetModelSpeed {
  private JetModelSpeed() {}

  /**
   * One model's figures. The per-CPU-second rates divide by the CPU time of the whole JVM process (all
   * threads, garbage collection and JIT included) over the same interval: on a machine shared with other
   * work they are the robust figure, the per-second (wall) rates a share of a busy machine.
   *
   * @param trainJetsPerSecond jets/s of the last epoch (wall)
   * @param trainEventsPerCpuSecond dijet events (two jets each) trained per process CPU second, over all epochs
   * @param scoreEventsPerSecond dijet events scored per second (wall) by batch size
   * @param scoreEventsPerCpuSecond dijet events scored per process CPU second by batch size (all repeats)
   */
  public record Row(String model, double trainJetsPerSecond, double trainEventsPerCpuSecond,
      Map<String, Double> scoreEventsPerSecond, Map<String, Double> scoreEventsPerCpuSecond, double loadStart,
      double loadEnd) {}

  /** CPU time of this JVM process in ns (all threads). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> a = Args.parse(args);
    Path out = Path.of(Args.required(a, "out"));
    boolean force = a.containsKey("force");
    AtomicOutput.checkTarget(out.resolve("jet-speed.md"), force);
    int events = Integer.parseInt(a.getOrDefault("events", "10000"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "2"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "256"));
    int repeats = Integer.parseInt(a.getOrDefault("repeats", "5"));
    List<String> names = List.of(a.getOrDefault("models", "chamfer-vae,jet-image-ae,decorrelated,lola-ae").split(","));
    Map<String, ArchitectureConfig> models = JetModelTable.defaultModels(names, 1000);
    PrintWriter log = new PrintWriter(System.out, true);
    Instant t0 = Instant.now();
    Events qcd = ToyDijets.qcd().dijets(events, 1, DijetConfig.defaults());
    Events pool = ToyDijets.qcd().dijets(4096, 2, DijetConfig.defaults());
    List<Row> rows = new ArrayList<>();
    for (var m : models.entrySet()) {
      double l0 = Machine.loadAverage()[0];
      TrainingConfig tc = TrainingConfig.defaults(m.getValue()).withEpochs(epochs).withBatchSize(batch).withValFraction(0)
          .withPatience(1_000_000, 1_000_000);
      long cpu0 = processCpuNanos();
      try (TrainingResult r = new Trainer(tc).fit(new InMemoryEventSource(qcd, "toy-qcd"), null)) {
        double trainCpu = (processCpuNanos() - cpu0) / 1e9;
        List<EpochRecord> ep = r.history().epochs();
        LoadedModel model = r.model();
        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Double> scoreCpu = new LinkedHashMap<>();
        for (int b : List.of(1, 64, 1024)) {
          int n = b == 1 ? 256 : 4096;
          List<Events> batches = new ArrayList<>();
          for (int i = 0; i < n / b; i++) {
            batches.add(pool.slice(i * b % (pool.size() - b + 1), b));
          }
          double[][] buf = new double[model.scoreNames().size()][b];
          for (Events x : batches) {
            model.score(x, buf, 0);
          }
          double[] rates = new double[repeats];
          long c0 = processCpuNanos();
          for (int k = 0; k < repeats; k++) {
            long t = System.nanoTime();
            for (Events x : batches) {
              model.score(x, buf, 0);
            }
            rates[k] = (double) n / ((System.nanoTime() - t) / 1e9);
          }
          scoreCpu.put(Integer.toString(b), (double) n * repeats / ((processCpuNanos() - c0) / 1e9));
          score.put(Integer.toString(b), Stats.of(rates).median());
        }
        Row row = new Row(m.getKey(), 2 * ep.get(ep.size() - 1).eventsPerSecond(), (double) events * epochs / trainCpu, score,
            scoreCpu, l0, Machine.loadAverage()[0]);
        rows.add(row);
        log.printf(Locale.ROOT, "%s: train %.0f jets/s, %.0f events per CPU s; score %s events/s, %s events per CPU s;"
            + " load %.2f -> %.2f%n", row.model(), row.trainJetsPerSecond(), row.trainEventsPerCpuSecond(),
            row.scoreEventsPerSecond(), row.scoreEventsPerCpuSecond(), row.loadStart(), row.loadEnd());
      }
    }
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "Toy QCD, %d events (%d jets) per training epoch,"
        + " batch %d jets, last of %d epochs; scoring: preprocessing + forward + all scores, median of %d repeats;"
        + " started %s. Per CPU s: events (two jets each) per CPU second of the whole JVM process over training"
        + " (all epochs) or over all scoring repeats.%n%n| model | training jets/s | training events per CPU s"
        + " | scoring events/s, batch 1 | batch 64 | batch 1024 | scoring events per CPU s, batch 1 | batch 64"
        + " | batch 1024 | load start/end |%n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|%n", events, 2 * events,
        batch, epochs, repeats, t0));
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f / %.2f |%n",
          r.model(), r.trainJetsPerSecond(), r.trainEventsPerCpuSecond(), r.scoreEventsPerSecond().get("1"),
          r.scoreEventsPerSecond().get("64"), r.scoreEventsPerSecond().get("1024"), r.scoreEventsPerCpuSecond().get("1"),
          r.scoreEventsPerCpuSecond().get("64"), r.scoreEventsPerCpuSecond().get("1024"), r.loadStart(), r.loadEnd()));
    }
    Files.createDirectories(out);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schema", "nphunt-jet-speed/1");
    json.put("machine", Machine.current());
    json.put("rows", rows);
    AtomicOutput.writeString(out.resolve("jet-speed.json"), Json.write(json) + "\n", force);
    AtomicOutput.writeString(out.resolve("jet-speed.md"), md.toString(), force);
    log.println(md);
  }
}
