package org.nphunt.jet.substructure;

/**
 * Parameters of soft-drop grooming (Larkoski, Marzani, Soyez, Thaler, arXiv:1402.2657): a
 * declustering step of a C/A-reclustered jet is kept when {@code min(pT1, pT2)/(pT1 + pT2) >
 * zCut (DeltaR12 / r0)^beta}. beta = 0 is the modified mass-drop tagger (mMDT, arXiv:1307.0007).
 *
 * @param beta angular exponent, >= 0 (default 0)
 * @param zCut symmetry cut, in [0, 1) (default 0.1)
 * @param r0 angular normalisation, > 0 (the jet radius R; irrelevant for beta = 0)
 */
public record SoftDropConfig(double beta, double zCut, double r0) {

  public SoftDropConfig {
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be >= 0, found " + beta);
    }
    if (!(zCut >= 0 && zCut < 1)) {
      throw new IllegalArgumentException("zCut must be in [0, 1), found " + zCut);
    }
    if (!(r0 > 0) || Double.isInfinite(r0)) {
      throw new IllegalArgumentException("r0 must be > 0, found " + r0);
    }
  }

  /** beta = 0, zCut = 0.1 (mMDT), r0 = the jet radius. */
  public static SoftDropConfig defaults(double jetRadius) {
    return new SoftDropConfig(0.0, 0.1, jetRadius);
  }
}
