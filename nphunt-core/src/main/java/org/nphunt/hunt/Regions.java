package org.nphunt.hunt;

import java.util.Arrays;

/**
 * The signal region |DeltaEtaJJ| &lt; cut, where the search looks, and the sideband |DeltaEtaJJ| &gt;= cut,
 * dominated by QCD t-channel scattering, where the anomaly model is trained (CMS arXiv:2412.03747: cut
 * 1.4). A resonance decaying to two jets is central (small |DeltaEtaJJ|), QCD is forward.
 */
public final class Regions {
  private Regions() {}

  /** True for the signal region. */
  public static boolean inSignalRegion(double deltaEta, double cut) {
    return Math.abs(deltaEta) < cut;
  }

  /** Indices of the signal-region events, ascending. */
  public static int[] signalRegion(double[] deltaEta, double cut) {
    return select(deltaEta, cut, true);
  }

  /** Indices of the sideband events, ascending. */
  public static int[] sideband(double[] deltaEta, double cut) {
    return select(deltaEta, cut, false);
  }

  private static int[] select(double[] deltaEta, double cut, boolean sr) {
    int[] out = new int[deltaEta.length];
    int k = 0;
    for (int i = 0; i < deltaEta.length; i++) {
      if (inSignalRegion(deltaEta[i], cut) == sr) {
        out[k++] = i;
      }
    }
    return Arrays.copyOf(out, k);
  }
}
