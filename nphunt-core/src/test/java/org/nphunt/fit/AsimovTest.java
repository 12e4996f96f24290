package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Asimov datasets (the counts set to their expectations, Cowan, Cranmer, Gross, Vitells,
 * arXiv:1007.1727): the fit must return the generating parameters, and the significances follow closed
 * forms.
 */
class AsimovTest {
  static final double[] EDGES = Histogram.logEdges(1500, 5000, 40);

  /** Background parameters with p0 scaled so the total is {@code total} events. */
  static double[] background(double total, double p1, double p2, double p3, boolean four) {
    double[] p = four ? new double[] {1, p1, p2, p3} : new double[] {1, p1, p2};
    double sum = 0;
    for (double v : DijetFunction.binIntegrals(EDGES, 13000, p, 5)) {
      sum += v;
    }
    p[0] = total / sum;
    return p;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void backgroundOnlyAsimovFitsBackItsOwnParameters(boolean four) {
    double[] truth = background(50_000, 8, 5, 0.3, four);
    double[] counts = DijetFunction.binIntegrals(EDGES, 13000, truth, 5);
    FitConfig cfg = FitConfig.defaults().withBackground(four ? BackgroundChoice.FOUR_PARAMETER : BackgroundChoice.THREE_PARAMETER);
    ResonanceSearch s = new ResonanceSearch(cfg, List.of(new Category("all", new Histogram(EDGES, counts), 1)),
        CrystalBallShape.defaults());
    CategoryBackground cb = s.backgroundOnly().categories().get(0);
    BackgroundFit f = cb.chosenFit();
    assertEquals(four ? 4 : 3, f.parameters().length);
    for (int k = 0; k < truth.length; k++) {
      assertEquals(truth[k], f.parameters()[k], 1e-6 * Math.max(1, Math.abs(truth[k])), "p" + k);
    }
    assertEquals(0, f.deviance(), 1e-9);
    assertEquals(0, f.pearsonChi2(), 1e-9);
    for (double r : f.residuals()) {
      assertEquals(0, r, 1e-6);
    }
    // the minimum -2 ln L of an Asimov dataset is the saturated one: 2 sum [n - n ln n + ln n!]
    double sat = 0;
    for (double n : counts) {
      sat += 2 * (n - n * Math.log(n) + org.hipparchus.special.Gamma.logGamma(n + 1));
    }
    assertEquals(sat, f.minus2LnL(), 1e-9 * Math.abs(sat));
  }

  /** Background + signal Asimov dataset in several categories with different efficiencies. */
  static ResonanceSearch injected(List<double[]> truths, double[] eff, SignalShape shape, double mass, double mu,
      BackgroundChoice choice) {
    List<Category> cats = new ArrayList<>();
    for (int c = 0; c < truths.size(); c++) {
      double[] b = DijetFunction.binIntegrals(EDGES, 13000, truths.get(c), 5);
      double[] sig = shape.expected(EDGES, mass, mu * eff[c]);
      double[] n = new double[b.length];
      for (int i = 0; i < n.length; i++) {
        n[i] = b[i] + sig[i];
      }
      cats.add(new Category("c" + c, new Histogram(EDGES, n), eff[c]));
    }
    return new ResonanceSearch(FitConfig.defaults().withBackground(choice), cats, shape);
  }

  @Test
  void injectedSignalIsRecoveredAndKnownBackgroundSignificanceIsTheClosedForm() {
    CrystalBallShape shape = new CrystalBallShape(0.05, 1.2, 4, 1);
    double mass = 2500;
    double mu = 400;
    List<double[]> truths = List.of(background(40_000, 8, 5, 0, false), background(10_000, 10, 4.5, 0, false),
        background(3_000, 12, 4, 0, false));
    double[] eff = {0.2, 0.3, 0.4};
    ResonanceSearch s = injected(truths, eff, shape, mass, mu, BackgroundChoice.THREE_PARAMETER);
    SignalFit f = s.fit(mass);
    assertEquals(mu, f.muHat(), 1e-5 * f.muErrorHessian());
    for (int c = 0; c < truths.size(); c++) {
      double[] p = f.categories().get(c).backgroundParameters();
      for (int k = 0; k < 3; k++) {
        assertEquals(truths.get(c)[k], p[k], 1e-5 * Math.max(1, Math.abs(p[k])), "category " + c + " p" + k);
      }
    }
    assertEquals(0, f.deviance(), 1e-8);

    // known background: q0 = -2 ln [L(0) / L(mu)] at the true background is the closed form
    // sum 2 [(s + b) ln(1 + s / b) - s] over every bin of every category
    double q0Known = s.minus2LnL(mass, 0, truths) - s.minus2LnL(mass, mu, truths);
    double[] allS = new double[3 * 40];
    double[] allB = new double[3 * 40];
    for (int c = 0; c < 3; c++) {
      double[] b = DijetFunction.binIntegrals(EDGES, 13000, truths.get(c), 5);
      double[] sig = shape.expected(EDGES, mass, mu * eff[c]);
      System.arraycopy(b, 0, allB, 40 * c, 40);
      System.arraycopy(sig, 0, allS, 40 * c, 40);
    }
    double zClosed = PoissonStatistics.asimovSignificance(allS, allB);
    assertEquals(zClosed * zClosed, q0Known, 1e-8 * q0Known);

    // profiled background: the free background parameters absorb part of the signal, so Z is below the
    // known-background value (here 8.2 against 10.5: the Hessian test below checks the profiled error
    // independently)
    double z = f.localSignificance();
    assertTrue(z <= zClosed + 1e-9, z + " > " + zClosed);
    assertTrue(z > 0.7 * zClosed, z + " vs " + zClosed);
    // the interval ends are where the profile rises by exactly 1
    double min = f.minus2LnL();
    assertEquals(1, s.profileMinus2LnL(mass, f.muHat() + f.muErrorUp()) - min, 1e-5);
    assertEquals(1, s.profileMinus2LnL(mass, f.muHat() - f.muErrorDown()) - min, 1e-5);
    // and the profile at mu = 0 is the background-only fit: q0 = Z^2
    assertEquals(f.q0(), s.profileMinus2LnL(mass, 0) - min, 1e-6 * f.q0());
    assertEquals(f.minus2LnLBackgroundOnly(), s.backgroundOnly().minus2LnL(), 1e-6);
  }

  /**
   * On Asimov data the observed Hessian is the Fisher information, 2 sum grad(nu) grad(nu)^T / nu; here
   * it is built independently from finite differences of the bin integrals in the standard
   * parameters, inverted, and compared with the fit's Hessian error of mu.
   */
  @Test
  void hessianErrorIsTheInverseFisherInformation() {
    CrystalBallShape shape = CrystalBallShape.defaults();
    double mass = 2200;
    double mu = 300;
    double[] truth = background(30_000, 8, 5, 0.2, true);
    ResonanceSearch s = injected(List.of(truth), new double[] {1}, shape, mass, mu, BackgroundChoice.FOUR_PARAMETER);
    SignalFit f = s.fit(mass);
    double[] sig = shape.fractions(EDGES, mass);
    int dim = 5;
    double[][] grad = new double[dim][];
    grad[0] = sig;
    for (int k = 0; k < 4; k++) {
      double h = 1e-6 * Math.max(1e-3, Math.abs(truth[k]));
      double[] up = truth.clone();
      double[] dn = truth.clone();
      up[k] += h;
      dn[k] -= h;
      double[] bu = DijetFunction.binIntegrals(EDGES, 13000, up, 5);
      double[] bd = DijetFunction.binIntegrals(EDGES, 13000, dn, 5);
      grad[k + 1] = new double[40];
      for (int i = 0; i < 40; i++) {
        grad[k + 1][i] = (bu[i] - bd[i]) / (2 * h);
      }
    }
    double[] b = DijetFunction.binIntegrals(EDGES, 13000, truth, 5);
    double[][] fisher = new double[dim][dim];
    for (int i = 0; i < 40; i++) {
      double nu = b[i] + mu * sig[i];
      for (int a = 0; a < dim; a++) {
        for (int c = 0; c < dim; c++) {
          fisher[a][c] += grad[a][i] * grad[c][i] / nu;
        }
      }
    }
    RealMatrix cov = new LUDecomposition(new Array2DRowRealMatrix(fisher)).getSolver().getInverse();
    assertEquals(Math.sqrt(cov.getEntry(0, 0)), f.muErrorHessian(), 1e-4 * f.muErrorHessian());
  }
}
