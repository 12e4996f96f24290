package org.nphunt.objective;

import java.util.Map;

/**
 * The distribution the HLF VAE's decoder gives each high-level feature, chosen by the feature's kind as
 * in the HLT study (Cerri et al., arXiv:1811.10276, and its code, ocerri/AnomalyDetection
 * {@code RecoProb_forVAE}). Each kind reads up to three decoder outputs per feature (a, b, c); the
 * negative log-likelihood (NLL) of a value x:
 *
 * <ul>
 *   <li>{@link #LOG_NORMAL}: positive, often exactly 0 (masses of fewer than two objects, isolation sums
 *       of an empty cone): a zero-inflated ("clipped") log-normal. x below {@link #CLIP} has probability
 *       f; above, (1 - f) LogNormal(mu, sigma): NLL = -log f, or -log(1 - f) + log sigma + log x
 *       + (log x - mu)^2 / (2 sigma^2) + log(2 pi)/2.
 *   <li>{@link #GAUSSIAN}: signed (the MET components): N(mu, sigma).
 *   <li>{@link #TRUNCATED_GAUSSIAN}: positive and continuous without a spike at 0 (M_T): N(mu, sigma)
 *       restricted to x &gt;= 0, normalised by Phi(mu / sigma) (the study's code used the first-order
 *       approximation 1 + Phi(-mu/sigma) of 1 / Phi(mu/sigma)).
 *   <li>{@link #DISCRETE_GAUSSIAN}: small counts (leptons, jets, b jets): P(n) = Phi((n + 1/2 - mu) /
 *       sigma) - Phi((n - 1/2 - mu) / sigma), normalised over n &gt;= 0 by Phi((mu + 1/2) / sigma).
 *   <li>{@link #BERNOULLI}: flags and the charge (+1 is the "1" outcome): p = (1 + 0.98 tanh a) / 2.
 *   <li>{@link #POISSON}: large counts (hadron multiplicities): NLL = lambda - x log lambda + log x!.
 * </ul>
 *
 * Probabilities entering a logarithm are floored at 1e-10, as in the study.
 */
public enum HlfKind {
  LOG_NORMAL,
  GAUSSIAN,
  TRUNCATED_GAUSSIAN,
  DISCRETE_GAUSSIAN,
  BERNOULLI,
  POISSON;

  /** Values below this are the zero spike of a {@link #LOG_NORMAL} feature (the study's clip_x_to0). */
  public static final double CLIP = 1e-4;
  /** Floor of probabilities entering a logarithm. */
  public static final double FLOOR = 1e-10;

  private static final Map<String, HlfKind> OF = Map.ofEntries(
      Map.entry("ST", LOG_NORMAL), Map.entry("allJetMass", LOG_NORMAL), Map.entry("allMuPt", LOG_NORMAL),
      Map.entry("allMuMass", LOG_NORMAL), Map.entry("allElePt", LOG_NORMAL), Map.entry("allEleMass", LOG_NORMAL),
      Map.entry("LepPt", LOG_NORMAL), Map.entry("LepIsoCh", LOG_NORMAL), Map.entry("LepIsoGamma", LOG_NORMAL),
      Map.entry("LepIsoNeu", LOG_NORMAL),
      Map.entry("METp", GAUSSIAN), Map.entry("METo", GAUSSIAN),
      Map.entry("MT", TRUNCATED_GAUSSIAN),
      Map.entry("nMu", DISCRETE_GAUSSIAN), Map.entry("nJets", DISCRETE_GAUSSIAN), Map.entry("bJets", DISCRETE_GAUSSIAN),
      Map.entry("nEle", DISCRETE_GAUSSIAN),
      Map.entry("LepCharge", BERNOULLI), Map.entry("LepIsEle", BERNOULLI),
      Map.entry("nChHad", POISSON), Map.entry("nNeuHad", POISSON));

  /** The kind of a high-level feature (names of {@link org.nphunt.data.HlfSchema#ALL}). */
  public static HlfKind of(String feature) {
    HlfKind k = OF.get(feature);
    if (k == null) {
      throw new IllegalArgumentException("no likelihood for feature " + feature + " (known: " + OF.keySet() + ")");
    }
    return k;
  }

  /** Whether the decoder's second output (a width) is used. */
  public boolean hasWidth() {
    return this == LOG_NORMAL || this == GAUSSIAN || this == TRUNCATED_GAUSSIAN || this == DISCRETE_GAUSSIAN;
  }
}
