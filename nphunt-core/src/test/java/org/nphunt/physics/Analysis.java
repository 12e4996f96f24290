package org.nphunt.physics;

import java.util.ArrayList;
import java.util.List;
import org.nphunt.data.EventBatch;
import org.nphunt.data.ObjectType;

/** Reconstructed-level observables for the physics tests (massless objects from slots). */
final class Analysis {
  private Analysis() {}

  static List<FourVector> objects(EventBatch b, int e, ObjectType type) {
    List<FourVector> out = new ArrayList<>();
    for (int s = type.firstSlot(); s < type.endSlot(); s++) {
      if (!b.isEmpty(e, s)) {
        out.add(FourVector.ofPtEtaPhiM(b.pt(e, s), b.eta(e, s), b.phi(e, s), 0));
      }
    }
    return out;
  }

  static double mass(List<FourVector> vs) {
    FourVector sum = new FourVector(0, 0, 0, 0);
    for (FourVector v : vs) {
      sum = sum.plus(v);
    }
    return sum.m();
  }

  /** Centre of the most populated bin of a histogram over [lo, hi) with the given bin width. */
  static double mode(double[] values, int n, double lo, double hi, double width) {
    int bins = (int) Math.round((hi - lo) / width);
    int[] h = new int[bins];
    for (int i = 0; i < n; i++) {
      int k = (int) Math.floor((values[i] - lo) / width);
      if (k >= 0 && k < bins) {
        h[k]++;
      }
    }
    int best = 0;
    for (int k = 1; k < bins; k++) {
      if (h[k] > h[best]) {
        best = k;
      }
    }
    return lo + (best + 0.5) * width;
  }

  static double mean(double[] v, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += v[i];
    }
    return s / n;
  }

  static double fraction(double[] v, int n, double lo, double hi) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (v[i] >= lo && v[i] < hi) {
        k++;
      }
    }
    return (double) k / n;
  }

  /** M3: mass of the three-jet combination with the largest vector-sum pT (CMS top-mass proxy). */
  static double m3(List<FourVector> jets) {
    double bestPt = -1;
    double m = 0;
    int n = Math.min(jets.size(), 6);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        for (int k = j + 1; k < n; k++) {
          FourVector s = jets.get(i).plus(jets.get(j)).plus(jets.get(k));
          if (s.pt() > bestPt) {
            bestPt = s.pt();
            m = s.m();
          }
        }
      }
    }
    return m;
  }
}
