package org.nphunt.physics.jets.hadron;

/**
 * Settings of the fragmentation into pions. Values given as 0 (or omitted in JSON) take the defaults,
 * which are Pythia 8's Monash-tune string parameters (Skands, Carrazza, Rojo, arXiv:1404.5630).
 *
 * @param sigmaPt width of the Gaussian transverse momentum of a hadron, per component [GeV] (default
 *     0.335, StringPT:sigma); each new quark pair takes sigmaPt / sqrt(2) per component
 * @param lundA a of the Lund symmetric fragmentation function f(z) ~ (1/z) (1 - z)^a exp(-b mT^2 / z)
 *     (default 0.68, StringZ:aLund)
 * @param lundB b [GeV^-2] of the same (default 0.98, StringZ:bLund)
 */
public record HadronisationSettings(double sigmaPt, double lundA, double lundB) {
  public HadronisationSettings {
    if (sigmaPt == 0) {
      sigmaPt = 0.335;
    }
    if (lundA == 0) {
      lundA = 0.68;
    }
    if (lundB == 0) {
      lundB = 0.98;
    }
    if (!(sigmaPt > 0 && sigmaPt <= 2)) {
      throw new IllegalArgumentException("hadronisation sigmaPt must be in (0, 2] GeV, found " + sigmaPt);
    }
    if (!(lundA > 0 && lundA < 1)) {
      throw new IllegalArgumentException("hadronisation lundA must be in (0, 1), found " + lundA);
    }
    if (!(lundB > 0 && lundB <= 10)) {
      throw new IllegalArgumentException("hadronisation lundB must be in (0, 10] GeV^-2, found " + lundB);
    }
  }

  /** sigma = 0.335 GeV, a = 0.68, b = 0.98 GeV^-2. */
  public static HadronisationSettings defaults() {
    return new HadronisationSettings(0, 0, 0);
  }
}
