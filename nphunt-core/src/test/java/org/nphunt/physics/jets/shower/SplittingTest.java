package org.nphunt.physics.jets.shower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SplittingTest {

  private static double simpson(java.util.function.DoubleUnaryOperator f, double a, double b, int n) {
    double h = (b - a) / n;
    double s = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < n; i++) {
      s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
    }
    return s * h / 3;
  }

  @Test
  void closedFormIntegralsMatchQuadrature() {
    double a = 0.013;
    double b = 0.91;
    assertEquals(simpson(z -> Splitting.qToQg(z, Splitting.CF), a, b, 20000),
        Splitting.qToQgIntegral(a, b, Splitting.CF), 1e-9);
    assertEquals(simpson(z -> Splitting.gToGg(z, Splitting.CA), a, b, 20000),
        Splitting.gToGgIntegral(a, b, Splitting.CA), 1e-9);
    assertEquals(simpson(z -> Splitting.gToQq(z, Splitting.TR), a, b, 2000),
        Splitting.gToQqIntegral(a, b, Splitting.TR), 1e-12);
  }

  @Test
  void kernelsHaveTheirTextbookValues() {
    // P_qq(1/2) = C_F (1 + 1/4) / (1/2) = 10/3; P_gg(1/2) = C_A (1 + 1 + 1/4) = 6.75; P_gq(1/2) = 1/4
    assertEquals(10.0 / 3.0, Splitting.qToQg(0.5, Splitting.CF), 1e-15);
    assertEquals(6.75, Splitting.gToGg(0.5, Splitting.CA), 1e-15);
    assertEquals(0.25, Splitting.gToQq(0.5, Splitting.TR), 1e-15);
    // symmetry of the gluon kernels
    assertEquals(Splitting.gToGg(0.2, 3), Splitting.gToGg(0.8, 3), 1e-12);
    assertEquals(Splitting.gToQq(0.2, 0.5), Splitting.gToQq(0.8, 0.5), 1e-15);
  }
}
