package org.nphunt.jet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nphunt.random.Seeds;

/** Hand-derived cases, invariants and cross-checks of {@link ClusterSequence}. */
class ClusterSequenceTest {
  private static final JetAlgorithm[] ALGS = JetAlgorithm.values();

  /** Massless particle (pT, y = eta, phi). */
  private static double[] p(double pt, double eta, double phi) {
    double[] o = new double[4];
    FourMomenta.fromPtEtaPhiM(pt, eta, phi, 0, o, 0);
    return o;
  }

  private static void load(double[][] parts, double[] px, double[] py, double[] pz, double[] e) {
    for (int i = 0; i < parts.length; i++) {
      px[i] = parts[i][0];
      py[i] = parts[i][1];
      pz[i] = parts[i][2];
      e[i] = parts[i][3];
    }
  }

  private static ClusterSequence run(JetDefinition def, ClusterStrategy s, double[]... parts) {
    int n = parts.length;
    double[] px = new double[n];
    double[] py = new double[n];
    double[] pz = new double[n];
    double[] e = new double[n];
    load(parts, px, py, pz, e);
    ClusterSequence cs = new ClusterSequence();
    cs.cluster(def, s, px, py, pz, e, n);
    return cs;
  }

  @Test
  void twoParticlesMergeOnlyWithinR() {
    for (JetAlgorithm alg : ALGS) {
      for (ClusterStrategy s : ClusterStrategy.values()) {
        // DeltaR = 0.3 < R = 0.4: one jet with both
        ClusterSequence cs = run(new JetDefinition(alg, 0.4), s, p(100, 0, 1), p(50, 0.3, 1));
        int[] jets = cs.inclusiveJets(0.0);
        assertEquals(1, jets.length, alg + " " + s);
        assertArrayEquals(new int[] {0, 1}, sortedConstituents(cs, jets[0]));
        assertEquals(100 * Math.cos(1) + 50 * Math.cos(1), cs.px(jets[0]), 1e-12);
        // DeltaR = 0.5 > R: two jets, pT-ordered
        cs = run(new JetDefinition(alg, 0.4), s, p(50, 0.5, 1), p(100, 0, 1));
        jets = cs.inclusiveJets(0.0);
        assertEquals(2, jets.length);
        assertArrayEquals(new int[] {1}, cs.constituents(jets[0]));
        assertArrayEquals(new int[] {0}, cs.constituents(jets[1]));
      }
    }
  }

  @Test
  void separationExactlyRIsNotMerged() {
    // FastJet merges only for DeltaR^2 < R^2 (strict): same phi, rapidities 0 and 0.5 exactly
    for (JetAlgorithm alg : ALGS) {
      for (ClusterStrategy s : ClusterStrategy.values()) {
        double[] a = {10, 0, 0, 10}; // y = 0
        double e = Math.cosh(0.5) * 10;
        double[] b = {10, 0, 10 * Math.sinh(0.5), e};
        ClusterSequence cs = run(new JetDefinition(alg, 1.0), s, a, b);
        double dy = cs.rap(1) - cs.rap(0);
        JetDefinition exact = new JetDefinition(alg, dy); // R equal to the separation, bit for bit
        cs = run(exact, s, a, b);
        assertEquals(2, cs.inclusiveJets(0.0).length, alg + " " + s);
      }
    }
  }

  @Test
  void antiKtGrowsConesAroundHardParticlesAndKtMergesSoftFirst() {
    // hard at (0, 0); soft pair at DeltaR 0.5 and 0.9 from it, 0.4 from each other; R = 0.6
    double[][] parts = {p(100, 0, 0), p(1, 0.5, 0), p(1, 0.9, 0)};
    ClusterSequence akt = run(JetDefinition.antiKt(0.6), ClusterStrategy.N2_PLAIN, parts);
    int[] jets = akt.inclusiveJets(0.0);
    // anti-kT: the hard particle takes the one within R; the other stays alone
    assertEquals(2, jets.length);
    assertArrayEquals(new int[] {0, 1}, sortedConstituents(akt, jets[0]));
    // kT: the soft pair (d = 1 * 0.16/0.36) merges before the hard one takes anything
    ClusterSequence kt = run(JetDefinition.kt(0.6), ClusterStrategy.N2_PLAIN, parts);
    assertEquals(1, kt.historyParent1(3));
    assertEquals(2, kt.historyParent2(3));
    assertEquals(0.16 / 0.36, kt.historyDij(3), 1e-9);
  }

