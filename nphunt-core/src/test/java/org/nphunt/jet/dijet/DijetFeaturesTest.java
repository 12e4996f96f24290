package org.nphunt.jet.dijet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.jet.ClusterSequence;
import org.nphunt.jet.FourMomenta;
import org.nphunt.jet.JetDefinition;
import org.nphunt.jet.JetFixtures;
import org.nphunt.jet.substructure.Nsubjettiness;
import org.nphunt.json.Json;

/** {@link DijetFeatures}: hand-built events, edge cases, and agreement with FastJet on LHCO events. */
class DijetFeaturesTest {
  private static final List<String> NAMES = DijetFeatures.FEATURE_NAMES;

  private static int idx(String name) {
    return NAMES.indexOf(name);
  }

  @Test
  void namesMatchTheBrief() {
    assertEquals(DijetFeatures.N_FEATURES, NAMES.size());
    assertEquals(List.of("mJJ", "j1Pt", "j1Eta", "j1Phi", "j1M", "j1E", "j2Pt", "j2Eta", "j2Phi", "j2M", "j2E",
        "DeltaEtaJJ", "DeltaPhiJJ", "j1Tau1", "j1Tau2", "j1Tau3", "j2Tau1", "j2Tau2", "j2Tau3", "j1MSoftDrop",
        "j2MSoftDrop", "j1NConst", "j2NConst"), NAMES);
  }

  @Test
  void backToBackTwoParticleJetsByHand() {
    // j1: 300 + 100 GeV at eta 0.5, phi 3.0 and 3.1 -> wraps around pi with j2 at phi -3.1 + pi
    // slots (pT, eta, phi), with padding in between
    double[] parts = {
        0, 0, 0,
        300, 0.5, 3.0,
        0, 0, 0,
        100, 0.5, 3.1,
        150, -1.0, -0.1,
        140, -1.0, 0.0,
        0, 0, 0};
    DijetFeatures b = new DijetFeatures(new DijetConfig(0.8, 0, 3, 0.1, 0));
    double[] f = new double[DijetFeatures.N_FEATURES + 2];
    float[] c = new float[2 * 3 * 3 + 1];
    int nJets = b.compute(parts, 0, 7, f, 1, c, 1);
    assertEquals(2, nJets);
    f = java.util.Arrays.copyOfRange(f, 1, 1 + DijetFeatures.N_FEATURES);
    // j1 = the 400 GeV pair; analytic four-vector sum
    double[] a = new double[4];
    double[] d = new double[4];
    FourMomenta.fromPtEtaPhiM(300, 0.5, 3.0, 0, a, 0);
    FourMomenta.fromPtEtaPhiM(100, 0.5, 3.1, 0, d, 0);
    double px = a[0] + d[0];
    double py = a[1] + d[1];
    double pz = a[2] + d[2];
    double e = a[3] + d[3];
    assertEquals(Math.hypot(px, py), f[idx("j1Pt")], 1e-9);
    assertEquals(FourMomenta.mass(px, py, pz, e), f[idx("j1M")], 1e-9);
    // massless pair at equal eta: m^2 = 2 pT1 pT2 (cosh 0 - cos 0.1)
    assertEquals(Math.sqrt(2 * 300 * 100 * (1 - Math.cos(0.1))), f[idx("j1M")], 1e-9);
    assertEquals(e, f[idx("j1E")], 1e-9);
    assertEquals(Math.atan2(py, px), f[idx("j1Phi")], 1e-12);
    // the massive sum keeps the rapidity 0.5 (E +- pz = sum pT e^(+-0.5)) but not the pseudorapidity
    assertEquals(0.5, FourMomenta.rapidity(px, py, pz, e), 1e-12);
    assertEquals(FourMomenta.pseudorapidity(px, py, pz), f[idx("j1Eta")], 1e-12);
    assertTrue(f[idx("j1Eta")] > 0.5);
    assertEquals(Math.abs(f[idx("j1Eta")] - f[idx("j2Eta")]), f[idx("DeltaEtaJJ")], 1e-12);
    double dphi = Math.abs(FourMomenta.deltaPhi(f[idx("j1Phi")], f[idx("j2Phi")]));
    assertEquals(dphi, f[idx("DeltaPhiJJ")], 1e-12);
    assertTrue(f[idx("DeltaPhiJJ")] >= 0 && f[idx("DeltaPhiJJ")] <= Math.PI);
    assertEquals(2, f[idx("j1NConst")]);
    assertEquals(2, f[idx("j2NConst")]);
    // two-particle jets: tau_2 = tau_3 = 0; tau_1 = sum pT_i DeltaR_i,axis / (sum pT_i R)
    assertEquals(0.0, f[idx("j1Tau2")]);
    assertEquals(0.0, f[idx("j1Tau3")]);
    assertTrue(f[idx("j1Tau1")] > 0);
    // soft drop: z = 100/400 = 0.25 > 0.1, nothing groomed
    assertEquals(f[idx("j1M")], f[idx("j1MSoftDrop")], 1e-9);
    // mJJ of the four particles
    double[] q = new double[4];
    double[] tot = {px, py, pz, e};
    FourMomenta.fromPtEtaPhiM(150, -1.0, -0.1, 0, q, 0);
    for (int k = 0; k < 4; k++) {
      tot[k] += q[k];
    }
    FourMomenta.fromPtEtaPhiM(140, -1.0, 0.0, 0, q, 0);
    for (int k = 0; k < 4; k++) {
      tot[k] += q[k];
    }
    assertEquals(FourMomenta.mass(tot[0], tot[1], tot[2], tot[3]), f[idx("mJJ")], 1e-9);
    // constituents: (deta, dphi, pT), pT-ordered, third row zero padding
    assertEquals(0f, c[0]);
    float[] j1 = java.util.Arrays.copyOfRange(c, 1, 10);
    assertEquals(300f, j1[2]);
    assertEquals(100f, j1[5]);
    assertEquals((float) (0.5 - f[idx("j1Eta")]), j1[0]);
    assertEquals((float) FourMomenta.deltaPhi(3.0, f[idx("j1Phi")]), j1[1]);
    assertEquals((float) FourMomenta.deltaPhi(3.1, f[idx("j1Phi")]), j1[4]);
    assertArrayEquals(new float[3], java.util.Arrays.copyOfRange(j1, 6, 9));
    float[] j2 = java.util.Arrays.copyOfRange(c, 10, 19);
    assertEquals(150f, j2[2]);
    assertEquals(140f, j2[5]);
  }

