package org.nphunt.jet;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * An independent, deliberately simple O(N^3) implementation of inclusive generalised-kT clustering
 * straight from the definitions (arXiv:0802.1189 eqs. 1-2, E-scheme), sharing no code with
 * {@link ClusterSequence} except {@link FourMomenta}: at each step compute every d_ij (pairs with
 * DeltaR^2 < R^2) and d_iB, take the smallest, merge or declare a jet. For cross-checks on events
 * without exact ties.
 */
final class NaiveClusterer {
  private NaiveClusterer() {}

  /** Inclusive jets as sets of input indices, with their four-momenta; pT >= ptMin. */
  record Jet(TreeSet<Integer> constituents, double px, double py, double pz, double e) {}

  static List<Jet> cluster(JetDefinition def, double[] px, double[] py, double[] pz, double[] e, int n, double ptMin) {
    List<double[]> p4 = new ArrayList<>();
    List<TreeSet<Integer>> sets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p4.add(new double[] {px[i], py[i], pz[i], e[i]});
      TreeSet<Integer> s = new TreeSet<>();
      s.add(i);
      sets.add(s);
    }
    double r2 = def.r() * def.r();
    List<Jet> jets = new ArrayList<>();
    while (!p4.isEmpty()) {
      double best = Double.POSITIVE_INFINITY;
      int bi = -1;
      int bj = -1;
      for (int i = 0; i < p4.size(); i++) {
        double[] a = p4.get(i);
        double sa = def.algorithm().scale(a[0] * a[0] + a[1] * a[1]);
        if (sa < best) {
          best = sa;
          bi = i;
          bj = -1;
        }
        for (int j = i + 1; j < p4.size(); j++) {
          double[] b = p4.get(j);
          double dr2 = FourMomenta.squaredDistance(FourMomenta.rapidity(a[0], a[1], a[2], a[3]), FourMomenta.phi02pi(a[0], a[1]),
              FourMomenta.rapidity(b[0], b[1], b[2], b[3]), FourMomenta.phi02pi(b[0], b[1]));
          if (dr2 >= r2) {
            continue;
          }
          double sb = def.algorithm().scale(b[0] * b[0] + b[1] * b[1]);
          double d = Math.min(sa, sb) * dr2 / r2;
          if (d < best) {
            best = d;
            bi = i;
            bj = j;
          }
        }
      }
      if (bj < 0) {
        double[] a = p4.remove(bi);
        TreeSet<Integer> s = sets.remove(bi);
        if (a[0] * a[0] + a[1] * a[1] >= ptMin * ptMin) {
          jets.add(new Jet(s, a[0], a[1], a[2], a[3]));
        }
      } else {
        double[] a = p4.get(bi);
        double[] b = p4.remove(bj);
        for (int c = 0; c < 4; c++) {
          a[c] += b[c];
        }
        sets.get(bi).addAll(sets.remove(bj));
      }
    }
    jets.sort((x, y) -> Double.compare(y.px * y.px + y.py * y.py, x.px * x.px + x.py * x.py));
    return jets;
  }
}
