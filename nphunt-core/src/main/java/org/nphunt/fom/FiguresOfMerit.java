package org.nphunt.fom;

/**
 * Background rejection at fixed signal efficiency and the SIC curve from signal and background scores
 * (see the package description for the conventions).
 */
public final class FiguresOfMerit {
  /** The signal efficiency of the top-tagging figure of merit 1 / eps_B (arXiv:1902.09914). */
  public static final double TOP_TAGGING_SIGNAL_EFFICIENCY = 0.3;
  /** Default minimum of selected background events for a resolved point (10 events). */
  public static final double DEFAULT_MIN_BACKGROUND_EVENTS = 10;

  private FiguresOfMerit() {}

  /**
   * 1 / eps_B at signal efficiency {@code epsS}.
   *
   * @param epsS in (0, 1]
   * @param minBackgroundEvents background events needed for a resolved value, >= 0
   */
  public static Rejection rejectionAt(RocPoints roc, double epsS, double minBackgroundEvents) {
    if (!(epsS > 0 && epsS <= 1)) {
      throw new IllegalArgumentException("signal efficiency must be in (0, 1], found " + epsS);
    }
    checkMin(minBackgroundEvents);
    double[] s = roc.signalEfficiency();
    double[] b = roc.backgroundEfficiency();
    int hi = 0;
    while (hi < s.length - 1 && s[hi] < epsS) {
      hi++;
    }
    // hi: first point with eps_S >= target (the last point has eps_S = 1 >= target)
    double epsB;
    if (s[hi] == epsS || hi == 0) {
      epsB = b[hi];
    } else {
      int lo = hi - 1;
      double f = (epsS - s[lo]) / (s[hi] - s[lo]);
      epsB = b[lo] + f * (b[hi] - b[lo]);
    }
    long nb = roc.backgroundSelected()[hi];
    return new Rejection(epsS, epsB, epsB > 0 ? 1 / epsB : Double.POSITIVE_INFINITY, roc.threshold()[hi], nb,
        minBackgroundEvents, nb >= minBackgroundEvents && epsB > 0);
  }

  /** 1 / eps_B at eps_S = 0.3 with at least 10 background events selected for a resolved value. */
  public static Rejection topTaggingRejection(RocPoints roc) {
    return rejectionAt(roc, TOP_TAGGING_SIGNAL_EFFICIENCY, DEFAULT_MIN_BACKGROUND_EVENTS);
  }

  /**
   * The SIC curve over the points with at least {@code minBackgroundEvents} background events selected,
   * and its maximum.
   */
  public static SicCurve sic(RocPoints roc, double minBackgroundEvents) {
    checkMin(minBackgroundEvents);
    int n = roc.size();
    double[] s = roc.signalEfficiency();
    double[] b = roc.backgroundEfficiency();
    long[] cb = roc.backgroundSelected();
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (keep(cb[i], b[i], minBackgroundEvents)) {
        kept++;
      }
    }
    double[] ks = new double[kept];
    double[] kb = new double[kept];
    double[] sic = new double[kept];
    double[] kt = new double[kept];
    int best = -1;
    for (int i = 0, k = 0; i < n; i++) {
      if (!keep(cb[i], b[i], minBackgroundEvents)) {
        continue;
      }
      ks[k] = s[i];
      kb[k] = b[i];
      sic[k] = s[i] / Math.sqrt(b[i]);
      kt[k] = roc.threshold()[i];
      if (best < 0 || sic[k] > sic[best]) {
        best = k;
      }
      k++;
    }
    return new SicCurve(ks, kb, sic, kt, minBackgroundEvents, n - kept,
        best < 0 ? Double.NaN : sic[best], best < 0 ? Double.NaN : ks[best], best < 0 ? Double.NaN : kb[best],
        best < 0 ? Double.NaN : kt[best]);
  }

  private static boolean keep(long count, double epsB, double min) {
    return count >= min && epsB > 0;
  }

  private static void checkMin(double m) {
    if (!(m >= 0) || Double.isInfinite(m)) {
      throw new IllegalArgumentException("minBackgroundEvents must be finite and >= 0, found " + m);
    }
  }
}
