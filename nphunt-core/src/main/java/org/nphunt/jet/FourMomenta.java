package org.nphunt.jet;

/**
 * Kinematics of four-momenta (px, py, pz, E) in GeV with the exact conventions of FastJet 3.4's
 * {@code PseudoJet} (FastJet manual arXiv:1111.6097, section 3.2), so that nphunt's jets agree with
 * FastJet's to rounding.
 *
 * <ul>
 *   <li>rapidity {@code y = 0.5 ln((E + pz)/(E - pz))}, evaluated as FastJet does (robust to
 *       round-off for large |pz|; a tachyonic mass is taken as 0; an object with {@code kt = 0} and
 *       {@code E = |pz|} gets {@code +-(1e5 + |pz|)});
 *   <li>azimuth {@code phi02pi} in [0, 2 pi) as FastJet's {@code phi()}; {@link #phi} in [-pi, pi];
 *   <li>pseudorapidity {@code eta = -ln tan(theta/2)} (FastJet's {@code pseudorapidity()}, 1e5 when
 *       kt = 0);
 *   <li>mass {@code m = sqrt(m2)}, or {@code -sqrt(-m2)} when {@code m2 < 0} (as CLHEP and FastJet).
 * </ul>
 */
public final class FourMomenta {
  /** FastJet's {@code MaxRap}: the rapidity scale given to objects with zero transverse momentum. */
  public static final double MAX_RAP = 1e5;

  static final double TWO_PI = 2 * Math.PI;

  private FourMomenta() {}

  /** Squared transverse momentum {@code px^2 + py^2}. */
  public static double kt2(double px, double py) {
    return px * px + py * py;
  }

  /** Rapidity exactly as FastJet's {@code PseudoJet::_set_rap_phi}. */
  public static double rapidity(double px, double py, double pz, double e) {
    double kt2 = px * px + py * py;
    if (e == Math.abs(pz) && kt2 == 0) {
      double maxRapHere = MAX_RAP + Math.abs(pz);
      return pz >= 0.0 ? maxRapHere : -maxRapHere;
    }
    double m2 = (e + pz) * (e - pz) - kt2;
    double effectiveM2 = Math.max(0.0, m2);
    double ePlusPz = e + Math.abs(pz);
    double rap = 0.5 * Math.log((kt2 + effectiveM2) / (ePlusPz * ePlusPz));
    return pz > 0 ? -rap : rap;
  }

  /** Azimuth in [0, 2 pi) as FastJet's {@code phi()}/{@code phi_02pi()} (0 when kt = 0). */
  public static double phi02pi(double px, double py) {
    double phi = (px * px + py * py == 0.0) ? 0.0 : Math.atan2(py, px);
    if (phi < 0.0) {
      phi += TWO_PI;
    }
    if (phi >= TWO_PI) {
      phi -= TWO_PI;
    }
    return phi;
  }

  /** Azimuth in [-pi, pi] ({@code atan2(py, px)}, 0 when kt = 0). */
  public static double phi(double px, double py) {
    return (px * px + py * py == 0.0) ? 0.0 : Math.atan2(py, px);
  }

  /** Pseudorapidity as FastJet's {@code PseudoJet::pseudorapidity()}. */
  public static double pseudorapidity(double px, double py, double pz) {
    if (px == 0.0 && py == 0.0) {
      return MAX_RAP;
    }
    if (pz == 0.0) {
      return 0.0;
    }
    double theta = Math.atan(Math.sqrt(px * px + py * py) / pz);
    if (theta < 0) {
      theta += Math.PI;
    }
    return -Math.log(Math.tan(theta / 2));
  }

  /** Squared mass {@code (E + pz)(E - pz) - kt^2}, as FastJet. */
  public static double m2(double px, double py, double pz, double e) {
    return (e + pz) * (e - pz) - (px * px + py * py);
  }

  /** Mass; negative ({@code -sqrt(-m2)}) for a tachyonic four-vector, as FastJet's {@code m()}. */
  public static double mass(double px, double py, double pz, double e) {
    double mm = m2(px, py, pz, e);
    return mm < 0.0 ? -Math.sqrt(-mm) : Math.sqrt(mm);
  }

  /** {@code phi1 - phi2} wrapped to [-pi, pi]. */
  public static double deltaPhi(double phi1, double phi2) {
    double d = phi1 - phi2;
    if (d > Math.PI || d < -Math.PI) {
      d = d - TWO_PI * Math.floor((d + Math.PI) / TWO_PI);
      if (d > Math.PI) {
        d -= TWO_PI;
      }
    }
    return d;
  }

  /**
   * Squared distance {@code dy^2 + dphi^2} in (rapidity, azimuth) with FastJet's azimuth folding
   * ({@code |dphi| > pi -> 2 pi - |dphi|}); azimuths in [0, 2 pi) (FastJet's
   * {@code PseudoJet::squared_distance}).
   */
  public static double squaredDistance(double rap1, double phi1, double rap2, double phi2) {
    double dphi = Math.abs(phi1 - phi2);
    if (dphi > Math.PI) {
      dphi = TWO_PI - dphi;
    }
    double drap = rap1 - rap2;
    return dphi * dphi + drap * drap;
  }

  /**
   * Fills the four-momentum of a particle of transverse momentum pt [GeV], pseudorapidity eta,
   * azimuth phi and mass m [GeV]: {@code px = pt cos phi, py = pt sin phi, pz = pt sinh eta,
   * E = sqrt(pt^2 cosh^2 eta + m^2)} (for m = 0, {@code E = pt cosh eta}).
   *
   * @param out receives (px, py, pz, E) at {@code out[offset..offset+3]}
   */
  public static void fromPtEtaPhiM(double pt, double eta, double phi, double m, double[] out, int offset) {
    out[offset] = pt * Math.cos(phi);
    out[offset + 1] = pt * Math.sin(phi);
    out[offset + 2] = pt * Math.sinh(eta);
    double p = pt * Math.cosh(eta);
    out[offset + 3] = m == 0.0 ? p : Math.sqrt(p * p + m * m);
  }
}
