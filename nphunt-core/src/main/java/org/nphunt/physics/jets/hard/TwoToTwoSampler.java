package org.nphunt.physics.jets.hard;

import java.util.SplittableRandom;
import org.nphunt.physics.jets.shower.AlphaS;

/**
 * Unweighted 2 -> 2 events of a {@link TwoToTwo} process in pp collisions at sqrt(s), above a minimum
 * transverse momentum, by importance sampling with exact unweighting.
 *
 * <p>The cross-section is dsigma / (dpT dy3 dy4) = 2 pT sum_ab x1 f_a(x1) x2 f_b(x2) dsigma_ab/dt
 * (Ellis, Stirling and Webber, eq. 7.19), with x1,2 = mT (e^{+-y3} + e^{+-y4}) / sqrt(s), mT^2 = pT^2
 * + m^2, factorisation and renormalisation scale mu = mT (pT-hat for massless partons), alpha_s at one
 * loop ({@link AlphaS}) and the GRV94 LO parton distributions ({@link Grv94Lo}).
 *
 * <p><b>Sampling.</b> At construction the pT marginal is integrated on a grid of v = ln mT (midpoint rule
 * over y3, y4) and interpolated log-linearly: a piecewise-exponential density in v that follows the
 * steeply falling spectrum, so that events are spread over pT as the physics spreads them, however
 * steep. y3 and y4 are uniform in |y| &lt; acosh(sqrt(s)/(2 mT)). Each trial has the exact weight w =
 * (true density) / (proposal density); it is accepted with probability w / K, K an upper bound of w
 * found on a grid scan with a 30% margin, so accepted events are distributed exactly as the
 * cross-section (trials with w &gt; K, "overweights", are counted; none occur in the tests). The mean of
 * w over all trials estimates the total cross-section above pT_min (returned in pb). The spectrum is
 * cut where it has fallen below 1e-12 of its maximum.
 *
 * <p>Immutable after construction (tables shared by threads); per-thread data live in {@link Point}.
 */
public final class TwoToTwoSampler {
  /** LHC Run 2 centre-of-mass energy [GeV]. */
  public static final double SQRT_S = 13_000;
  /** hbar^2 c^2: 1 GeV^-2 = 0.3893794 mb = 3.893794e8 pb. */
  public static final double GEV2_TO_PB = 0.3893794e9;
  private static final int NODES = 96;
  private static final int Y_GRID = 24;

  private final TwoToTwo process;
  private final AlphaS alphaS;
  private final double sqrtS;
  private final double s;
  private final double mass;
  private final double ptMin;
  private final PiecewiseExponential proposal;
  private final double bound;

  /** The outcome of {@link #sample} and running totals of the trials. */
  public static final class Point {
    public final TwoToTwo.State state = new TwoToTwo.State();
    /** Mass of each outgoing particle in the sampled kinematics [GeV]. */
    public double mass;
    /** Transverse momentum [GeV], rapidities of partons 3 and 4, azimuth of parton 3. */
    public double pt;
    public double y3;
    public double y4;
    public double phi;
    public double x1;
    public double x2;
    /** Mandelstam variables [GeV^2]. */
    public double s;
    public double t;
    public double u;
    /** Trials, their weight sum [GeV^-2] and squared sum, and overweights, since the last reset. */
    public long trials;
    public double sumW;
    public double sumW2;
    public long overweights;

    public void resetCounters() {
      trials = 0;
      sumW = 0;
      sumW2 = 0;
      overweights = 0;
    }
  }

  /**
   * Builds the proposal tables (about a second of CPU).
   *
   * @param ptMin minimum transverse momentum of the outgoing pair [GeV], &gt; 0
   */
  public TwoToTwoSampler(TwoToTwo process, double ptMin, AlphaS alphaS, double sqrtS) {
    if (!(ptMin > 0) || !(ptMin < sqrtS / 2)) {
      throw new IllegalArgumentException("ptMin must be in (0, sqrt(s)/2), found " + ptMin);
    }
    this.process = process;
    this.alphaS = alphaS;
    this.sqrtS = sqrtS;
    this.s = sqrtS * sqrtS;
    this.mass = process.mass();
    if (!(2 * Math.hypot(ptMin, mass) < sqrtS)) {
      throw new IllegalArgumentException("2 mT(ptMin) must be below sqrt(s), found mT = " + Math.hypot(ptMin, mass));
    }
    this.ptMin = ptMin;
    TwoToTwo.State st = new TwoToTwo.State();
    double vMin = Math.log(Math.hypot(ptMin, mass));
    double vMax = Math.log(sqrtS / 2) - 1e-9;
    double[] vn = new double[NODES];
    double[] gn = new double[NODES];
    double gMax = 0;
    for (int k = 0; k < NODES; k++) {
      vn[k] = vMin + (vMax - vMin) * k / (NODES - 1);
      gn[k] = marginalInV(vn[k], st);
      gMax = Math.max(gMax, gn[k]);
    }
    if (!(gMax > 0)) {
      throw new IllegalArgumentException("the process has no cross-section above pT " + ptMin);
    }
    int last = 0;
    for (int k = 0; k < NODES; k++) {
      if (gn[k] > 1e-12 * gMax) {
        last = k;
      } else if (k > 0) {
        break;
      }
    }
    int n = Math.max(2, last + 1);
    this.proposal = new PiecewiseExponential(java.util.Arrays.copyOf(vn, n), java.util.Arrays.copyOf(gn, n));
    // the bound of w = density / proposal, scanned inside every segment
    double wMax = 0;
    double[] fractions = {0.0, 1.0 / 3, 2.0 / 3, 1.0};
    for (int k = 0; k < n - 1; k++) {
      for (double f : fractions) {
        double vv = vn[k] + f * (vn[k + 1] - vn[k]);
        double mt = Math.exp(vv);
        double pt = Math.sqrt(Math.max(mt * mt - mass * mass, 0));
        if (pt < ptMin) {
          continue;
        }
        double ymax = acosh(sqrtS / (2 * mt));
        double q = proposal(vv, pt, mt, ymax);
        for (int i = 0; i < Y_GRID; i++) {
          double y3 = -ymax + (i + 0.5) * 2 * ymax / Y_GRID;
          for (int j = 0; j < Y_GRID; j++) {
            double y4 = -ymax + (j + 0.5) * 2 * ymax / Y_GRID;
            double d = density(pt, mt, y3, y4, st);
            if (d > 0) {
              wMax = Math.max(wMax, d / q);
            }
          }
        }
      }
    }
    this.bound = 1.3 * wMax;
  }

