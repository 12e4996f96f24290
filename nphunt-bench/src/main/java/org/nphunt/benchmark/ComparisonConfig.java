package org.nphunt.benchmark;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the side-by-side run against the PyTorch reference; both sides get the same files,
 * epochs, batch, seed, thread count and validation fraction (0.2), and neither has an LR schedule
 * or early stopping.
 *
 * @param train SM training file (the validation split is taken from it by both sides)
 * @param test SM test file: background of the AUCs and the pool of the scoring-speed runs
 * @param signals signal name -> file
 * @param epochs epochs trained on each side
 * @param batch training batch size
 * @param threads intra-op threads on both sides (torch.set_num_threads; libtorch + Java scoring)
 * @param rounds interleaved rounds (nphunt then PyTorch, then PyTorch then nphunt, ...)
 * @param repeats timed repeats per scoring batch size on each side
 * @param seed seed of both sides
 * @param python interpreter with torch, h5py, sklearn
 * @param script bench/reference/dense_ae_reference.py
 */
public record ComparisonConfig(Path train, Path test, Map<String, Path> signals, int epochs, int batch, int threads,
    int rounds, int repeats, long seed, String python, Path script) {
  public ComparisonConfig {
    if (train == null || test == null) {
      throw new IllegalArgumentException("--compare-pytorch needs --train and --test files, found "
          + (train == null ? "no --train" : "no --test"));
    }
    if (signals == null || signals.isEmpty()) {
      throw new IllegalArgumentException("--compare-pytorch needs at least one --signal NAME=FILE, found none");
    }
    signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals));
    check(epochs >= 1, "epochs must be >= 1, found " + epochs);
    check(batch >= 1, "batch must be >= 1, found " + batch);
    check(threads >= 1, "threads must be >= 1, found " + threads);
    check(rounds >= 1, "rounds must be >= 1, found " + rounds);
    check(repeats >= 1, "repeats must be >= 1, found " + repeats);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
