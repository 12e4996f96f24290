package org.nphunt.hunt;

import java.util.Arrays;
import org.nphunt.NphuntException;
import org.nphunt.random.Seeds;

/**
 * The fully supervised upper reference of the weakly supervised and unsupervised resonant searches
 * (as in CWoLa hunting arXiv:1805.02664, ANODE arXiv:2001.04990 and CATHODE arXiv:2109.00546): the same
 * dense classifier as {@link CwolaHunting}, on the same features, trained with the truth labels to tell
 * signal from background in the signal region. k-folded: every event is scored by the classifier that
 * did not see it. Seeded from streams "hunt/supervised-*".
 */
public final class SupervisedReference {
  private SupervisedReference() {}

  /**
   * The k-fold scores.
   *
   * @param features per event, d features (n x d)
   * @param label per event 0 (background) or 1 (signal)
   * @param rows the events to train on and score (e.g. those of the signal region)
   * @param folds k, &gt;= 2
   * @param hidden hidden layers
   * @param width units per hidden layer
   * @param epochs passes over the training folds
   * @param seed the seed
   * @return per event of {@code features}: the classifier output in (0, 1) for the rows, NaN elsewhere
   * @throws NphuntException when a class has fewer than {@code folds} events among the rows
   */
  public static double[] run(double[][] features, int[] label, int[] rows, int folds, int hidden, int width, int epochs,
      long seed) {
    if (features.length != label.length) {
      throw new NphuntException("supervised reference: " + features.length + " feature rows for " + label.length + " labels");
    }
    if (folds < 2) {
      throw new NphuntException("supervised reference needs >= 2 folds, found " + folds);
    }
    int ns = 0;
    for (int r : rows) {
      if (label[r] != 0 && label[r] != 1) {
        throw new NphuntException("supervised reference: event " + r + " has label " + label[r] + " (0 or 1 expected)");
      }
      ns += label[r];
    }
    if (ns < folds || rows.length - ns < folds) {
      throw new NphuntException("supervised reference needs >= " + folds + " signal and background events, found "
          + ns + " and " + (rows.length - ns));
    }
    int n = rows.length;
    int[] fold = Folds.assign(n, folds, Seeds.random(seed, "hunt/supervised-folds"));
    double[] score = new double[features.length];
    Arrays.fill(score, Double.NaN);
    for (int f = 0; f < folds; f++) {
      int[] train = new int[n];
      int t = 0;
      for (int i = 0; i < n; i++) {
        if (fold[i] != f) {
          train[t++] = rows[i];
        }
      }
      train = Arrays.copyOf(train, t);
      DenseClassifier net = new DenseClassifier(features[0].length, hidden, width, Seeds.random(seed, "hunt/supervised-init", f));
      net.train(features, label, train, epochs, Seeds.random(seed, "hunt/supervised-batches", f));
      for (int i = 0; i < n; i++) {
        if (fold[i] == f) {
          score[rows[i]] = net.predict(features[rows[i]]);
        }
      }
    }
    return score;
  }
}