  @Test
  void historyIsConsistent() {
    SplittableRandom rng = Seeds.random(7, "jet-history");
    double[][] parts = randomEvent(rng, 150);
    for (JetAlgorithm alg : ALGS) {
      ClusterSequence cs = run(new JetDefinition(alg, 0.7), ClusterStrategy.BEST, parts);
      int n = parts.length;
      assertEquals(2 * n, cs.historySize());
      int beams = 0;
      for (int h = n; h < cs.historySize(); h++) {
        assertTrue(cs.historyMaxDijSoFar(h) >= cs.historyDij(h));
        assertTrue(cs.historyMaxDijSoFar(h) >= cs.historyMaxDijSoFar(h - 1));
        if (cs.historyParent2(h) == ClusterSequence.BEAM) {
          beams++;
          assertEquals(ClusterSequence.INVALID, cs.historyJet(h));
        } else {
          int j = cs.historyJet(h);
          int a = cs.historyJet(cs.historyParent1(h));
          int b = cs.historyJet(cs.historyParent2(h));
          assertEquals(cs.e(a) + cs.e(b), cs.e(j), 1e-9 * cs.e(j));
          assertEquals(h, cs.historyIndex(j));
        }
      }
      // every inclusive jet (ptMin 0) is one beam step; constituents partition the event
      int[] jets = cs.inclusiveJets(0.0);
      assertEquals(beams, jets.length);
      boolean[] seen = new boolean[n];
      double sumE = 0;
      for (int j : jets) {
        for (int i : cs.constituents(j)) {
          assertFalse(seen[i], "particle " + i + " in two jets");
          seen[i] = true;
        }
        sumE += cs.e(j);
        assertEquals(cs.nConstituents(j), cs.constituents(j).length);
      }
      for (boolean s : seen) {
        assertTrue(s);
      }
      double totalE = Arrays.stream(parts).mapToDouble(q -> q[3]).sum();
      assertEquals(totalE, sumE, 1e-9 * totalE);
      for (int k = 1; k < jets.length; k++) {
        assertTrue(cs.pt(jets[k - 1]) >= cs.pt(jets[k]));
      }
    }
  }

  @Test
  void tiledPlainAndNaiveAgreeOnRandomEvents() {
    SplittableRandom rng = Seeds.random(11, "jet-crosscheck");
    int compared = 0;
    for (int trial = 0; trial < 30; trial++) {
      int n = 1 + rng.nextInt(trial < 20 ? 60 : 300);
      double[][] parts = randomEvent(rng, n);
      double[] px = new double[n];
      double[] py = new double[n];
      double[] pz = new double[n];
      double[] e = new double[n];
      load(parts, px, py, pz, e);
      for (JetAlgorithm alg : ALGS) {
        double r = 0.2 + 1.3 * rng.nextDouble();
        JetDefinition def = new JetDefinition(alg, r);
        ClusterSequence tiled = new ClusterSequence();
        tiled.cluster(def, ClusterStrategy.N2_TILED, px, py, pz, e, n);
        ClusterSequence plain = new ClusterSequence();
        plain.cluster(def, ClusterStrategy.N2_PLAIN, px, py, pz, e, n);
        int[] jt = tiled.inclusiveJets(0.0);
        int[] jp = plain.inclusiveJets(0.0);
        assertEquals(jp.length, jt.length, def + " n=" + n);
        for (int k = 0; k < jt.length; k++) {
          assertArrayEquals(sortedConstituents(plain, jp[k]), sortedConstituents(tiled, jt[k]), def + " jet " + k);
          assertEquals(plain.e(jp[k]), tiled.e(jt[k]), 0.0, "same merges in the same order give identical sums");
        }
        // identical histories step by step
        for (int h = 0; h < tiled.historySize(); h++) {
          assertEquals(plain.historyDij(h), tiled.historyDij(h), 0.0, def + " step " + h);
        }
        if (n <= 120) {
          List<NaiveClusterer.Jet> naive = NaiveClusterer.cluster(def, px, py, pz, e, n, 0.0);
          assertEquals(naive.size(), jt.length, def + " n=" + n);
          for (int k = 0; k < jt.length; k++) {
            TreeSet<Integer> mine = new TreeSet<>();
            for (int i : tiled.constituents(jt[k])) {
              mine.add(i);
            }
            assertEquals(naive.get(k).constituents(), mine, def + " jet " + k);
            assertEquals(naive.get(k).e(), tiled.e(jt[k]), 1e-9 * tiled.e(jt[k]));
          }
          compared++;
        }
      }
    }
    assertTrue(compared > 30);
  }

