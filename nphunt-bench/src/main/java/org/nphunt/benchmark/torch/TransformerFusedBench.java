package org.nphunt.benchmark.torch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.nphunt.benchmark.Machine;
import org.nphunt.data.EventBatch;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.score.LoadedModel;

/**
 * Scoring throughput of a saved transformer model (issue 17): nphunt's kernel path
 * ({@code org.nphunt.kernel.TransformerNet}) against the DJL/libtorch path, same model, same events (read
 * once into memory, so no file I/O is timed), at 1 and 2 scoring threads. Each figure is the best of
 * {@code repeats} timed passes after one untimed warm-up pass (JIT compilation), with the process CPU time
 * per event and the 1-minute load average before and after. The DJL path scores on one thread (as
 * {@code LoadedModel} does).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar \
 *   org.nphunt.benchmark.torch.TransformerFusedBench MODEL_DIR EVENTS.h5 [REPEATS]
 * </pre>
 */
public final class TransformerFusedBench {
  private TransformerFusedBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: TransformerFusedBench MODEL_DIR EVENTS.h5 [REPEATS]");
      System.exit(2);
    }
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    EventBatch events;
    try (Hdf5EventReader r = Hdf5EventReader.open(Path.of(args[1]))) {
      events = r.read(0, Math.toIntExact(r.size()));
    }
    try (LoadedModel m = LoadedModel.load(Path.of(args[0]))) {
      System.out.printf(Locale.ROOT, "# %s, %d events, %d repeats, %d cores%n", m.architecture().architecture(),
          events.size(), repeats, Runtime.getRuntime().availableProcessors());
      System.out.println("path threads events_per_s cpu_us_per_event load1_before load1_after");
      for (int threads : new int[] {1, 2}) {
        m.useJavaForward(true);
        m.setScoringThreads(threads);
        report(m, events, threads, repeats);
      }
      m.useJavaForward(false);
      report(m, events, 1, Math.max(1, repeats - 1));
    }
  }

  private static void report(LoadedModel m, EventBatch events, int threads, int repeats) {
    double before = Machine.loadAverage()[0];
    double[][] out = new double[m.scoreNames().size()][events.size()];
    double best = 0;
    double cpu = Double.POSITIVE_INFINITY;
    for (int rep = 0; rep <= repeats; rep++) {
      long c0 = EpochProbe.cpu();
      long t0 = System.nanoTime();
      // blocks of 65,536 events, as nphunt score streams a file
      for (int s = 0; s < events.size(); s += 65536) {
        int c = Math.min(65536, events.size() - s);
        m.score(events.slice(s, c), out, s);
      }
      double rate = events.size() / ((System.nanoTime() - t0) / 1e9);
      double us = (EpochProbe.cpu() - c0) / 1e3 / events.size();
      if (rep > 0) {
        best = Math.max(best, rate);
        cpu = Math.min(cpu, us);
      }
    }
    System.out.printf(Locale.ROOT, "%s %d %.0f %.1f %.2f %.2f%n", m.scoringPath().replace(' ', '_'), threads, best, cpu,
        before, Machine.loadAverage()[0]);
    System.out.flush();
  }
}
