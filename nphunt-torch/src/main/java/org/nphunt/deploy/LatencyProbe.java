package org.nphunt.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.nphunt.data.Events;
import org.nphunt.score.LoadedModel;

/**
 * Measures a model's CPU time per event as {@code nphunt score} spends it (preprocessing, forward pass and
 * every score, from raw events), on one scoring thread: one event per call, and a batch per call. A
 * figure recorded with the model (see {@link ModelCost.Latency}), not a benchmark: a short warm-up, then
 * calls until about {@value #SINGLE_SECONDS} s (single) and {@value #BATCH_SECONDS} s (batch) have
 * passed, the mean time per event reported. On a loaded machine the figure is higher; the comparison
 * with PyTorch lives in nphunt-bench.
 */
public final class LatencyProbe {
  /** Seconds spent timing single-event calls. */
  static final double SINGLE_SECONDS = 0.2;
  /** Seconds spent timing batched calls. */
  static final double BATCH_SECONDS = 0.3;

  private LatencyProbe() {}

  /**
   * @param single one event (the first is used)
   * @param batch the batch of the batched measurement (its size is the recorded batch)
   */
  public static ModelCost.Latency measure(LoadedModel model, Events single, Events batch) {
    if (single.size() < 1 || batch.size() < 1) {
      throw new IllegalArgumentException("latency needs at least one event, found " + single.size() + " and " + batch.size());
    }
    int threads = model.scoringThreads();
    model.setScoringThreads(1);
    try {
      double[][] one = new double[model.scoreNames().size()][single.size()];
      double[][] many = new double[model.scoreNames().size()][batch.size()];
      // warm-up: compile the hot paths before timing
      long warm = System.nanoTime();
      for (int i = 0; i < 2000 && System.nanoTime() - warm < 100_000_000L; i++) {
        model.score(single, one, 0);
      }
      model.score(batch, many, 0);
      double singleMicros = time(() -> model.score(single, one, 0), SINGLE_SECONDS, 20) / single.size();
      double batchMicros = time(() -> model.score(batch, many, 0), BATCH_SECONDS, 2) / batch.size();
      return new ModelCost.Latency(singleMicros, batch.size(), batchMicros, 1, model.scoringPath(), cpu(),
          Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } finally {
      model.setScoringThreads(threads);
    }
  }

  /** Mean microseconds per call over calls until {@code seconds} have passed (at least {@code minCalls}). */
  private static double time(Runnable call, double seconds, int minCalls) {
    long t0 = System.nanoTime();
    long calls = 0;
    long limit = (long) (seconds * 1e9);
    long elapsed;
    do {
      call.run();
      calls++;
      elapsed = System.nanoTime() - t0;
    } while (elapsed < limit || calls < minCalls);
    return elapsed / 1e3 / calls;
  }

  /** "Intel(R) Xeon(R) ... (2 cores)" from /proc/cpuinfo, else the JVM's architecture. */
  static String cpu() {
    int cores = Runtime.getRuntime().availableProcessors();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim() + " (" + cores + " cores)";
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: fall through
    }
    return System.getProperty("os.arch") + " (" + cores + " cores)";
  }
}
