package org.nphunt.physics;

import java.util.SplittableRandom;

/**
 * QCD multijet with a non-prompt or fake lepton: a 2 -> 2 dijet; the parton that yields the lepton
 * has pT ~ pT^-5 above {@code excessMean} (25 GeV), the other one balances it and takes the recoil
 * against radiation (so the lepton side can be decided before radiation is drawn; which parton holds
 * the lepton is random in azimuth and rapidity, so nothing is lost but a small correlation); parton
 * pseudorapidities Gaussian (sigma {@code rapiditySigma}). The lepton carries a fraction z ~ Beta(2,5)
 * of its parton's momentum, uniform in the Delta R < 0.3 disc (offsets d_eta, d_phi) about the axis;
 * half of the time heavy flavour, where a neutrino takes nu = 0.5 B (1 - z), B ~ Beta(2,5), along the
 * axis and the remnant is a b-like jet; the jet keeps the rest and its isolation activity sits on the
 * parton axis (see {@link EventKernel#heavyFlavourLepton}).
 *
 * <p>Exact importance sampling. The lepton's own jet remnant, inside its isolation cone, carries at
 * least (1 - nu) pT_parton - l_T with l_T <= z pT_parton e^|d_eta|, so the lepton is never isolated for
 * z <= z_c = (1 - B/2) / ((1 + isolationMax) e^|d_eta| - B/2) (heavy) or 1 / ((1 + isolationMax)
 * e^|d_eta|) (light). Attempts are drawn only from the complement: (flavour, B, d_eta) from their prior
 * tilted by P(z > z_c) (light: an inverse-CDF table; heavy: rejection), then z above z_c. Every attempt
 * stands for 1 / {@link #sampledFraction()} generated events, computed by numerical integration, so
 * events stay unweighted and the recorded efficiency is exact (tested against full sampling). Later,
 * cheaper-first tests drop attempts whose lepton cannot reach the trigger threshold (resolution is
 * truncated at 5 sigma: reco pT <= 1.25 pT + 2.5 GeV) or whose remnant already fails isolation.
 */
final class QcdGenerator implements ProcessGenerator {
  private static final double R = EventKernel.LEPTON_DISC;
  private final ProcessSpec spec;
  private final double[] staircase;
  private final double isoFactor;
  private final boolean cut;
  private final double fraction;
  private final double heavyOdds;
  private final Sampling.InverseCdf beta = new Sampling.InverseCdf(EventKernel::beta25, 0, 1);
  private final Sampling.InverseCdf dxDisc = new Sampling.InverseCdf(x -> Math.sqrt(Math.max(0, R * R - x * x)), -R, R);
  private final Sampling.InverseCdf dxLight;
  private final Sampling.InverseCdf dxHeavy;
  /** Proposals for B given |d_eta| in bin i: density f(B) P(z > z_c(B, upper edge of bin i)). */
  private static final int BINS = 32;
  private final Sampling.InverseCdf[] bGivenDx = new Sampling.InverseCdf[BINS];
  private final double[] cEdge = new double[BINS];
  private final double triggerPtMin;
  private final double isolationMax;

  QcdGenerator(ProcessSpec spec, DetectorSpec det) {
    this.spec = spec;
    this.staircase = EventKernel.staircase(spec.radiationRatio());
    this.triggerPtMin = det.triggerPtMin();
    this.isolationMax = det.isolationMax();
    this.isoFactor = 1 + det.isolationMax();
    this.cut = det.isolationCone() >= R;
    this.dxLight = new Sampling.InverseCdf(x -> Math.sqrt(Math.max(0, R * R - x * x)) * betaTail(zcLight(x)), -R, R);
    for (int i = 0; i < BINS; i++) {
      double edge = R * (i + 1) / BINS;
      bGivenDx[i] = new Sampling.InverseCdf(b -> EventKernel.beta25(b) * betaTail(zcHeavy(b, edge)), 0, 1, 4096, 1024);
      cEdge[i] = isoFactor * Math.exp(edge);
    }
    this.dxHeavy = new Sampling.InverseCdf(x -> Math.sqrt(Math.max(0, R * R - x * x)) * heavyWeight(x), -R, R, 4096);
    // E over the disc (and B) of P(z > z_c): substitution d_eta = R sin(theta), p = (2/pi) cos^2(theta)
    int nt = 2000;
    int nb = 1000;
    double eLight = 0;
    double eHeavy = 0;
    for (int i = 0; i < nt; i++) {
      double th = -Math.PI / 2 + Math.PI * (i + 0.5) / nt;
      double w = 2 / Math.PI * Math.cos(th) * Math.cos(th) * Math.PI / nt;
      double dx = R * Math.sin(th);
      eLight += w * betaTail(zcLight(dx));
      double inner = 0;
      for (int j = 0; j < nb; j++) {
        double b = (j + 0.5) / nb;
        inner += EventKernel.beta25(b) / nb * betaTail(zcHeavy(b, dx));
      }
      eHeavy += w * inner;
    }
    this.fraction = 0.5 * eLight + 0.5 * eHeavy;
    this.heavyOdds = eHeavy / (eLight + eHeavy);
  }

