package org.nphunt.jet;

/**
 * The longitudinally invariant sequential-recombination jet algorithms of the generalised-kT family
 * (Cacciari, Salam, Soyez, arXiv:0802.1189; FastJet manual arXiv:1111.6097, section 3.1).
 *
 * <p>Distances: {@code d_ij = min(kt_i^2p, kt_j^2p) DeltaR_ij^2 / R^2} and {@code d_iB = kt_i^2p},
 * with {@code DeltaR_ij^2 = (y_i - y_j)^2 + (phi_i - phi_j)^2} in rapidity y and azimuth phi.
 * Internally the momentum scale {@code kt^2p} is computed exactly as FastJet's
 * {@code ClusterSequence::jet_scale_for_algorithm} does, including its guard for anti-kT on
 * zero-pT objects ({@code 1/kt2} if {@code kt2 > 1e-300}, else {@code 1e300}).
 */
public enum JetAlgorithm {
  /** kT, p = 1 (Catani et al., Nucl. Phys. B406 (1993) 187; Ellis, Soper, hep-ph/9305266). */
  KT(1),
  /** Cambridge/Aachen, p = 0 (Dokshitzer et al. hep-ph/9707323; Wobisch, Wengler hep-ph/9907280). */
  CAMBRIDGE_AACHEN(0),
  /** anti-kT, p = -1 (Cacciari, Salam, Soyez, arXiv:0802.1189). */
  ANTI_KT(-1);

  private final int power;

  JetAlgorithm(int power) {
    this.power = power;
  }

  /** The exponent p of {@code kt^2p}. */
  public int power() {
    return power;
  }

  /**
   * The momentum factor {@code kt^2p} of the distances for an object of squared transverse
   * momentum {@code kt2}, as FastJet 3.4 computes it.
   */
  public double scale(double kt2) {
    switch (this) {
      case KT:
        return kt2;
      case CAMBRIDGE_AACHEN:
        return 1.0;
      default:
        return kt2 > 1e-300 ? 1.0 / kt2 : 1e300;
    }
  }
}
