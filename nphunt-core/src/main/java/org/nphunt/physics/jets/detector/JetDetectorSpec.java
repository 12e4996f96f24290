package org.nphunt.physics.jets.detector;

/**
 * A particle-flow detector in the image of Delphes' CMS card (de Favereau et al., arXiv:1307.6346;
 * delphes_card_CMS.tcl, the detector of the LHC Olympics 2020 data, arXiv:2101.08320). Omitted
 * (null or 0) members take the defaults of {@link #cmsLike()}.
 *
 * @param tracker charged-particle tracking
 * @param ecal electromagnetic calorimeter (photons) for |eta| &lt; forwardAbsEtaMin
 * @param hcal hadronic calorimeter (charged hadrons without a track) for |eta| &lt; forwardAbsEtaMin
 * @param forward forward calorimeter (everything) for forwardAbsEtaMin &lt;= |eta| &lt; calorimeterAbsEtaMax
 * @param forwardAbsEtaMin where the forward calorimeter starts (default 3.0)
 * @param calorimeterAbsEtaMax calorimeter acceptance |eta| (default 4.7)
 * @param significanceMin a cell is kept when its smeared energy exceeds this many standard deviations
 *     of its resolution (default 2.0, Delphes' EnergySignificanceMin)
 */
public record JetDetectorSpec(TrackerSpec tracker, CalorimeterSpec ecal, CalorimeterSpec hcal, CalorimeterSpec forward,
    double forwardAbsEtaMin, double calorimeterAbsEtaMax, double significanceMin) {

  /**
   * Tracking of charged particles with |eta| &lt; absEtaMax and pT &gt; ptMin: efficiency (barrel |eta| &lt;
   * 1.5, endcap above) for pT above 1 GeV, times lowPtFactor between ptMin and 1 GeV; relative pT
   * resolution sqrt(resolutionConstant^2 + (resolutionPerGeV pT)^2). Defaults as the Delphes CMS card
   * (0.95 / 0.85 efficiency, 0.70 / 0.60 below 1 GeV; resolution of its 0.5 &lt; |eta| &lt; 1.5 region).
   *
   * @param absEtaMax tracker acceptance (default 2.5)
   * @param ptMin smallest tracked pT [GeV] (default 0.1)
   * @param efficiencyBarrel efficiency for pT &gt; 1 GeV, |eta| &lt; 1.5 (default 0.95)
   * @param efficiencyEndcap efficiency for pT &gt; 1 GeV, |eta| &gt;= 1.5 (default 0.85)
   * @param lowPtFactor efficiency factor for pT &lt;= 1 GeV (default 0.72: 0.70/0.95 and 0.60/0.85 averaged)
   * @param resolutionConstant relative pT resolution at low pT (default 0.015)
   * @param resolutionPerGeV growth of the relative resolution per GeV (default 2.5e-4)
   */
  public record TrackerSpec(double absEtaMax, double ptMin, double efficiencyBarrel, double efficiencyEndcap,
      double lowPtFactor, double resolutionConstant, double resolutionPerGeV) {
    public TrackerSpec {
      absEtaMax = absEtaMax == 0 ? 2.5 : absEtaMax;
      ptMin = ptMin == 0 ? 0.1 : ptMin;
      efficiencyBarrel = efficiencyBarrel == 0 ? 0.95 : efficiencyBarrel;
      efficiencyEndcap = efficiencyEndcap == 0 ? 0.85 : efficiencyEndcap;
      lowPtFactor = lowPtFactor == 0 ? 0.72 : lowPtFactor;
      resolutionConstant = resolutionConstant == 0 ? 0.015 : resolutionConstant;
      resolutionPerGeV = resolutionPerGeV == 0 ? 2.5e-4 : resolutionPerGeV;
      positive("tracker absEtaMax", absEtaMax, 10);
      positive("tracker ptMin", ptMin, 100);
      fraction("tracker efficiencyBarrel", efficiencyBarrel);
      fraction("tracker efficiencyEndcap", efficiencyEndcap);
      fraction("tracker lowPtFactor", lowPtFactor);
      positive("tracker resolutionConstant", resolutionConstant, 1);
      positive("tracker resolutionPerGeV", resolutionPerGeV, 1);
    }
  }

  /**
   * A calorimeter of cells cellEta x cellPhi (in eta and radians) with energy resolution sigma(E) =
   * sqrt((constant E)^2 + stochastic^2 E + noise^2) [GeV], log-normal smearing, and a cell kept when its
   * smeared energy exceeds energyMin and the significance cut; the reconstructed direction is uniform
   * within the cell (Delphes' SmearTowerCenter).
   */
  public record CalorimeterSpec(double cellEta, double cellPhi, double stochastic, double constant, double noise,
      double energyMin) {
    public CalorimeterSpec {
      positive("calorimeter cellEta", cellEta, 1);
      positive("calorimeter cellPhi", cellPhi, 1);
      positive("calorimeter stochastic", stochastic, 10);
      if (!(constant >= 0 && constant <= 1) || !(noise >= 0 && noise <= 100) || !(energyMin >= 0 && energyMin <= 1000)) {
        throw new IllegalArgumentException("calorimeter constant must be in [0, 1], noise in [0, 100] GeV and energyMin in"
            + " [0, 1000] GeV, found " + constant + ", " + noise + ", " + energyMin);
      }
    }

    /** sigma(E) [GeV]. */
    public double sigma(double energy) {
      return Math.sqrt(constant * constant * energy * energy + stochastic * stochastic * energy + noise * noise);
    }
  }

  /** CMS ECAL: 0.0174 x 1 degree cells, sqrt((0.008 E)^2 + 0.11^2 E + 0.40^2), cells above 0.5 GeV. */
  public static CalorimeterSpec cmsEcal() {
    return new CalorimeterSpec(0.0174, Math.PI / 180, 0.11, 0.008, 0.40, 0.5);
  }

  /** CMS HCAL: 0.087 x 5 degree cells, sqrt((0.05 E)^2 + 1.5^2 E), cells above 1 GeV. */
  public static CalorimeterSpec cmsHcal() {
    return new CalorimeterSpec(0.087, Math.PI / 36, 1.5, 0.05, 0, 1.0);
  }

  /** CMS HF: 0.175 x 10 degree cells, sqrt((0.107 E)^2 + 2.08^2 E), cells above 1 GeV. */
  public static CalorimeterSpec cmsForward() {
    return new CalorimeterSpec(0.175, Math.PI / 18, 2.08, 0.107, 0, 1.0);
  }

  public JetDetectorSpec {
    tracker = tracker == null ? new TrackerSpec(0, 0, 0, 0, 0, 0, 0) : tracker;
    ecal = ecal == null ? cmsEcal() : ecal;
    hcal = hcal == null ? cmsHcal() : hcal;
    forward = forward == null ? cmsForward() : forward;
    forwardAbsEtaMin = forwardAbsEtaMin == 0 ? 3.0 : forwardAbsEtaMin;
    calorimeterAbsEtaMax = calorimeterAbsEtaMax == 0 ? 4.7 : calorimeterAbsEtaMax;
    significanceMin = significanceMin == 0 ? 2.0 : significanceMin;
    positive("detector forwardAbsEtaMin", forwardAbsEtaMin, 10);
    positive("detector calorimeterAbsEtaMax", calorimeterAbsEtaMax, 10);
    positive("detector significanceMin", significanceMin, 100);
    if (!(forwardAbsEtaMin <= calorimeterAbsEtaMax)) {
      throw new IllegalArgumentException("detector forwardAbsEtaMin must be <= calorimeterAbsEtaMax, found "
          + forwardAbsEtaMin + " > " + calorimeterAbsEtaMax);
    }
    if (!(tracker.absEtaMax() <= calorimeterAbsEtaMax)) {
      throw new IllegalArgumentException("tracker absEtaMax must be <= calorimeterAbsEtaMax, found " + tracker.absEtaMax());
    }
  }

  /** The Delphes-CMS-like default: tracks |eta| &lt; 2.5 above 0.1 GeV, calorimeters |eta| &lt; 4.7. */
  public static JetDetectorSpec cmsLike() {
    return new JetDetectorSpec(null, null, null, null, 0, 0, 0);
  }

  private static void positive(String name, double v, double max) {
    if (!(v > 0 && v <= max)) {
      throw new IllegalArgumentException(name + " must be in (0, " + max + "], found " + v);
    }
  }

  private static void fraction(String name, double v) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], found " + v);
    }
  }
}