  /** E over B ~ Beta(2,5) of P(z > z_c(B, dx)) (midpoint rule, 400 points). */
  private double heavyWeight(double dx) {
    int n = 400;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double b = (j + 0.5) / n;
      sum += EventKernel.beta25(b) * betaTail(zcHeavy(b, dx));
    }
    return sum / n;
  }

  /** Light-flavour z below which the lepton is never isolated, for an eta offset dx. */
  double zcLight(double dx) {
    return cut ? 1 / (isoFactor * Math.exp(Math.abs(dx))) : 0;
  }

  /** Heavy-flavour z below which the lepton is never isolated, for neutrino variable b and offset dx. */
  double zcHeavy(double b, double dx) {
    return cut ? (1 - 0.5 * b) / (isoFactor * Math.exp(Math.abs(dx)) - 0.5 * b) : 0;
  }

  /** P(Z > z) for Z ~ Beta(2,5): (1-z)^5 (1+5z). */
  static double betaTail(double z) {
    if (z <= 0) {
      return 1;
    }
    if (z >= 1) {
      return 0;
    }
    double u = 1 - z;
    return u * u * u * u * u * (1 + 5 * z);
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
    SplittableRandom r = k.r;
    boolean heavy = r.nextDouble() < heavyOdds;
    double b = 0;
    double dx;
    double zc;
    if (heavy) {
      // d_eta from its tilted marginal, then B given d_eta by rejection from the proposal of its bin
      // (weights evaluated at the bin's upper |d_eta| bound the true ones: exact, ~97% accepted)
      dx = dxHeavy.sample(r);
      int bin = Math.min(BINS - 1, (int) (Math.abs(dx) / R * BINS));
      double c = cut ? isoFactor * Math.exp(Math.abs(dx)) : 0;
      double ce = cEdge[bin];
      do {
        b = bGivenDx[bin].sample(r);
        zc = cut ? (1 - 0.5 * b) / (c - 0.5 * b) : 0;
      } while (cut && r.nextDouble() * betaTail((1 - 0.5 * b) / (ce - 0.5 * b)) >= betaTail(zc));
    } else {
      dx = dxLight.sample(r);
      zc = zcLight(dx);
    }
    double z = Math.max(zc, beta.quantile(1 - betaTail(zc) * r.nextDouble()));
    return finish(k, heavy, b, z, dx);
  }

  /** Full sampling without the importance region (tests compare it with {@link #generate}). */
  boolean generateUnrestricted(EventKernel k) {
    SplittableRandom r = k.r;
    boolean heavy = r.nextDouble() < 0.5;
    double b = heavy ? beta.sample(r) : 0;
    double dx = dxDisc.sample(r);
    double z = beta.sample(r);
    return finish(k, heavy, b, z, dx);
  }

  private boolean finish(EventKernel k, boolean heavy, double b, double z, double dx) {
    SplittableRandom r = k.r;
    double nf = 0.5 * b * (1 - z);
    double ed = Math.exp(Math.abs(dx));
    if (1 - nf >= isoFactor * z * ed) {
      return false; // never isolated (no-op after importance sampling)
    }
    double pt = spec.excessMean() / Math.sqrt(Math.sqrt(Sampling.open(r))); // dN/dpT ~ pT^-5
    if (1.25 * z * pt * ed + 2.5 <= triggerPtMin) {
      return false;
    }
    double lepEta = Sampling.truncatedGaussian(r, spec.rapiditySigma(), 4.5);
    double leta = lepEta + dx;
    double lpt = z * pt * Math.cosh(lepEta) / Math.cosh(leta);
    if (1.25 * lpt + 2.5 <= triggerPtMin) {
      return false;
    }
    double dy = Math.sqrt(Math.max(0, R * R - dx * dx)) * (2 * r.nextDouble() - 1);
    double phi = 2 * Math.PI * r.nextDouble() - Math.PI;
    double lepX = pt * Math.cos(phi);
    double lepY = pt * Math.sin(phi);
    double lphi = Kinematics.wrapPhi(phi + dy);
    double lx = lpt * Math.cos(lphi);
    double ly = lpt * Math.sin(lphi);
    double jx = (1 - nf) * lepX - lx;
    double jy = (1 - nf) * lepY - ly;
    if (jx * jx + jy * jy >= isolationMax * isolationMax * lpt * lpt) {
      return false; // the remnant alone fails isolation
    }
    double jz = (1 - nf) * pt * Math.sinh(lepEta) - lpt * Math.sinh(leta);
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
      k.isoPhi[j] = phi;
    }
    return true;
  }
}
