package org.nphunt.physics.jets.hard;

import java.util.List;
import java.util.SplittableRandom;
import org.nphunt.physics.jets.event.Pid;

/**
 * Unweighted s-channel production ab -> R of a resonance of mass M and width Gamma in pp collisions:
 * mass m and rapidity y of R from dsigma / (dm dy) = (2/m) BW(m) sum_ab c_ab x1 f_a(x1) x2 f_b(x2),
 * x1,2 = (m / sqrt(s)) e^{+-y}, mu = m, GRV94 LO ({@link Grv94Lo}).
 *
 * <p>The line shape is a relativistic Breit-Wigner in s with mass-dependent widths, BW(m) = (m/M)^(2p)
 * / ((m^2 - M^2)^2 + M^2 Gamma^2 (m/M)^(2p)), where partial widths grow as m^p (p = 1 for a vector
 * coupled to fermions, p = 3 for the dimension-five couplings of a spin-2 graviton), restricted to a
 * mass window. For a broad resonance the falling parton luminosity gives the physical low-mass tail.
 * The c_ab are the relative partonic cross-sections of the initial states (per ordered pair).
 *
 * <p>Sampling: the tangent variable theta = atan((m^2 - M^2) / (M Gamma)), which flattens the peak, with
 * a piecewise-exponential proposal of the y-maximised density on 128 nodes, y uniform in |y| &lt;
 * ln(sqrt(s)/m), exact unweighting against a scanned bound with 30% margin (overweights counted). Immutable.
 */
public final class ResonanceProduction {
  /** One initial state ab (PDG codes; 21 for the gluon) with its relative cross-section. */
  public record Channel(int idA, int idB, double weight) {}

  private static final int NODES = 96;
  private static final int Y_GRID = 32;

  private final double mass;
  private final double width;
  private final double lo;
  private final double hi;
  private final int widthPower;
  private final Channel[] channels;
  private final double sqrtS;
  private final double thetaLo;
  private final double thetaHi;
  private final PiecewiseExponential proposal;
  private final double bound;

  /** The outcome of {@link #sample} and running totals. */
  public static final class Point {
    final double[] f1 = new double[11];
    final double[] f2 = new double[11];
    final double[] w;
    /** Mass [GeV], rapidity, momentum fractions, and the initial state. */
    public double m;
    public double y;
    public double x1;
    public double x2;
    public int idA;
    public int idB;
    public long trials;
    public double sumW;
    public double sumW2;
    public long overweights;

    Point(int channels) {
      w = new double[channels];
    }

    public void resetCounters() {
      trials = 0;
      sumW = 0;
      sumW2 = 0;
      overweights = 0;
    }
  }

  /**
   * @param mass pole mass M [GeV]
   * @param width total width Gamma [GeV] at the pole
   * @param lo lower end of the mass window [GeV]
   * @param hi upper end [GeV], below sqrt(s)
   * @param widthPower p of the partial widths' growth m^p
   */
  public ResonanceProduction(double mass, double width, double lo, double hi, int widthPower, List<Channel> channels,
      double sqrtS) {
    if (!(mass > 0 && width > 0 && lo >= 0 && lo < mass && mass < hi && hi < sqrtS)) {
      throw new IllegalArgumentException("resonance needs 0 <= lo < mass < hi < sqrt(s) and width > 0, found mass "
          + mass + ", width " + width + ", window [" + lo + ", " + hi + "]");
    }
    this.mass = mass;
    this.width = width;
    this.lo = Math.max(lo, 1);
    this.hi = hi;
    this.widthPower = widthPower;
    this.channels = channels.toArray(new Channel[0]);
    this.sqrtS = sqrtS;
    double mg = mass * width;
    this.thetaLo = Math.atan((this.lo * this.lo - mass * mass) / mg);
    this.thetaHi = Math.atan((hi * hi - mass * mass) / mg);
    Point p = newPoint();
    double[] th = new double[NODES];
    double[] g = new double[NODES];
    for (int k = 0; k < NODES; k++) {
      th[k] = thetaLo + (thetaHi - thetaLo) * k / (NODES - 1);
      double m = massOf(th[k]);
      double ymax = Math.log(sqrtS / m);
      double lmax = 0;
      for (int i = 0; i < Y_GRID; i++) {
        lmax = Math.max(lmax, luminosity(m, -ymax + (i + 0.5) * 2 * ymax / Y_GRID, p));
      }
      g[k] = shape(m) * (2 / m) * lmax * 2 * ymax * dmDtheta(th[k], m);
    }
    this.proposal = new PiecewiseExponential(th, g);
    double wMax = 0;
    for (int k = 0; k < NODES - 1; k++) {
      for (double f : new double[] {0.0, 0.25, 0.5, 0.75, 1.0}) {
        double t = th[k] + f * (th[k + 1] - th[k]);
        double m = massOf(t);
        double ymax = Math.log(sqrtS / m);
        double q = proposalDensity(t, m, ymax);
        for (int i = 0; i < Y_GRID; i++) {
          double y = -ymax + (i + 0.5) * 2 * ymax / Y_GRID;
          wMax = Math.max(wMax, density(m, y, p) / q);
        }
      }
    }
    this.bound = 1.3 * wMax;
  }

