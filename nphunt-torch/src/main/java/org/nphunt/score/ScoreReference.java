package org.nphunt.score;

import java.util.Arrays;

/**
 * The SM validation distribution of a model's total loss, kept in the model file at the end of training,
 * that turns a loss into a p-value (the HLT study's p-value score, Cerri et al., arXiv:1811.10276): for
 * a loss x, p(x) = (number of reference values &gt;= x) / n, floored at 1/(n + 1) (a loss above every
 * reference value is not given p = 0: with n reference events nothing rarer than about 1/(n + 1) can be
 * claimed). p is non-increasing in x, so a cut p &lt; alpha is a cut on the loss and keeps about a
 * fraction alpha of SM events; on fresh SM events p is uniform (up to the 1/n steps).
 *
 * <p>The score written is {@code -log10 p} ({@link #scoreName}), so that larger means more anomalous as
 * for every other score (and {@code nphunt evaluate}'s thresholds and ROC curves apply unchanged); p =
 * 10^-score. It is a non-decreasing step function of the loss: its AUC is the loss's up to events that
 * fall in the same step.
 *
 * <p>Size: the reference keeps every validation value up to {@link #MAX_VALUES}; a larger validation
 * sample is reduced to {@link #MAX_VALUES} evenly spaced order statistics (the empirical quantiles at
 * (i + 0.5) / MAX_VALUES), which keeps p within 1/MAX_VALUES of the full sample's.
 *
 * @param score the name of the score whose distribution this is, e.g. {@code hlf_vae_total}
 * @param events the number of validation events it was taken from
 * @param values the reference values, sorted ascending, finite (at most {@link #MAX_VALUES})
 */
public record ScoreReference(String score, long events, double[] values) {
  /** Largest number of reference values kept in the model file. */
  public static final int MAX_VALUES = 20_000;

  public ScoreReference {
    if (score == null || score.isBlank()) {
      throw new IllegalArgumentException("score must be a score name, found '" + score + "'");
    }
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("values must hold at least one reference value, found none");
    }
    if (values.length > MAX_VALUES) {
      throw new IllegalArgumentException("values must hold at most " + MAX_VALUES + " values, found " + values.length);
    }
    if (events < values.length) {
      throw new IllegalArgumentException("events must be >= the number of values (" + values.length + "), found " + events);
    }
    values = values.clone();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i]) || i > 0 && values[i] < values[i - 1]) {
        throw new IllegalArgumentException("values must be finite and sorted ascending, found " + values[i] + " at " + i);
      }
    }
  }

  /**
   * The reference of a sample of {@code score} values (non-finite values are dropped: a validation event
   * with a non-finite loss cannot rank a test event).
   *
   * @throws IllegalArgumentException when no finite value remains
   */
  public static ScoreReference of(String score, double[] sample) {
    double[] v = Arrays.stream(sample).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) {
      throw new IllegalArgumentException("the reference of " + score + " needs at least one finite value, found none in "
          + sample.length);
    }
    if (v.length <= MAX_VALUES) {
      return new ScoreReference(score, v.length, v);
    }
    double[] q = new double[MAX_VALUES];
    for (int i = 0; i < MAX_VALUES; i++) {
      q[i] = v[(int) Math.min(v.length - 1, Math.floor((i + 0.5) * v.length / MAX_VALUES))];
    }
    return new ScoreReference(score, v.length, q);
  }

  /** p(x) = #(values &gt;= x) / n, at least 1/(n + 1); NaN for NaN. */
  public double pValue(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    int n = values.length;
    // first index with values[i] >= x
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return Math.max((double) (n - lo) / n, 1.0 / (n + 1));
  }

  /** The score written: -log10 p(x), in [0, log10(n + 1)]. */
  public double score(double x) {
    return -Math.log10(pValue(x));
  }

  /** The name of the p-value score of a total-loss score: {@code hlf_vae_total} gives {@code hlf_vae_pvalue_mlog10}. */
  public static String scoreName(String total) {
    return (total.endsWith("_total") ? total.substring(0, total.length() - "_total".length()) : total) + "_pvalue_mlog10";
  }

  /** The name of the score this reference adds. */
  public String scoreName() {
    return scoreName(score);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreReference r && r.score.equals(score) && r.events == events && Arrays.equals(r.values, values);
  }

  @Override
  public int hashCode() {
    return score.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ScoreReference[" + score + ", " + values.length + " of " + events + " events]";
  }
}
