package org.nphunt.hunt;

import java.util.SplittableRandom;
import org.nphunt.random.Seeds;

/**
 * Seeded toy events for the tests and the quick demonstration of the resonant search: no jets, only the
 * three per-event quantities the search uses. It is NOT a physics generator (nphunt's is
 * {@code org.nphunt.physics.jets}); it has exactly the features the method must handle:
 * <ul>
 *   <li>background mJJ falling as the dijet function (1 - x)^9 / x^5, x = mJJ / 13 TeV, over
 *       [lo, hi] GeV; |DeltaEtaJJ| = ln chi with chi uniform in [1, e^2.6] (QCD's flat chi distribution);
 *       an anomaly score exponential with a mean growing with mass, (mJJ / 3 TeV)^1.5, so a fixed cut on
 *       the score sculpts the background mJJ and the quantile regression must undo it;</li>
 *   <li>signal mJJ Gaussian around {@code mass} with sigma = {@code relativeWidth} x mass; central,
 *       |DeltaEtaJJ| = |N(0, 0.8)| folded into [0, 2.6]; a score 3 + exponential of mean 2 in the same
 *       units (anomalous).</li>
 * </ul>
 * Event i of a sample uses stream {@code Seeds.random(seed, "hunt/toy-" + kind, i)}.
 *
 * @param mass signal mass in GeV
 * @param relativeWidth signal sigma / mass
 */
public record ToyResonance(double mass, double relativeWidth) {
  public ToyResonance {
    if (!(mass > 0) || !(relativeWidth > 0 && relativeWidth < 0.5)) {
      throw new IllegalArgumentException("mass must be > 0 and relativeWidth in (0, 0.5), found " + mass + ", "
          + relativeWidth);
    }
  }

  /**
   * The lower edge of the toy's fit range in GeV (the hunt's default with toys): the toy spectrum is the
   * dijet function itself, with no selection turn-on, so any edge is valid; 2700 GeV keeps the LHC
   * Olympics' lower sideband in the range.
   */
  public static final double FIT_MJJ_MIN = 2700;

  private static final int GRID = 4000;

  /** {@code n} background events (label 0) with mJJ in [lo, hi] GeV. */
  public HuntEvents background(int n, double lo, double hi, long seed) {
    // inverse CDF of the dijet density on a fine logarithmic grid
    double[] m = new double[GRID + 1];
    double[] cdf = new double[GRID + 1];
    for (int i = 0; i <= GRID; i++) {
      m[i] = lo * Math.pow(hi / lo, i / (double) GRID);
      if (i > 0) {
        double mid = 0.5 * (m[i] + m[i - 1]);
        cdf[i] = cdf[i - 1] + density(mid) * (m[i] - m[i - 1]);
      }
    }
    double[] mJJ = new double[n];
    double[] deta = new double[n];
    double[] score = new double[n];
    for (int e = 0; e < n; e++) {
      SplittableRandom r = Seeds.random(seed, "hunt/toy-background", e);
      double u = r.nextDouble() * cdf[GRID];
      int k = java.util.Arrays.binarySearch(cdf, u);
      k = k >= 0 ? Math.max(k, 1) : -k - 1;
      double f = (u - cdf[k - 1]) / (cdf[k] - cdf[k - 1]);
      mJJ[e] = m[k - 1] + f * (m[k] - m[k - 1]);
      deta[e] = Math.log(1 + r.nextDouble() * (Math.exp(2.6) - 1));
      score[e] = Math.pow(mJJ[e] / 3000, 1.5) * -Math.log(1 - r.nextDouble());
    }
    return new HuntEvents(mJJ, deta, score, new int[n]);
  }

  /** {@code n} signal events (label 1). */
  public HuntEvents signal(int n, long seed) {
    double[] mJJ = new double[n];
    double[] deta = new double[n];
    double[] score = new double[n];
    int[] label = new int[n];
    for (int e = 0; e < n; e++) {
      SplittableRandom r = Seeds.random(seed, "hunt/toy-signal", e);
      mJJ[e] = mass * (1 + relativeWidth * r.nextGaussian());
      double d = Math.abs(0.8 * r.nextGaussian());
      deta[e] = d > 2.6 ? 2.6 - (d - 2.6) % 2.6 : d;
      score[e] = Math.pow(mJJ[e] / 3000, 1.5) * (3 - 2 * Math.log(1 - r.nextDouble()));
      label[e] = 1;
    }
    return new HuntEvents(mJJ, deta, score, label);
  }

  /** The background density in mJJ (unnormalised). */
  static double density(double m) {
    double x = m / 13000;
    return Math.pow(1 - x, 9) / Math.pow(x, 5);
  }
}
