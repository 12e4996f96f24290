package org.nphunt.jet.dijet;

import java.util.List;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.Events;

/**
 * A cut-based selection on per-event dijet features, as used by the resonant dijet searches of the LHC
 * Olympics 2020 (arXiv:2101.08320) and CMS (arXiv:2412.03747): the dijet mass, each jet's |eta|, the
 * leading jet's pT and a window in |DeltaEtaJJ| (signal region below, sideband above).
 *
 * <p>An event passes when mJJ &gt; mjjMin, |j1Eta| and |j2Eta| &lt; jetAbsEtaMax, j1Pt &gt; leadingPtMin and
 * deltaEtaMin &lt;= DeltaEtaJJ &lt; deltaEtaMax; events without a second jet (mJJ = 0) fail whenever
 * mjjMin &gt; 0. Every bound is inclusive of "no cut": mjjMin and leadingPtMin 0, jetAbsEtaMax and
 * deltaEtaMax infinite, deltaEtaMin 0.
 *
 * @param mjjMin [GeV], &gt;= 0
 * @param jetAbsEtaMax &gt; 0 (infinite: none)
 * @param leadingPtMin [GeV], &gt;= 0
 * @param deltaEtaMin &gt;= 0
 * @param deltaEtaMax &gt; deltaEtaMin (infinite: none)
 */
public record DijetSelection(double mjjMin, double jetAbsEtaMax, double leadingPtMin, double deltaEtaMin,
    double deltaEtaMax) {

  /** The boundary between the signal region and the sideband in |DeltaEtaJJ|. */
  public static final double DELTA_ETA_CUT = 1.4;

  public DijetSelection {
    if (!(mjjMin >= 0) || Double.isInfinite(mjjMin)) {
      throw new IllegalArgumentException("mjjMin must be finite and >= 0, found " + mjjMin);
    }
    if (!(jetAbsEtaMax > 0)) {
      throw new IllegalArgumentException("jetAbsEtaMax must be > 0, found " + jetAbsEtaMax);
    }
    if (!(leadingPtMin >= 0) || Double.isInfinite(leadingPtMin)) {
      throw new IllegalArgumentException("leadingPtMin must be finite and >= 0, found " + leadingPtMin);
    }
    if (!(deltaEtaMin >= 0) || !(deltaEtaMax > deltaEtaMin)) {
      throw new IllegalArgumentException("DeltaEtaJJ window must satisfy 0 <= min < max, found [" + deltaEtaMin + ", "
          + deltaEtaMax + ")");
    }
  }

  /** The dijet-search preselection: mJJ &gt; 1.2 TeV and both jets within |eta| &lt; 2.4. */
  public static DijetSelection search() {
    return new DijetSelection(1200, 2.4, 0, 0, Double.POSITIVE_INFINITY);
  }

  /** The search preselection and the signal region |DeltaEtaJJ| &lt; 1.4. */
  public static DijetSelection signalRegion() {
    return new DijetSelection(1200, 2.4, 0, 0, DELTA_ETA_CUT);
  }

  /** The search preselection and the sideband |DeltaEtaJJ| &gt;= 1.4. */
  public static DijetSelection sideband() {
    return new DijetSelection(1200, 2.4, 0, DELTA_ETA_CUT, Double.POSITIVE_INFINITY);
  }


  /** Whether values (mJJ, j1Pt, j1Eta, j2Eta, DeltaEtaJJ) pass. */
  public boolean accepts(double mjj, double j1Pt, double j1Eta, double j2Eta, double deltaEta) {
    if (mjjMin > 0 && !(mjj > mjjMin)) {
      return false;
    }
    if (leadingPtMin > 0 && !(j1Pt > leadingPtMin)) {
      return false;
    }
    if (!(Math.abs(j1Eta) < jetAbsEtaMax)) {
      return false;
    }
    if (mjj > 0 && !(Math.abs(j2Eta) < jetAbsEtaMax)) {
      return false;
    }
    double d = Math.abs(deltaEta);
    return d >= deltaEtaMin && d < deltaEtaMax;
  }

  /** Whether a feature row in {@link DijetFeatures#FEATURE_NAMES} order (at features[offset..]) passes. */
  public boolean accepts(double[] features, int offset) {
    return accepts(features[offset], features[offset + 1], features[offset + 2], features[offset + 7],
        features[offset + 11]);
  }

  /**
   * Indices of the events of a {@link DijetSchema} block that pass (the schema must carry j1Pt, j1Eta,
   * j2Eta, mJJ and DeltaEtaJJ).
   */
  public int[] select(Events dijets) {
    if (!(dijets.schema() instanceof DijetSchema s)) {
      throw new IllegalArgumentException("select needs dijet events, found schema " + dijets.schema().name());
    }
    List<String> names = s.eventFeatures();
    int mjj = need(names, "mJJ");
    int pt = need(names, "j1Pt");
    int e1 = need(names, "j1Eta");
    int e2 = need(names, "j2Eta");
    int de = need(names, "DeltaEtaJJ");
    double[] f = dijets.tensor(DijetSchema.EVENT_FEATURES);
    int nf = names.size();
    int[] out = new int[dijets.size()];
    int n = 0;
    for (int e = 0; e < dijets.size(); e++) {
      int o = e * nf;
      if (accepts(f[o + mjj], f[o + pt], f[o + e1], f[o + e2], f[o + de])) {
        out[n++] = e;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static int need(List<String> names, String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("dijet events have no feature " + name + " (features: " + names + ")");
    }
    return i;
  }
}
