package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.api.Test;

class DijetFunctionTest {
  @Test
  void densityClosedForm() {
    double m = 2600;
    double x = m / 13000;
    double want = 3.5 * Math.pow(1 - x, 7) / Math.pow(x, 5 + 0.4 * Math.log(x));
    assertEquals(want, DijetFunction.density(m, 13000, new double[] {3.5, 7, 5, 0.4}), 1e-13 * want);
    double want3 = 3.5 * Math.pow(1 - x, 7) / Math.pow(x, 5);
    assertEquals(want3, DijetFunction.density(m, 13000, new double[] {3.5, 7, 5}), 1e-13 * want3);
  }

  /**
   * Five Gauss-Legendre points per bin against Hipparchus' adaptive integration: 7.5%-wide bins up to
   * 6 TeV (measured worst 2e-11, for p1 = 25), 0.3%-wide bins, one 10%-wide bin.
   */
  @Test
  void binIntegralsMatchAdaptiveIntegration() {
    IterativeLegendreGaussIntegrator integ = new IterativeLegendreGaussIntegrator(10, 1e-14, 1e-300);
    for (double[] edges : new double[][] {Histogram.logEdges(1000, 6000, 25), Histogram.uniformEdges(1500, 2000, 100),
        {1200, 1320}}) {
      for (double[] p : new double[][] {{1, 10, 5, 0.3}, {1, 3, 7}, {1, 25, 2, -0.5}}) {
        double[] got = DijetFunction.binIntegrals(edges, 13000, p, 5);
        for (int i = 0; i < got.length; i++) {
          double want = integ.integrate(100_000, m -> DijetFunction.density(m, 13000, p), edges[i], edges[i + 1]);
          assertEquals(want, got[i], 1e-10 * want, "bin " + i);
        }
      }
    }
  }

  @Test
  void invalidInput() {
    assertEquals("dijet function needs 3 or 4 parameters, found 2",
        assertThrows(IllegalArgumentException.class, () -> DijetFunction.density(1000, 13000, new double[] {1, 2})).getMessage());
    assertEquals("dijet normalisation p0 must be > 0, found -1.0",
        assertThrows(IllegalArgumentException.class, () -> DijetFunction.density(1000, 13000, new double[] {-1, 2, 3})).getMessage());
    assertThrows(IllegalArgumentException.class, () -> DijetFunction.density(14000, 13000, new double[] {1, 2, 3}));
  }
}
