package org.nphunt.report;

/**
 * The scores of one process for one model and score, to be histogrammed: every event's value, or a
 * weighted sample of a large sample (each value stands for {@code weights[i]} events: e.g. the exactly
 * kept largest scores of a 13-million-event background with weight 1 and a uniform sample of the rest).
 *
 * @param model model name
 * @param score score name
 * @param process process name, e.g. "SM" or "A->4l"
 * @param values score values (binned by the report)
 * @param weights events each value stands for, or null for 1 each
 * @param events the number of events the values represent (for the legend)
 */
public record ScoreDistribution(String model, String score, String process, double[] values, double[] weights,
    long events) {
  public ScoreDistribution {
    if (weights != null && weights.length != values.length) {
      throw new IllegalArgumentException("weights must match values, found " + weights.length + " and " + values.length);
    }
    if (events < 0) {
      throw new IllegalArgumentException("events must be >= 0, found " + events);
    }
  }

  /** Every event's value, weight 1. */
  public ScoreDistribution(String model, String score, String process, double[] values) {
    this(model, score, process, values, null, values.length);
  }

  /** The weight of value i. */
  public double weight(int i) {
    return weights == null ? 1.0 : weights[i];
  }
}
