package org.nphunt.physics.jets.shower;

import org.nphunt.physics.jets.event.Pid;

/**
 * One gauge sector the shower evolves: QCD, or the SU(N) of a hidden valley (Carloni and Sjostrand,
 * arXiv:1006.2911; Pythia 8's HiddenValley module), with its colour factors, its coupling at the
 * branching's transverse momentum, the shower cut-off, and its parton codes. Immutable.
 *
 * <p>QCD: C_F = 4/3, C_A = 3, T_R = 1/2, five light flavours for g -> q qbar (c and b above their
 * thresholds t &gt; 4 m^2), alpha_s from {@link AlphaS}. Dark: SU(N_d) colour factors, n_f dark flavours
 * (one code, {@link Pid#DARK_QUARK}), either a fixed alpha_d or one-loop running 1 / (b0 ln(pT^2 /
 * Lambda_d^2)), b0 = (11 N_d - 2 n_f) / (12 pi), as Pythia's HiddenValley:alphaOrder = 1.
 */
public final class ShowerSector {
  private static final double[] CMW = {1, 1, 1, cmwFactor(3), cmwFactor(4), cmwFactor(5), cmwFactor(6)};
  private final boolean qcd;
  private final double cF;
  private final double cA;
  private final double tR;
  private final int nf;
  private final double ptMin2;
  private final double alphaMax;
  private final AlphaS alphaS;
  private final boolean cmw;
  private final double fixedAlpha;
  private final double lambda2;
  private final double b0;

  private ShowerSector(boolean qcd, double cF, double cA, double tR, int nf, double ptMin, AlphaS alphaS,
      boolean cmw, double fixedAlpha, double lambda) {
    this.qcd = qcd;
    this.cF = cF;
    this.cA = cA;
    this.tR = tR;
    this.nf = nf;
    this.ptMin2 = ptMin * ptMin;
    this.alphaS = alphaS;
    this.cmw = cmw;
    this.fixedAlpha = fixedAlpha;
    this.lambda2 = lambda * lambda;
    this.b0 = qcd ? 0 : (11.0 * cA - 2.0 * nf) / (12.0 * Math.PI);
    this.alphaMax = alpha(ptMin2);
  }

  /**
   * QCD with a cut-off on the branching's relative transverse momentum, the coupling in the MSbar or the
   * CMW scheme.
   *
   * @param ptMin cut-off [GeV], &gt;= 0.3 (and above the coupling's Landau pole)
   * @param cmw whether the shower's coupling is the CMW ("Monte Carlo") coupling alpha_s(pT / k(nf)),
   *     k(nf) = exp(K(nf) / (4 pi b0(nf))), K = C_A (67/18 - pi^2/6) - 5 nf / 9 (Catani, Marchesini,
   *     Webber, Nucl. Phys. B349 (1991) 635): k = 1.569 for 5 flavours
   */
  public static ShowerSector qcd(double ptMin, AlphaS alphaS, boolean cmw) {
    if (!(ptMin >= 0.3) || Double.isInfinite(ptMin)) {
      throw new IllegalArgumentException("ptMin must be >= 0.3 GeV, found " + ptMin);
    }
    double k = cmw ? cmwFactor(AlphaS.nf(ptMin * ptMin)) : 1;
    if (!(ptMin * ptMin / (k * k) >= alphaS.minScale2())) {
      throw new IllegalArgumentException("ptMin " + ptMin + " GeV is too close to the coupling's Landau pole");
    }
    return new ShowerSector(true, Splitting.CF, Splitting.CA, Splitting.TR, 5, ptMin, alphaS, cmw, 0, 0);
  }

  /** QCD in the MSbar scheme (see {@link #qcd(double, AlphaS, boolean)}). */
  public static ShowerSector qcd(double ptMin, AlphaS alphaS) {
    return qcd(ptMin, alphaS, false);
  }

