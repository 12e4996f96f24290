package org.nphunt.physics.jets.hard;

import java.util.SplittableRandom;

/**
 * A normalised density on [x_0, x_{n-1}] whose logarithm is linear between nodes (exact integrals,
 * sampling by inversion): the proposal of the importance samplers, able to follow spectra that fall
 * by many orders of magnitude. Immutable.
 */
final class PiecewiseExponential {
  private final double[] x;
  private final double[] lnG;
  private final double[] cum;
  private final double total;

  /**
   * @param x increasing nodes (at least two)
   * @param g unnormalised density at the nodes, &gt;= 0 (zeros are floored at 1e-300)
   */
  PiecewiseExponential(double[] x, double[] g) {
    if (x.length < 2 || g.length != x.length) {
      throw new IllegalArgumentException("need at least two nodes and one value per node");
    }
    this.x = x.clone();
    this.lnG = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      if (k > 0 && !(x[k] > x[k - 1])) {
        throw new IllegalArgumentException("nodes must increase, found " + x[k - 1] + ", " + x[k]);
      }
      lnG[k] = Math.log(Math.max(g[k], 1e-300));
    }
    cum = new double[x.length];
    double c = 0;
    for (int k = 0; k < x.length - 1; k++) {
      double dx = x[k + 1] - x[k];
      double slope = (lnG[k + 1] - lnG[k]) / dx;
      double g0 = Math.exp(lnG[k]);
      c += Math.abs(slope * dx) < 1e-9 ? g0 * dx : g0 * Math.expm1(slope * dx) / slope;
      cum[k + 1] = c;
    }
    total = c;
    if (!(total > 0) || Double.isInfinite(total)) {
      throw new IllegalArgumentException("density must have a finite positive integral, found " + total);
    }
  }

  /** Integral of the unnormalised density. */
  double integral() {
    return total;
  }

  double min() {
    return x[0];
  }

  double max() {
    return x[x.length - 1];
  }

  /** Normalised density at xx in [min, max]. */
  double density(double xx) {
    int k = segment(xx);
    double slope = (lnG[k + 1] - lnG[k]) / (x[k + 1] - x[k]);
    return Math.exp(lnG[k] + slope * (xx - x[k])) / total;
  }

  double sample(SplittableRandom r) {
    double target = total * r.nextDouble();
    int lo = 0;
    int hi = cum.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (cum[mid] <= target) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int k = lo;
    double dx = x[k + 1] - x[k];
    double slope = (lnG[k + 1] - lnG[k]) / dx;
    double f = r.nextDouble();
    double xx = Math.abs(slope * dx) < 1e-9 ? x[k] + f * dx : x[k] + Math.log1p(f * Math.expm1(slope * dx)) / slope;
    return Math.min(Math.max(xx, x[k]), x[k + 1]);
  }

  private int segment(double xx) {
    int lo = 0;
    int hi = x.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (x[mid] <= xx) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
