package org.nphunt.physics;

/**
 * QCD multijet with a non-prompt or fake lepton: a 2 -> 2 dijet; the parton that yields the lepton
 * has pT ~ pT^-5 above {@code excessMean} (25 GeV), the other one balances it and takes the recoil
 * against radiation (so the lepton side can be decided before radiation is drawn; which parton holds
 * the lepton is random in azimuth and rapidity, so nothing is lost but a small correlation); parton
 * pseudorapidities Gaussian (sigma {@code rapiditySigma}). The lepton carries a fraction z ~ Beta(2,5)
 * of its parton's momentum inside Delta R < 0.3; half of the time heavy flavour, where a neutrino takes
 * 0.5 Beta(2,5) (1 - z) along the axis and the remnant is a b-like jet; the jet keeps the rest and its
 * isolation activity sits on the parton axis (see {@link EventKernel#heavyFlavourLepton}).
 *
 * <p>Importance region: the lepton can never be isolated when the jet remnant in its cone, which
 * carries at least p_T (1 - nu) - l_T with l_T <= z p_T e^0.3, reaches isolationMax l_T. For light
 * fakes (nu = 0) that holds below z_light = 1 / (e^0.3 (1 + isolationMax)) (0.511 for the CMS-like
 * detector); for heavy flavour (nu <= (1 - z)/2) below z_heavy = 0.5 / (e^0.3 (1 + isolationMax) - 0.5)
 * (0.343). So the flavour is drawn with odds 0.5 P(z > z_light) : 0.5 P(z > z_heavy), z only above
 * its cut, and the generated count is attempts / (0.5 P(z > z_light) + 0.5 P(z > z_heavy)): events
 * stay unweighted and the recorded efficiency is exact (tested against full sampling).
 */
final class QcdGenerator implements ProcessGenerator {
  private final ProcessSpec spec;
  private final double[] staircase;
  private final double zCut;
  private final double zCutLight;
  private final double fraction;
  private final double heavyOdds;
  private final Sampling.InverseCdf zAbove;
  private final Sampling.InverseCdf zAboveLight;
  private static final double EXP_CHORD = Math.expm1(EventKernel.LEPTON_DISC) / EventKernel.LEPTON_DISC;
  private final double triggerPtMin;
  private final double isolationMax;

  QcdGenerator(ProcessSpec spec, DetectorSpec det) {
    this.spec = spec;
    this.staircase = EventKernel.staircase(spec.radiationRatio());
    this.zCut = zCut(det);
    this.zCutLight = zCutLight(det);
    this.fraction = 0.5 * betaTail(zCut) + 0.5 * betaTail(zCutLight);
    this.heavyOdds = 0.5 * betaTail(zCut) / fraction;
    this.zAbove = new Sampling.InverseCdf(EventKernel::beta25, zCut, 1);
    this.zAboveLight = new Sampling.InverseCdf(EventKernel::beta25, zCutLight, 1);
    this.triggerPtMin = det.triggerPtMin();
    this.isolationMax = det.isolationMax();
  }

  /** The z below which isolation always fails (0 when the cone is smaller than the emission disc). */
  static double zCut(DetectorSpec det) {
    if (det.isolationCone() < EventKernel.LEPTON_DISC) {
      return 0;
    }
    double c = 0.5 / (Math.exp(EventKernel.LEPTON_DISC) * (1 + det.isolationMax()) - 0.5);
    return Math.min(0.999, Math.max(0, c * 0.999));
  }

  /** The z below which a light-flavour fake (no neutrino) is never isolated. */
  static double zCutLight(DetectorSpec det) {
    if (det.isolationCone() < EventKernel.LEPTON_DISC) {
      return 0;
    }
    double c = 1 / (Math.exp(EventKernel.LEPTON_DISC) * (1 + det.isolationMax()));
    return Math.min(0.999, Math.max(0, c * 0.999));
  }

  /** P(Z > z) for Z ~ Beta(2,5): (1-z)^5 (1+5z). */
  static double betaTail(double z) {
    return Math.pow(1 - z, 5) * (1 + 5 * z);
  }

