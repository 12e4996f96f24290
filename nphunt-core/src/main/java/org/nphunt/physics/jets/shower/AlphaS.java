package org.nphunt.physics.jets.shower;

/**
 * The strong coupling at one loop with flavour thresholds: 1/alpha_s(mu^2) = 1/alpha_s(mu0^2) + b0(nf)
 * ln(mu^2/mu0^2), b0(nf) = (33 - 2 nf) / (12 pi), matched continuously at m_c = 1.5, m_b = 4.8 and
 * m_t = 172.5 GeV (Pythia's threshold masses), fixed by alpha_s(M_Z) = 0.118 by default (nf = 5
 * between m_b and m_t). Standard one-loop running as in Ellis, Stirling and Webber, "QCD and collider
 * physics", section 2.4. One loop is what a leading-logarithmic shower resums consistently.
 *
 * <p>The one-loop Lambda_3 (the Landau pole) is about 0.15 GeV for alpha_s(M_Z) = 0.118, far below the
 * shower's cut-off; scales below 1.2 Lambda_3 are refused. Immutable and thread-safe.
 */
public final class AlphaS {
  public static final double M_Z = 91.1876;
  public static final double M_C = 1.5;
  public static final double M_B = 4.8;
  public static final double M_T = 172.5;

  private final double alphaMz;
  private final double invMz;
  private final double invMb;
  private final double invMc;
  private final double invMt;
  private final double minScale2;

  /** alpha_s(M_Z) in (0.05, 0.3). */
  public AlphaS(double alphaMz) {
    if (!(alphaMz > 0.05 && alphaMz < 0.3)) {
      throw new IllegalArgumentException("alphaS(MZ) must be in (0.05, 0.3), found " + alphaMz);
    }
    this.alphaMz = alphaMz;
    invMz = 1 / alphaMz;
    invMb = invMz + b0(5) * Math.log(M_B * M_B / (M_Z * M_Z));
    invMc = invMb + b0(4) * Math.log(M_C * M_C / (M_B * M_B));
    invMt = invMz + b0(5) * Math.log(M_T * M_T / (M_Z * M_Z));
    double lambda3Squared = M_C * M_C * Math.exp(-invMc / b0(3));
    minScale2 = 1.44 * lambda3Squared;
    if (!(minScale2 < 0.25)) {
      throw new IllegalArgumentException("alphaS(MZ) = " + alphaMz + " puts the one-loop Landau pole above 0.4 GeV");
    }
  }

  /** One-loop coefficient b0(nf) = (33 - 2 nf) / (12 pi). */
  public static double b0(int nf) {
    return (33.0 - 2.0 * nf) / (12.0 * Math.PI);
  }

  public double alphaMz() {
    return alphaMz;
  }

  /** Active flavours at scale mu^2. */
  public static int nf(double mu2) {
    return mu2 < M_C * M_C ? 3 : mu2 < M_B * M_B ? 4 : mu2 < M_T * M_T ? 5 : 6;
  }

  /** Smallest accepted scale squared [GeV^2]: (1.2 Lambda_3)^2. */
  public double minScale2() {
    return minScale2;
  }

  /** alpha_s(mu^2) for mu^2 >= {@link #minScale2()}. */
  public double value(double mu2) {
    if (!(mu2 >= minScale2)) {
      throw new IllegalArgumentException("alpha_s scale mu^2 must be >= " + minScale2 + " GeV^2, found " + mu2);
    }
    double inv;
    if (mu2 < M_C * M_C) {
      inv = invMc + b0(3) * Math.log(mu2 / (M_C * M_C));
    } else if (mu2 < M_B * M_B) {
      inv = invMb + b0(4) * Math.log(mu2 / (M_B * M_B));
    } else if (mu2 < M_T * M_T) {
      inv = invMz + b0(5) * Math.log(mu2 / (M_Z * M_Z));
    } else {
      inv = invMt + b0(6) * Math.log(mu2 / (M_T * M_T));
    }
    return 1 / inv;
  }
}
