package org.nphunt.physics.jets.hard;

/**
 * Leading-order proton parton distributions of Gluck, Reya and Vogt, "Dynamical parton distributions of
 * the proton and small-x physics", Z. Phys. C67 (1995) 433 (GRV94 LO), in their published closed-form
 * parametrisation (the same formulas as Pythia 6's PYGRVL). A compact, dependency-free LO set is all the
 * jet-level generator needs: it fixes the quark/gluon mix and the rapidity and mass spectra of the
 * hard processes; absolute cross-sections are LO estimates.
 *
 * <p>Validity: 1e-5 &lt; x &lt; 1 and 0.4 &lt; Q^2 &lt; 1e6 GeV^2. Q^2 is clamped to [0.4, 1e8] GeV^2 (the
 * smooth parametrisation is used up to 1e8 GeV^2, i.e. Q = 10 TeV, as Pythia 8 does) and x to
 * [1e-5, 1); outside x in (0, 1) every distribution is 0.
 *
 * <p>{@link #xfx} fills x f(x, Q^2) for the 11 partons indexed {@code 5 + pid}: pid 0 the gluon, 1 d,
 * 2 u, 3 s, 4 c, 5 b, negative for antiquarks. Stateless and thread-safe.
 */
public final class Grv94Lo {
  /** Index of the gluon in the {@link #xfx} output. */
  public static final int GLUON = 5;
  public static final double Q2_MIN = 0.4;
  public static final double Q2_MAX = 1e8;
  public static final double X_MIN = 1e-5;

  private Grv94Lo() {}

  /**
   * x f(x, Q^2) of the proton for every parton: out[5 + pid], pid in -5..5 (0 = gluon).
   *
   * @param out at least 11 values
   */
  public static void xfx(double x, double q2, double[] out) {
    if (!(x > 0 && x < 1)) {
      java.util.Arrays.fill(out, 0, 11, 0.0);
      return;
    }
    x = Math.max(x, X_MIN);
    q2 = Math.min(Math.max(q2, Q2_MIN), Q2_MAX);
    double mu2 = 0.23;
    double lam2 = 0.2322 * 0.2322;
    double s = Math.log(Math.log(q2 / lam2) / Math.log(mu2 / lam2));
    double ds = Math.sqrt(s);
    double s2 = s * s;
    double s3 = s2 * s;

    double uv = valence(x, 2.284 + 0.802 * s + 0.055 * s2, 0.590 - 0.024 * s, 0.131 + 0.063 * s,
        -0.449 - 0.138 * s - 0.076 * s2, 0.213 + 2.669 * s - 0.728 * s2, 8.854 - 9.135 * s + 1.979 * s2,
        2.997 + 0.753 * s - 0.076 * s2);
    double dv = valence(x, 0.371 + 0.083 * s + 0.039 * s2, 0.376, 0.486 + 0.062 * s,
        -0.509 + 3.310 * s - 1.248 * s2, 12.41 - 10.52 * s + 2.267 * s2, 6.373 - 6.208 * s + 1.418 * s2,
        3.691 + 0.799 * s - 0.071 * s2);
    double del = valence(x, 0.082 + 0.014 * s + 0.008 * s2, 0.409 - 0.005 * s, 0.799 + 0.071 * s,
        -38.07 + 36.13 * s - 0.656 * s2, 90.31 - 74.15 * s + 7.645 * s2, 0.0, 7.486 + 1.217 * s - 0.159 * s2);
    double udb = seaAndGluon(x, s, 1.451, 0.271, 0.410 - 0.232 * s, 0.534 - 0.457 * s, 0.890 - 0.140 * s,
        -0.981, 0.320 + 0.683 * s, 4.752 + 1.164 * s + 0.286 * s2, 4.119 + 1.713 * s, 0.682 + 2.978 * s);
    double sb = heavySea(x, s, 0.0, 0.914, 0.577, 1.798 - 0.596 * s, -5.548 + 3.669 * ds - 0.616 * s,
        18.92 - 16.73 * ds + 5.168 * s, 6.379 - 0.350 * s + 0.142 * s2, 3.981 + 1.638 * s, 6.402);
    double cb = heavySea(x, s, 0.888, 1.01, 0.37, 0.0, 0.0, 4.24 - 0.804 * s, 3.46 - 1.076 * s,
        4.61 + 1.49 * s, 2.555 + 1.961 * s);
    double bb = heavySea(x, s, 1.351, 1.00, 0.51, 0.0, 0.0, 1.848, 2.929 + 1.396 * s, 4.71 + 1.514 * s,
        4.02 + 1.239 * s);
    double gl = seaAndGluon(x, s, 0.524, 1.088, 1.742 - 0.930 * s, -0.399 * s2, 7.486 - 2.185 * s,
        16.69 - 22.74 * s + 5.779 * s2, -25.59 + 29.71 * s - 7.296 * s2,
        2.792 + 2.215 * s + 0.422 * s2 - 0.104 * s3, 0.807 + 2.005 * s, 3.841 + 0.316 * s);

    double ubar = Math.max(0, 0.5 * (udb - del));
    double dbar = Math.max(0, 0.5 * (udb + del));
    out[GLUON] = Math.max(0, gl);
    out[GLUON + 1] = Math.max(0, dv) + dbar;
    out[GLUON - 1] = dbar;
    out[GLUON + 2] = Math.max(0, uv) + ubar;
    out[GLUON - 2] = ubar;
    out[GLUON + 3] = Math.max(0, sb);
    out[GLUON - 3] = out[GLUON + 3];
    out[GLUON + 4] = Math.max(0, cb);
    out[GLUON - 4] = out[GLUON + 4];
    out[GLUON + 5] = Math.max(0, bb);
    out[GLUON - 5] = out[GLUON + 5];
  }

  /** GRV's form for the valence distributions and d-bar minus u-bar. */
  private static double valence(double x, double n, double ak, double bk, double a, double b, double c, double d) {
    double dx = Math.sqrt(x);
    return n * Math.pow(x, ak) * (1 + a * Math.pow(x, bk) + x * (b + c * dx)) * Math.pow(1 - x, d);
  }

  /** GRV's form for the light sea (u-bar + d-bar) and the gluon. */
  private static double seaAndGluon(double x, double s, double al, double be, double ak, double bk, double a,
      double b, double c, double d, double e, double es) {
    double lx = Math.log(1 / x);
    return (Math.pow(x, ak) * (a + x * (b + x * c)) * Math.pow(lx, bk)
        + Math.pow(s, al) * Math.exp(-e + Math.sqrt(es * Math.pow(s, be) * lx))) * Math.pow(1 - x, d);
  }

  /** GRV's form for the s, c and b seas (zero below the threshold s_th). */
  private static double heavySea(double x, double s, double sth, double al, double be, double ak, double ag,
      double b, double d, double e, double es) {
    if (s <= sth) {
      return 0;
    }
    double dx = Math.sqrt(x);
    double lx = Math.log(1 / x);
    return Math.pow(s - sth, al) / Math.pow(lx, ak) * (1 + ag * dx + b * x) * Math.pow(1 - x, d)
        * Math.exp(-e + Math.sqrt(es * Math.pow(s, be) * lx));
  }
}
