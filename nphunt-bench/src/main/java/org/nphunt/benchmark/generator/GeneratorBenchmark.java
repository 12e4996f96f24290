package org.nphunt.benchmark.generator;

import org.nphunt.physics.*;

import java.util.ArrayList;
import java.util.List;
import org.nphunt.data.EventBatch;
import org.nphunt.data.MemoryEventSink;

/**
 * Throughput of the physics alone (no I/O): accepted events per second for a process and a thread
 * count, into a discarding sink. A benchmark, not a test: run it on an idle machine,
 * {@code java -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar org.nphunt.benchmark.generator.GeneratorBenchmark [events] [threads...]}.
 */
public final class GeneratorBenchmark {
  private GeneratorBenchmark() {}

  /**
   * One measurement.
   *
   * @param process cocktail name
   * @param threads worker threads
   * @param events accepted events
   * @param seconds wall time
   * @param eventsPerSecond accepted events per second (wall clock)
   * @param cpuSeconds CPU time of the whole JVM process during the run
   * @param eventsPerCpuSecond accepted events per CPU second (robust on a shared machine)
   * @param summary per-process efficiencies of the run
   */
  public record Result(String process, int threads, long events, double seconds, double eventsPerSecond,
      double cpuSeconds, double eventsPerCpuSecond, GenerationSummary summary) {}

  /** Generates {@code events} of {@code spec} with {@code threads} threads after a short warm-up. */
  public static Result run(CocktailSpec spec, long events, int threads) {
    EventGenerator.generate(spec, Math.min(events, 200_000), 1, threads, MemoryEventSink.discarding(), null);
    long c0 = cpuNanos();
    long t0 = System.nanoTime();
    GenerationSummary s = EventGenerator.generate(spec, events, 2, threads, MemoryEventSink.discarding(), null);
    double sec = (System.nanoTime() - t0) * 1e-9;
    double cpu = (cpuNanos() - c0) * 1e-9;
    return new Result(spec.name(), threads, events, sec, events / sec, cpu, events / cpu, s);
  }

  /** Usage: GeneratorBenchmark [events=2000000] [threads=1,2] [processes=sm,W,QCD,Z,ttbar,Ato4l,...]. */
  public static void main(String[] args) {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
    String[] threads = (args.length > 1 ? args[1] : "1,2").split(",");
    List<String> processes = args.length > 2 ? List.of(args[2].split(",")) : Processes.names();
    List<Result> results = new ArrayList<>();
    for (String p : processes) {
      for (String t : threads) {
        Result r = run(Processes.builtIn(p), events, Integer.parseInt(t));
        results.add(r);
        StringBuilder eff = new StringBuilder();
        for (ProcessStats ps : r.summary().processes()) {
          eff.append(String.format(" %s=%.4f", ps.name(), ps.efficiency()));
        }
        System.out.printf("%-11s threads=%d events=%d wall=%.2fs rate=%.0f ev/s cpu=%.2fs rate/cpu=%.0f ev/cpu-s eff:%s%n",
            r.process(), r.threads(), r.events(), r.seconds(), r.eventsPerSecond(), r.cpuSeconds(),
            r.eventsPerCpuSecond(), eff);
      }
    }
  }

  private static long cpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return System.nanoTime();
  }
}
