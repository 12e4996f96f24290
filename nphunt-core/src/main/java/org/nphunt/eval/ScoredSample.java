package org.nphunt.eval;

import java.util.Map;

/**
 * One process's values of one score, with the per-event observables an {@link Evaluator} asked for.
 *
 * @param process process name
 * @param scores one score value per event
 * @param observables per-event observables by name (each as long as {@code scores})
 */
public record ScoredSample(String process, double[] scores, Map<String, double[]> observables) {
  public ScoredSample {
    observables = observables == null ? Map.of() : Map.copyOf(observables);
  }

  /** The named observable; a missing one is an IllegalStateException naming the sample. */
  public double[] observable(String name) {
    double[] v = observables.get(name);
    if (v == null) {
      throw new IllegalStateException(process + ": no per-event observable '" + name + "' (have " + observables.keySet() + ")");
    }
    return v;
  }
}
