package org.nphunt.jet;

/**
 * A jet definition: algorithm and radius R, with E-scheme recombination (four-momenta are added).
 *
 * <p>Radius R is in the (rapidity, phi) plane; it must be in (0, 1000], 1000 being FastJet's
 * {@code JetDefinition::max_allowable_R} (used for reclustering a jet's constituents into one jet,
 * as fjcontrib's Nsubjettiness and RecursiveTools do).
 *
 * @param algorithm the generalised-kT member (kT, Cambridge/Aachen, anti-kT)
 * @param r the jet radius R, in (0, 1000]
 */
public record JetDefinition(JetAlgorithm algorithm, double r) {

  /** FastJet's {@code JetDefinition::max_allowable_R}. */
  public static final double MAX_ALLOWABLE_R = 1000.0;

  public JetDefinition {
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm must be one of KT, CAMBRIDGE_AACHEN, ANTI_KT, found null");
    }
    if (!(r > 0 && r <= MAX_ALLOWABLE_R)) {
      throw new IllegalArgumentException("r must be in (0, 1000], found " + r);
    }
  }

  public static JetDefinition antiKt(double r) {
    return new JetDefinition(JetAlgorithm.ANTI_KT, r);
  }

  public static JetDefinition kt(double r) {
    return new JetDefinition(JetAlgorithm.KT, r);
  }

  public static JetDefinition cambridgeAachen(double r) {
    return new JetDefinition(JetAlgorithm.CAMBRIDGE_AACHEN, r);
  }
}
