package org.nphunt.physics.jets.shower;

/**
 * Settings of the QCD final-state shower. Values given as 0 (or omitted in JSON) take the defaults.
 *
 * @param ptMin shower cut-off [GeV] on a branching's relative transverse momentum pT = z (1 - z) E theta
 *     (default 1.12 GeV: fixed by the mean charged multiplicity of e+e- -> hadrons at the Z pole, 20.9, see
 *     docs/jet-generator.md; alpha_s there is about 0.45)
 * @param alphaSMz alpha_s(M_Z) (MSbar) of the one-loop running coupling (default 0.118)
 * @param scheme how the shower evaluates the coupling at a branching's pT (default {@link Scheme#CMW})
 */
public record ShowerSettings(double ptMin, double alphaSMz, Scheme scheme) {
  /** Renormalisation scheme of the shower's coupling. */
  public enum Scheme {
    /** alpha_s(pT^2), the MSbar one-loop coupling. */
    MSBAR,
    /**
     * alpha_s(pT^2 / k^2), k = 1.569 for five flavours: the coupling of soft-gluon emission in a coherent
     * shower at next-to-leading-logarithmic accuracy (Catani, Marchesini, Webber 1991).
     */
    CMW
  }

  public static final double DEFAULT_PT_MIN = 1.12;
  public static final double DEFAULT_ALPHA_S = 0.118;

  public ShowerSettings {
    if (ptMin == 0) {
      ptMin = DEFAULT_PT_MIN;
    }
    if (alphaSMz == 0) {
      alphaSMz = DEFAULT_ALPHA_S;
    }
    if (scheme == null) {
      scheme = Scheme.CMW;
    }
    if (!(ptMin >= 0.3 && ptMin <= 10)) {
      throw new IllegalArgumentException("shower ptMin must be in [0.3, 10] GeV, found " + ptMin);
    }
    if (!(alphaSMz > 0.05 && alphaSMz < 0.3)) {
      throw new IllegalArgumentException("shower alphaSMz must be in (0.05, 0.3), found " + alphaSMz);
    }
  }

  /** The defaults: pT_min = 1.12 GeV, alpha_s(M_Z) = 0.118, CMW scheme. */
  public static ShowerSettings defaults() {
    return new ShowerSettings(0, 0, null);
  }
}