  double zCut() {
    return zCut;
  }

  double zCutLight() {
    return zCutLight;
  }

  @Override
  public ProcessSpec spec() {
    return spec;
  }

  @Override
  public double sampledFraction() {
    return fraction;
  }

  @Override
  public boolean generate(EventKernel k) {
    boolean heavy = k.r.nextDouble() < heavyOdds;
    return generate(k, heavy, heavy ? zAbove : zAboveLight);
  }

  /** Generation with a given flavour and z sampler (tests compare full and restricted sampling). */
  boolean generate(EventKernel k, boolean heavy, Sampling.InverseCdf zSampler) {
    var r = k.r;
    // The lepton: fraction z of a parton's momentum, uniform in the Delta R < 0.3 disc (offset d);
    // heavy flavour adds a neutrino with fraction nf along the axis. Exact early rejections, cheapest
    // first, skip attempts whose lepton can never be isolated (its own jet remnant, on the axis inside
    // the cone, carries pT >= (1 - nf) pT_parton - lpt with lpt <= z pT_parton e^d) or never fire the
    // trigger (resolution is truncated at 5 sigma, so reco pT <= 1.25 pT + 2.5 GeV).
    final double disc = EventKernel.LEPTON_DISC;
    double z = zSampler.sample(r);
    double dx;
    double dy;
    do { // uniform in the disc: dx is the eta offset, dy the phi offset
      dx = disc * (2 * r.nextDouble() - 1);
      dy = disc * (2 * r.nextDouble() - 1);
    } while (dx * dx + dy * dy >= disc * disc);
    double nf = heavy ? 0.5 * k.sampleBeta25() * (1 - z) : 0;
    double ed = 1 + Math.abs(dx) * EXP_CHORD; // >= e^|dx| (chord of the convex exp on [0, 0.3])
    if (1 - nf >= (1 + isolationMax) * z * ed) {
      return false;
    }
    double pt = spec.excessMean() / Math.sqrt(Math.sqrt(Sampling.open(r))); // dN/dpT ~ pT^-5
    if (1.25 * z * pt * ed + 2.5 <= triggerPtMin) {
      return false;
    }
    double partonPt = pt;
    double lepEta = Sampling.truncatedGaussian(r, spec.rapiditySigma(), 4.5);
    double leta = lepEta + dx;
    double lpt = z * partonPt * Math.cosh(lepEta) / Math.cosh(leta);
    if (1.25 * lpt + 2.5 <= triggerPtMin) {
      return false;
    }
    double phi = 2 * Math.PI * r.nextDouble() - Math.PI;
    double lepX = pt * Math.cos(phi);
    double lepY = pt * Math.sin(phi);
    double axisPhi = phi;
    double lphi = Kinematics.wrapPhi(axisPhi + dy);
    double lx = lpt * Math.cos(lphi);
    double ly = lpt * Math.sin(lphi);
    double jx = (1 - nf) * lepX - lx;
    double jy = (1 - nf) * lepY - ly;
    if (jx * jx + jy * jy >= isolationMax * isolationMax * lpt * lpt) {
      return false;
    }
    double jz = (1 - nf) * partonPt * Math.sinh(lepEta) - lpt * Math.sinh(leta);
    // the recoiling parton balances the lepton's parent and takes the recoil against radiation
    k.radiate(staircase);
    double x2 = -lepX + k.recoilX;
    double y2 = -lepY + k.recoilY;
    double eta2 = Sampling.truncatedGaussian(r, spec.rapiditySigma(), 4.5);
    k.addVisible(EventKernel.JET, x2, y2, Math.sqrt(x2 * x2 + y2 * y2) * Math.sinh(eta2));
    k.addVisiblePtEtaPhi(r.nextDouble() < 0.5 ? EventKernel.ELE : EventKernel.MU, lpt, leta, lphi);
    int j = k.addVisible(heavy ? EventKernel.BJET : EventKernel.JET, jx, jy, jz);
    if (j >= 0) {
      k.isoEta[j] = lepEta;
      k.isoPhi[j] = axisPhi;
    }
    return true;
  }
}
