package org.nphunt.physics.jets.hard;

import java.util.SplittableRandom;

/**
 * Polar-angle distributions of the decays, as cos(theta) samplers (theta in the decaying particle's rest
 * frame): helicity amplitudes |d^J_{m, lambda}(theta)|^2 summed over the states that contribute.
 *
 * <ul>
 *   <li>{@link #transverseVector}: 1 + c^2, a transversely polarised W (or a W whose helicity is summed
 *       over both signs) to two quarks that a jet cannot tell apart
 *   <li>{@link #longitudinalVector}: 1 - c^2, a longitudinal W
 *   <li>{@link #vectorToScalars}: 1 - c^2, a vector produced with J_z = +-1 along the beam (q qbar' -> W')
 *       decaying to two scalars, |d^1_{1,0}|^2
 *   <li>{@link #spin2FromGluons}: 1 + 6 c^2 + c^4, spin 2 with J_z = +-2 to helicity difference +-2 (gg ->
 *       G -> W_T W_T)
 *   <li>{@link #spin2FromQuarks}: 1 - c^4, J_z = +-1 to +-2 (q qbar -> G -> W_T W_T)
 *   <li>{@link #spin2LongitudinalFromGluons}: (1 - c^2)^2, J_z = +-2 to 0 (gg -> G -> W_L W_L)
 *   <li>{@link #spin2LongitudinalFromQuarks}: c^2 (1 - c^2), J_z = +-1 to 0 (q qbar -> G -> W_L W_L)
 * </ul>
 */
public final class Decays {
  private Decays() {}

  /** Isotropic. */
  public static double isotropic(SplittableRandom r) {
    return 2 * r.nextDouble() - 1;
  }

  public static double transverseVector(SplittableRandom r) {
    while (true) {
      double c = 2 * r.nextDouble() - 1;
      if (2 * r.nextDouble() <= 1 + c * c) {
        return c;
      }
    }
  }

  public static double longitudinalVector(SplittableRandom r) {
    while (true) {
      double c = 2 * r.nextDouble() - 1;
      if (r.nextDouble() <= 1 - c * c) {
        return c;
      }
    }
  }

  public static double vectorToScalars(SplittableRandom r) {
    return longitudinalVector(r);
  }

  public static double spin2FromGluons(SplittableRandom r) {
    while (true) {
      double c = 2 * r.nextDouble() - 1;
      double c2 = c * c;
      if (8 * r.nextDouble() <= 1 + 6 * c2 + c2 * c2) {
        return c;
      }
    }
  }

  public static double spin2FromQuarks(SplittableRandom r) {
    while (true) {
      double c = 2 * r.nextDouble() - 1;
      double c2 = c * c;
      if (r.nextDouble() <= 1 - c2 * c2) {
        return c;
      }
    }
  }

  public static double spin2LongitudinalFromGluons(SplittableRandom r) {
    while (true) {
      double c = 2 * r.nextDouble() - 1;
      double s2 = 1 - c * c;
      if (r.nextDouble() <= s2 * s2) {
        return c;
      }
    }
  }

  public static double spin2LongitudinalFromQuarks(SplittableRandom r) {
    while (true) {
      double c = 2 * r.nextDouble() - 1;
      double c2 = c * c;
      if (0.25 * r.nextDouble() <= c2 * (1 - c2)) {
        return c;
      }
    }
  }

  /**
   * A mass from a relativistic Breit-Wigner in s with fixed width, 1 / ((m^2 - M^2)^2 + M^2 Gamma^2),
   * restricted to [lo, hi] (tangent mapping).
   */
  public static double breitWigner(double mass, double width, double lo, double hi, SplittableRandom r) {
    double mg = mass * width;
    double a = Math.atan((lo * lo - mass * mass) / mg);
    double b = Math.atan((hi * hi - mass * mass) / mg);
    double t = a + (b - a) * r.nextDouble();
    return Math.sqrt(Math.max(mass * mass + mg * Math.tan(t), lo * lo));
  }
}