  @Test
  void reuseGivesIdenticalResultsAndGrows() {
    SplittableRandom rng = Seeds.random(3, "jet-reuse");
    double[][] big = randomEvent(rng, 400);
    double[][] small = randomEvent(rng, 40);
    ClusterSequence reused = new ClusterSequence();
    for (double[][] ev : List.of(small, big, small)) {
      ClusterSequence fresh = run(JetDefinition.antiKt(0.8), ClusterStrategy.BEST, ev);
      double[] px = new double[ev.length];
      double[] py = new double[ev.length];
      double[] pz = new double[ev.length];
      double[] e = new double[ev.length];
      load(ev, px, py, pz, e);
      reused.cluster(JetDefinition.antiKt(0.8), px, py, pz, e, ev.length);
      int[] a = fresh.inclusiveJets(0.0);
      int[] b = reused.inclusiveJets(0.0);
      assertArrayEquals(a, b);
      for (int k = 0; k < a.length; k++) {
        assertEquals(fresh.px(a[k]), reused.px(b[k]), 0.0);
      }
    }
  }

  @Test
  void exclusiveJetsHandDerived() {
    // kT, R = 3: particles (pT, y) = (100, 0), (10, 2), (5, 2.1) at the same phi.
    // d_12 = min(100, 25) 0.01 / 9 = 0.25/9 merges first; then d_(0,12) = 15^2 2.0333^2 / 9 ~ 103
    // beats d_B(12) = 225; finally the single object goes to the beam at its kT^2.
    ClusterSequence cs = run(JetDefinition.kt(3.0), ClusterStrategy.N2_PLAIN, p(100, 0, 0), p(10, 2, 0), p(5, 2.1, 0));
    assertEquals(0.25 / 9, cs.exclusiveDmerge(2), 1e-12);
    double y12 = cs.rap(3);
    assertEquals(225 * y12 * y12 / 9, cs.exclusiveDmerge(1), 1e-9);
    assertEquals(cs.pt2(4), cs.exclusiveDmerge(0), 1e-9);
    assertEquals(0.0, cs.exclusiveDmerge(3));
    int[] out = new int[3];
    assertEquals(3, cs.exclusiveJets(3, out));
    assertEquals(2, cs.exclusiveJets(2, out));
    assertArrayEquals(new int[] {0, 3}, Arrays.copyOf(out, 2));
    assertEquals(2, cs.nExclusiveJets(0.25 / 9 + 1e-9));
    assertEquals(3, cs.nExclusiveJets(0.02));
    assertEquals(1, cs.nExclusiveJets(1000));
    assertEquals(1, cs.exclusiveJetsUpTo(1, out));
    int whole = out[0];
    assertEquals(3, cs.constituents(whole).length);
    assertThrows(IllegalArgumentException.class, () -> cs.exclusiveJets(4, out));
    assertEquals(3, cs.exclusiveJetsUpTo(5, out));
    // subjets of the full jet
    int[] sub = new int[3];
    assertEquals(2, cs.exclusiveSubjets(whole, 2, sub));
    assertEquals(1, cs.exclusiveSubjets(whole, 1e12, sub));
    assertEquals(2, cs.exclusiveSubjets(whole, 50.0, sub));
    assertEquals(3, cs.exclusiveSubjets(whole, 0.0, sub));
    assertEquals(0.25 / 9, cs.exclusiveSubdmerge(whole, 2), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> cs.exclusiveSubjets(whole, 4, sub));
    int[] par = new int[2];
    assertTrue(cs.parents(whole, par));
    assertEquals(0, par[0]);
    assertEquals(3, par[1]);
    assertFalse(cs.parents(0, par));
  }

