package org.nphunt.jet.dijet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nphunt.data.Adc2021Schema;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.Events;
import org.nphunt.data.Notes;
import org.nphunt.data.ParticleListSchema;
import org.nphunt.jet.JetFixtures;

/** {@link DijetEvents} (particles to dijet events) and the {@link ToyDijets} toy. */
class DijetEventsTest {
  static final DijetConfig CONFIG = new DijetConfig(1.0, 0, 40, 0.1, 0);

  /** The real LHC Olympics events as a particle-list block (700 slots), with their labels. */
  static Events lhco(int n) {
    ParticleListSchema schema = ParticleListSchema.lhco();
    double[] p = new double[n * 700 * 3];
    int[] label = new int[n];
    for (int e = 0; e < n; e++) {
      JetFixtures.LhcoEvent ev = JetFixtures.lhco().get(e);
      for (int i = 0; i < ev.n(); i++) {
        p[(e * 700 + i) * 3] = ev.pt()[i];
        p[(e * 700 + i) * 3 + 1] = ev.eta()[i];
        p[(e * 700 + i) * 3 + 2] = ev.phi()[i];
      }
      label[e] = ev.label();
    }
    return new Events(schema, n, new double[][] {p}, new Object[] {label, null});
  }

  @Test
  void eachEventIsWhatDijetFeaturesComputes() {
    Events particles = lhco(50);
    Events dijets = DijetEvents.fromParticles(particles, CONFIG);
    DijetSchema schema = (DijetSchema) dijets.schema();
    assertEquals(40, schema.constituents());
    assertEquals(DijetFeatures.FEATURE_NAMES, schema.eventFeatures());
    assertEquals(50, dijets.size());
    DijetFeatures f = new DijetFeatures(CONFIG);
    for (int e = 0; e < 50; e++) {
      double[] feat = new double[DijetFeatures.N_FEATURES];
      float[] cons = new float[2 * 40 * 3];
      f.compute(particles.tensor(0), e * 2100, 700, feat, 0, cons, 0);
      assertArrayEquals(feat, Arrays.copyOfRange(dijets.tensor(1), e * feat.length, (e + 1) * feat.length));
      for (int i = 0; i < cons.length; i++) {
        assertEquals(cons[i], dijets.tensor(0)[e * cons.length + i]);
      }
      assertEquals(JetFixtures.lhco().get(e).label(), ((int[]) dijets.column(DijetSchema.TRUTH_LABEL))[e]);
    }
    // a valid block of the schema (ranges, padding)
    dijets.validate("lhco", 0, new Notes());
  }

  @Test
  void onlyParticleListsAreClustered() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DijetEvents.fromParticles(Events.zeros(Adc2021Schema.INSTANCE, 1), CONFIG));
    assertEquals("dijet events are built from 'particles' events, found 'adc2021'", e.getMessage());
  }

  @Test
  void toyIsSeededAndHasItsMasses() {
    Events a = ToyDijets.twoProng(300).particles(50, 5);
    Events b = ToyDijets.twoProng(300).particles(50, 5);
    assertArrayEquals(a.tensor(0), b.tensor(0));
    assertTrue(!Arrays.equals(a.tensor(0), ToyDijets.twoProng(300).particles(50, 6).tensor(0)));
    // the first 20 events do not depend on how many are generated
    assertArrayEquals(Arrays.copyOf(a.tensor(0), 20 * 900), ToyDijets.twoProng(300).particles(20, 5).tensor(0));
    Events heavy = ToyDijets.twoProng(300).dijets(300, 1, DijetConfig.defaults());
    Events top = ToyDijets.threeProng(175).dijets(300, 1, DijetConfig.defaults());
    Events qcd = ToyDijets.qcd().dijets(300, 1, DijetConfig.defaults());
    double heavyMass = median(jetMasses(heavy));
    double topMass = median(jetMasses(top));
    assertTrue(Math.abs(heavyMass - 300) < 30, "two-prong median jet mass " + heavyMass);
    assertTrue(Math.abs(topMass - 175) < 25, "three-prong median jet mass " + topMass);
    double[] q = jetMasses(qcd);
    Arrays.sort(q);
    // QCD: a broad spectrum, from tens of GeV to a few hundred
    assertTrue(q[q.length / 10] < 60 && q[q.length * 9 / 10] > 150, "QCD jet mass deciles " + q[q.length / 10] + ", "
        + q[q.length * 9 / 10]);
    // two- and three-prong jets have small tau_21 and tau_32
    DijetSchema s = (DijetSchema) heavy.schema();
    assertTrue(median(feature(heavy, "j1Tau2")) / median(feature(heavy, "j1Tau1")) < 0.6 * median(feature(qcd, "j1Tau2"))
        / median(feature(qcd, "j1Tau1")));
    assertEquals(1, ((int[]) heavy.column(DijetSchema.TRUTH_LABEL))[0]);
    assertEquals(0, ((int[]) qcd.column(DijetSchema.TRUTH_LABEL))[0]);
    assertEquals(2, ((int[]) top.column("ProcessId"))[0]);
    assertEquals(100, s.constituents());
  }

  static double[] feature(Events ev, String name) {
    DijetSchema s = (DijetSchema) ev.schema();
    int w = s.eventFeatures().size();
    int i = s.featureIndex(name);
    double[] out = new double[ev.size()];
    for (int e = 0; e < ev.size(); e++) {
      out[e] = ev.tensor(1)[e * w + i];
    }
    return out;
  }

  static double[] jetMasses(Events ev) {
    double[] a = feature(ev, "j1M");
    double[] b = feature(ev, "j2M");
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  @Test
  void toyRefusesBadSettings() {
    assertEquals("prongs must be 1, 2 or 3, found 4",
        assertThrows(IllegalArgumentException.class, () -> new ToyDijets("x", 4, 100, 1)).getMessage());
    assertEquals("mass must exceed 90.4 GeV for three-prong jets, found 50.0",
        assertThrows(IllegalArgumentException.class, () -> new ToyDijets("x", 3, 50, 1)).getMessage());
  }
}
