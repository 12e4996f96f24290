package org.nphunt.physics.jets.shower;

/**
 * Leading-order Altarelli-Parisi splitting functions for z in (0, 1) (Altarelli and Parisi, Nucl.
 * Phys. B126 (1977) 298; Ellis, Stirling and Webber, "QCD and collider physics", eq. 4.94, without
 * the plus prescriptions and delta terms, which the Sudakov factor supplies):
 *
 * <ul>
 *   <li>q -> q(z) g(1 - z): P = C_F (1 + z^2) / (1 - z)
 *   <li>g -> g(z) g(1 - z): P = C_A (z / (1 - z) + (1 - z) / z + z (1 - z))
 *   <li>g -> q(z) qbar(1 - z): P = T_R (z^2 + (1 - z)^2), per flavour
 * </ul>
 *
 * with C_F = (N^2 - 1) / (2 N), C_A = N, T_R = 1/2 for SU(N) (N = 3 for QCD).
 */
public final class Splitting {
  public static final double CF = 4.0 / 3.0;
  public static final double CA = 3.0;
  public static final double TR = 0.5;

  private Splitting() {}

  /** P_{q -> qg}(z), z the quark's energy fraction. */
  public static double qToQg(double z, double cF) {
    return cF * (1 + z * z) / (1 - z);
  }

  /** P_{g -> gg}(z). */
  public static double gToGg(double z, double cA) {
    return cA * (z / (1 - z) + (1 - z) / z + z * (1 - z));
  }

  /** P_{g -> q qbar}(z) for one flavour. */
  public static double gToQq(double z, double tR) {
    return tR * (z * z + (1 - z) * (1 - z));
  }

  /** Integral of P_{q -> qg} from a to b (0 &lt; a &lt; b &lt; 1): C_F [-2 ln(1 - z) - z - z^2/2]. */
  public static double qToQgIntegral(double a, double b, double cF) {
    return cF * (primitiveQq(b) - primitiveQq(a));
  }

  private static double primitiveQq(double z) {
    return -2 * Math.log(1 - z) - z - z * z / 2;
  }

  /** Integral of P_{g -> gg} from a to b: C_A [ln(z/(1-z)) - 2z + z^2/2 - z^3/3]. */
  public static double gToGgIntegral(double a, double b, double cA) {
    return cA * (primitiveGg(b) - primitiveGg(a));
  }

  private static double primitiveGg(double z) {
    return Math.log(z / (1 - z)) - 2 * z + z * z / 2 - z * z * z / 3;
  }

  /** Integral of P_{g -> q qbar} (one flavour) from a to b: T_R [z - z^2 + 2 z^3 / 3]. */
  public static double gToQqIntegral(double a, double b, double tR) {
    return tR * (primitiveGq(b) - primitiveGq(a));
  }

  private static double primitiveGq(double z) {
    return z - z * z + 2 * z * z * z / 3;
  }
}
