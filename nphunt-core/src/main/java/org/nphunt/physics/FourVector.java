package org.nphunt.physics;

/**
 * An immutable Lorentz four-vector (px, py, pz, E) in GeV, metric (+,-,-,-), z along the beam.
 *
 * <p>Used where clarity matters (tests, analysis, docs); the generator's hot loop works on primitive
 * arrays through {@link Kinematics} with the same formulas.
 */
public record FourVector(double px, double py, double pz, double e) {

  /** A vector from transverse momentum, pseudorapidity, azimuth and mass. */
  public static FourVector ofPtEtaPhiM(double pt, double eta, double phi, double m) {
    double px = pt * Math.cos(phi);
    double py = pt * Math.sin(phi);
    double pz = pt * Math.sinh(eta);
    return new FourVector(px, py, pz, Math.sqrt(px * px + py * py + pz * pz + m * m));
  }

  /** A vector at rest with mass m. */
  public static FourVector atRest(double m) {
    return new FourVector(0, 0, 0, m);
  }

  public FourVector plus(FourVector o) {
    return new FourVector(px + o.px, py + o.py, pz + o.pz, e + o.e);
  }

  public FourVector minus(FourVector o) {
    return new FourVector(px - o.px, py - o.py, pz - o.pz, e - o.e);
  }

  public FourVector times(double f) {
    return new FourVector(px * f, py * f, pz * f, e * f);
  }

  /** |p|. */
  public double p() {
    return Math.sqrt(px * px + py * py + pz * pz);
  }

  public double pt() {
    return Math.hypot(px, py);
  }

  /** Invariant mass squared (may be slightly negative from rounding). */
  public double m2() {
    return e * e - px * px - py * py - pz * pz;
  }

  /** Invariant mass; negative m2 from rounding gives 0 (a tachyonic input gives -sqrt(-m2)). */
  public double m() {
    double m2 = m2();
    return m2 >= 0 ? Math.sqrt(m2) : -Math.sqrt(-m2);
  }

  /** Transverse mass sqrt(E^2 - pz^2). */
  public double mt() {
    double mt2 = e * e - pz * pz;
    return mt2 >= 0 ? Math.sqrt(mt2) : -Math.sqrt(-mt2);
  }

  /** Pseudorapidity; +-infinity along the beam. */
  public double eta() {
    return Kinematics.eta(px, py, pz);
  }

  /** Rapidity 0.5 ln((E+pz)/(E-pz)). */
  public double rapidity() {
    return 0.5 * Math.log((e + pz) / (e - pz));
  }

  /** Azimuth in [-pi, pi]. */
  public double phi() {
    return Math.atan2(py, px);
  }

  /** Velocity of this vector's rest frame, (px, py, pz) / E. */
  public double[] beta() {
    return new double[] {px / e, py / e, pz / e};
  }

  /** This vector boosted by velocity (bx, by, bz) (|beta| < 1): active boost. */
  public FourVector boost(double bx, double by, double bz) {
    double[] out = new double[4];
    Kinematics.boost(px, py, pz, e, bx, by, bz, out, 0);
    return new FourVector(out[0], out[1], out[2], out[3]);
  }

  /** This vector, given in the rest frame of {@code parent}, expressed in the parent's frame. */
  public FourVector boostToFrameOf(FourVector parent) {
    return boost(parent.px / parent.e, parent.py / parent.e, parent.pz / parent.e);
  }

  /** Delta R = sqrt(d_eta^2 + d_phi^2) with d_phi wrapped into [-pi, pi]. */
  public double deltaR(FourVector o) {
    return Kinematics.deltaR(eta(), phi(), o.eta(), o.phi());
  }

  /**
   * Transverse mass of a visible massless particle and missing momentum (the W Jacobian variable):
   * m_T = sqrt(2 pT1 pT2 (1 - cos dphi)).
   */
  public static double transverseMass(double pt1, double phi1, double pt2, double phi2) {
    return Math.sqrt(Math.max(0, 2 * pt1 * pt2 * (1 - Math.cos(phi1 - phi2))));
  }
}