  @Test
  void badInputIsRejectedWithItsIndex() {
    ClusterSequence cs = new ClusterSequence();
    double[] ok = {1, 2};
    double[] nan = {1, Double.NaN};
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> cs.cluster(JetDefinition.kt(0.4), ok, nan, ok, ok, 2));
    assertTrue(ex.getMessage().startsWith("particle 1:"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> cs.cluster(JetDefinition.kt(0.4), ok, ok, ok, ok, 3));
    ex = assertThrows(IllegalArgumentException.class,
        () -> cs.clusterPtEtaPhi(JetDefinition.kt(0.4), new double[] {1, -2}, ok, ok, 2));
    assertTrue(ex.getMessage().startsWith("particle 1: (pt, eta, phi) = (-2.0"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new JetDefinition(JetAlgorithm.KT, 0));
    assertThrows(IllegalArgumentException.class, () -> new JetDefinition(JetAlgorithm.KT, 1001));
    assertThrows(IllegalArgumentException.class, () -> new JetDefinition(null, 0.4));
  }

  @Test
  void emptyAndSingleParticleEvents() {
    ClusterSequence cs = new ClusterSequence();
    cs.cluster(JetDefinition.antiKt(0.4), new double[0], new double[0], new double[0], new double[0], 0);
    assertEquals(0, cs.inclusiveJets(0.0).length);
    assertEquals(0, cs.historySize());
    ClusterSequence one = run(JetDefinition.antiKt(0.4), ClusterStrategy.N2_TILED, p(5, 1, 2));
    assertArrayEquals(new int[] {0}, one.inclusiveJets(0.0));
    assertEquals(0, one.inclusiveJets(6.0).length);
    // zero-pT massless objects (E = |pz|) get rapidity +-(1e5 + |pz|), as in FastJet
    ClusterSequence beam = run(JetDefinition.antiKt(0.4), ClusterStrategy.N2_TILED, new double[] {0, 0, 3, 3},
        new double[] {0, 0, -2, 2}, p(5, 0, 0));
    assertEquals(1e5 + 3, beam.rap(0), 0.0);
    assertEquals(-1e5 - 2, beam.rap(1), 0.0);
    assertEquals(3, beam.inclusiveJets(0.0).length);
  }

  @Test
  void jetDefinitionRoundTripsThroughJson() {
    JetDefinition def = JetDefinition.cambridgeAachen(0.8);
    String json = org.nphunt.json.Json.write(def);
    assertEquals(def, org.nphunt.json.Json.read(json, JetDefinition.class, "test"));
  }

  static int[] sortedConstituents(ClusterSequence cs, int jet) {
    int[] c = cs.constituents(jet);
    Arrays.sort(c);
    return c;
  }

  /** A few hard particles and many soft ones, massive or not, |y| < 4.5. */
  static double[][] randomEvent(SplittableRandom rng, int n) {
    double[][] parts = new double[n][];
    for (int i = 0; i < n; i++) {
      double pt = (i < 3 ? 200 : 1) * (0.1 - Math.log(1 - rng.nextDouble()));
      double y = -4.5 + 9 * rng.nextDouble();
      double phi = -Math.PI + 2 * Math.PI * rng.nextDouble();
      double m = rng.nextDouble() < 0.5 ? 0 : rng.nextDouble();
      double mt = Math.sqrt(pt * pt + m * m);
      parts[i] = new double[] {pt * Math.cos(phi), pt * Math.sin(phi), mt * Math.sinh(y), mt * Math.cosh(y)};
    }
    return parts;
  }
}
