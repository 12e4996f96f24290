package org.nphunt.jet.substructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nphunt.jet.FourMomenta;
import org.nphunt.json.Json;

/** Hand-derived N-subjettiness and soft-drop cases (the FastJet comparison is in FastJetReferenceTest). */
class SubstructureTest {
  private final Nsubjettiness nsub = new Nsubjettiness();
  private final SoftDrop softDrop = new SoftDrop();

  private static double[][] particles(double[]... ptEtaPhi) {
    int n = ptEtaPhi.length;
    double[][] p = new double[4][n];
    double[] o = new double[4];
    for (int i = 0; i < n; i++) {
      FourMomenta.fromPtEtaPhiM(ptEtaPhi[i][0], ptEtaPhi[i][1], ptEtaPhi[i][2], 0, o, 0);
      for (int c = 0; c < 4; c++) {
        p[c][i] = o[c];
      }
    }
    return p;
  }

  @Test
  void tauOfThreeParticlesByHand() {
    // two particles at the same (eta, phi), a third 0.5 away in eta: tau_2 = tau_3 = 0 (the axes sit
    // on the two distinct points), and tau_1's single kT axis is the E-scheme sum of all three, whose
    // rapidity is taken from the four-vector sum.
    double[][] p = particles(new double[] {100, 0, 0}, new double[] {100, 0, 0}, new double[] {50, 0.5, 0});
    double[] tau = new double[3];
    nsub.compute(p[0], p[1], p[2], p[3], 3, 1.0, 0.8, 3, tau);
    double sx = p[0][0] + p[0][1] + p[0][2];
    double sy = p[1][0] + p[1][1] + p[1][2];
    double sz = p[2][0] + p[2][1] + p[2][2];
    double se = p[3][0] + p[3][1] + p[3][2];
    double yAxis = FourMomenta.rapidity(sx, sy, sz, se);
    double expected = (200 * Math.abs(yAxis) + 50 * Math.abs(0.5 - yAxis)) / (250 * 0.8);
    assertEquals(expected, tau[0], 1e-12);
    assertEquals(0.0, tau[1]);
    assertEquals(0.0, tau[2]);
    assertEquals(0.0, Nsubjettiness.tau21(0.0, 0.3));
    assertEquals(0.5, Nsubjettiness.tau32(0.2, 0.1), 1e-15);
    // beta = 2 uses DeltaR^2
    nsub.compute(p[0], p[1], p[2], p[3], 3, 2.0, 1.0, 1, tau);
    assertEquals((200 * yAxis * yAxis + 50 * (0.5 - yAxis) * (0.5 - yAxis)) / 250, tau[0], 1e-12);
    assertThrows(IllegalArgumentException.class, () -> nsub.compute(p[0], p[1], p[2], p[3], 3, 0.0, 1.0, 1, new double[1]));
    assertThrows(IllegalArgumentException.class, () -> nsub.compute(p[0], p[1], p[2], p[3], 3, 1.0, 1.0, 3, new double[2]));
  }

  @Test
  void softDropKeepsSymmetricAndDropsSoftBranches() {
    SoftDropConfig mmdt = SoftDropConfig.defaults(1.0);
    // symmetric two-prong (z = 0.4): nothing dropped, groomed mass = full mass
    double[][] p = particles(new double[] {60, 0, 0}, new double[] {40, 0.3, 0.2});
    int g = softDrop.groom(p[0], p[1], p[2], p[3], 2, mmdt);
    double fullMass = FourMomenta.mass(p[0][0] + p[0][1], p[1][0] + p[1][1], p[2][0] + p[2][1], p[3][0] + p[3][1]);
    assertEquals(fullMass, softDrop.reclustering().m(g), 1e-9);
    // add a soft wide-angle particle (z = 5/105 < 0.1): C/A merges it last, soft drop removes it
    double[][] q = particles(new double[] {60, 0, 0}, new double[] {40, 0.3, 0.2}, new double[] {5, -0.8, -0.5});
    g = softDrop.groom(q[0], q[1], q[2], q[3], 3, mmdt);
    assertEquals(fullMass, softDrop.reclustering().m(g), 1e-9);
    int[] cons = new int[3];
    int nc = softDrop.groomedConstituents(g, cons);
    int[] sorted = Arrays.copyOf(cons, nc);
    Arrays.sort(sorted);
    assertEquals("[0, 1]", Arrays.toString(sorted));
    // a very asymmetric pair (z = 0.05): groomed down to the single hard particle, mass 0
    double[][] r = particles(new double[] {95, 0, 0}, new double[] {5, 0.3, 0.2});
    g = softDrop.groom(r[0], r[1], r[2], r[3], 2, mmdt);
    assertEquals(0.0, softDrop.reclustering().m(g), 1e-6);
    assertEquals(95.0, softDrop.reclustering().pt(g), 1e-9);
    // with beta = 2 the cut becomes zcut DeltaR^2 / R0^2 = 0.1 * 0.13 = 0.013 < z = 0.05: kept
    SoftDropConfig sd = new SoftDropConfig(2.0, 0.1, 1.0);
    g = softDrop.groom(r[0], r[1], r[2], r[3], 2, sd);
    double dr2 = 0.3 * 0.3 + 0.2 * 0.2; // equal-rapidity massless particles: DeltaR = (0.3, 0.2)
    assertTrue(0.05 > 0.1 * dr2, "kept when z > zcut DeltaR^2");
    assertEquals(2, softDrop.reclustering().nConstituents(g));
    assertEquals(-1, softDrop.groom(r[0], r[1], r[2], r[3], 0, mmdt));
    // a zero-pT massless object sits at rapidity 1e5 + |pz|: a separate C/A jet even at R = 1000;
    // the hardest jet is groomed
    double[][] w = {{60, 40, 0}, {0, 0, 0}, {0, 0, 7}, {60, 0, 7}};
    double[][] v = particles(new double[] {60, 0, 0}, new double[] {40, 0.3, 0.2});
    for (int c = 0; c < 4; c++) {
      w[c][0] = v[c][0];
      w[c][1] = v[c][1];
    }
    g = softDrop.groom(w[0], w[1], w[2], w[3], 3, mmdt);
    assertEquals(fullMass, softDrop.reclustering().m(g), 1e-9);
  }

  @Test
  void softDropConfigIsValidated() {
    assertEquals(new SoftDropConfig(0, 0.1, 0.8), SoftDropConfig.defaults(0.8));
    SoftDropConfig c = new SoftDropConfig(1.0, 0.2, 0.4);
    assertEquals(c, Json.read(Json.write(c), SoftDropConfig.class, "test"));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new SoftDropConfig(-1, 0.1, 1));
    assertEquals("beta must be >= 0, found -1.0", ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SoftDropConfig(0, 1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> new SoftDropConfig(0, 0.1, 0));
  }
}
