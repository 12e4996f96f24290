package org.nphunt.benchmark.torch;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.Architectures;
import org.nphunt.random.Seeds;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * Measures training and scoring throughput of an architecture on synthetic in-memory events (so the
 * figures exclude file I/O): training events/s at a batch size (after one warm-up epoch), and scoring
 * events/s through {@link LoadedModel#score} (preprocessing + forward + all scores) with the
 * pure-Java pass and with DJL.
 */
public final class TorchBenchmark {
  private TorchBenchmark() {}

  /**
   * One measurement.
   *
   * @param architecture registry name
   * @param batch batch size
   * @param threads libtorch intra-op threads for training
   * @param trainEvents events per timed training epoch
   * @param trainEventsPerSecond training throughput (best of the timed epochs)
   * @param scoreEventsPerSecond scoring throughput, default path (Java pass for dense/vae)
   * @param djlScoreEventsPerSecond scoring throughput through DJL
   * @param scoreCpuNanosPerEvent process CPU time per scored event, default path (robust on a
   *     shared machine: events/s per fully available core = 1e9 / this)
   * @param djlScoreCpuNanosPerEvent the same through DJL
   * @param loadAverage system load average when the benchmark finished (others' work included)
   * @param cores available processors
   */
  public record Result(String architecture, int batch, int threads, long trainEvents, double trainEventsPerSecond,
      double scoreEventsPerSecond, double djlScoreEventsPerSecond, double scoreCpuNanosPerEvent,
      double djlScoreCpuNanosPerEvent, double loadAverage, int cores) {
    @Override
    public String toString() {
      return String.format("%s batch %d threads %d: train %.0f ev/s (%d ev/epoch); score %.0f ev/s, %.0f CPU-ns/ev "
              + "(DJL path %.0f ev/s, %.0f CPU-ns/ev); load average %.1f on %d cores",
          architecture, batch, threads, trainEventsPerSecond, trainEvents, scoreEventsPerSecond, scoreCpuNanosPerEvent,
          djlScoreEventsPerSecond, djlScoreCpuNanosPerEvent, loadAverage, cores);
    }
  }

  /** Synthetic events: MET, 0-4 electrons/muons, 2-10 jets, seeded. */
  public static EventBatch events(int n, long seed) {
    SplittableRandom r = Seeds.random(seed, "bench/events");
    EventBatch b = new EventBatch(n);
    for (int e = 0; e < n; e++) {
      double scale = Math.exp(r.nextGaussian() * 0.5);
      b.set(e, 0, 0, 30 * scale);
      b.set(e, 0, 2, r.nextDouble() * 2 * Math.PI - Math.PI);
      b.set(e, 0, 3, 1);
      int leptons = r.nextInt(3);
      for (int l = 0; l < leptons; l++) {
        int s = 1 + l + (r.nextBoolean() ? 0 : 4);
        b.set(e, s, 0, 25 * scale / (l + 1));
        b.set(e, s, 1, r.nextGaussian());
        b.set(e, s, 2, r.nextDouble() * 2 * Math.PI - Math.PI);
        b.set(e, s, 3, Adc2021.classIdOfSlot(s));
      }
      int jets = 2 + r.nextInt(9);
      for (int j = 0; j < jets; j++) {
        b.set(e, 9 + j, 0, 80 * scale / (j + 1));
        b.set(e, 9 + j, 1, r.nextGaussian() * 1.5);
        b.set(e, 9 + j, 2, r.nextDouble() * 2 * Math.PI - Math.PI);
        b.set(e, 9 + j, 3, 4);
      }
    }
    return b;
  }

  /**
   * Trains {@code architecture} for 1 warm-up + {@code epochs} timed epochs on {@code trainEvents}
   * events (no validation split, so every event is a training event), then scores
   * {@code scoreEvents} events {@code repeats} times per path ({@code scoreThreads} threads on the Java
   * path).
   */
  public static Result run(String architecture, int batch, int threads, int trainEvents, int epochs, int scoreEvents,
      int repeats, int scoreThreads) {
    ArchitectureConfig arch = Architectures.defaults(architecture);
    TrainingConfig cfg = TrainingConfig.defaults(arch).withBatchSize(batch).withThreads(threads).withEpochs(1 + epochs)
        .withValFraction(0).withPatience(1000, 1000).withSeed(1);
    EventBatch train = events(trainEvents, 1);
    try (TrainingResult r = new Trainer(cfg).fit(new InMemoryEventSource(train, "bench"), null)) {
      double bestTrain = 0;
      for (int i = 1; i < r.history().epochs().size(); i++) {
        bestTrain = Math.max(bestTrain, r.history().epochs().get(i).eventsPerSecond());
      }
      EventBatch test = events(scoreEvents, 2);
      LoadedModel m = r.model();
      m.setScoringThreads(scoreThreads);
      double[] fast = scoreRate(m, test, batch, repeats);
      m.useJavaForward(false);
      double[] djl = scoreRate(m, test, batch, Math.max(1, repeats / 2));
      m.useJavaForward(true);
      return new Result(architecture, batch, threads, trainEvents, bestTrain, fast[0], djl[0], fast[1], djl[1],
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
    }
  }

  /**
   * Best events/s of {@code repeats} passes of {@link LoadedModel#score} over {@code test} in batches,
   * and the lowest process CPU nanoseconds per event.
   */
  static double[] scoreRate(LoadedModel m, EventBatch test, int batch, int repeats) {
    int n = test.size();
    List<EventBatch> parts = new ArrayList<>();
    for (int s = 0; s < n; s += batch) {
      parts.add(test.slice(s, Math.min(batch, n - s)));
    }
    double[][] out = new double[m.scoreNames().size()][batch];
    double best = 0;
    double cpu = Double.POSITIVE_INFINITY;
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int rep = 0; rep < repeats + 1; rep++) {
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      for (EventBatch p : parts) {
        m.score(p, out, 0);
      }
      double rate = n / ((System.nanoTime() - t0) / 1e9);
      double perEvent = (os.getProcessCpuTime() - c0) / (double) n;
      if (rep > 0) {
        best = Math.max(best, rate);
        cpu = Math.min(cpu, perEvent);
      }
    }
    return new double[] {best, cpu};
  }

  /**
   * {@code java org.nphunt.benchmark.torch.TorchBenchmark [arch] [batch] [trainThreads] [trainEvents] [scoreEvents]
   * [scoreThreads]}.
   */
  public static void main(String[] args) {
    String arch = args.length > 0 ? args[0] : "dense";
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int trainEvents = args.length > 3 ? Integer.parseInt(args[3]) : 500_000;
    int scoreEvents = args.length > 4 ? Integer.parseInt(args[4]) : 1_000_000;
    int scoreThreads = args.length > 5 ? Integer.parseInt(args[5]) : Runtime.getRuntime().availableProcessors();
    System.out.println(run(arch, batch, threads, trainEvents, 2, scoreEvents, 3, scoreThreads));
  }
}
