package org.nphunt.physics;

/**
 * QCD multijet with a non-prompt or fake lepton: a 2 -> 2 dijet with leading-parton pT ~ pT^-5 above
 * {@code excessMean} (25 GeV), parton pseudorapidities Gaussian, back to back in phi, sharing the
 * recoil against radiation; one parton (equal odds) yields a lepton carrying a fraction z ~ Beta(2,5)
 * of its momentum inside Delta R < 0.3, half of the time heavy flavour (with a neutrino, see
 * {@link EventKernel#heavyFlavourLepton}).
 *
 * <p>Importance region: below z_cut = 0.5 / (e^0.3 (1 + isolationMax) - 0.5) (0.343 for the CMS-like
 * detector) the lepton can never be isolated: the jet remnant in its cone carries at least
 * p_T (1 - nu) - l_T with nu <= (1 - z)/2 and l_T <= z p_T e^0.3, which is >= isolationMax l_T.
 * So z is drawn only above z_cut and the generated count is attempts / P(z > z_cut).
 */
final class QcdGenerator implements ProcessGenerator {
  private final ProcessSpec spec;
  private final double[] staircase;
  private final double zCut;
  private final double fraction;
  private final Sampling.InverseCdf zAbove;
  private final double triggerPtMin;
  private final double isolationMax;

  QcdGenerator(ProcessSpec spec, DetectorSpec det) {
    this.spec = spec;
    this.staircase = EventKernel.staircase(spec.radiationRatio());
    this.zCut = zCut(det);
    this.fraction = betaTail(zCut);
    this.zAbove = new Sampling.InverseCdf(EventKernel::beta25, zCut, 1);
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

  /** P(Z > z) for Z ~ Beta(2,5): (1-z)^5 (1+5z). */
  static double betaTail(double z) {
    return Math.pow(1 - z, 5) * (1 + 5 * z);
  }

  double zCut() {
    return zCut;
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
    return generate(k, zAbove);
  }

  /** Generation with a given z sampler (tests compare the full and the restricted sampler). */
  boolean generate(EventKernel k, Sampling.InverseCdf zSampler) {
    var r = k.r;
    // The lepton: fraction z of a parton's momentum, uniform in the Delta R < 0.3 disc (offset d);
    // heavy flavour adds a neutrino with fraction nf along the axis. Exact early rejections, cheapest
    // first, skip attempts whose lepton can never be isolated (its own jet remnant, on the axis inside
    // the cone, carries pT >= (1 - nf) pT_parton - lpt with lpt <= z pT_parton e^d) or never fire the
    // trigger (resolution is truncated at 5 sigma, so reco pT <= 1.25 pT + 2.5 GeV).
    double z = zSampler.sample(r);
    double d = EventKernel.LEPTON_DISC * Math.sqrt(r.nextDouble());
    boolean heavy = r.nextDouble() < 0.5;
    double nf = heavy ? 0.5 * k.sampleBeta25() * (1 - z) : 0;
    double ed = Math.exp(d);
    if (1 - nf >= (1 + isolationMax) * z * ed) {
      return false;
    }
    double pt = Sampling.powerLaw(r, spec.excessMean(), 5);
    k.radiate(staircase);
    boolean first = r.nextDouble() < 0.5;
    double phi = 2 * Math.PI * r.nextDouble();
    double c = pt * Math.cos(phi);
    double s = pt * Math.sin(phi);
    double x1 = c + 0.5 * k.recoilX;
    double y1 = s + 0.5 * k.recoilY;
    double x2 = -c + 0.5 * k.recoilX;
    double y2 = -s + 0.5 * k.recoilY;
    double lepX = first ? x1 : x2;
    double lepY = first ? y1 : y2;
    double partonPt = Math.sqrt(lepX * lepX + lepY * lepY);
    if (1.25 * z * partonPt * ed + 2.5 <= triggerPtMin) {
      return false;
    }
    double eta1 = Sampling.truncatedGaussian(r, spec.rapiditySigma(), 4.5);
    double eta2 = Sampling.truncatedGaussian(r, spec.rapiditySigma(), 4.5);
    double lepEta = first ? eta1 : eta2;
    double a = 2 * Math.PI * r.nextDouble();
    double leta = lepEta + d * Math.cos(a);
    double lpt = z * partonPt * Math.cosh(lepEta) / Math.cosh(leta);
    if (1.25 * lpt + 2.5 <= triggerPtMin) {
      return false;
    }
    double axisPhi = Math.atan2(lepY, lepX);
    double lphi = Kinematics.wrapPhi(axisPhi + d * Math.sin(a));
    double lx = lpt * Math.cos(lphi);
    double ly = lpt * Math.sin(lphi);
    double jx = (1 - nf) * lepX - lx;
    double jy = (1 - nf) * lepY - ly;
    if (jx * jx + jy * jy >= isolationMax * isolationMax * lpt * lpt) {
      return false;
    }
    double jz = (1 - nf) * partonPt * Math.sinh(lepEta) - lpt * Math.sinh(leta);
    k.addVisible(EventKernel.JET, first ? x2 : x1, first ? y2 : y1,
        Math.sqrt((first ? x2 * x2 + y2 * y2 : x1 * x1 + y1 * y1)) * Math.sinh(first ? eta2 : eta1));
    k.addVisiblePtEtaPhi(r.nextDouble() < 0.5 ? EventKernel.ELE : EventKernel.MU, lpt, leta, lphi);
    int j = k.addVisible(heavy ? EventKernel.BJET : EventKernel.JET, jx, jy, jz);
    if (j >= 0) {
      k.isoEta[j] = lepEta;
      k.isoPhi[j] = axisPhi;
    }
    return true;
  }
}
