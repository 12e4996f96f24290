package org.nphunt.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.function.LongSupplier;
import org.nphunt.data.Events;
import org.nphunt.score.LoadedModel;

/**
 * Measures a model's CPU time per event as {@code nphunt score} spends it (preprocessing, forward pass and
 * every score, from raw events), on one scoring thread: one event per call, and a batch per call. A
 * figure recorded with the model (see {@link ModelCost.Latency}), not a benchmark (the comparison with
 * PyTorch lives in nphunt-bench).
 *
 * <p>Method, for each of the two call sizes: warm-up in rounds of about {@value #ROUND_SECONDS} s, until
 * the time per call of the last {@value #STABLE_ROUNDS} rounds agrees within {@value #STABLE_SPREAD}
 * (relative spread (max - min) / min; at least {@value #MIN_ROUNDS} rounds) or a budget of
 * {@value #WARMUP_BUDGET_SECONDS} s is spent; then {@value #REPEATS} timed repeats (about
 * {@value #SINGLE_SECONDS} s of single-event calls or {@value #BATCH_SECONDS} s of batched calls each),
 * reported as their median with minimum and maximum. Why: a fixed short warm-up (the earlier 0.1 s)
 * left the just-in-time compiler working during the timing; on a loaded 2-core machine the model measured
 * first in a JVM then looked up to ~30 times slower than the same model measured second. On a loaded
 * machine every figure is still inflated (the load average is recorded next to it).
 */
public final class LatencyProbe {
  /** Seconds per warm-up round. */
  static final double ROUND_SECONDS = 0.02;
  /** Rounds whose times must agree for the warm-up to end. */
  static final int STABLE_ROUNDS = 3;
  /** Largest relative spread of those rounds' times per call. */
  static final double STABLE_SPREAD = 0.1;
  /** Rounds at least. */
  static final int MIN_ROUNDS = 5;
  /** Warm-up budget per call size, seconds. */
  static final double WARMUP_BUDGET_SECONDS = 2.0;
  /** Timed repeats per call size. */
  static final int REPEATS = 7;
  /** Seconds of single-event calls per repeat. */
  static final double SINGLE_SECONDS = 0.04;
  /** Seconds of batched calls per repeat. */
  static final double BATCH_SECONDS = 0.06;

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
      Timing s = measure(() -> model.score(single, one, 0), System::nanoTime, nanos(WARMUP_BUDGET_SECONDS),
          nanos(ROUND_SECONDS), nanos(SINGLE_SECONDS), 20);
      Timing b = measure(() -> model.score(batch, many, 0), System::nanoTime, nanos(WARMUP_BUDGET_SECONDS),
          nanos(ROUND_SECONDS), nanos(BATCH_SECONDS), 2);
      double n = single.size();
      double m = batch.size();
      return new ModelCost.Latency(s.median() / n, s.min() / n, s.max() / n, batch.size(), b.median() / m, b.min() / m,
          b.max() / m, REPEATS, s.warmupSeconds() + b.warmupSeconds(), s.stable() && b.stable(), 1,
          model.scoringPath(), cpu(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } finally {
      model.setScoringThreads(threads);
    }
  }

  private static long nanos(double seconds) {
    return (long) (seconds * 1e9);
  }

  /**
   * Microseconds per call of one measurement.
   *
   * @param median median of the repeats
   * @param min fastest repeat
   * @param max slowest repeat
   * @param warmupSeconds seconds spent warming up
   * @param stable whether the warm-up ended on a stable time (else on its budget)
   */
  record Timing(double median, double min, double max, double warmupSeconds, boolean stable) {}

  /**
   * Warm-up until stable (or the budget is spent), then {@value #REPEATS} repeats (see the class comment).
   * The clock is a parameter so that the procedure can be tested with a scripted clock.
   *
   * @param clock nanoseconds, monotone
   * @param budget warm-up budget, ns
   * @param round duration of a warm-up round, ns
   * @param repeat duration of a timed repeat, ns
   * @param minCalls calls per repeat at least
   */
  static Timing measure(Runnable call, LongSupplier clock, long budget, long round, long repeat, int minCalls) {
    long t0 = clock.getAsLong();
    ArrayDeque<Double> last = new ArrayDeque<>();
    int rounds = 0;
    boolean stable = false;
    while (clock.getAsLong() - t0 < budget) {
      last.addLast(perCall(call, clock, round, 1));
      rounds++;
      if (last.size() > STABLE_ROUNDS) {
        last.removeFirst();
      }
      if (rounds >= MIN_ROUNDS && last.size() == STABLE_ROUNDS
          && Collections.max(last) <= (1 + STABLE_SPREAD) * Collections.min(last)) {
        stable = true;
        break;
      }
    }
    double warm = (clock.getAsLong() - t0) / 1e9;
    double[] r = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      r[i] = perCall(call, clock, repeat, minCalls);
    }
    Arrays.sort(r);
    return new Timing(r[REPEATS / 2], r[0], r[REPEATS - 1], warm, stable);
  }

  /** Mean microseconds per call over calls until {@code nanos} have passed (at least {@code minCalls}). */
  private static double perCall(Runnable call, LongSupplier clock, long nanos, int minCalls) {
    long t0 = clock.getAsLong();
    long calls = 0;
    long elapsed;
    do {
      call.run();
      calls++;
      elapsed = clock.getAsLong() - t0;
    } while (elapsed < nanos || calls < minCalls);
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
