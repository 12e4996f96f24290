package org.nphunt.hunt;

import java.util.Arrays;
import org.nphunt.NphuntException;
import org.nphunt.random.Seeds;

/**
 * CWoLa hunting (Classification Without Labels: Metodiev, Nachman, Thaler arXiv:1708.02949; Collins,
 * Howe, Nachman arXiv:1805.02664): a classifier trained to tell the events of an mJJ signal window from
 * those of the adjacent sidebands, on jet features (masses, tau_21, ...) that must not depend on mJJ for
 * the background. Without a signal the two samples are statistically identical and the classifier learns
 * nothing; a localised signal makes the window different, and the classifier output becomes a signal
 * score. k-folded: each event is scored by the classifier trained on the other folds.
 *
 * <p>The classifier: a dense network (features standardised on the training folds) with {@code hidden}
 * layers of {@code width} ELU units and a sigmoid output, trained with the class-balanced binary
 * cross-entropy by Adam (step size falling linearly to 10%); seeded from streams "hunt/cwola-*".
 */
public final class CwolaHunting {
  private CwolaHunting() {}

  /**
   * The scores.
   *
   * @param score per event: the classifier output in (0, 1) for events in the window or the sidebands,
   *     NaN elsewhere
   * @param inWindow per event: 1 in the signal window, 0 in a sideband, -1 elsewhere
   * @param extraScore per extra (evaluation-only) event: the mean output of the k fold classifiers
   *     (empty without extra events)
   */
  public record Result(double[] score, int[] inWindow, double[] extraScore) {}

  /**
   * Runs CWoLa on one window.
   *
   * @param features per event, d features (n x d)
   * @param mJJ per event in GeV
   * @param lo signal window lower edge in GeV
   * @param hi signal window upper edge in GeV
   * @param sideband width of each sideband in GeV ([lo - sideband, lo) and [hi, hi + sideband))
   */
  public static Result run(double[][] features, double[] mJJ, double lo, double hi, double sideband, int folds,
      int hidden, int width, int epochs, long seed) {
    return run(features, mJJ, lo, hi, sideband, folds, hidden, width, epochs, seed, new double[0][]);
  }

  /**
   * Runs CWoLa on one window and also scores extra events that take no part in the training (e.g. a
   * signal sample for the SIC curves) by the mean of the k fold classifiers.
   *
   * @param extra per extra event, the same d features
   */
  public static Result run(double[][] features, double[] mJJ, double lo, double hi, double sideband, int folds,
      int hidden, int width, int epochs, long seed, double[][] extra) {
    int n = mJJ.length;
    if (features.length != n) {
      throw new NphuntException("CWoLa: " + features.length + " feature rows for " + n + " events");
    }
    if (!(hi > lo) || !(sideband > 0) || folds < 2) {
      throw new NphuntException("CWoLa needs hi > lo, sideband > 0 and >= 2 folds, found " + lo + ", " + hi + ", "
          + sideband + ", " + folds);
    }
    int[] in = new int[n];
    int used = 0;
    for (int i = 0; i < n; i++) {
      double m = mJJ[i];
      in[i] = m >= lo && m < hi ? 1 : m >= lo - sideband && m < hi + sideband ? 0 : -1;
      if (in[i] >= 0) {
        used++;
      }
    }
    int[] rows = new int[used];
    for (int i = 0, k = 0; i < n; i++) {
      if (in[i] >= 0) {
        rows[k++] = i;
      }
    }
    if (used < 10 * folds) {
      throw new NphuntException("CWoLa: " + used + " events in the window and sidebands, need >= " + 10 * folds);
    }
    int[] fold = Folds.assign(used, folds, Seeds.random(seed, "hunt/cwola-folds"));
    double[] score = new double[n];
    Arrays.fill(score, Double.NaN);
    double[] extraScore = new double[extra.length];
    for (int f = 0; f < folds; f++) {
      int[] train = new int[used];
      int t = 0;
      for (int i = 0; i < used; i++) {
        if (fold[i] != f) {
          train[t++] = rows[i];
        }
      }
      train = Arrays.copyOf(train, t);
      DenseClassifier net = new DenseClassifier(features[0].length, hidden, width, Seeds.random(seed, "hunt/cwola-init", f));
      net.train(features, in, train, epochs, Seeds.random(seed, "hunt/cwola-batches", f));
      for (int i = 0; i < used; i++) {
        if (fold[i] == f) {
          score[rows[i]] = net.predict(features[rows[i]]);
        }
      }
      for (int i = 0; i < extra.length; i++) {
        extraScore[i] += net.predict(extra[i]) / folds;
      }
    }
    return new Result(score, in, extraScore);
  }
}
