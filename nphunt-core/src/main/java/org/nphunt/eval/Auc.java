package org.nphunt.eval;

/**
 * Area under the ROC curve by the Mann-Whitney U statistic (Hanley and McNeil, Radiology 143 (1982)
 * 29): AUC = P(s > b) + P(s = b) / 2, from the rank sum of the signal with midranks for ties. Equal to
 * the trapezoid area of {@link RocCurve#auc()} in exact arithmetic; the two are cross-checked in tests.
 */
public final class Auc {
  private Auc() {}

  /** The AUC of {@code signal} against {@code background} from midranks, O(n_b + n_s). */
  public static double mannWhitney(SortedScores background, SortedScores signal) {
    int nb = background.size();
    int ns = signal.size();
    int ib = 0;
    int is = 0;
    long nextRank = 1;
    double signalRankSum = 0;
    while (ib < nb || is < ns) {
      double v = Math.min(ib < nb ? background.get(ib) : Double.POSITIVE_INFINITY,
          is < ns ? signal.get(is) : Double.POSITIVE_INFINITY);
      long cb = 0;
      long cs = 0;
      while (ib < nb && background.get(ib) == v) {
        ib++;
        cb++;
      }
      while (is < ns && signal.get(is) == v) {
        is++;
        cs++;
      }
      double midrank = nextRank + (cb + cs - 1) / 2.0;
      signalRankSum += cs * midrank;
      nextRank += cb + cs;
    }
    double u = signalRankSum - (double) ns * (ns + 1) / 2;
    return u / ((double) ns * nb);
  }

  /** Convenience: validates, sorts and ranks raw score arrays. */
  public static double mannWhitney(double[] background, double[] signal) {
    return mannWhitney(SortedScores.of(background, "background"), SortedScores.of(signal, "signal"));
  }
}
