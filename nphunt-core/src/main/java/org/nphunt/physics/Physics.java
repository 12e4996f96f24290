package org.nphunt.physics;

/** Particle-physics constants used by the generator (PDG values, GeV). */
public final class Physics {
  private Physics() {}

  public static final double M_W = 80.38;
  public static final double GAMMA_W = 2.09;
  public static final double M_Z = 91.19;
  public static final double GAMMA_Z = 2.50;
  public static final double M_TOP = 172.5;
  public static final double GAMMA_TOP = 1.42;
  public static final double M_B = 4.8;
  public static final double M_TAU = 1.777;
  /** Lower end of the W mass window in top decays (m_W - 20 Gamma_W). */
  public static final double W_MIN = M_W - 20 * GAMMA_W;
}