  /** The CMW scale factor k(nf) = exp(K / (4 pi b0)) for nf active flavours. */
  public static double cmwFactor(int nf) {
    double k = Splitting.CA * (67.0 / 18.0 - Math.PI * Math.PI / 6.0) - 5.0 * nf / 9.0;
    return Math.exp(k / (4 * Math.PI * AlphaS.b0(nf)));
  }

  /**
   * A hidden-valley SU(nColours) sector.
   *
   * @param nColours N_d &gt;= 2
   * @param nFlavours dark flavours n_f &gt;= 1 (for g_d -> q_d qbar_d and b0)
   * @param ptMin shower cut-off on the branching's transverse momentum [GeV]
   * @param fixedAlpha alpha_d if &gt; 0; else running with lambda
   * @param lambda Lambda_d [GeV] of the running coupling, &lt; ptMin
   */
  public static ShowerSector dark(int nColours, int nFlavours, double ptMin, double fixedAlpha, double lambda) {
    if (nColours < 2 || nColours > 10) {
      throw new IllegalArgumentException("dark nColours must be in 2..10, found " + nColours);
    }
    if (nFlavours < 1 || nFlavours > 10) {
      throw new IllegalArgumentException("dark nFlavours must be in 1..10, found " + nFlavours);
    }
    if (!(ptMin > 0) || Double.isInfinite(ptMin)) {
      throw new IllegalArgumentException("dark ptMin must be > 0, found " + ptMin);
    }
    if (!(fixedAlpha > 0) && !(lambda > 0 && lambda < ptMin)) {
      throw new IllegalArgumentException("dark Lambda must be in (0, ptMin = " + ptMin + ") for a running coupling, found "
          + lambda);
    }
    double n = nColours;
    return new ShowerSector(false, (n * n - 1) / (2 * n), n, 0.5, nFlavours, ptMin, null, false, fixedAlpha, lambda);
  }

  /** Coupling at the branching's transverse momentum squared. */
  public double alpha(double pt2) {
    if (qcd) {
      if (cmw) {
        double k = CMW[AlphaS.nf(pt2)];
        return alphaS.value(pt2 / (k * k));
      }
      return alphaS.value(pt2);
    }
    if (fixedAlpha > 0) {
      return fixedAlpha;
    }
    return 1.0 / (b0 * Math.log(pt2 / lambda2));
  }

  /** The largest coupling the shower can use: alpha at the cut-off. */
  public double alphaMax() {
    return alphaMax;
  }

  /** Whether the QCD coupling is taken in the CMW scheme. */
  public boolean cmw() {
    return cmw;
  }

  public boolean isQcd() {
    return qcd;
  }

  public double cF() {
    return cF;
  }

  public double cA() {
    return cA;
  }

  public double tR() {
    return tR;
  }

  /** Flavours available to g -> q qbar (their thresholds aside). */
  public int nf() {
    return nf;
  }

  /** Cut-off on the branching's transverse momentum squared [GeV^2]. */
  public double ptMin2() {
    return ptMin2;
  }

  /** Whether the parton code belongs to this sector. */
  public boolean owns(int id) {
    return qcd ? Pid.isParton(id) : Pid.isDarkParton(id);
  }

  /** Whether the code is this sector's gauge boson. */
  public boolean isGluon(int id) {
    return qcd ? id == Pid.GLUON : id == Pid.DARK_GLUON;
  }

  public int gluonId() {
    return qcd ? Pid.GLUON : Pid.DARK_GLUON;
  }

  /** Mass threshold of flavour f (1..nf) for g -> q qbar: c and b in QCD, none in the dark sector. */
  public double quarkMass(int f) {
    return qcd ? Pid.quarkMass(f) : 0;
  }

  /** The quark code of flavour f (1..nf): QCD pid f, dark {@link Pid#DARK_QUARK}. */
  public int quarkId(int f) {
    return qcd ? f : Pid.DARK_QUARK;
  }
}
