package org.nphunt.physics;

import static org.nphunt.data.Adc2021.FEATURES;

import java.util.SplittableRandom;
import org.nphunt.data.ObjectType;

/**
 * The shared pieces every process is composed from, working on primitive scratch arrays so that the
 * event loop allocates nothing: a parton stack (production and decays), the list of visible truth
 * objects, and the detector simulation (lepton and jet reconstruction, isolation, overlap removal,
 * pile-up, particle-flow-like MET, single-lepton trigger, slot filling). One kernel per thread.
 *
 * <p>Physics model and approximations: docs/generator.md.
 */
public final class EventKernel {
  static final int ELE = 0;
  static final int MU = 1;
  static final int JET = 2;
  static final int BJET = 3;

  private static final int MAX_PARTONS = 64;
  private static final int MAX_VISIBLE = 128;
  /** Radius of the disc around the parent jet axis in which a non-prompt lepton is emitted. */
  static final double LEPTON_DISC = 0.3;
  private static final double TWO_PI = 2 * Math.PI;

  final DetectorSpec det;
  SplittableRandom r;

  // parton stack: four-momenta of intermediate particles
  final double[] px = new double[MAX_PARTONS];
  final double[] py = new double[MAX_PARTONS];
  final double[] pz = new double[MAX_PARTONS];
  final double[] pe = new double[MAX_PARTONS];
  /**
   * Charge sign carried by each parton for the truth of {@link HltTruthModel}: for a lepton, tau, W or
   * top its charge sign; for a b quark the sign of the lepton of its semileptonic decay (b -> c l- nu:
   * -1); 0 when unknown (the truth model then draws it). Set by the decays, never drawn.
   */
  final int[] pcharge = new int[MAX_PARTONS];
  int np;
  /** Whether the charges of this event are fixed by the process (V-A W decay), not C-symmetric. */
  boolean chargeFixed;

  // visible truth objects (massless): type, pT, eta, phi, isolation axis
  final int[] vtype = new int[MAX_VISIBLE];
  final double[] vpt = new double[MAX_VISIBLE];
  final double[] veta = new double[MAX_VISIBLE];
  final double[] vphi = new double[MAX_VISIBLE];
  final double[] isoEta = new double[MAX_VISIBLE];
  final double[] isoPhi = new double[MAX_VISIBLE];
  /** Charge sign of a visible lepton (0 for other objects, or unknown: drawn by the truth model). */
  final int[] vcharge = new int[MAX_VISIBLE];
  /** Whether a visible jet is a hadronically decaying tau. */
  final boolean[] vtau = new boolean[MAX_VISIBLE];
  int nv;
  /** Visible objects before pile-up was added (indices >= nHard are pile-up jets). */
  int nHard;
  /** The visible object stored in each slot of the last accepted event (-1 for MET and empty slots). */
  final int[] slotVis = new int[org.nphunt.data.Adc2021.SLOTS];

  // reconstruction results per visible object
  final double[] rpt = new double[MAX_VISIBLE];
  final double[] reta = new double[MAX_VISIBLE];
  final double[] rphi = new double[MAX_VISIBLE];
  final boolean[] stored = new boolean[MAX_VISIBLE];
  final boolean[] candidate = new boolean[MAX_VISIBLE];
  private final int[] order = new int[MAX_VISIBLE];

  /** Measured but unclustered transverse momentum (soft recoil, b-jet response loss). */
  double softX;
  double softY;
  double softEt;
  /** Transverse recoil given to the hard system by the last {@link #radiate} call. */
  double recoilX;
  double recoilY;

