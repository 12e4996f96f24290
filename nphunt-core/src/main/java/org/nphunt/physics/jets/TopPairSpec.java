package org.nphunt.physics.jets;

/**
 * Top-quark pairs from QCD (gg -> t tbar, q qbar -> t tbar at leading order) above a partonic pT-hat, both
 * tops decaying hadronically: t -> b W (isotropic in the top rest frame), W -> u dbar or c sbar with the
 * Standard-Model helicity fractions (longitudinal m_t^2 / (m_t^2 + 2 m_W^2) = 0.70, else transverse).
 * For top-tagging-like jets of 550-650 GeV (arXiv:1902.09914).
 *
 * @param ptHatMin minimum pT-hat [GeV] (default 450)
 */
public record TopPairSpec(String name, int processId, int label, double ptHatMin) implements JetProcessSpec {
  public TopPairSpec {
    JetProcessSpec.checkCommon(name, processId, label);
    ptHatMin = ptHatMin == 0 ? 450 : ptHatMin;
    JetProcessSpec.positive(name, "ptHatMin", ptHatMin);
    if (ptHatMin >= 6000) {
      throw new IllegalArgumentException("process " + name + ": ptHatMin must be < 6000 GeV, found " + ptHatMin);
    }
  }
}
