package org.nphunt.jet.substructure;

import org.nphunt.jet.ClusterSequence;

/** Growable scratch arrays holding the four-momenta of one jet's constituents (package-internal). */
final class ConstituentBuffer {
  int n;
  int[] index = new int[64];
  double[] px = new double[64];
  double[] py = new double[64];
  double[] pz = new double[64];
  double[] e = new double[64];

  /** Copies the constituents of {@code jet} of {@code cs} (their input indices into {@link #index}). */
  void load(ClusterSequence cs, int jet) {
    int count = cs.nConstituents(jet);
    ensure(count);
    n = cs.constituents(jet, index);
    for (int k = 0; k < n; k++) {
      int i = index[k];
      px[k] = cs.px(i);
      py[k] = cs.py(i);
      pz[k] = cs.pz(i);
      e[k] = cs.e(i);
    }
  }

  void ensure(int count) {
    if (index.length < count) {
      int cap = Math.max(count, 2 * index.length);
      index = new int[cap];
      px = new double[cap];
      py = new double[cap];
      pz = new double[cap];
      e = new double[cap];
    }
  }
}
