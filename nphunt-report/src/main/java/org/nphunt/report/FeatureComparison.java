package org.nphunt.report;

import org.nphunt.data.Adc2021;
import org.nphunt.data.ObjectType;

/**
 * Input and reconstructed values of one feature of one kind of object, for one model and process:
 * the report bins both on the same axis. Pass values of real (non-empty) objects only.
 *
 * @param model model name
 * @param process process name
 * @param object what the feature belongs to, e.g. "jet", "electron", "constituent"
 * @param feature the feature's name, e.g. "pT", "eta", "phi"
 * @param unit its unit ("GeV", "rad" or "" for none); "rad" draws [-pi, pi], "GeV" from 0
 * @param input the input values (physical units)
 * @param reconstructed the model's reconstruction of the same values
 */
public record FeatureComparison(String model, String process, String object, String feature, String unit,
    double[] input, double[] reconstructed) {
  public FeatureComparison {
    unit = unit == null ? "" : unit;
    if (input.length != reconstructed.length) {
      throw new IllegalArgumentException("input and reconstructed must have the same length, found " + input.length
          + " and " + reconstructed.length);
    }
  }

  /** An ADC2021 comparison: feature {@link Adc2021#PT}, {@link Adc2021#ETA} or {@link Adc2021#PHI} of an object type. */
  public static FeatureComparison adc2021(String model, String process, ObjectType type, int feature, double[] input,
      double[] reconstructed) {
    return switch (feature) {
      case Adc2021.PT -> new FeatureComparison(model, process, type.label(), "pT", "GeV", input, reconstructed);
      case Adc2021.ETA -> new FeatureComparison(model, process, type.label(), "eta", "", input, reconstructed);
      case Adc2021.PHI -> new FeatureComparison(model, process, type.label(), "phi", "rad", input, reconstructed);
      default -> throw new IllegalArgumentException("feature must be PT (0), ETA (1) or PHI (2), found " + feature);
    };
  }

  /** Axis title with unit, e.g. "jet pT [GeV]". */
  public String axisTitle() {
    return object + " " + feature + (unit.isEmpty() ? "" : " [" + unit + "]");
  }

  /** Whether the feature is an azimuth (drawn on [-pi, pi]). */
  public boolean isAngle() {
    return unit.equals("rad");
  }

  /** Whether the feature is a momentum, energy or mass (drawn from 0). */
  public boolean isMomentum() {
    return unit.equals("GeV");
  }
}