  private final double[] tmp = new double[4];
  private final double expMinusPileup;
  private final double[] staircase035 = staircase(0.35);
  private final Sampling.InverseCdf tauLeptonX =
      new Sampling.InverseCdf(x -> 5.0 / 3 - 3 * x * x + 4.0 / 3 * x * x * x, 0, 1);
  /** The lepton's energy fraction from a tau of helicity +1 (the tau of a charged-scalar decay). */
  private final Sampling.InverseCdf tauLeptonXRight =
      new Sampling.InverseCdf(x -> 2 - 6 * x * x + 4 * x * x * x, 0, 1);
  /**
   * Effective analysing power of the hadronic tau decays for the visible energy fraction, the branching-
   * weighted mean over the hadronic modes: pi nu (a = 1, 10.8/64.8 = 16.7% of hadronic decays), rho nu
   * (a = (m_tau^2 - 2 m_rho^2) / (m_tau^2 + 2 m_rho^2) = 0.449, 25.5/64.8 = 39.4%), a1 nu and the rest
   * (a ~ 0.1, 43.9%): 0.167 + 0.394 * 0.449 + 0.439 * 0.1 = 0.39.
   */
  static final double HADRONIC_ANALYSING_POWER = 0.39;
  private final Sampling.InverseCdf beta25 = new Sampling.InverseCdf(EventKernel::beta25, 0, 1);
  private final Sampling.BreitWigner topMass =
      Sampling.BreitWigner.of(Physics.M_TOP, Physics.GAMMA_TOP, Physics.M_TOP - 20 * Physics.GAMMA_TOP, Physics.M_TOP + 20 * Physics.GAMMA_TOP);
  private final Sampling.BreitWigner wInTop = Sampling.BreitWigner.of(Physics.M_W, Physics.GAMMA_W,
      Physics.W_MIN, Physics.M_W + 20 * Physics.GAMMA_W);

  /** Beta(2,5) density 30 z (1-z)^4. */
  static double beta25(double z) {
    double u = 1 - z;
    return 30 * z * u * u * u * u;
  }

  public EventKernel(DetectorSpec det) {
    this.det = det;
    this.expMinusPileup = Math.exp(-det.pileupJetsMean());
  }

  /** Cumulative table of the truncated staircase P(n) ~ ratio^n, n = 0..6. */
  static double[] staircase(double ratio) {
    double[] c = new double[7];
    double sum = 0;
    for (int n = 0; n <= 6; n++) {
      sum += Math.pow(ratio, n);
      c[n] = sum;
    }
    for (int n = 0; n <= 6; n++) {
      c[n] /= sum;
    }
    return c;
  }

  void reset() {
    np = 0;
    nv = 0;
    chargeFixed = false;
    softX = 0;
    softY = 0;
    softEt = 0;
  }

  // ---------------------------------------------------------------- partons and visible objects

  int addParton(double x, double y, double z, double e) {
    int i = np++;
    px[i] = x;
    py[i] = y;
    pz[i] = z;
    pe[i] = e;
    pcharge[i] = 0;
    return i;
  }

  double mass(int i) {
    double m2 = pe[i] * pe[i] - px[i] * px[i] - py[i] * py[i] - pz[i] * pz[i];
    return m2 > 0 ? Math.sqrt(m2) : 0;
  }

  /** Adds a massless visible object along (x, y, z) with |p| = p; returns its index. */
  int addVisible(int type, double x, double y, double z) {
    double pt = Math.sqrt(x * x + y * y);
    if (pt < 1e-6) {
      return -1; // collinear with the beam: never seen
    }
    int i = nv++;
    vtype[i] = type;
    vpt[i] = pt;
    vcharge[i] = 0;
    vtau[i] = false;
    double eta = Kinematics.eta(x, y, z);
    double phi = Math.atan2(y, x);
    veta[i] = eta;
    vphi[i] = phi;
    isoEta[i] = eta;
    isoPhi[i] = phi;
    return i;
  }

  /** Adds a visible object from (pT, eta, phi). */
  int addVisiblePtEtaPhi(int type, double pt, double eta, double phi) {
    int i = nv++;
    vtype[i] = type;
    vpt[i] = pt;
    vcharge[i] = 0;
    vtau[i] = false;
    veta[i] = eta;
    vphi[i] = phi;
    isoEta[i] = eta;
    isoPhi[i] = phi;
    return i;
  }

  void addSoft(double x, double y) {
    softX += x;
    softY += y;
    softEt += Math.sqrt(x * x + y * y);
  }

  // ---------------------------------------------------------------- production

  /** Draws the number of radiated jets from the staircase with ratio r (P(n) ~ r^n, n <= 6). */
  int radiatedJets(double[] cumulative) {
    double u = r.nextDouble();
    int n = 0;
    while (n < 6 && u >= cumulative[n]) {
      n++;
    }
    return n;
  }

  double[] staircaseFor(double ratio) {
    return ratio == 0.35 ? staircase035 : staircase(ratio);
  }

