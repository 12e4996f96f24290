package org.nphunt.cluster;

import java.util.List;
import java.util.Locale;
import org.nphunt.jet.JetAlgorithm;
import org.nphunt.jet.dijet.DijetConfig;

/**
 * Settings of {@link DijetClustering}.
 *
 * @param algorithm "antikt" (default, as the LHC Olympics 2020 analyses, arXiv:2101.08320), "kt" or "ca"
 * @param r jet radius R in (0, 10] (default 1.0)
 * @param constituents constituents kept per jet, C, in 1..10000 (default 100, as the published dijet files)
 * @param threads clustering threads, >= 1 (default: available processors); the output does not depend on it
 * @param blockEvents events read and clustered per block, in 1..100000 (default 1024): bounds memory
 */
public record ClusterConfig(String algorithm, double r, int constituents, int threads, int blockEvents) {
  /** Accepted algorithm names. */
  public static final List<String> ALGORITHMS = List.of("antikt", "kt", "ca");

  public ClusterConfig {
    if (algorithm == null || !ALGORITHMS.contains(algorithm.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("algorithm must be one of " + ALGORITHMS + ", found " + algorithm);
    }
    algorithm = algorithm.toLowerCase(Locale.ROOT);
    if (!(r > 0 && r <= 10)) {
      throw new IllegalArgumentException("R must be in (0, 10], found " + r);
    }
    if (constituents < 1 || constituents > 10_000) {
      throw new IllegalArgumentException("constituents must be in 1..10000, found " + constituents);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be > 0, found " + threads);
    }
    if (blockEvents < 1 || blockEvents > 100_000) {
      throw new IllegalArgumentException("blockEvents must be in 1..100000, found " + blockEvents);
    }
  }

  /** anti-kT, R = 1.0, C = 100, all cores, blocks of 1024 events. */
  public static ClusterConfig defaults() {
    return new ClusterConfig("antikt", 1.0, 100, Runtime.getRuntime().availableProcessors(), 1024);
  }

  /** The jet algorithm. */
  public JetAlgorithm jetAlgorithm() {
    return switch (algorithm) {
      case "kt" -> JetAlgorithm.KT;
      case "ca" -> JetAlgorithm.CAMBRIDGE_AACHEN;
      default -> JetAlgorithm.ANTI_KT;
    };
  }

  /** The feature builder's settings (ptMin 0, soft drop z_cut 0.1, beta 0). */
  public DijetConfig dijetConfig() {
    return new DijetConfig(r, 0.0, constituents, 0.1, 0.0);
  }
}
