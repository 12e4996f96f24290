package org.nphunt.fit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The mJJ shape of a resonance signal for a mass hypothesis: the fraction of all signal events that
 * falls into each bin. Fractions over a range smaller than the whole shape sum to less than 1 (the
 * signal outside the fit range is lost, as it is in the data).
 *
 * <p>Serialised to JSON with a {@code "type"} field: {@code "crystalBall"} or {@code "template"}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CrystalBallShape.class, name = "crystalBall"),
    @JsonSubTypes.Type(value = TemplateShape.class, name = "template")})
public sealed interface SignalShape permits CrystalBallShape, TemplateShape {

  /**
   * Fraction of the signal events in each bin for a resonance of mass {@code mass}.
   *
   * @param edges bin edges in GeV, increasing
   * @param mass the mass hypothesis in GeV, > 0
   * @return one fraction per bin, each in [0, 1], summing to at most 1
   */
  double[] fractions(double[] edges, double mass);

  /**
   * Expected signal counts per bin: {@code nSignal} times {@link #fractions}.
   *
   * @param nSignal the number of signal events over the whole shape (before the range cut), >= 0
   */
  default double[] expected(double[] edges, double mass, double nSignal) {
    if (!(nSignal >= 0) || Double.isInfinite(nSignal)) {
      throw new IllegalArgumentException("number of signal events must be finite and >= 0, found " + nSignal);
    }
    double[] f = fractions(edges, mass);
    for (int i = 0; i < f.length; i++) {
      f[i] *= nSignal;
    }
    return f;
  }
}