  @Test
  void fewerThanTwoJets() {
    DijetFeatures b = new DijetFeatures(DijetConfig.defaults());
    double[] f = new double[DijetFeatures.N_FEATURES];
    float[] c = new float[600];
    java.util.Arrays.fill(f, 7.0);
    java.util.Arrays.fill(c, 7f);
    // one jet
    assertEquals(1, b.compute(new double[] {100}, new double[] {0.1}, new double[] {0.2}, 1, f, 0, c, 0));
    assertEquals(100, f[idx("j1Pt")], 1e-12);
    assertEquals(1, f[idx("j1NConst")]);
    for (String name : List.of("mJJ", "j2Pt", "j2Eta", "j2Phi", "j2M", "j2E", "DeltaEtaJJ", "DeltaPhiJJ", "j2Tau1",
        "j2MSoftDrop", "j2NConst")) {
      assertEquals(0.0, f[idx(name)], name);
    }
    for (int k = 3; k < 600; k++) {
      assertEquals(0f, c[k]);
    }
    // empty event (all padding)
    assertEquals(0, b.compute(new double[30], 0, 10, f, 0, c, 0));
    for (double v : f) {
      assertEquals(0.0, v);
    }
    // jets below ptMin do not count
    DijetFeatures cut = new DijetFeatures(new DijetConfig(1.0, 150, 10, 0.1, 0));
    assertEquals(0, cut.compute(new double[] {100}, new double[] {0.1}, new double[] {0.2}, 1, f, 0, null, 0));
  }

  @Test
  void badParticlesAreReportedBySlot() {
    DijetFeatures b = new DijetFeatures(DijetConfig.defaults());
    double[] f = new double[DijetFeatures.N_FEATURES];
    NphuntException ex = assertThrows(NphuntException.class,
        () -> b.compute(new double[] {10, 0, 0, -5, 0, 0}, 0, 2, f, 0, null, 0));
    assertEquals("particle slot 1: pT is -5.0 (must be finite and >= 0)", ex.getMessage());
    ex = assertThrows(NphuntException.class, () -> b.compute(new double[] {10, Double.NaN, 0}, 0, 1, f, 0, null, 0));
    assertTrue(ex.getMessage().startsWith("particle slot 0:"));
    assertThrows(IllegalArgumentException.class, () -> b.compute(new double[6], 0, 3, f, 0, null, 0));
  }

