package org.nphunt.objective;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-event scores of dijet models from per-jet quantities: for each quantity q (e.g. {@code total},
 * {@code reco}, {@code kl}) the event's two jets give {@code q_min}, {@code q_max}, {@code q_sum},
 * {@code q_prod} (the combinations of the CMS dijet search with the particle-list VAE, arXiv:2412.03747;
 * min(L_j1, L_j2) is its default, which needs both jets to look anomalous), and the jets themselves as
 * {@code q_j1} (leading jet) and {@code q_j2}. Names in this order; the first quantity's {@code _min}
 * is the model's first, default score.
 */
public final class JetScores {
  /** The combinations, in score order. */
  public static final List<String> COMBINATIONS = List.of("min", "max", "sum", "prod", "j1", "j2");

  private JetScores() {}

  /** Score names for the quantities, quantity-major, combinations in {@link #COMBINATIONS} order. */
  public static List<String> names(List<String> quantities) {
    List<String> out = new ArrayList<>();
    for (String q : quantities) {
      for (String c : COMBINATIONS) {
        out.add(q + "_" + c);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Writes the six combinations of one quantity of one event into {@code out[first + k][column]}
   * ({@code first} = quantity index x 6).
   */
  public static void combine(double j1, double j2, double[][] out, int first, int column) {
    out[first][column] = Math.min(j1, j2);
    out[first + 1][column] = Math.max(j1, j2);
    out[first + 2][column] = j1 + j2;
    out[first + 3][column] = j1 * j2;
    out[first + 4][column] = j1;
    out[first + 5][column] = j2;
  }
}