  /**
   * Initial-state radiation: jets with pT ~ pT^-3.5 above 15 GeV, eta Gaussian (sigma 2.2), uniform phi,
   * plus an intrinsic kT (2D Gaussian, sigma 4 GeV) balanced by soft activity. Sets {@link #recoilX},
   * {@link #recoilY}: the transverse momentum the hard system takes (minus the sum).
   */
  void radiate(double[] cumulative) {
    int n = radiatedJets(cumulative);
    double sx = 0;
    double sy = 0;
    for (int k = 0; k < n; k++) {
      double pt;
      do {
        pt = Sampling.powerLaw(r, 15, 3.5);
      } while (pt > 2000);
      double eta = 2.2 * r.nextGaussian();
      double phi = TWO_PI * r.nextDouble() - Math.PI;
      addVisiblePtEtaPhi(JET, pt, eta, phi);
      sx += pt * Math.cos(phi);
      sy += pt * Math.sin(phi);
    }
    double kx = 4 * r.nextGaussian();
    double ky = 4 * r.nextGaussian();
    addSoft(kx, ky);
    recoilX = -sx - kx;
    recoilY = -sy - ky;
  }

  /**
   * A hard system of mass m with Gaussian rapidity (truncated at |y| < 4.5) recoiling against
   * initial-state radiation; returns its parton index.
   */
  int produce(double m, double rapiditySigma, double[] staircase) {
    radiate(staircase);
    double y = Sampling.truncatedGaussian(r, rapiditySigma, 4.5);
    double ptx = recoilX;
    double pty = recoilY;
    double mt = Math.sqrt(m * m + ptx * ptx + pty * pty);
    double ey = Math.exp(y);
    double chy = 0.5 * (ey + 1 / ey);
    double shy = 0.5 * (ey - 1 / ey);
    return addParton(ptx, pty, mt * shy, mt * chy);
  }

  // ---------------------------------------------------------------- decays

  /**
   * Isotropic (or given cos theta) two-body decay of parton p into masses m1, m2 in its rest frame,
   * boosted to the lab; returns the index of daughter 1 (daughter 2 follows).
   */
  int decayTwoBody(int p, double m1, double m2, double cosTheta) {
    double m = mass(p);
    double q = Kinematics.twoBodyMomentum(m, m1, m2);
    double sinTheta = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
    double phi = TWO_PI * r.nextDouble();
    double qx = q * sinTheta * Math.cos(phi);
    double qy = q * sinTheta * Math.sin(phi);
    double qz = q * cosTheta;
    double bx = px[p] / pe[p];
    double by = py[p] / pe[p];
    double bz = pz[p] / pe[p];
    Kinematics.boost(qx, qy, qz, Math.sqrt(q * q + m1 * m1), bx, by, bz, tmp, 0);
    int d1 = addParton(tmp[0], tmp[1], tmp[2], tmp[3]);
    Kinematics.boost(-qx, -qy, -qz, Math.sqrt(q * q + m2 * m2), bx, by, bz, tmp, 0);
    addParton(tmp[0], tmp[1], tmp[2], tmp[3]);
    return d1;
  }

  int decayIsotropic(int p, double m1, double m2) {
    return decayTwoBody(p, m1, m2, 2 * r.nextDouble() - 1);
  }

