package org.nphunt.benchmark.jetgen;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nphunt.data.MemoryEventSink;
import org.nphunt.physics.jets.JetCocktailSpec;
import org.nphunt.physics.jets.JetEventKernel;
import org.nphunt.physics.jets.JetGenerationSummary;
import org.nphunt.physics.jets.JetGenerator;
import org.nphunt.physics.jets.JetProcessStats;
import org.nphunt.physics.jets.JetProcesses;

/**
 * Throughput of the jet-level generator (no I/O: particle-list events into a discarding sink) for a
 * process and thread counts, and a single-thread CPU profile per generation attempt: hard process plus
 * showers plus hadronisation, detector response, and the clustering of the selection. Wall-clock rates
 * depend on the machine's load; the CPU-time figures do not.
 *
 * <pre>
 *   java -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar \
 *       org.nphunt.benchmark.jetgen.JetGeneratorBenchmark [process=qcd-dijet] [events=20000] [threads=1,2]
 * </pre>
 */
public final class JetGeneratorBenchmark {
  private JetGeneratorBenchmark() {}

  /**
   * One throughput measurement.
   *
   * @param eventsPerSecond selected events per wall-clock second
   * @param eventsPerCpuSecond selected events per CPU second of the whole JVM
   */
  public record Result(String process, int threads, long events, double seconds, double eventsPerSecond,
      double cpuSeconds, double eventsPerCpuSecond, JetGenerationSummary summary) {}

  /**
   * Mean CPU time per generation attempt of each stage [microseconds], and the selection efficiency.
   */
  public record Profile(double generateMicros, double detectMicros, double selectMicros, double efficiency,
      double particles, double rows) {
    public double totalMicros() {
      return generateMicros + detectMicros + selectMicros;
    }
  }

  /** Generates {@code events} with {@code threads} threads after a warm-up of a tenth as many. */
  public static Result run(JetCocktailSpec spec, long events, int threads) {
    JetGenerator g = new JetGenerator(spec); // builds the sampling tables outside the timing
    g.run(Math.max(1, events / 10), 1, threads, MemoryEventSink.discarding(), null, null);
    long c0 = cpuNanos();
    long t0 = System.nanoTime();
    JetGenerationSummary s = g.run(events, 2, threads, MemoryEventSink.discarding(), null, null);
    double sec = (System.nanoTime() - t0) * 1e-9;
    double cpu = (cpuNanos() - c0) * 1e-9;
    return new Result(spec.name(), threads, events, sec, events / sec, cpu, events / cpu, s);
  }

  /** Thread-CPU profile of {@code attempts} generation attempts of component 0, after as many warm-up ones. */
  public static Profile profile(JetCocktailSpec spec, int attempts) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    JetEventKernel k = new JetEventKernel(spec);
    k.setRandom(new SplittableRandom(3));
    int rowsMax = spec.maxParticles();
    double[] rows = new double[3 * rowsMax];
    long tg = 0;
    long td = 0;
    long ts = 0;
    long pass = 0;
    long particles = 0;
    long nRows = 0;
    for (int rep = 0; rep < 2; rep++) {
      tg = 0;
      td = 0;
      ts = 0;
      pass = 0;
      particles = 0;
      nRows = 0;
      for (int e = 0; e < attempts; e++) {
        long c0 = mx.getCurrentThreadCpuTime();
        k.generateParticles(0);
        long c1 = mx.getCurrentThreadCpuTime();
        Arrays.fill(rows, 0);
        int n = k.detect(rows, 0, rowsMax);
        long c2 = mx.getCurrentThreadCpuTime();
        if (k.select(rows, 0, n)) {
          pass++;
        }
        long c3 = mx.getCurrentThreadCpuTime();
        tg += c1 - c0;
        td += c2 - c1;
        ts += c3 - c2;
        particles += k.record().count(org.nphunt.physics.jets.event.EventRecord.FINAL);
        nRows += n;
      }
    }
    return new Profile(tg / 1e3 / attempts, td / 1e3 / attempts, ts / 1e3 / attempts, (double) pass / attempts,
        (double) particles / attempts, (double) nRows / attempts);
  }

  public static void main(String[] args) {
    String process = args.length > 0 ? args[0] : "qcd-dijet";
    long events = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
    String[] threads = (args.length > 2 ? args[2] : "1,2").split(",");
    JetCocktailSpec spec = JetProcesses.resolve(process);
    System.out.printf("load average %.2f, %d processors%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    Profile p = profile(spec, 2000);
    System.out.printf("%s per attempt (thread CPU): generate %.0f us, detector %.0f us, selection clustering %.0f us"
        + " (total %.0f us); selection efficiency %.3f; %.0f final particles, %.0f detector objects%n", process,
        p.generateMicros(), p.detectMicros(), p.selectMicros(), p.totalMicros(), p.efficiency(), p.particles(), p.rows());
    System.out.printf("  => %.0f us CPU per selected event (%.0f%% in clustering): at most %.0f selected events per CPU"
        + " second%n", p.totalMicros() / p.efficiency(), 100 * p.selectMicros() / p.totalMicros(),
        1e6 * p.efficiency() / p.totalMicros());
    for (String t : threads) {
      Result r = run(spec, events, Integer.parseInt(t));
      StringBuilder eff = new StringBuilder();
      for (JetProcessStats s : r.summary().processes()) {
        eff.append(String.format(" %s=%.3f", s.name(), s.efficiency()));
      }
      System.out.printf("%-12s threads=%d events=%d wall=%.1fs rate=%.0f ev/s cpu=%.1fs rate/cpu=%.0f ev/cpu-s eff:%s%n",
          r.process(), r.threads(), r.events(), r.seconds(), r.eventsPerSecond(), r.cpuSeconds(),
          r.eventsPerCpuSecond(), eff);
    }
  }

  private static long cpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return System.nanoTime();
  }
}
