package org.nphunt.physics;

/** Primitive kinematics helpers shared by {@link FourVector} and the generator's hot loop. */
public final class Kinematics {
  private Kinematics() {}

  /** Pseudorapidity asinh(pz / pT), symmetric, +-infinity along the beam. */
  public static double eta(double px, double py, double pz) {
    double pt = Math.sqrt(px * px + py * py);
    if (pt == 0) {
      return pz == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, pz);
    }
    double a = Math.abs(pz) / pt;
    return Math.copySign(Math.log(a + Math.sqrt(1 + a * a)), pz);
  }

  /** Wraps an angle into [-pi, pi]. */
  public static double wrapPhi(double phi) {
    if (phi > Math.PI || phi < -Math.PI) {
      phi = phi - 2 * Math.PI * Math.floor((phi + Math.PI) / (2 * Math.PI));
      if (phi > Math.PI) {
        phi -= 2 * Math.PI;
      }
    }
    return phi;
  }

  /** phi1 - phi2 wrapped into [-pi, pi]. */
  public static double deltaPhi(double phi1, double phi2) {
    return wrapPhi(phi1 - phi2);
  }

  public static double deltaR(double eta1, double phi1, double eta2, double phi2) {
    double de = eta1 - eta2;
    double dp = deltaPhi(phi1, phi2);
    return Math.sqrt(de * de + dp * dp);
  }

  /** Delta R squared (no square root; for cone tests). */
  public static double deltaR2(double eta1, double phi1, double eta2, double phi2) {
    double de = eta1 - eta2;
    double dp = deltaPhi(phi1, phi2);
    return de * de + dp * dp;
  }

  /**
   * Active Lorentz boost of (px, py, pz, e) by velocity (bx, by, bz), written to out[off..off+3].
   * A vector at rest becomes one moving with velocity beta.
   */
  public static void boost(double px, double py, double pz, double e,
      double bx, double by, double bz, double[] out, int off) {
    double b2 = bx * bx + by * by + bz * bz;
    if (b2 <= 0) {
      out[off] = px;
      out[off + 1] = py;
      out[off + 2] = pz;
      out[off + 3] = e;
      return;
    }
    double gamma = 1.0 / Math.sqrt(1.0 - b2);
    double bp = bx * px + by * py + bz * pz;
    double g2 = (gamma - 1.0) / b2;
    double f = g2 * bp + gamma * e;
    out[off] = px + f * bx;
    out[off + 1] = py + f * by;
    out[off + 2] = pz + f * bz;
    out[off + 3] = gamma * (e + bp);
  }

  /** Momentum of each daughter in the rest frame of a two-body decay M -> m1 m2 (0 if closed). */
  public static double twoBodyMomentum(double m, double m1, double m2) {
    double s = m * m;
    double a = s - (m1 + m2) * (m1 + m2);
    double b = s - (m1 - m2) * (m1 - m2);
    if (a <= 0) {
      return 0;
    }
    return Math.sqrt(a * b) / (2 * m);
  }
}