  /** Decays parton p with the given mode. vMinusA: spin-1 W-like lepton angular distribution. */
  void decay(int p, ProcessSpec.Decay mode, boolean vMinusA, FourLeptonSampler fourLepton) {
    switch (mode) {
      case LEPTON_NEUTRINO -> {
        int flavour = (int) (3 * r.nextDouble());
        double ml = flavour == 2 ? Physics.M_TAU : 0;
        int charge = orPlus(pcharge[p]);
        double cos;
        if (vMinusA) {
          cos = vMinusACos(p);
          charge = wCharge;
          chargeFixed = true;
        } else {
          cos = 2 * r.nextDouble() - 1;
        }
        int l = decayTwoBody(p, ml, 0, cos);
        pcharge[l] = charge;
        lepton(l, flavour);
      }
      case LEPTON_PAIR -> {
        int flavour = (int) (3 * r.nextDouble());
        double ml = flavour == 2 ? Physics.M_TAU : 0;
        int l = decayIsotropic(p, ml, ml);
        pcharge[l] = -1;
        pcharge[l + 1] = 1;
        lepton(l, flavour);
        lepton(l + 1, flavour);
      }
      case TAU_PAIR -> {
        int l = decayIsotropic(p, Physics.M_TAU, Physics.M_TAU);
        pcharge[l] = -1;
        pcharge[l + 1] = 1;
        tau(l);
        tau(l + 1);
      }
      case TAU_NEUTRINO -> {
        // a charged scalar: the tau has helicity +1 (the W's tau has -1), which softens its leptons
        int charge = orPlus(pcharge[p]);
        int l = decayIsotropic(p, Physics.M_TAU, 0);
        pcharge[l] = charge;
        tau(l, true);
      }
      case B_TAU -> {
        // LQ -> b tau-: the b's semileptonic lepton has the tau's charge sign (b -> c l-)
        int charge = orPlus(pcharge[p]);
        int b = decayIsotropic(p, Physics.M_B, Physics.M_TAU);
        pcharge[b] = charge;
        pcharge[b + 1] = charge;
        bQuark(b);
        tau(b + 1);
      }
      case FOUR_LEPTON -> {
        double m = mass(p);
        fourLepton.sample(r, m, tmp);
        int z1 = decayIsotropic(p, tmp[0], tmp[1]);
        for (int z = z1; z < z1 + 2; z++) {
          int flavour = r.nextDouble() < 0.5 ? 0 : 1;
          int l = decayIsotropic(z, 0, 0);
          pcharge[l] = -1;
          pcharge[l + 1] = 1;
          lepton(l, flavour);
          lepton(l + 1, flavour);
        }
      }
      case TOP -> top(p);
      case FAKE_LEPTON -> throw new IllegalStateException("FAKE_LEPTON is a DIJET process");
    }
  }

  /**
   * V-A: the charged lepton of W- follows (1 + cos)^2 about the quark direction, the antilepton of W+
   * (1 - cos)^2; the quark is taken along the W's longitudinal direction (the valence quark carries
   * the larger x). W+ : W- = 58 : 42 at 13 TeV.
   */
  private double vMinusACos(int p) {
    double c = 2 * Math.cbrt(r.nextDouble()) - 1;
    wCharge = -1;
    if (r.nextDouble() < 0.58) {
      c = -c;
      wCharge = 1;
    }
    return pz[p] >= 0 ? c : -c;
  }

  /** Charge of the W whose lepton angle {@link #vMinusACos} drew last: +1 (W+) or -1 (W-). */
  private int wCharge;

  /** A charge sign, +1 when unknown (0): the truth model flips C-symmetric events at random. */
  private static int orPlus(int charge) {
    return charge == 0 ? 1 : charge;
  }

  /** A prompt charged lepton at parton i: 0 e, 1 mu, 2 tau. */
  private void lepton(int i, int flavour) {
    if (flavour == 2) {
      tau(i);
    } else {
      charge(addVisible(flavour == 0 ? ELE : MU, px[i], py[i], pz[i]), pcharge[i]);
    }
  }

  /** Records the charge sign of a visible object (no-op for an object that was not added). */
  private void charge(int visible, int sign) {
    if (visible >= 0) {
      vcharge[visible] = sign;
    }
  }

  /** An unpolarised tau decay ({@link #tau(int, boolean)}). */
  void tau(int i) {
    tau(i, false);
  }

