package org.nphunt.physics.jets.shower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shower's evolution against truth: the no-branching probability (Sudakov form factor) in the
 * angular variable xi = 1 - cos(theta), computed by quadrature of the same integrand, for a fixed coupling
 * (closed-form z integrals of the splitting functions) and for the running CMW coupling; and the z
 * distribution of branchings at fixed xi against the splitting functions.
 */
class SudakovTest {
  private static final double E = 500;
  private static final double PT_MIN = 1.0;

  /** eps(xi) of the cut-off z (1 - z) &gt;= pT_min / (E sqrt(2 xi)); NaN when closed. */
  private static double eps(double xi) {
    double k = PT_MIN / (E * Math.sqrt(2 * xi));
    return k < 0.25 ? 0.5 * (1 - Math.sqrt(1 - 4 * k)) : Double.NaN;
  }

  /** int dz P(z) over the allowed range at xi (fixed coupling, closed form). */
  private static double zIntegral(ShowerSector s, boolean gluon, double xi) {
    double e = eps(xi);
    if (Double.isNaN(e)) {
      return 0;
    }
    return gluon ? Splitting.gToGgIntegral(e, 1 - e, s.cA()) + s.nf() * Splitting.gToQqIntegral(e, 1 - e, s.tR())
        : Splitting.qToQgIntegral(e, 1 - e, s.cF());
  }

  /** Sudakov exponent S(xi0 -> xi) by Simpson's rule in ln xi; the z integral by the callback. */
  private static double exponent(java.util.function.DoubleUnaryOperator zint, double xi0, double xi) {
    int n = 800;
    double a = Math.log(xi);
    double b = Math.log(xi0);
    double h = (b - a) / n;
    double sum = 0;
    for (int i = 0; i <= n; i++) {
      double w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
      sum += w * zint.applyAsDouble(Math.exp(a + i * h));
    }
    return sum * h / 3;
  }

