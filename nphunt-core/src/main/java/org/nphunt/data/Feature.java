package org.nphunt.data;

/**
 * One feature along the last axis of an event tensor: the name files store it under, its unit and
 * the range a real value must lie in (values outside are rejected when a block is read, naming the
 * event; padding rows are not checked).
 *
 * <p>An {@link #angle()} feature (an azimuth phi) is stored in [-pi, pi]; values in (pi, 2 pi), the
 * other common convention, are wrapped into [-pi, pi] on reading (the source notes it, so that the
 * manifest says so), anything else outside [-pi, pi] is rejected.
 *
 * @param name name as in the files (e.g. {@code Pt}, {@code Eta}, {@code Phi})
 * @param unit physical unit ("GeV", "rad", "" for dimensionless)
 * @param min smallest allowed value of a real entry
 * @param max largest allowed value of a real entry
 * @param angle whether this is an azimuthal angle (see above)
 * @param description one line for humans (inspect, docs)
 */
public record Feature(String name, String unit, double min, double max, boolean angle, String description) {
  /**
   * Largest transverse momentum or energy accepted for one object: the LHC's design centre-of-mass
   * energy. A larger value cannot come from a collision and would dominate any scaling.
   */
  public static final double MAX_GEV = 14_000;
  /** Largest |pseudorapidity| accepted (beyond any detector's coverage, which ends near 5). */
  public static final double MAX_ABS_ETA = 10;
  /** Slack of the [-pi, pi] check for angles stored as float32 (float32 pi exceeds Math.PI). */
  public static final double ANGLE_SLACK = 1e-6;

  public Feature {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("feature name must be non-blank, found '" + name + "'");
    }
    if (!(min <= max)) {
      throw new IllegalArgumentException("feature " + name + ": min must be <= max, found " + min + " > " + max);
    }
    unit = unit == null ? "" : unit;
    description = description == null ? "" : description;
  }

  /** A transverse momentum, energy or mass in GeV: [0, {@link #MAX_GEV}]. */
  public static Feature gev(String name, String description) {
    return new Feature(name, "GeV", 0, MAX_GEV, false, description);
  }

  /** A momentum component in GeV: [-MAX_GEV, MAX_GEV]. */
  public static Feature momentum(String name, String description) {
    return new Feature(name, "GeV", -MAX_GEV, MAX_GEV, false, description);
  }

  /** A pseudorapidity (or a difference of pseudorapidities): |eta| <= {@link #MAX_ABS_ETA}. */
  public static Feature eta(String name, String description) {
    return new Feature(name, "", -MAX_ABS_ETA, MAX_ABS_ETA, false, description);
  }

  /** An azimuth in [-pi, pi] (values in (pi, 2 pi) are wrapped). */
  public static Feature phi(String name, String description) {
    return new Feature(name, "rad", -Math.PI, Math.PI, true, description);
  }

  /** Any finite value in [min, max]. */
  public static Feature of(String name, String unit, double min, double max, String description) {
    return new Feature(name, unit, min, max, false, description);
  }

  /** Whether {@code v} is an allowed real value (before wrapping). */
  public boolean allows(double v) {
    if (angle) {
      return v >= -Math.PI - ANGLE_SLACK && v <= Math.PI + ANGLE_SLACK;
    }
    return v >= min && v <= max;
  }

  /** The range as text for messages, e.g. "[0, 14000] GeV". */
  public String range() {
    String r = angle ? "[-pi, pi]" : "[" + fmt(min) + ", " + fmt(max) + "]";
    return unit.isEmpty() ? r : r + " " + unit;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
