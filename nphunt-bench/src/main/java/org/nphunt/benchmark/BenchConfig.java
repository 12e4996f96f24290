package org.nphunt.benchmark;

import java.util.List;

/**
 * What {@code nphunt bench} measures and how often.
 *
 * @param suites any of generator, hdf5, train, score
 * @param events events per HDF5 file (>= 1M for the figures the project quotes)
 * @param generatorEvents accepted events per generator run
 * @param processes generator processes (built-in names)
 * @param trainEvents training events per timed epoch
 * @param scoreEvents largest number of events scored per timed repeat
 * @param batchSize training batch size
 * @param scoreBatches scoring batch sizes
 * @param repeats timed repetitions per figure
 * @param warmup untimed repetitions before them
 * @param threads "all cores" thread count (generator, HDF5 compression, training, scoring)
 * @param models architectures (registry names)
 * @param seed seed of the synthetic events
 */
public record BenchConfig(List<String> suites, long events, long generatorEvents, List<String> processes,
    int trainEvents, int scoreEvents, int batchSize, List<Integer> scoreBatches, int repeats, int warmup, int threads,
    List<String> models, long seed) {

  /** The suite names, in run order. */
  public static final List<String> SUITES = List.of("generator", "hdf5", "train", "score");

  public BenchConfig {
    suites = List.copyOf(suites);
    processes = List.copyOf(processes);
    scoreBatches = List.copyOf(scoreBatches);
    models = List.copyOf(models);
    if (suites.isEmpty()) {
      throw new IllegalArgumentException("suites must name at least one of " + SUITES + ", found none");
    }
    for (String s : suites) {
      if (!SUITES.contains(s)) {
        throw new IllegalArgumentException("suite must be one of all, " + String.join(", ", SUITES) + ", found " + s);
      }
    }
    check(events >= 1, "events must be >= 1, found " + events);
    check(generatorEvents >= 1, "generatorEvents must be >= 1, found " + generatorEvents);
    check(trainEvents >= 1, "trainEvents must be >= 1, found " + trainEvents);
    check(scoreEvents >= 1, "scoreEvents must be >= 1, found " + scoreEvents);
    check(batchSize >= 1, "batchSize must be >= 1, found " + batchSize);
    check(repeats >= 1, "repeats must be >= 1, found " + repeats);
    check(warmup >= 0, "warmup must be >= 0, found " + warmup);
    check(threads >= 1 && threads <= 1024, "threads must be in 1..1024, found " + threads);
    for (int b : scoreBatches) {
      check(b >= 1, "score batch sizes must be >= 1, found " + b);
    }
    if (suites.contains("generator")) {
      check(!processes.isEmpty(), "processes must name at least one process, found none");
    }
    if (suites.contains("train") || suites.contains("score")) {
      check(!models.isEmpty(), "models must name at least one architecture, found none");
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Defaults: all suites, 1M-event HDF5 files, 500k generator events per run, 131,072 training
   * events per epoch, up to 262,144 scored events per repeat, batch 1024, scoring batches 1, 64,
   * 1024, 16384, 1 warm-up + 5 timed repeats, all cores.
   */
  public static BenchConfig defaults(List<String> processes, List<String> models) {
    return new BenchConfig(SUITES, 1_000_000, 500_000, processes, 131_072, 262_144, 1024,
        List.of(1, 64, 1024, 16384), 5, 1, Runtime.getRuntime().availableProcessors(), models, 1);
  }
}