  private static double[] sample(PartonShower sh, ShowerSector s, boolean gluon, double xi0, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] xi = new double[n];
    for (int i = 0; i < n; i++) {
      xi[i] = sh.evolve(s, gluon, E, xi0, r);
    }
    Arrays.sort(xi);
    return xi;
  }

  private static double fractionAbove(double[] sorted, double x) {
    int i = Arrays.binarySearch(sorted, x);
    if (i < 0) {
      i = -i - 1;
    }
    return (double) (sorted.length - i) / sorted.length;
  }

  @Test
  void fixedCouplingSudakovMatchesClosedForm() {
    double alpha = 0.2;
    ShowerSector s = ShowerSector.dark(3, 4, PT_MIN, alpha, 0);
    PartonShower sh = new PartonShower(ShowerSector.qcd(1.0, new AlphaS(0.118)));
    int n = 50_000;
    for (boolean gluon : new boolean[] {false, true}) {
      double xi0 = 1.0;
      double[] xi = sample(sh, s, gluon, xi0, n, gluon ? 2 : 1);
      for (double x : new double[] {0.3, 0.05, 1e-2, 1e-3, 1e-4}) {
        double expected = 1 - Math.exp(-alpha / (2 * Math.PI) * exponent(v -> zIntegral(s, gluon, v), xi0, x));
        double got = fractionAbove(xi, x);
        double sigma = Math.sqrt(expected * (1 - expected) / n) + 1e-9;
        assertEquals(expected, got, 4 * sigma + 1e-4, (gluon ? "gluon" : "quark") + ": P(xi > " + x + ")");
      }
      // no branching at all: exp(-S) down to the cut-off, where eps reaches 1/2
      double xiCut = 8 * PT_MIN * PT_MIN / (E * E);
      double noBranch = Math.exp(-alpha / (2 * Math.PI) * exponent(v -> zIntegral(s, gluon, v), xi0, xiCut * 1.0000001));
      double got = (double) Arrays.stream(xi).filter(v -> v == 0).count() / n;
      assertEquals(noBranch, got, 4 * Math.sqrt(noBranch * (1 - noBranch) / n) + 1e-4, "no-branching probability");
    }
  }

  @Test
  void runningCouplingSudakovMatchesQuadrature() {
    ShowerSector s = ShowerSector.qcd(PT_MIN, new AlphaS(0.118), true);
    PartonShower sh = new PartonShower(s);
    int n = 30_000;
    for (boolean gluon : new boolean[] {false, true}) {
      double xi0 = 0.5;
      double[] xi = sample(sh, s, gluon, xi0, n, gluon ? 4 : 3);
      java.util.function.DoubleUnaryOperator zint = v -> {
        double e = eps(v);
        if (Double.isNaN(e)) {
          return 0;
        }
        int m = 800;
        double sum = 0;
        // substitute z = e^u on the soft ends for accuracy: midpoint rule in ln(z/(1-z))
        double lo = Math.log(e / (1 - e));
        double hi = -lo;
        double h = (hi - lo) / m;
        for (int j = 0; j < m; j++) {
          double u = lo + (j + 0.5) * h;
          double z = 1 / (1 + Math.exp(-u));
          double jac = z * (1 - z);
          double zz = z * (1 - z);
          double pt2 = zz * zz * 2 * E * E * v;
          double p;
          if (gluon) {
            p = Splitting.gToGg(z, 3);
            for (int f = 1; f <= 5; f++) {
              double mq = s.quarkMass(f);
              p += pt2 >= mq * mq ? Splitting.gToQq(z, 0.5) : 0;
            }
          } else {
            p = Splitting.qToQg(z, 4.0 / 3.0);
          }
          sum += s.alpha(pt2) / (2 * Math.PI) * p * jac * h;
        }
        return sum;
      };
      for (double x : new double[] {0.1, 1e-2, 1e-3, 1e-4}) {
        double expected = 1 - Math.exp(-exponent(zint, xi0, x));
        double got = fractionAbove(xi, x);
        double sigma = Math.sqrt(expected * (1 - expected) / n);
        assertEquals(expected, got, 4 * sigma + 2e-3, (gluon ? "gluon" : "quark") + ": P(xi > " + x + ")");
      }
    }
  }

  @Test
  void branchingsFollowTheSplittingFunctionsInZ() {
    double alpha = 0.3;
    ShowerSector s = ShowerSector.dark(3, 3, PT_MIN, alpha, 0);
    PartonShower sh = new PartonShower(ShowerSector.qcd(1.0, new AlphaS(0.118)));
    SplittableRandom r = new SplittableRandom(9);
    // branchings of a gluon with xi in a narrow band: z ~ P_gg + n_f P_gq on [eps, 1 - eps]
    double lo = 0.05;
    double hi = 0.0502;
    int n = 0;
    int quarks = 0;
    double[] zs = new double[20_000];
    while (n < zs.length) {
      double xi = sh.evolve(s, true, E, hi, r);
      if (xi < lo) {
        continue;
      }
      zs[n++] = sh.lastZ();
      if (sh.lastKind() >= PartonShower.KIND_G_QQ) {
        quarks++;
      }
    }
    double e = eps(0.5 * (lo + hi));
    double iGg = Splitting.gToGgIntegral(e, 1 - e, 3);
    double iQq = 3 * Splitting.gToQqIntegral(e, 1 - e, 0.5);
    double fq = iQq / (iGg + iQq);
    assertEquals(fq, (double) quarks / n, 4 * Math.sqrt(fq * (1 - fq) / n), "fraction of g -> q qbar");
    // Kolmogorov-Smirnov against the CDF of P_gg + 3 P_gq on [eps, 1 - eps]
    Arrays.sort(zs);
    double d = 0;
    for (int i = 0; i < n; i++) {
      double cdf = (Splitting.gToGgIntegral(e, zs[i], 3) + 3 * Splitting.gToQqIntegral(e, zs[i], 0.5)) / (iGg + iQq);
      d = Math.max(d, Math.max(Math.abs(cdf - (double) i / n), Math.abs(cdf - (double) (i + 1) / n)));
    }
    assertTrue(d < 1.63 / Math.sqrt(n), "KS distance " + d + " (1% critical " + 1.63 / Math.sqrt(n) + ")");
    // quark: z ~ P_qq on [eps, 1 - eps]
    n = 0;
    while (n < zs.length) {
      double xi = sh.evolve(s, false, E, hi, r);
      if (xi >= lo) {
        zs[n++] = sh.lastZ();
      }
    }
    Arrays.sort(zs);
    double iq = Splitting.qToQgIntegral(e, 1 - e, 4.0 / 3.0);
    d = 0;
    for (int i = 0; i < n; i++) {
      double cdf = Splitting.qToQgIntegral(e, zs[i], 4.0 / 3.0) / iq;
      d = Math.max(d, Math.max(Math.abs(cdf - (double) i / n), Math.abs(cdf - (double) (i + 1) / n)));
    }
    assertTrue(d < 1.63 / Math.sqrt(n), "quark KS distance " + d);
  }
}