  /**
   * Tau decay: leptonic 35.2% (e 17.8%, mu 17.4%), the lepton taking a fraction x of the tau energy
   * from f(x) = 5/3 - 3x^2 + 4/3 x^3, collinear; hadronic 64.8%: a jet with visible fraction x uniform
   * in [0.3, 1], direction smeared by 0.02. The rest is neutrinos. A tau of helicity +1 (from a charged
   * scalar, {@code rightHanded}) has the polarised spectra f(x) = (5 - 9x^2 + 4x^3)/3 + P (1 - 9x^2 +
   * 8x^3)/3 = 2 - 6x^2 + 4x^3 for the lepton and, for the hadrons, v = (x - 0.3)/0.7 with density
   * 1 + P a (2v - 1), a = {@link #HADRONIC_ANALYSING_POWER} (Bullock, Hagiwara and Martin, Nucl. Phys.
   * B395 (1993) 499): softer leptons, harder tau jets.
   */
  void tau(int i, boolean rightHanded) {
    double u = r.nextDouble();
    double p = Math.sqrt(px[i] * px[i] + py[i] * py[i] + pz[i] * pz[i]);
    if (u < 0.352) {
      double x = rightHanded ? tauLeptonXRight.sample(r) : tauLeptonX.sample(r);
      double f = x * pe[i] / p;
      charge(addVisible(u < 0.178 ? ELE : MU, f * px[i], f * py[i], f * pz[i]), pcharge[i]);
    } else {
      double v = r.nextDouble();
      if (rightHanded) {
        double a = HADRONIC_ANALYSING_POWER;
        v = (-(1 - a) + Math.sqrt((1 - a) * (1 - a) + 4 * a * v)) / (2 * a); // inverse CDF of 1 + a (2v - 1)
      }
      double x = 0.3 + 0.7 * v;
      double e = x * pe[i];
      double eta = Kinematics.eta(px[i], py[i], pz[i]) + 0.02 * r.nextGaussian();
      double phi = Kinematics.wrapPhi(Math.atan2(py[i], px[i]) + 0.02 * r.nextGaussian());
      int j = addVisiblePtEtaPhi(JET, e / Math.cosh(eta), eta, phi);
      vtau[j] = true;
      vcharge[j] = pcharge[i];
    }
  }

  /** t -> b W, W -> e nu / mu nu / tau nu (10.8% each) or q q' (67.6%); decays isotropic. */
  void top(int t) {
    double mt = mass(t);
    double mw;
    do {
      mw = wInTop.sample(r);
    } while (mw >= mt - Physics.M_B);
    int b = decayIsotropic(t, Physics.M_B, mw);
    int charge = orPlus(pcharge[t]);
    pcharge[b] = -charge; // t -> b W+, b -> c l-
    pcharge[b + 1] = charge;
    bQuark(b);
    int w = b + 1;
    double u = r.nextDouble();
    if (u < 0.324) {
      int flavour = u < 0.108 ? 0 : u < 0.216 ? 1 : 2;
      int l = decayIsotropic(w, flavour == 2 ? Physics.M_TAU : 0, 0);
      pcharge[l] = charge;
      lepton(l, flavour);
    } else {
      int q = decayIsotropic(w, 0, 0);
      addVisible(JET, px[q], py[q], pz[q]);
      addVisible(JET, px[q + 1], py[q + 1], pz[q + 1]);
    }
  }

  double sampleBeta25() {
    return beta25.sample(r);
  }

  double sampleTopMass() {
    return topMass.sample(r);
  }

  /** A b quark: a b jet; with the semileptonic fraction it also carries a soft lepton and a neutrino. */
  void bQuark(int i) {
    if (r.nextDouble() < det.bSemileptonicFraction()) {
      heavyFlavourLepton(i, beta25.sample(r), true, BJET);
    } else {
      addVisible(BJET, px[i], py[i], pz[i]);
    }
  }

  /**
   * A lepton (e or mu, equal odds) carrying a fraction z of parton i's momentum, emitted uniformly in
   * the Delta R < 0.3 disc about the parton; with a neutrino (heavy flavour) taking 0.5 Beta(2,5) (1-z)
   * along the axis; the jet keeps the rest (momentum conserved). The jet's activity for isolation sits
   * on the parton axis (its hadrons surround it), so the lepton always sees its own jet remnant.
   */
  void heavyFlavourLepton(int i, double z, boolean neutrino, int jetType) {
    double x = px[i];
    double y = py[i];
    double zz = pz[i];
    double p = Math.sqrt(x * x + y * y + zz * zz);
    double axisEta = Kinematics.eta(x, y, zz);
    double axisPhi = Math.atan2(y, x);
    double d = LEPTON_DISC * Math.sqrt(r.nextDouble());
    double a = TWO_PI * r.nextDouble();
    double leta = axisEta + d * Math.cos(a);
    double lphi = Kinematics.wrapPhi(axisPhi + d * Math.sin(a));
    double lp = z * p;
    double lpt = lp / Math.cosh(leta);
    double lx = lpt * Math.cos(lphi);
    double ly = lpt * Math.sin(lphi);
    double lz = lpt * Math.sinh(leta);
    int l = addVisiblePtEtaPhi(r.nextDouble() < 0.5 ? ELE : MU, lpt, leta, lphi);
    vcharge[l] = pcharge[i];
    double nf = neutrino ? 0.5 * beta25.sample(r) * (1 - z) : 0;
    double f = 1 - nf;
    int j = addVisible(jetType, f * x - lx, f * y - ly, f * zz - lz);
    if (j >= 0) {
      isoEta[j] = axisEta;
      isoPhi[j] = axisPhi;
    }
  }

