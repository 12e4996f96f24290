package org.nphunt.report;

import org.nphunt.data.Adc2021;
import org.nphunt.data.ObjectType;

/**
 * Input and reconstructed values of one feature of one object type, for one model and process: the
 * report bins both on the same axis. Pass values of real (non-empty) objects only.
 *
 * @param model model name
 * @param process process name
 * @param objectType MET, electron, muon or jet
 * @param feature {@link Adc2021#PT}, {@link Adc2021#ETA} or {@link Adc2021#PHI}
 * @param input the input values (physical units: GeV, rad)
 * @param reconstructed the model's reconstruction of the same values
 */
public record FeatureComparison(
    String model, String process, ObjectType objectType, int feature, double[] input, double[] reconstructed) {
  public FeatureComparison {
    if (feature < Adc2021.PT || feature > Adc2021.PHI) {
      throw new IllegalArgumentException("feature must be PT (0), ETA (1) or PHI (2), found " + feature);
    }
  }

  /** Axis title with unit, e.g. "jet pT [GeV]". */
  public String axisTitle() {
    String name = objectType.label();
    return switch (feature) {
      case Adc2021.PT -> name + " pT [GeV]";
      case Adc2021.ETA -> name + " eta";
      default -> name + " phi [rad]";
    };
  }
}
