package org.nphunt.physics.jets.event;

/**
 * Lorentz transformations written with the frame's four-momentum (P, M) instead of a velocity,
 * which stays exact for large boosts (a 1 TeV parton of mass 1 GeV has gamma = 1000, where 1 - beta^2
 * loses six digits). Metric (+,-,-,-); all momenta in GeV.
 */
public final class Lorentz {
  private Lorentz() {}

  /**
   * Transforms p, given in the rest frame of a system with four-momentum (fx, fy, fz, fe) and mass
   * fm > 0, into the frame where the system has that four-momentum; result in out[o..o+3] as (px, py,
   * pz, e).
   */
  public static void fromRest(double px, double py, double pz, double e,
      double fx, double fy, double fz, double fe, double fm, double[] out, int o) {
    double pf = px * fx + py * fy + pz * fz;
    double en = (e * fe + pf) / fm;
    double f = (pf / (fe + fm) + e) / fm;
    out[o] = px + f * fx;
    out[o + 1] = py + f * fy;
    out[o + 2] = pz + f * fz;
    out[o + 3] = en;
  }

  /**
   * Transforms p into the rest frame of a system with four-momentum (fx, fy, fz, fe) and mass fm > 0;
   * the inverse of {@link #fromRest}.
   */
  public static void toRest(double px, double py, double pz, double e,
      double fx, double fy, double fz, double fe, double fm, double[] out, int o) {
    fromRest(px, py, pz, e, -fx, -fy, -fz, fe, fm, out, o);
  }

  /** Invariant mass sqrt(max(0, E^2 - p^2)). */
  public static double mass(double px, double py, double pz, double e) {
    double m2 = e * e - px * px - py * py - pz * pz;
    return m2 > 0 ? Math.sqrt(m2) : 0;
  }

  /**
   * Momentum of each daughter in the rest frame of a two-body decay m -> m1 m2, sqrt(lambda(m^2, m1^2,
   * m2^2)) / (2 m); 0 when the decay is closed.
   */
  public static double twoBodyMomentum(double m, double m1, double m2) {
    double s = m * m;
    double a = s - (m1 + m2) * (m1 + m2);
    if (a <= 0) {
      return 0;
    }
    double b = s - (m1 - m2) * (m1 - m2);
    return Math.sqrt(a * b) / (2 * m);
  }

  /**
   * Two unit vectors perpendicular to the unit vector (nx, ny, nz) and to each other, written as
   * out[o..o+2] and out[o+3..o+5]; a right-handed basis (e1, e2, n).
   */
  public static void perpendicularBasis(double nx, double ny, double nz, double[] out, int o) {
    double ax;
    double ay;
    double az;
    // cross with the coordinate axis least aligned with n
    if (Math.abs(nx) <= Math.abs(ny) && Math.abs(nx) <= Math.abs(nz)) {
      ax = 0;
      ay = nz;
      az = -ny;
    } else if (Math.abs(ny) <= Math.abs(nz)) {
      ax = -nz;
      ay = 0;
      az = nx;
    } else {
      ax = ny;
      ay = -nx;
      az = 0;
    }
    double norm = Math.sqrt(ax * ax + ay * ay + az * az);
    ax /= norm;
    ay /= norm;
    az /= norm;
    out[o] = ax;
    out[o + 1] = ay;
    out[o + 2] = az;
    out[o + 3] = ny * az - nz * ay;
    out[o + 4] = nz * ax - nx * az;
    out[o + 5] = nx * ay - ny * ax;
  }

  /**
   * The two-body decay of a particle with four-momentum (fx, fy, fz, fe) and mass fm into masses m1
   * and m2, daughter 1 at polar angle acos(cosTheta) to the mother's flight direction in the mother's
   * rest frame and azimuth phi about it (for a mother at rest, about the z axis). Writes daughter 1
   * to out[o..o+3] and daughter 2 to out[o+4..o+7]; four-momentum is conserved to rounding.
   */
  public static void twoBodyDecay(double fx, double fy, double fz, double fe, double fm, double m1, double m2,
      double cosTheta, double phi, double[] out, int o, double[] scratch) {
    double p = twoBodyMomentum(fm, m1, m2);
    double sin = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
    double pabs = Math.sqrt(fx * fx + fy * fy + fz * fz);
    double nx;
    double ny;
    double nz;
    if (pabs > 0) {
      nx = fx / pabs;
      ny = fy / pabs;
      nz = fz / pabs;
    } else {
      nx = 0;
      ny = 0;
      nz = 1;
    }
    perpendicularBasis(nx, ny, nz, scratch, 0);
    double c = Math.cos(phi) * sin;
    double s = Math.sin(phi) * sin;
    double qx = p * (c * scratch[0] + s * scratch[3] + cosTheta * nx);
    double qy = p * (c * scratch[1] + s * scratch[4] + cosTheta * ny);
    double qz = p * (c * scratch[2] + s * scratch[5] + cosTheta * nz);
    double e1 = Math.sqrt(p * p + m1 * m1);
    double e2 = Math.sqrt(p * p + m2 * m2);
    fromRest(qx, qy, qz, e1, fx, fy, fz, fe, fm, out, o);
    // daughter 2 = mother - daughter 1 in the lab would accumulate rounding; transform it as well
    fromRest(-qx, -qy, -qz, e2, fx, fy, fz, fe, fm, out, o + 4);
  }
}
