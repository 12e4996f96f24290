package org.nphunt.fit;

/** Shared validation of the shapes. */
final class SignalShapes {
  private SignalShapes() {}

  static void checkMass(double mass) {
    if (!(mass > 0) || Double.isInfinite(mass)) {
      throw new IllegalArgumentException("mass hypothesis must be finite and > 0 GeV, found " + mass);
    }
  }
}
