package org.nphunt.jet.substructure;

import org.nphunt.jet.ClusterSequence;
import org.nphunt.jet.FourMomenta;
import org.nphunt.jet.JetDefinition;

/**
 * Soft-drop grooming (Larkoski, Marzani, Soyez, Thaler, arXiv:1402.2657) in grooming mode, as
 * fjcontrib RecursiveTools' {@code SoftDrop(beta, zCut, R0)} with its defaults (scalar_z symmetry,
 * larger-pT recursion):
 *
 * <ol>
 *   <li>recluster the jet's constituents with Cambridge/Aachen, R = 1000 (one jet);
 *   <li>undo its last merge into parents j1, j2 (j1 the harder in pT);
 *   <li>if {@code min(pT1, pT2)/(pT1 + pT2) > zCut (DeltaR12/R0)^beta} (DeltaR in rapidity, azimuth)
 *       stop: the current object is the groomed jet;
 *   <li>otherwise drop j2, continue with j1; a single particle is returned as it is.
 * </ol>
 *
 * <p>The groomed jet is a pseudojet of {@link #reclustering()}; its mass is the soft-drop mass.
 * Reusable; not thread-safe.
 */
public final class SoftDrop {
  private static final JetDefinition CA = JetDefinition.cambridgeAachen(JetDefinition.MAX_ALLOWABLE_R);

  private final ClusterSequence ca = new ClusterSequence();
  private final ConstituentBuffer buf = new ConstituentBuffer();
  private int[] jets = new int[64];
  private final int[] parents = new int[2];

  /**
   * Grooms jet {@code jet} of an event's clustering.
   *
   * @return the groomed jet as a pseudojet index of {@link #reclustering()}, or -1 if the jet has no
   *     constituents or a zero-pT object is met (fjcontrib then returns an empty jet)
   */
  public int groom(ClusterSequence event, int jet, SoftDropConfig config) {
    buf.load(event, jet);
    return groomLoaded(config);
  }

  /** Grooms the object made of n particles (px, py, pz, E) [GeV]; see {@link #groom(ClusterSequence, int, SoftDropConfig)}. */
  public int groom(double[] px, double[] py, double[] pz, double[] e, int n, SoftDropConfig config) {
    buf.ensure(n);
    System.arraycopy(px, 0, buf.px, 0, n);
    System.arraycopy(py, 0, buf.py, 0, n);
    System.arraycopy(pz, 0, buf.pz, 0, n);
    System.arraycopy(e, 0, buf.e, 0, n);
    for (int i = 0; i < n; i++) {
      buf.index[i] = i;
    }
    buf.n = n;
    return groomLoaded(config);
  }

  private int groomLoaded(SoftDropConfig config) {
    if (buf.n == 0) {
      return -1;
    }
    ca.cluster(CA, buf.px, buf.py, buf.pz, buf.e, buf.n);
    if (jets.length < buf.n) {
      jets = new int[Math.max(buf.n, 2 * jets.length)];
    }
    // one jet, unless constituents are more than 1000 apart in rapidity (zero-pT objects at
    // +-1e5): then the hardest, as fjcontrib's Recluster keeps
    ca.inclusiveJets(0.0, jets);
    int j = jets[0];
    double r0Sq = config.r0() * config.r0();
    double halfBeta = 0.5 * config.beta();
    while (ca.parents(j, parents)) {
      if (ca.pt2(j) <= 0) {
        return -1;
      }
      int p1 = parents[0];
      int p2 = parents[1];
      double pt1 = ca.pt(p1);
      double pt2 = ca.pt(p2);
      if (pt1 + pt2 == 0) {
        return -1;
      }
      double z = Math.min(pt1, pt2) / (pt1 + pt2);
      double dr2 = FourMomenta.squaredDistance(ca.rap(p1), ca.phi02pi(p1), ca.rap(p2), ca.phi02pi(p2));
      double cut = config.zCut() * (halfBeta == 0 ? 1.0 : Math.pow(dr2 / r0Sq, halfBeta));
      if (z > cut) {
        return j;
      }
      j = p1;
    }
    return j;
  }

  /** The C/A reclustering of the last groomed jet (valid until the next {@code groom}). */
  public ClusterSequence reclustering() {
    return ca;
  }

  /**
   * Constituents of a groomed jet as input indices of the event given to {@link #groom(ClusterSequence,
   * int, SoftDropConfig)} (or particle indices of the arrays given to the array form).
   *
   * @return the number written to out
   */
  public int groomedConstituents(int groomed, int[] out) {
    int n = ca.constituents(groomed, out);
    for (int k = 0; k < n; k++) {
      out[k] = buf.index[out[k]];
    }
    return n;
  }
}
