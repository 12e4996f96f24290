package org.nphunt.hunt;

import java.util.Arrays;
import org.nphunt.NphuntException;
import org.nphunt.eval.Auc;
import org.nphunt.fom.FiguresOfMerit;
import org.nphunt.fom.RocPoints;
import org.nphunt.fom.SicCurve;

/**
 * One method's separation of signal from background in the signal region, for the per-method
 * comparison of a resonant search (supervised reference, CWoLa hunting, ANODE, the hunt's anomaly
 * score): the ROC curve and the significance improvement SIC = eps_S / sqrt(eps_B) (arXiv:1010.3698)
 * against eps_S, over the points selecting at least {@link #MIN_BACKGROUND_EVENTS} background events,
 * thinned to at most {@code maxPoints} points evenly spaced in log eps_B for plots, with the AUC and the maximum SIC.
 *
 * @param method the method's name
 * @param signalEvents signal events scored
 * @param backgroundEvents background events scored
 * @param auc area under the ROC curve (Mann-Whitney)
 * @param maxSic the largest SIC (NaN when no point has enough background)
 * @param signalEfficiencyAtMaxSic eps_S there
 * @param signalEfficiency eps_S of the (thinned) curve points
 * @param backgroundEfficiency eps_B of the points
 * @param sic eps_S / sqrt(eps_B) of the points
 */
public record MethodCurves(String method, int signalEvents, int backgroundEvents, double auc, double maxSic,
    double signalEfficiencyAtMaxSic, double[] signalEfficiency, double[] backgroundEfficiency, double[] sic) {

  /**
   * A SIC or ROC point needs this many background events selected: 25, so that the relative statistical
   * (Poisson) error of eps_B, 1 / sqrt(N_B), is at most 20%, the floor of the LHC Olympics weak-supervision
   * comparisons (CATHODE, Hallin et al. arXiv:2109.00546: SIC curves only where eps_B has a relative
   * statistical error below 20%). Without it the maximum SIC is set by the last handful of background events:
   * eps_S / sqrt(eps_B) grows without bound as the cut passes fewer of them (with one background event left
   * of N_B, SIC = eps_S sqrt(N_B)). This floor is the hunt's; top tagging keeps its 10 events
   * ({@link FiguresOfMerit#DEFAULT_MIN_BACKGROUND_EVENTS}).
   */
  public static final double MIN_BACKGROUND_EVENTS = 25;

  /**
   * The curves of one method.
   *
   * @param method its name
   * @param background the background events' scores (larger = more signal-like), finite
   * @param signal the signal events' scores, finite
   * @param maxPoints the most curve points kept, &gt;= 2
   * @throws NphuntException naming the method on an empty sample or a non-finite score
   */
  public static MethodCurves of(String method, double[] background, double[] signal, int maxPoints) {
    if (background.length == 0 || signal.length == 0) {
      throw new NphuntException(method + ": SIC curves need signal and background events, found " + signal.length
          + " and " + background.length);
    }
    RocPoints roc;
    try {
      roc = RocPoints.of(signal, null, background, null);
    } catch (NphuntException e) {
      throw new NphuntException(method + ": " + e.getMessage(), e);
    }
    SicCurve s = FiguresOfMerit.sic(roc, MIN_BACKGROUND_EVENTS);
    int n = s.sic().length;
    int keep = Math.min(n, Math.max(2, maxPoints));
    double[] es = new double[keep];
    double[] eb = new double[keep];
    double[] sic = new double[keep];
    // points evenly spaced in log eps_B (the curves are drawn on log axes): the first point at or above
    // each of `keep` targets from the smallest resolved eps_B to 1
    int k = 0;
    int last = -1;
    double lo = n > 0 ? s.backgroundEfficiency()[0] : 1;
    for (int j = 0; j < keep && n > 0; j++) {
      double target = lo * Math.pow(1 / lo, j / (double) Math.max(1, keep - 1));
      int i = Arrays.binarySearch(s.backgroundEfficiency(), target);
      i = i >= 0 ? i : Math.min(n - 1, -i - 1);
      while (i > 0 && s.backgroundEfficiency()[i - 1] == s.backgroundEfficiency()[i]) {
        i--;
      }
      if (i <= last) {
        continue;
      }
      last = i;
      es[k] = s.signalEfficiency()[i];
      eb[k] = s.backgroundEfficiency()[i];
      sic[k] = s.sic()[i];
      k++;
    }
    return new MethodCurves(method, signal.length, background.length, Auc.mannWhitney(background, signal), s.maxSic(),
        s.signalEfficiencyAtMax(), Arrays.copyOf(es, k), Arrays.copyOf(eb, k), Arrays.copyOf(sic, k));
  }
}