  // ---------------------------------------------------------------- detector

  private double smearPt(int type, double pt) {
    double sigma;
    switch (type) {
      case ELE -> {
        double a = 0.02 * pt;
        sigma = Math.sqrt(a * a + 0.25);
      }
      case MU -> {
        double rel = pt <= 100 ? 0.015 : pt >= 1000 ? 0.05 : 0.015 + 0.035 * (pt - 100) / 900;
        sigma = rel * pt;
      }
      default -> sigma = Math.sqrt(pt + 0.0025 * pt * pt);
    }
    double g;
    do {
      g = r.nextGaussian();
    } while (g > 5 || g < -5); // truncated at 5 sigma (lets samplers bound the response exactly)
    double s = pt + sigma * g;
    return s > 0 ? s : 0;
  }

  /**
   * Reconstructs the event and, when it passes the trigger, writes it into {@code out} at
   * {@code base} (19 x 4 values, already zero). Returns whether the event was accepted.
   */
  boolean reconstruct(double[] out, int base) {
    final DetectorSpec d = det;
    // 1. leptons: acceptance, efficiency, resolution, threshold; early exit when none can fire
    boolean any = false;
    int n0 = nv;
    for (int i = 0; i < n0; i++) {
      stored[i] = false;
      candidate[i] = false;
      int t = vtype[i];
      if (t > MU) {
        continue;
      }
      double etaMax = t == ELE ? d.electronEtaMax() : d.muonEtaMax();
      if (Math.abs(veta[i]) >= etaMax + 0.1) {
        continue; // far outside: no draws needed
      }
      double s = t == ELE ? 0.005 : 0.003;
      double eta = veta[i] + s * r.nextGaussian();
      if (Math.abs(eta) >= etaMax || r.nextDouble() >= (t == ELE ? d.electronEfficiency() : d.muonEfficiency())) {
        continue;
      }
      double pt = smearPt(t, vpt[i]);
      if (pt < d.leptonPtMin()) {
        continue;
      }
      rpt[i] = pt;
      reta[i] = eta;
      rphi[i] = Kinematics.wrapPhi(vphi[i] + s * r.nextGaussian());
      candidate[i] = true;
      any |= pt > d.triggerPtMin();
    }
    if (!any) {
      return false;
    }
    // 2. pile-up jets (balanced by soft activity)
    nHard = nv;
    int npu = Sampling.poisson(r, expMinusPileup);
    for (int k = 0; k < npu; k++) {
      double pt = Sampling.powerLaw(r, d.jetPtMin(), 4);
      double eta = d.jetEtaMax() * (2 * r.nextDouble() - 1);
      double phi = TWO_PI * r.nextDouble() - Math.PI;
      int j = addVisiblePtEtaPhi(JET, pt, eta, phi);
      stored[j] = false;
      candidate[j] = false;
      addSoft(-pt * Math.cos(phi), -pt * Math.sin(phi));
    }
    // 3. isolation and 4. trigger
    double cone2 = d.isolationCone() * d.isolationCone();
    boolean fired = false;
    for (int i = 0; i < n0; i++) {
      if (!candidate[i]) {
        continue;
      }
      double limit = d.isolationMax() * vpt[i];
      double sum = 0;
      for (int j = 0; j < nv; j++) {
        if (j != i && Kinematics.deltaR2(veta[i], vphi[i], isoEta[j], isoPhi[j]) < cone2) {
          sum += vpt[j];
          if (sum >= limit) {
            break;
          }
        }
      }
      if (sum >= limit) {
        candidate[i] = false;
      } else {
        fired |= rpt[i] > d.triggerPtMin();
      }
    }
    if (!fired) {
      return false;
    }
    // 5. store leptons (pT-ordered, at most 4 per type)
    fill(out, base, ObjectType.ELECTRON, ELE, ELE);
    fill(out, base, ObjectType.MUON, MU, MU);
    // 6. jets: response, resolution, angles, threshold; overlap removal with stored electrons
    double ov2 = d.overlapCone() * d.overlapCone();
    for (int i = 0; i < nv; i++) {
      int t = vtype[i];
      if (t < JET) {
        continue;
      }
      candidate[i] = false;
      stored[i] = false;
      if (Math.abs(veta[i]) >= d.jetEtaMax() + 0.5) {
        continue;
      }
      double eta = veta[i] + 0.05 * r.nextGaussian();
      double pt = smearPt(JET, vpt[i]);
      if (t == BJET) {
        pt *= d.bJetResponse();
      }
      if (pt < d.jetPtMin() || Math.abs(eta) >= d.jetEtaMax()) {
        continue;
      }
      double phi = Kinematics.wrapPhi(vphi[i] + 0.05 * r.nextGaussian());
      boolean overlap = false;
      for (int e = 0; e < n0 && !overlap; e++) {
        overlap = stored[e] && vtype[e] == ELE && Kinematics.deltaR2(eta, phi, reta[e], rphi[e]) < ov2;
      }
      if (overlap) {
        continue;
      }
      rpt[i] = pt;
      reta[i] = eta;
      rphi[i] = phi;
      candidate[i] = true;
    }
    fill(out, base, ObjectType.JET, JET, BJET);
    // 7. MET: minus everything measured (stored objects as reconstructed, other visible objects in
    // the calorimeter at their true momentum, unclustered soft activity) plus noise
    double mx = -softX;
    double my = -softY;
    double sumEt = softEt;
    for (int i = 0; i < nv; i++) {
      if (stored[i]) {
        mx -= rpt[i] * Math.cos(rphi[i]);
        my -= rpt[i] * Math.sin(rphi[i]);
        sumEt += rpt[i];
        if (vtype[i] == BJET) {
          // the b-jet response loss is unclustered but measured energy, not MET
          double loss = (1 - d.bJetResponse()) * vpt[i];
          mx -= loss * Math.cos(vphi[i]);
          my -= loss * Math.sin(vphi[i]);
          sumEt += loss;
        }
      } else if (Math.abs(veta[i]) < (vtype[i] == MU ? 2.5 : 4.9)) {
        mx -= vpt[i] * Math.cos(vphi[i]);
        my -= vpt[i] * Math.sin(vphi[i]);
        sumEt += vpt[i];
      }
    }
    double sigma = d.metNoise() + d.metNoiseSqrtSumEt() * Math.sqrt(sumEt);
    mx += sigma * r.nextGaussian();
    my += sigma * r.nextGaussian();
    out[base] = Math.sqrt(mx * mx + my * my);
    out[base + 1] = 0;
    out[base + 2] = Math.atan2(my, mx);
    out[base + 3] = ObjectType.MET.classId();
    return true;
  }

  /** Writes candidates of types t1/t2 into the slots of {@code type}, pT-ordered; marks them stored. */
  private void fill(double[] out, int base, ObjectType type, int t1, int t2) {
    int n = 0;
    for (int i = 0; i < nv; i++) {
      if (candidate[i] && (vtype[i] == t1 || vtype[i] == t2)) {
        // insertion sort by descending reconstructed pT
        double pt = rpt[i];
        int k = n++;
        while (k > 0 && rpt[order[k - 1]] < pt) {
          order[k] = order[k - 1];
          k--;
        }
        order[k] = i;
      }
    }
    int slots = Math.min(n, type.slots());
    int cls = type.classId();
    for (int k = slots; k < type.slots(); k++) {
      slotVis[type.firstSlot() + k] = -1;
    }
    for (int k = 0; k < slots; k++) {
      int i = order[k];
      slotVis[type.firstSlot() + k] = i;
      stored[i] = true;
      int o = base + (type.firstSlot() + k) * FEATURES;
      out[o] = rpt[i];
      out[o + 1] = reta[i];
      out[o + 2] = rphi[i];
      out[o + 3] = cls;
    }
  }

}
