package org.nphunt.physics;

/**
 * A CMS-like parametric detector (recipe: docs/generator.md). Resolutions: electrons 2% (+) 0.5 GeV;
 * muons 1.5% up to 100 GeV rising linearly to 5% at 1 TeV, constant beyond; jets 100%/sqrt(pT) (+) 5%.
 *
 * @param electronEtaMax electron acceptance |eta|
 * @param muonEtaMax muon acceptance |eta|
 * @param jetEtaMax jet acceptance |eta|
 * @param leptonPtMin lepton reconstruction threshold (GeV)
 * @param jetPtMin jet threshold (GeV)
 * @param electronEfficiency electron identification efficiency
 * @param muonEfficiency muon identification efficiency
 * @param bJetResponse mean energy response of b jets (the loss is unclustered, measured energy)
 * @param bSemileptonicFraction fraction of b jets with a semileptonic decay (soft lepton + neutrino)
 * @param pileupJetsMean Poisson mean of pile-up jets above the jet threshold
 * @param isolationCone Delta R of the lepton isolation cone
 * @param isolationMax isolated when the other activity in the cone is below this fraction of the lepton pT
 * @param overlapCone jets within this Delta R of a stored electron are removed
 * @param triggerPtMin single isolated lepton trigger threshold (GeV)
 * @param metNoise constant term of the per-component MET noise sigma (GeV)
 * @param metNoiseSqrtSumEt coefficient of sqrt(sum ET) in the MET noise sigma
 */
public record DetectorSpec(
    double electronEtaMax,
    double muonEtaMax,
    double jetEtaMax,
    double leptonPtMin,
    double jetPtMin,
    double electronEfficiency,
    double muonEfficiency,
    double bJetResponse,
    double bSemileptonicFraction,
    double pileupJetsMean,
    double isolationCone,
    double isolationMax,
    double overlapCone,
    double triggerPtMin,
    double metNoise,
    double metNoiseSqrtSumEt) {

  public DetectorSpec {
    check("electronEtaMax", electronEtaMax, 0.1, 4.9);
    check("muonEtaMax", muonEtaMax, 0.1, 2.5);
    check("jetEtaMax", jetEtaMax, 0.1, 4.9);
    check("leptonPtMin", leptonPtMin, 0, 1000);
    check("jetPtMin", jetPtMin, 1, 1000);
    check("electronEfficiency", electronEfficiency, 0, 1);
    check("muonEfficiency", muonEfficiency, 0, 1);
    check("bJetResponse", bJetResponse, 0.1, 1.5);
    check("bSemileptonicFraction", bSemileptonicFraction, 0, 1);
    check("pileupJetsMean", pileupJetsMean, 0, 20);
    check("isolationCone", isolationCone, 0, 1);
    check("isolationMax", isolationMax, 0, 100);
    check("overlapCone", overlapCone, 0, 1);
    check("triggerPtMin", triggerPtMin, 0, 1000);
    check("metNoise", metNoise, 0, 1000);
    check("metNoiseSqrtSumEt", metNoiseSqrtSumEt, 0, 100);
  }

  private static void check(String name, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], found " + v);
    }
  }

  /** The recipe's CMS-like detector. */
  public static DetectorSpec cmsLike() {
    return new DetectorSpec(3.0, 2.1, 4.0, 3, 15, 0.90, 0.95, 0.92, 0.20, 0.7, 0.3, 0.45, 0.2, 23, 6, 0.5);
  }
}
