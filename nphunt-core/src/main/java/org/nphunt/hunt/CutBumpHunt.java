package org.nphunt.hunt;

import java.util.Arrays;
import java.util.List;
import org.nphunt.NphuntException;
import org.nphunt.fit.Category;
import org.nphunt.fit.CrystalBallShape;
import org.nphunt.fit.FitConfig;
import org.nphunt.fit.Histogram;
import org.nphunt.fit.ResonanceSearch;
import org.nphunt.fit.ScanPoint;

/**
 * The bump hunt after a cut on a weakly supervised score (the last step of CWoLa hunting, Collins, Howe,
 * Nachman arXiv:1805.02664): of the events that carry a score (CWoLa: the window and its sidebands), keep
 * the fraction {@code efficiency} with the largest scores (one threshold for all folds), and fit the
 * binned mJJ spectrum of the kept events over the scored range with the dijet function plus a Crystal
 * Ball signal at the window's mass ({@link ResonanceSearch}: binned Poisson likelihood, F-test for the
 * background form, profile-likelihood q0, arXiv:1007.1727). The same fit without the cut is the
 * reference: the cut gains when the score enriches the signal more than it thins the background.
 */
public final class CutBumpHunt {
  private CutBumpHunt() {}

  /**
   * The outcome.
   *
   * @param efficiency the kept fraction of the scored events
   * @param threshold the score threshold (keep score &gt;= threshold)
   * @param scored events with a score in the range
   * @param selected events kept
   * @param afterCut the fit of the kept events at the mass
   * @param withoutCut the fit of all scored events at the mass
   */
  public record Result(double efficiency, double threshold, int scored, int selected, ScanPoint afterCut,
      ScanPoint withoutCut) {}

  /**
   * Runs the cut and both fits.
   *
   * @param mJJ per event in GeV
   * @param score per event, NaN for events without a score
   * @param efficiency kept fraction, in (0, 1]
   * @param lo fit range lower edge in GeV
   * @param hi fit range upper edge in GeV
   * @param bins logarithmic bins over [lo, hi), &gt;= {@link Category#MIN_BINS}
   * @param mass the signal mass hypothesis in GeV
   * @param relativeWidth sigma / M of the signal shape
   * @throws NphuntException when too few events pass or a fit fails
   */
  public static Result run(double[] mJJ, double[] score, double efficiency, double lo, double hi, int bins, double mass,
      double relativeWidth) {
    if (!(efficiency > 0 && efficiency <= 1)) {
      throw new NphuntException("cut efficiency must be in (0, 1], found " + efficiency);
    }
    if (mJJ.length != score.length) {
      throw new NphuntException("bump hunt after the cut: " + mJJ.length + " masses for " + score.length + " scores");
    }
    int n = 0;
    for (int i = 0; i < mJJ.length; i++) {
      if (!Double.isNaN(score[i]) && mJJ[i] >= lo && mJJ[i] < hi) {
        n++;
      }
    }
    double[] m = new double[n];
    double[] s = new double[n];
    for (int i = 0, k = 0; i < mJJ.length; i++) {
      if (!Double.isNaN(score[i]) && mJJ[i] >= lo && mJJ[i] < hi) {
        m[k] = mJJ[i];
        s[k++] = score[i];
      }
    }
    int keep = (int) Math.ceil(efficiency * n);
    if (keep < 10 * bins / 6) {
      throw new NphuntException("bump hunt after the cut: " + keep + " of " + n + " scored events pass, too few for "
          + bins + " bins");
    }
    double[] sorted = s.clone();
    Arrays.sort(sorted);
    double threshold = sorted[n - keep];
    int selected = 0;
    for (double v : s) {
      selected += v >= threshold ? 1 : 0;
    }
    double[] ms = new double[selected];
    for (int i = 0, k = 0; i < n; i++) {
      if (s[i] >= threshold) {
        ms[k++] = m[i];
      }
    }
    double[] edges = Histogram.logEdges(lo, hi, bins);
    CrystalBallShape shape = new CrystalBallShape(relativeWidth, 1.0, 3.0, 1.0);
    double[] at = {mass};
    ScanPoint cut = new ResonanceSearch(FitConfig.defaults(), List.of(new Category("after cut",
        Histogram.fill(ms, null, edges), 1)), shape).scan(at).points().get(0);
    ScanPoint all = new ResonanceSearch(FitConfig.defaults(), List.of(new Category("no cut",
        Histogram.fill(m, null, edges), 1)), shape).scan(at).points().get(0);
    return new Result(efficiency, threshold, n, selected, cut, all);
  }
}