  /** The same at sqrt(s) = 13 TeV. */
  public TwoToTwoSampler(TwoToTwo process, double ptMin, AlphaS alphaS) {
    this(process, ptMin, alphaS, SQRT_S);
  }

  public TwoToTwo process() {
    return process;
  }

  public double ptMin() {
    return ptMin;
  }

  public double sqrtS() {
    return sqrtS;
  }

  /** Cross-section above pT_min from the construction grid [pb] (the MC estimate is in {@link Point}). */
  public double gridCrossSectionPb() {
    return proposal.integral() * GEV2_TO_PB;
  }

  /** The unweighting bound K [GeV^-2]. */
  public double bound() {
    return bound;
  }

  /** Normalised proposal density in (pT, y3, y4) at v = ln mT. */
  private double proposal(double vv, double pt, double mt, double ymax) {
    return proposal.density(vv) * (pt / (mt * mt)) / (4 * ymax * ymax);
  }

  /** The pT marginal times dpT/dv at v = ln mT, integrated over y3, y4 on a midpoint grid. */
  private double marginalInV(double vv, TwoToTwo.State st) {
    double mt = Math.exp(vv);
    double pt = Math.sqrt(Math.max(mt * mt - mass * mass, 0));
    if (pt <= 0) {
      return 0;
    }
    double ymax = acosh(sqrtS / (2 * mt));
    if (!(ymax > 0)) {
      return 0;
    }
    int ny = 40;
    double h = 2 * ymax / ny;
    double sum = 0;
    for (int i = 0; i < ny; i++) {
      double y3 = -ymax + (i + 0.5) * h;
      for (int j = 0; j < ny; j++) {
        sum += density(pt, mt, y3, -ymax + (j + 0.5) * h, st);
      }
    }
    return sum * h * h * mt * mt / pt;
  }

  /**
   * dsigma / (dpT dy3 dy4) [GeV^-3] at the point, 0 outside phase space; fills the state's parton
   * distributions and channel weights.
   */
  public double density(double pt, double mt, double y3, double y4, TwoToTwo.State st) {
    double e3 = Math.exp(y3);
    double e4 = Math.exp(y4);
    double x1 = mt * (e3 + e4) / sqrtS;
    double x2 = mt * (1 / e3 + 1 / e4) / sqrtS;
    if (!(x1 < 1 && x2 < 1)) {
      return 0;
    }
    double sh = x1 * x2 * s;
    double m2 = mass * mass;
    double mt2 = mt * mt;
    double ed = Math.exp(y3 - y4);
    double th = m2 - mt2 * (1 + 1 / ed);
    double uh = m2 - mt2 * (1 + ed);
    double mu2 = mt2;
    Grv94Lo.xfx(x1, mu2, st.f1);
    Grv94Lo.xfx(x2, mu2, st.f2);
    return 2 * pt * process.evaluate(st, sh, th, uh, alphaS.value(mu2));
  }

  /**
   * Draws one unweighted event: fills pt, y3, y4, phi, x1, x2, s, t, u and, through the process, the
   * state's flavours and colours; adds the trials to the point's counters.
   */
  public void sample(Point p, SplittableRandom r) {
    TwoToTwo.State st = p.state;
    while (true) {
      double vv = proposal.sample(r);
      double mt = Math.exp(vv);
      double pt = Math.sqrt(Math.max(mt * mt - mass * mass, 0));
      double ymax = acosh(sqrtS / (2 * mt));
      double y3 = ymax * (2 * r.nextDouble() - 1);
      double y4 = ymax * (2 * r.nextDouble() - 1);
      p.trials++;
      if (pt < ptMin) {
        continue;
      }
      double d = density(pt, mt, y3, y4, st);
      if (d <= 0) {
        continue;
      }
      double w = d / proposal(vv, pt, mt, ymax);
      p.sumW += w;
      p.sumW2 += w * w;
      if (w > bound) {
        p.overweights++;
      }
      if (w < bound * r.nextDouble()) {
        continue;
      }
      p.mass = mass;
      p.pt = pt;
      p.y3 = y3;
      p.y4 = y4;
      p.phi = 2 * Math.PI * r.nextDouble() - Math.PI;
      double e3 = Math.exp(y3);
      double e4 = Math.exp(y4);
      p.x1 = mt * (e3 + e4) / sqrtS;
      p.x2 = mt * (1 / e3 + 1 / e4) / sqrtS;
      p.s = st.s;
      p.t = st.t;
      p.u = st.u;
      process.choose(st, r);
      return;
    }
  }

  static double acosh(double x) {
    return x <= 1 ? 0 : Math.log(x + Math.sqrt(x * x - 1));
  }
}
