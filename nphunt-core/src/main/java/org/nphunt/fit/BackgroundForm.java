package org.nphunt.fit;

/**
 * The forms of the standard dijet background function f(x) = p0 (1 - x)^p1 / x^(p2 + p3 ln x)
 * (see {@link DijetFunction}): with p3 fixed to 0 (3 free parameters) or free (4).
 */
public enum BackgroundForm {
  THREE_PARAMETER(3),
  FOUR_PARAMETER(4);

  private final int parameters;

  BackgroundForm(int parameters) {
    this.parameters = parameters;
  }

  /** Number of free parameters (3 or 4). */
  public int parameters() {
    return parameters;
  }
}
