package org.nphunt.physics;

/**
 * Parameters of the generator's truth for the high-level features of the HLT study (Cerri et al.,
 * arXiv:1811.10276): lepton isolation sums by particle type, b tagging, and hadron multiplicities
 * (written as the {@link org.nphunt.data.Adc2021Truth} columns; physics in docs/generator.md, "Truth for
 * the high-level features"). Densities are particles per unit of (eta, phi) area; "charged" means
 * particle-flow charged hadrons with pT &gt; 0.5 GeV from the primary vertex (pile-up tracks are removed
 * by vertex association, as CMS's charged-hadron subtraction does), "neutral" neutral hadrons and
 * "photons" photons with ET &gt; 1 GeV from every vertex. These are model choices of typical size, not
 * fits: they set the scale and the correlations, the anomaly searches use them as they use any other
 * input.
 *
 * @param pileupMean mean number of pile-up interactions per crossing (Poisson), default 20
 * @param ueChargedDensity charged hadrons of the underlying event per unit area, default 1.0
 * @param chargedMeanPt mean pT above threshold of a soft charged hadron (GeV; exponential), default 0.7
 * @param ueNeutralDensity neutral hadrons of the underlying event per unit area, default 0.06
 * @param pileupNeutralDensity neutral hadrons per unit area per pile-up interaction, default 0.02
 * @param uePhotonDensity photons of the underlying event per unit area, default 0.2
 * @param pileupPhotonDensity photons per unit area per pile-up interaction, default 0.06
 * @param neutralMeanEt mean ET above threshold of a soft neutral hadron or photon (GeV), default 0.8
 * @param jetChargedFraction mean fraction of a jet's pT carried by charged hadrons, default 0.65
 * @param jetPhotonFraction mean fraction carried by photons, default 0.25 (neutral hadrons: the rest)
 * @param fractionConcentration the three fractions fluctuate jet by jet as a Dirichlet distribution with
 *     these means and concentration kappa (charged-fraction spread sqrt(0.65 0.35 / (kappa + 1)) = 0.10
 *     for the default 20)
 * @param bTagEfficiency probability that a b jet is tagged, default 0.70
 * @param lightMistag probability that another jet (light, gluon, hadronic tau) is tagged, default 0.01
 * @param bTagEtaMax b tagging needs the tracker: |eta| below this, default 2.4
 * @param jetChargedScale n_ch(pT) = scale (ln(pT / 2 GeV))^power charged hadrons per jet, default 3.0
 * @param jetChargedPower see jetChargedScale, default 1.2
 * @param bExtraCharged extra charged hadrons of a b jet (the B-hadron decay), default 2.0
 * @param jetNeutralRatio neutral hadrons per charged hadron in a jet, default 0.12
 * @param trackerEtaMax acceptance of charged-hadron counting, default 2.5
 * @param calorimeterEtaMax acceptance of neutral-hadron counting, default 3.0
 */
public record TruthSpec(
    double pileupMean,
    double ueChargedDensity,
    double chargedMeanPt,
    double ueNeutralDensity,
    double pileupNeutralDensity,
    double uePhotonDensity,
    double pileupPhotonDensity,
    double neutralMeanEt,
    double jetChargedFraction,
    double jetPhotonFraction,
    double fractionConcentration,
    double bTagEfficiency,
    double lightMistag,
    double bTagEtaMax,
    double jetChargedScale,
    double jetChargedPower,
    double bExtraCharged,
    double jetNeutralRatio,
    double trackerEtaMax,
    double calorimeterEtaMax) {

  public TruthSpec {
    check("pileupMean", pileupMean, 0, 500);
    check("ueChargedDensity", ueChargedDensity, 0, 100);
    check("chargedMeanPt", chargedMeanPt, 0.01, 100);
    check("ueNeutralDensity", ueNeutralDensity, 0, 100);
    check("pileupNeutralDensity", pileupNeutralDensity, 0, 100);
    check("uePhotonDensity", uePhotonDensity, 0, 100);
    check("pileupPhotonDensity", pileupPhotonDensity, 0, 100);
    check("neutralMeanEt", neutralMeanEt, 0.01, 100);
    check("jetChargedFraction", jetChargedFraction, 0, 1);
    check("jetPhotonFraction", jetPhotonFraction, 0, 1);
    if (jetChargedFraction + jetPhotonFraction > 1) {
      throw new IllegalArgumentException("jetChargedFraction + jetPhotonFraction must be <= 1, found "
          + (jetChargedFraction + jetPhotonFraction));
    }
    check("fractionConcentration", fractionConcentration, 1, 10_000);
    check("bTagEfficiency", bTagEfficiency, 0, 1);
    check("lightMistag", lightMistag, 0, 1);
    check("bTagEtaMax", bTagEtaMax, 0, 5);
    check("jetChargedScale", jetChargedScale, 0, 100);
    check("jetChargedPower", jetChargedPower, 0, 5);
    check("bExtraCharged", bExtraCharged, 0, 100);
    check("jetNeutralRatio", jetNeutralRatio, 0, 10);
    check("trackerEtaMax", trackerEtaMax, 0.1, 5);
    check("calorimeterEtaMax", calorimeterEtaMax, 0.1, 5);
  }

  private static void check(String name, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], found " + v);
    }
  }

  /** The defaults above (pile-up 20 as in the h+ -> tau nu sample of the ADC2021 data). */
  public static TruthSpec defaults() {
    return new TruthSpec(20, 1.0, 0.7, 0.06, 0.02, 0.2, 0.06, 0.8, 0.65, 0.25, 20, 0.70, 0.01, 2.4, 3.0, 1.2, 2.0,
        0.12, 2.5, 3.0);
  }

  /** Mean charged-hadron multiplicity of a light jet of true pT {@code pt} (GeV): 0 below 2 GeV. */
  public double jetCharged(double pt) {
    return pt <= 2 ? 0 : jetChargedScale * Math.pow(Math.log(pt / 2), jetChargedPower);
  }
}