  @Test
  void configIsValidatedAndRoundTrips() {
    DijetConfig cfg = new DijetConfig(0.8, 20, 50, 0.05, 1.0);
    assertEquals(cfg, Json.read(Json.write(cfg), DijetConfig.class, "test"));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new DijetConfig(0, 0, 100, 0.1, 0));
    assertEquals("r must be in (0, 10], found 0.0", ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DijetConfig(1, -1, 100, 0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new DijetConfig(1, 0, -1, 0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new DijetConfig(1, 0, 100, 1.0, 0));
    assertThrows(IllegalArgumentException.class, () -> new DijetConfig(1, 0, 100, 0.1, -1));
    assertThrows(NphuntException.class, () -> Json.read("{\"r\": -1, \"ptMin\": 0, \"maxConstituents\": 1, "
        + "\"softDropZCut\": 0.1, \"softDropBeta\": 0}", DijetConfig.class, "cfg.json"));
  }

  @Test
  void agreesWithFastJetOnLhcoEvents() {
    // anti-kT R = 1.0 blocks of the FastJet reference: leading two jets, their tau_N and soft-drop mass
    List<String[]> ref = JetFixtures.lines("fastjet_lhco50.txt.gz");
    DijetFeatures b = new DijetFeatures(DijetConfig.defaults());
    double[] f = new double[DijetFeatures.N_FEATURES];
    int checked = 0;
    for (int pos = 0; pos < ref.size(); pos++) {
      String[] t = ref.get(pos);
      if (t[0].equals("C") && t[2].equals("antikt") && t[3].equals("1")) {
        int ev = Integer.parseInt(t[4]);
        JetFixtures.LhcoEvent e = JetFixtures.lhco().get(ev);
        b.compute(e.pt(), e.eta(), e.phi(), e.n(), f, 0, null, 0);
        for (int k = 0; k < 2; k++) {
          String[] j = ref.get(pos + 1 + k);
          double rpx = Double.parseDouble(j[1]);
          double rpy = Double.parseDouble(j[2]);
          double re = Double.parseDouble(j[4]);
          assertEquals(Math.hypot(rpx, rpy), f[1 + 5 * k], 1e-9 * re, "event " + ev);
          assertEquals(Double.parseDouble(j[7]), f[4 + 5 * k], 1e-9 * re, "event " + ev);
          assertEquals(Integer.parseInt(j[8]), (int) f[21 + k]);
        }
        checked++;
      }
      if (t[0].equals("T") && t[2].equals("1")) {
        int k = Integer.parseInt(t[4]);
        int ev = Integer.parseInt(t[3]);
        JetFixtures.LhcoEvent e = JetFixtures.lhco().get(ev);
        b.compute(e.pt(), e.eta(), e.phi(), e.n(), f, 0, null, 0);
        for (int n = 0; n < 3; n++) {
          double r = Double.parseDouble(t[5 + n]);
          assertEquals(r, f[13 + 3 * k + n], 1e-9 * r, "event " + ev + " tau" + (n + 1));
        }
      }
      if (t[0].equals("G") && t[2].equals("1")) {
        int k = Integer.parseInt(t[4]);
        int ev = Integer.parseInt(t[3]);
        JetFixtures.LhcoEvent e = JetFixtures.lhco().get(ev);
        b.compute(e.pt(), e.eta(), e.phi(), e.n(), f, 0, null, 0);
        assertEquals(Double.parseDouble(t[9]), f[19 + k], 1e-9 * Double.parseDouble(t[8]), "event " + ev);
      }
    }
    assertEquals(50, checked);
  }

  @Test
  void constituentsMatchTheClustering() {
    JetFixtures.LhcoEvent e = JetFixtures.lhco().get(3);
    DijetFeatures b = new DijetFeatures(new DijetConfig(1.0, 0, 20, 0.1, 0));
    double[] f = new double[DijetFeatures.N_FEATURES];
    float[] c = new float[2 * 20 * 3];
    b.compute(e.pt(), e.eta(), e.phi(), e.n(), f, 0, c, 0);
    ClusterSequence cs = new ClusterSequence();
    JetFixtures.cluster(cs, JetDefinition.antiKt(1.0), e);
    int[] jets = cs.inclusiveJets(0.0);
    for (int k = 0; k < 2; k++) {
      int[] cons = cs.constituents(jets[k]);
      double[] pts = java.util.Arrays.stream(cons).mapToDouble(i -> e.pt()[i]).sorted().toArray();
      assertEquals(cons.length, (int) f[21 + k]);
      for (int q = 0; q < Math.min(20, cons.length); q++) {
        assertEquals((float) pts[pts.length - 1 - q], c[(k * 20 + q) * 3 + 2]);
        assertTrue(Math.abs(c[(k * 20 + q) * 3]) < 1.5 && Math.abs(c[(k * 20 + q) * 3 + 1]) <= 1.0 + 1e-6,
            "constituents lie within about R of the axis");
      }
    }
    assertEquals(Nsubjettiness.tau21(f[13], f[14]), f[14] / f[13], 0.0);
  }
}
