package org.nphunt.physics.jets;

/**
 * The LHC Olympics 2020 R&amp;D signal (arXiv:2101.08320): q qbar' -> W' -> X Y, X -> q qbar, Y -> q qbar
 * (q = u, d, s, c), relativistic Breit-Wigner masses. X and Y are scalars: W' -> X Y follows sin^2(theta)
 * about the beam axis in the W' rest frame (a vector with J_z = +-1 into two spin-0 particles), X and Y
 * decay isotropically.
 *
 * @param mass W' mass [GeV] (default 3500)
 * @param width W' width [GeV] (default 1% of the mass)
 * @param massX X mass [GeV] (default 500)
 * @param widthX X width [GeV] (default 1% of its mass)
 * @param massY Y mass [GeV] (default 100)
 * @param widthY Y width [GeV] (default 1% of its mass)
 */
public record WprimeSpec(String name, int processId, int label, double mass, double width, double massX, double widthX,
    double massY, double widthY) implements JetProcessSpec {

  public WprimeSpec {
    JetProcessSpec.checkCommon(name, processId, label);
    mass = mass == 0 ? 3500 : mass;
    massX = massX == 0 ? 500 : massX;
    massY = massY == 0 ? 100 : massY;
    width = width == 0 ? 0.01 * mass : width;
    widthX = widthX == 0 ? 0.01 * massX : widthX;
    widthY = widthY == 0 ? 0.01 * massY : widthY;
    JetProcessSpec.positive(name, "mass", mass);
    JetProcessSpec.positive(name, "width", width);
    JetProcessSpec.positive(name, "massX", massX);
    JetProcessSpec.positive(name, "widthX", widthX);
    JetProcessSpec.positive(name, "massY", massY);
    JetProcessSpec.positive(name, "widthY", widthY);
    if (mass > 8000 || width > 0.5 * mass || widthX > 0.5 * massX || widthY > 0.5 * massY) {
      throw new IllegalArgumentException("process " + name + ": masses must be <= 8000 GeV and widths <= half the mass");
    }
    if (!(massX + massY + 10 * (widthX + widthY) < 0.9 * mass)) {
      throw new IllegalArgumentException("process " + name + ": massX + massY must stay below the W' mass, found "
          + massX + " + " + massY + " for " + mass);
    }
  }
}
