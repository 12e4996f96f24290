package org.nphunt.physics.jets.shower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AlphaSTest {
  private static final double MZ = 91.1876;

  /** One-loop solution written out by hand: 1/alpha(mu) = 1/alpha(mu0) + (33 - 2 nf)/(12 pi) ln(mu^2/mu0^2). */
  private static double oneLoop(double alpha0, double mu0, double mu, int nf) {
    return 1 / (1 / alpha0 + (33 - 2.0 * nf) / (12 * Math.PI) * Math.log(mu * mu / (mu0 * mu0)));
  }

  @Test
  void matchesTheOneLoopFormulaWithFlavourThresholds() {
    AlphaS as = new AlphaS(0.118);
    assertEquals(0.118, as.value(MZ * MZ), 1e-15);
    // five flavours between m_b and m_t
    for (double mu : new double[] {10, 50, 150, 172}) {
      assertEquals(oneLoop(0.118, MZ, mu, 5), as.value(mu * mu), 1e-14, "mu = " + mu);
    }
    // six above m_t, matched at m_t
    double atTop = oneLoop(0.118, MZ, 172.5, 5);
    assertEquals(oneLoop(atTop, 172.5, 1000, 6), as.value(1e6), 1e-14);
    // four between m_c and m_b, three below m_c, matched continuously
    double atB = oneLoop(0.118, MZ, 4.8, 5);
    assertEquals(oneLoop(atB, 4.8, 2.0, 4), as.value(4.0), 1e-14);
    double atC = oneLoop(atB, 4.8, 1.5, 4);
    assertEquals(oneLoop(atC, 1.5, 0.7, 3), as.value(0.49), 1e-14);
    // hand-computed anchors: alpha_s(1 TeV) = 0.0892 (six flavours above m_t), alpha_s(10 GeV) = 0.1731
    assertEquals(0.0892, as.value(1e6), 5e-4);
    assertEquals(0.1731, as.value(100), 5e-4);
    for (double m : new double[] {1.5, 4.8, 172.5}) {
      assertEquals(as.value(m * m * (1 - 1e-12)), as.value(m * m * (1 + 1e-12)), 1e-9, "continuous at " + m);
    }
    assertEquals(3, AlphaS.nf(1.0));
    assertEquals(5, AlphaS.nf(100 * 100));
  }

  @Test
  void refusesScalesAtTheLandauPoleAndBadInputs() {
    AlphaS as = new AlphaS(0.118);
    assertTrue(as.minScale2() < 0.05, "Lambda_3 ~ 0.15 GeV");
    assertThrows(IllegalArgumentException.class, () -> as.value(as.minScale2() / 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AlphaS(0.5));
    assertEquals("alphaS(MZ) must be in (0.05, 0.3), found 0.5", e.getMessage());
  }

  @Test
  void cmwFactorIsThePublishedValue() {
    // Lambda_MC = 1.569 Lambda_MSbar for five flavours (Catani, Marchesini, Webber 1991)
    assertEquals(1.569, ShowerSector.cmwFactor(5), 1e-3);
    ShowerSector cmw = ShowerSector.qcd(1.0, new AlphaS(0.118), true);
    ShowerSector msbar = ShowerSector.qcd(1.0, new AlphaS(0.118), false);
    double k = ShowerSector.cmwFactor(5);
    assertEquals(new AlphaS(0.118).value(100 * 100 / (k * k)), cmw.alpha(100 * 100), 1e-15);
    assertEquals(new AlphaS(0.118).value(100 * 100), msbar.alpha(100 * 100), 1e-15);
    // at M_Z the CMW coupling is alpha_s (1 + K alpha_s / 2 pi) to first order: 0.1257
    assertEquals(0.1257, cmw.alpha(MZ * MZ), 1.5e-3);
  }
}