  /**
   * W' -> (anything) from u dbar, c sbar and charge conjugates (both W'+ and W'-, unit weights, no CKM
   * mixing), partial widths growing as m.
   */
  public static ResonanceProduction wPrime(double mass, double width, double lo, double hi) {
    List<Channel> c = List.of(new Channel(Pid.U, -Pid.D, 1), new Channel(-Pid.D, Pid.U, 1),
        new Channel(Pid.C, -Pid.S, 1), new Channel(-Pid.S, Pid.C, 1),
        new Channel(Pid.D, -Pid.U, 1), new Channel(-Pid.U, Pid.D, 1),
        new Channel(Pid.S, -Pid.C, 1), new Channel(-Pid.C, Pid.S, 1));
    return new ResonanceProduction(mass, width, lo, hi, 1, c, TwoToTwoSampler.SQRT_S);
  }

  /**
   * Randall-Sundrum graviton (RS1, Randall and Sundrum hep-ph/9905221) from gg and q qbar: partonic
   * cross-sections in the ratio sigma(gg) : sigma(q qbar, per ordered pair) = 3 : 4, which follows from
   * Gamma(G -> gg) = kappa^2 M^3 / (10 pi), Gamma(G -> q qbar) = 3 kappa^2 M^3 / (160 pi) (Han, Lykken,
   * Zhang, hep-ph/9811350) by detailed balance (2 x 2 helicities, 8 x 8 or 3 x 3 colours); partial
   * widths growing as m^3.
   */
  public static ResonanceProduction graviton(double mass, double width, double lo, double hi) {
    List<Channel> c = new java.util.ArrayList<>();
    c.add(new Channel(Pid.GLUON, Pid.GLUON, 0.75));
    for (int q = 1; q <= 5; q++) {
      c.add(new Channel(q, -q, 1));
      c.add(new Channel(-q, q, 1));
    }
    return new ResonanceProduction(mass, width, lo, hi, 3, c, TwoToTwoSampler.SQRT_S);
  }

  public Point newPoint() {
    return new Point(channels.length);
  }

  public double mass() {
    return mass;
  }

  public double width() {
    return width;
  }

  public double lo() {
    return lo;
  }

  public double hi() {
    return hi;
  }

  /** The line shape BW(m) (unnormalised). */
  public double shape(double m) {
    double r = Math.pow(m / mass, 2 * widthPower);
    double d = m * m - mass * mass;
    return r / (d * d + mass * mass * width * width * r);
  }

  private double massOf(double theta) {
    return Math.sqrt(Math.max(mass * mass + mass * width * Math.tan(theta), 1e-6));
  }

  private double dmDtheta(double theta, double m) {
    double tan = Math.tan(theta);
    return mass * width * (1 + tan * tan) / (2 * m);
  }

  private double proposalDensity(double theta, double m, double ymax) {
    return proposal.density(theta) / dmDtheta(theta, m) / (2 * ymax);
  }

  /** sum_ab c_ab x1 f_a x2 f_b at (m, y); fills the point's per-channel weights. */
  private double luminosity(double m, double y, Point p) {
    double x1 = m / sqrtS * Math.exp(y);
    double x2 = m / sqrtS * Math.exp(-y);
    if (!(x1 < 1 && x2 < 1)) {
      java.util.Arrays.fill(p.w, 0);
      return 0;
    }
    double mu2 = m * m;
    Grv94Lo.xfx(x1, mu2, p.f1);
    Grv94Lo.xfx(x2, mu2, p.f2);
    double sum = 0;
    for (int c = 0; c < channels.length; c++) {
      Channel ch = channels[c];
      double w = ch.weight() * p.f1[5 + pdfIndex(ch.idA())] * p.f2[5 + pdfIndex(ch.idB())];
      p.w[c] = w;
      sum += w;
    }
    return sum;
  }

  private static int pdfIndex(int id) {
    return id == Pid.GLUON ? 0 : id;
  }

  /** dsigma / (dm dy) up to the overall coupling. */
  public double density(double m, double y, Point p) {
    return (2 / m) * shape(m) * luminosity(m, y, p);
  }

  /** Draws one unweighted (m, y) and initial state; adds the trials to the point's counters. */
  public void sample(Point p, SplittableRandom r) {
    while (true) {
      double theta = proposal.sample(r);
      double m = massOf(theta);
      p.trials++;
      if (m < lo || m > hi) {
        continue;
      }
      double ymax = Math.log(sqrtS / m);
      double y = ymax * (2 * r.nextDouble() - 1);
      double d = density(m, y, p);
      if (d <= 0) {
        continue;
      }
      double w = d / proposalDensity(theta, m, ymax);
      p.sumW += w;
      p.sumW2 += w * w;
      if (w > bound) {
        p.overweights++;
      }
      if (w < bound * r.nextDouble()) {
        continue;
      }
      p.m = m;
      p.y = y;
      p.x1 = m / sqrtS * Math.exp(y);
      p.x2 = m / sqrtS * Math.exp(-y);
      double sum = 0;
      for (double w1 : p.w) {
        sum += w1;
      }
      double x = sum * r.nextDouble();
      int c = 0;
      while (c < channels.length - 1 && (x -= p.w[c]) >= 0) {
        c++;
      }
      p.idA = channels[c].idA();
      p.idB = channels[c].idB();
      return;
    }
  }
}
