package org.nphunt.hunt;

import java.util.SplittableRandom;

/**
 * k-fold assignment for the search's cross-validated steps (quantile regression, CWoLa, ANODE, the
 * supervised reference): a seeded random permutation (Fisher-Yates) dealt round-robin into k folds, so
 * the folds differ in size by at most one event and no event's model has seen it.
 */
final class Folds {
  private Folds() {}

  /**
   * @param n events
   * @param k folds, >= 1
   * @param random the seeded stream (one named stream per step, from {@code Seeds.random})
   * @return fold index in [0, k) per event
   */
  static int[] assign(int n, int k, SplittableRandom random) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      fold[perm[i]] = i % k;
    }
    return fold;
  }
}
