package org.nphunt.hunt;

import org.nphunt.NphuntException;

/**
 * The per-event inputs of a resonant search, as parallel primitive arrays.
 *
 * @param mJJ dijet invariant mass in GeV
 * @param deltaEta DeltaEtaJJ (its absolute value is used)
 * @param score anomaly score (larger = more anomalous), finite
 * @param label truth (0 background, 1 signal) when known, else null
 */
public record HuntEvents(double[] mJJ, double[] deltaEta, double[] score, int[] label) {
  public HuntEvents {
    if (mJJ == null || deltaEta == null || score == null) {
      throw new IllegalArgumentException("mJJ, deltaEta and score must be given");
    }
    int n = mJJ.length;
    if (deltaEta.length != n || score.length != n || label != null && label.length != n) {
      throw new IllegalArgumentException("mJJ, deltaEta, score and label must have one value per event, found "
          + n + ", " + deltaEta.length + ", " + score.length + ", " + (label == null ? "-" : label.length));
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(mJJ[i]) || !Double.isFinite(deltaEta[i]) || !Double.isFinite(score[i])) {
        throw new NphuntException("event " + i + ": mJJ, DeltaEtaJJ and the score must be finite, found " + mJJ[i]
            + ", " + deltaEta[i] + ", " + score[i]);
      }
    }
  }

  public int size() {
    return mJJ.length;
  }

  /** Background and signal events together (labels kept only when both have them). */
  public static HuntEvents concat(HuntEvents a, HuntEvents b) {
    int n = a.size() + b.size();
    double[] m = new double[n];
    double[] d = new double[n];
    double[] s = new double[n];
    System.arraycopy(a.mJJ, 0, m, 0, a.size());
    System.arraycopy(b.mJJ, 0, m, a.size(), b.size());
    System.arraycopy(a.deltaEta, 0, d, 0, a.size());
    System.arraycopy(b.deltaEta, 0, d, a.size(), b.size());
    System.arraycopy(a.score, 0, s, 0, a.size());
    System.arraycopy(b.score, 0, s, a.size(), b.size());
    int[] l = null;
    if (a.label != null && b.label != null) {
      l = new int[n];
      System.arraycopy(a.label, 0, l, 0, a.size());
      System.arraycopy(b.label, 0, l, a.size(), b.size());
    }
    return new HuntEvents(m, d, s, l);
  }

  /** The events at the given indices, in that order. */
  public HuntEvents select(int[] rows) {
    double[] m = new double[rows.length];
    double[] d = new double[rows.length];
    double[] s = new double[rows.length];
    int[] l = label == null ? null : new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      m[i] = mJJ[rows[i]];
      d[i] = deltaEta[rows[i]];
      s[i] = score[rows[i]];
      if (l != null) {
        l[i] = label[rows[i]];
      }
    }
    return new HuntEvents(m, d, s, l);
  }
}
