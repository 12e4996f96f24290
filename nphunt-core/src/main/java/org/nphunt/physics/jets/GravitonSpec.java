package org.nphunt.physics.jets;

/**
 * A Randall-Sundrum graviton (RS1, hep-ph/9905221) produced from gg and q qbar and decaying to W+ W-, each
 * W to two quarks: the helicity structure of RS1 (W_T W_T with helicity difference +-2, fraction 12/13,
 * and W_L W_L, 1/13, the M &gt;&gt; m_W limit of Han, Lykken and Zhang, hep-ph/9811350), the spin-2 decay
 * angular distributions of the production mode (gg: 1 + 6c^2 + c^4 or sin^4; q qbar: 1 - c^4 or sin^2
 * cos^2) and the W decay angles (1 + c^2 transverse, 1 - c^2 longitudinal).
 *
 * @param mass graviton mass [GeV] (default 2500)
 * @param width width [GeV] (default 1% of the mass, "narrow"; the built-in "broad" samples use 30%)
 * @param minMass lower end of the generated mass window [GeV] (default max(0.5 M, M - 20 width))
 * @param maxMass upper end (default min(1.5 M, M + 20 width))
 */
public record GravitonSpec(String name, int processId, int label, double mass, double width, double minMass,
    double maxMass) implements JetProcessSpec {

  public GravitonSpec {
    JetProcessSpec.checkCommon(name, processId, label);
    mass = mass == 0 ? 2500 : mass;
    width = width == 0 ? 0.01 * mass : width;
    JetProcessSpec.positive(name, "mass", mass);
    JetProcessSpec.positive(name, "width", width);
    if (mass < 300 || mass > 8000 || width > 0.5 * mass) {
      throw new IllegalArgumentException("process " + name + ": mass must be in [300, 8000] GeV and width <= mass/2, found "
          + mass + ", " + width);
    }
    minMass = minMass == 0 ? Math.max(0.5 * mass, mass - 20 * width) : minMass;
    maxMass = maxMass == 0 ? Math.min(1.5 * mass, mass + 20 * width) : maxMass;
    if (!(minMass > 2 * 70 && minMass < mass && mass < maxMass && maxMass < 12000)) {
      throw new IllegalArgumentException("process " + name + ": mass window must contain the mass and lie in (140, 12000)"
          + " GeV, found [" + minMass + ", " + maxMass + "]");
    }
  }
}
