package org.nphunt.physics.jets.event;

/**
 * Particle codes of the jet-level generator, in the PDG Monte Carlo numbering (Review of Particle
 * Physics, "Monte Carlo particle numbering scheme"; hidden-valley codes as in Pythia 8's
 * HiddenValley module, Carloni and Sjostrand arXiv:1006.2911), and the masses the generator uses.
 *
 * <p>Quarks are 1 (d) to 6 (t), antiquarks negative; 21 is the gluon.
 */
public final class Pid {
  private Pid() {}

  public static final int D = 1;
  public static final int U = 2;
  public static final int S = 3;
  public static final int C = 4;
  public static final int B = 5;
  public static final int TOP = 6;
  public static final int GLUON = 21;
  public static final int W = 24;
  /** W' (SSM code). */
  public static final int WPRIME = 34;
  /** The W' daughter X of the LHC Olympics R&amp;D signal (a generic new scalar). */
  public static final int X = 9000001;
  /** The W' daughter Y of the LHC Olympics R&amp;D signal. */
  public static final int Y = 9000002;
  /** Randall-Sundrum graviton (first Kaluza-Klein excitation). */
  public static final int GRAVITON = 5100039;
  public static final int PI_PLUS = 211;
  public static final int PI_ZERO = 111;
  public static final int PHOTON = 22;
  /** Heavy hidden-valley fermion F_v, charged under QCD and the dark group (Pythia's Dv). */
  public static final int HV_F = 4900001;
  /** Dark (hidden-valley) quark q_v. */
  public static final int DARK_QUARK = 4900101;
  /** Dark gluon g_v. */
  public static final int DARK_GLUON = 4900021;
  /** Dark meson that decays back to a quark pair. */
  public static final int DARK_MESON = 4900111;
  /** Dark meson that stays invisible (stable on detector scales). */
  public static final int DARK_MESON_INVISIBLE = 4900211;

  /** Charged-pion mass [GeV] (PDG). */
  public static final double M_PI_CHARGED = 0.13957;
  /** Neutral-pion mass [GeV] (PDG). */
  public static final double M_PI_ZERO = 0.13498;
  public static final double M_W = 80.38;
  public static final double GAMMA_W = 2.09;
  public static final double M_TOP = 172.5;
  public static final double GAMMA_TOP = 1.42;
  public static final double M_Z = 91.1876;
  /** Quark masses for flavour thresholds (c, b as in Pythia's alpha_s thresholds). */
  public static final double M_C = 1.5;
  public static final double M_B = 4.8;

  /** A light or heavy quark or antiquark that showers (|id| 1..5). */
  public static boolean isQuark(int id) {
    int a = Math.abs(id);
    return a >= 1 && a <= 5;
  }

  /** A QCD parton that showers and hadronises: quark (|id| 1..5) or gluon. */
  public static boolean isParton(int id) {
    return id == GLUON || isQuark(id);
  }

  /** A dark-sector parton (dark quark or dark gluon). */
  public static boolean isDarkParton(int id) {
    return id == DARK_GLUON || Math.abs(id) == DARK_QUARK;
  }

  /** A particle no detector sees. */
  public static boolean isInvisible(int id) {
    return id == DARK_MESON_INVISIBLE || Math.abs(id) == 12 || Math.abs(id) == 14 || Math.abs(id) == 16;
  }

  /** Electric charge in units of e for the final particles the generator makes (pions, photons). */
  public static int charge(int id) {
    return id == PI_PLUS ? 1 : id == -PI_PLUS ? -1 : 0;
  }

  /** Three times the electric charge of a quark or antiquark (u-type +2, d-type -1), 0 otherwise. */
  public static int charge3(int id) {
    int a = Math.abs(id);
    if (a < 1 || a > 6) {
      return 0;
    }
    int q = a % 2 == 0 ? 2 : -1;
    return id > 0 ? q : -q;
  }

  /** Quark mass used for kinematic thresholds (0 for u, d, s). */
  public static double quarkMass(int id) {
    int a = Math.abs(id);
    return a == C ? M_C : a == B ? M_B : a == TOP ? M_TOP : 0;
  }
}
