package org.nphunt.physics.jets;

/**
 * QCD 2 -> 2 dijet production (all leading-order subprocesses, five light flavours, GRV94 LO) above a
 * partonic transverse momentum pT-hat, importance-sampled and unweighted
 * ({@link org.nphunt.physics.jets.hard.TwoToTwoSampler}).
 *
 * @param ptHatMin minimum pT-hat [GeV] (default 1050: below it fewer than 0.5% of the events passing the
 *     LHC Olympics selection, leading jet pT &gt; 1.2 TeV, are lost; see docs/jet-generator.md)
 */
public record QcdDijetSpec(String name, int processId, int label, double ptHatMin) implements JetProcessSpec {
  public static final double DEFAULT_PT_HAT_MIN = 1050;

  public QcdDijetSpec {
    JetProcessSpec.checkCommon(name, processId, label);
    if (ptHatMin == 0) {
      ptHatMin = DEFAULT_PT_HAT_MIN;
    }
    JetProcessSpec.positive(name, "ptHatMin", ptHatMin);
    if (ptHatMin >= 6000) {
      throw new IllegalArgumentException("process " + name + ": ptHatMin must be < 6000 GeV, found " + ptHatMin);
    }
  }
}
