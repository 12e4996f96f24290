package org.nphunt.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021Schema;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.Events;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.jet.image.JetImageConfig;
import org.nphunt.jet.image.JetImages;
import org.nphunt.model.Architectures;

/** The dijet preprocessings by hand: particle lists, jet images, jet-mass targets; fits and JSON round trips. */
class JetInputsTest {
  static final DijetSchema SCHEMA = DijetSchema.nphunt(4);

  /**
   * Three events; event 0: jet 1 = (0.1, 0.2, 300 GeV), (-0.1, 0, 100 GeV); jet 2 = (0.05, -0.05, 50 GeV).
   * Events 1, 2: other values. Jet masses j1M = 10 e + 10, j2M = 10 e + 5, mJJ = 1000 + e.
   */
  static Events events() {
    int c = SCHEMA.constituents();
    int w = SCHEMA.eventFeatures().size();
    double[] cons = new double[3 * 2 * c * 3];
    double[] f = new double[3 * w];
    double[][] rows = {
        {0.1, 0.2, 300, -0.1, 0, 100}, {0.05, -0.05, 50},
        {0.3, -0.2, 80, 0.2, 0.1, 60, -0.4, 0.5, 30, 0.0, 0.05, 10}, {0.5, 0.5, 5},
        {}, {-0.2, 0.3, 40, 0.1, -0.1, 20}};
    for (int e = 0; e < 3; e++) {
      for (int jet = 0; jet < 2; jet++) {
        double[] r = rows[2 * e + jet];
        System.arraycopy(r, 0, cons, (e * 2 + jet) * c * 3, r.length);
      }
      f[e * w + SCHEMA.featureIndex("j1M")] = 10 * e + 10;
      f[e * w + SCHEMA.featureIndex("j2M")] = 10 * e + 5;
      f[e * w + SCHEMA.featureIndex("mJJ")] = 1000 + e;
    }
    return new Events(SCHEMA, 3, new double[][] {cons, f}, new Object[3]);
  }

  @Test
  void constituentsByHand() {
    JetConstituents p = new JetConstituents(3, true, new double[] {0.1, 0, 0.5}, new double[] {2, 1, 0.25}, 0);
    assertEquals(2, p.examplesPerEvent());
    assertEquals(List.of(ModelInput.of("constituents", 3, 3), ModelInput.of("mask", 3)), p.inputs());
    float[][] out = {new float[6 * 9], new float[6 * 3]};
    p.apply(events(), 0, 3, out, 0);
    // event 0, jet 1: fractions 300/400 and 100/400, standardised
    assertArrayEquals(new float[] {0f, 0.2f, 1f, -0.1f, 0f, -1f, 0, 0, 0},
        java.util.Arrays.copyOfRange(out[0], 0, 9), 1e-6f);
    assertArrayEquals(new float[] {1, 1, 0}, java.util.Arrays.copyOfRange(out[1], 0, 3));
    // event 1, jet 1 has 4 constituents: the model sees the 3 hardest (fractions of 80 + 60 + 30)
    assertEquals((80.0 / 170 - 0.5) / 0.25, out[0][2 * 9 + 2], 1e-6);
    assertArrayEquals(new float[] {1, 1, 1}, java.util.Arrays.copyOfRange(out[1], 6, 9));
    // event 2, jet 1 is empty: zeros and mask 0
    assertArrayEquals(new float[9], java.util.Arrays.copyOfRange(out[0], 4 * 9, 5 * 9));
    assertArrayEquals(new float[3], java.util.Arrays.copyOfRange(out[1], 12, 15));
    // pT in GeV instead of the fraction; more slots than the schema: zero-padded
    JetConstituents gev = JetConstituents.identity(6, false);
    float[][] g = {new float[2 * 18], new float[2 * 6]};
    gev.apply(events(), 0, 1, g, 0);
    assertEquals(300f, g[0][2]);
    assertArrayEquals(new float[] {1, 1, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(g[1], 0, 6));
  }

  @Test
  void constituentStatisticsAreThoseOfTheRealParticles() {
    JetConstituents p = JetConstituents.fit(new InMemoryEventSource(events(), "t"), i -> i != 1, 2, 4, true);
    // kept events 0 and 2: real constituents (deta, dphi, z)
    double[][] v = {{0.1, 0.2, 0.75}, {-0.1, 0, 0.25}, {0.05, -0.05, 1}, {-0.2, 0.3, 40.0 / 60}, {0.1, -0.1, 20.0 / 60}};
    for (int f = 0; f < 3; f++) {
      double mean = 0;
      for (double[] r : v) {
        mean += r[f] / v.length;
      }
      double var = 0;
      for (double[] r : v) {
        var += (r[f] - mean) * (r[f] - mean) / v.length;
      }
      assertEquals(mean, p.mean()[f], 1e-7);
      assertEquals(Math.sqrt(var), p.std()[f], 1e-7);
    }
    assertEquals(5, p.count());
  }

  @Test
  void allSlotStatisticsCountThePaddingAsZerosAndPadWithTheStandardisedZero() {
    // the public code's standardisation: all C = 4 slots of each kept jet, padded slots as raw (0, 0, 0)
    JetConstituents p = JetConstituents.fit(new InMemoryEventSource(events(), "t"), i -> i != 1, 2, 4, true,
        JetConstituents.Statistics.ALL_SLOTS);
    double[][] v = {{0.1, 0.2, 0.75}, {-0.1, 0, 0.25}, {0.05, -0.05, 1}, {-0.2, 0.3, 40.0 / 60}, {0.1, -0.1, 20.0 / 60}};
    int slots = 4 * 4; // events 0 and 2, two jets each, 4 slots per jet
    for (int f = 0; f < 3; f++) {
      double mean = 0;
      for (double[] r : v) {
        mean += r[f] / slots;
      }
      double var = (slots - v.length) * mean * mean / slots; // the 11 padded zeros
      for (double[] r : v) {
        var += (r[f] - mean) * (r[f] - mean) / slots;
      }
      assertEquals(mean, p.mean()[f], 1e-7);
      assertEquals(Math.sqrt(var), p.std()[f], 1e-7);
    }
    assertEquals(slots, p.count());
    assertEquals(JetConstituents.Statistics.ALL_SLOTS, p.statistics());
    // applied: real slots standardised as before, padded slots hold (0 - mean) / std, mask 0
    float[][] out = {new float[6 * 12], new float[6 * 4]};
    p.apply(events(), 0, 3, out, 0);
    assertEquals((0.75 - p.mean()[2]) / p.std()[2], out[0][2], 1e-6);
    for (int f = 0; f < 3; f++) {
      assertEquals(-p.mean()[f] / p.std()[f], out[0][2 * 3 + f], 1e-6, "padded slot 2 of jet 1, feature " + f);
      assertEquals(p.padded(f), out[0][4 * 12 + f], 0f, "the empty jet, feature " + f);
    }
    assertArrayEquals(new float[] {1, 1, 0, 0}, java.util.Arrays.copyOfRange(out[1], 0, 4));
    assertArrayEquals(new float[4], java.util.Arrays.copyOfRange(out[1], 16, 20));
    // the default keeps zeros in padded slots
    assertEquals(0f, JetConstituents.fit(new InMemoryEventSource(events(), "t"), null, 2, 4, true).padded(2));
  }

  @Test
  void preprocessingFilesWithoutStatisticsReadAsRealConstituents() throws Exception {
    var mapper = Architectures.mapper();
    JetConstituents all = new JetConstituents(4, false, new double[] {0, 0.1, 30}, new double[] {1, 2, 40}, 9,
        JetConstituents.Statistics.ALL_SLOTS);
    String json = mapper.writerFor(Preprocessing.class).writeValueAsString(all);
    assertEquals(all, mapper.readValue(json, Preprocessing.class), json);
    String old = "{\"type\":\"jet-constituents\",\"constituents\":4,\"ptFraction\":false,\"mean\":[0,0.1,30],"
        + "\"std\":[1,2,40],\"count\":9}";
    assertEquals(new JetConstituents(4, false, new double[] {0, 0.1, 30}, new double[] {1, 2, 40}, 9),
        mapper.readValue(old, Preprocessing.class));
    assertEquals(JetConstituents.Statistics.REAL, ((JetConstituents) mapper.readValue(old, Preprocessing.class)).statistics());
  }

  @Test
  void imagesAreJetImagesScaled() {
    JetImageConfig cfg = new JetImageConfig(8, 1.0, true, true);
    JetImageInput p = new JetImageInput(cfg, 0.5);
    float[][] out = {new float[6 * 64]};
    p.apply(events(), 0, 3, out, 0);
    float[] expected = new float[64];
    new JetImages(cfg).render(new double[] {0.1, -0.1}, new double[] {0.2, 0}, new double[] {300, 100}, 2, expected, 0);
    for (int i = 0; i < 64; i++) {
      assertEquals(expected[i] * 2f, out[0][i], 1e-6f);
    }
    // the fitted scale is the root mean square pixel over all jets (the empty jet included)
    JetImageInput fitted = JetImageInput.fit(new InMemoryEventSource(events(), "t"), null, 1000, cfg);
    float[][] raw = {new float[6 * 64]};
    new JetImageInput(cfg, 1).apply(events(), 0, 3, raw, 0);
    double ss = 0;
    for (float x : raw[0]) {
      ss += (double) x * x;
    }
    assertEquals(Math.sqrt(ss / (6 * 64)), fitted.scale(), 1e-12);
  }

  @Test
  void massTargetsAreEqualPopulationBins() {
    JetConstituents base = JetConstituents.identity(4, true);
    JetMassTarget t = JetMassTarget.fit(base, new InMemoryEventSource(events(), "t"), null, 2,
        JetMassTarget.Observable.JET_MASS, 3);
    // jet masses 10, 5, 20, 15, 30, 25 -> sorted 5 10 15 20 25 30; edges at positions 2 and 4: 15, 25
    assertArrayEquals(new double[] {15, 25}, t.edges());
    assertEquals(17.5, t.mean(), 1e-12);
    assertEquals(0, t.bin(14.9));
    assertEquals(1, t.bin(15));
    assertEquals(2, t.bin(1e4));
    List<ModelInput> in = t.inputs();
    assertEquals(List.of("constituents", "mask", "mass", "massBin"), in.stream().map(ModelInput::name).toList());
    float[][] out = {new float[6 * 12], new float[6 * 4], new float[6], new float[6 * 3]};
    t.apply(events(), 0, 3, out, 0);
    assertEquals((10 - 17.5) / t.std(), out[2][0], 1e-6);
    // masses 10 5 20 15 30 25 -> bins 0 0 1 1 2 2
    assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1}, out[3]);
    // the base's inputs are unchanged
    float[][] b = {new float[6 * 12], new float[6 * 4]};
    base.apply(events(), 0, 3, b, 0);
    assertArrayEquals(b[0], out[0]);
    // mJJ: the same for both jets
    assertArrayEquals(new double[] {1000, 1000, 1001, 1001}, JetMassTarget.masses(events(), JetMassTarget.Observable.MJJ, 0, 2));
    DijetSchema bare = new DijetSchema(4, DijetSchema.REQUIRED_FEATURES);
    Events noSd = new Events(bare, 1, new double[][] {new double[24], new double[11]}, new Object[3]);
    NphuntException e = assertThrows(NphuntException.class,
        () -> JetMassTarget.masses(noSd, JetMassTarget.Observable.SOFT_DROP_MASS, 0, 1));
    assertEquals("dijet events lack the event feature j1MSoftDrop (features: " + DijetSchema.REQUIRED_FEATURES + ")",
        e.getMessage());
  }

  @Test
  void dijetPreprocessingsRefuseOtherEvents() {
    Events adc = Events.zeros(Adc2021Schema.INSTANCE, 1);
    NphuntException e = assertThrows(NphuntException.class,
        () -> JetConstituents.identity(4, true).apply(adc, 0, 1, new float[][] {new float[24], new float[8]}, 0));
    assertEquals("jet constituents need dijet events, found adc2021 events", e.getMessage());
  }

  @Test
  void jsonRoundTrips() throws Exception {
    var mapper = Architectures.mapper();
    JetConstituents c = JetConstituents.fit(new InMemoryEventSource(events(), "t"), null, 2, 4, true);
    List<Preprocessing> all = List.of(c, new JetImageInput(JetImageConfig.defaults(), 0.01),
        JetMassTarget.fit(c, new InMemoryEventSource(events(), "t"), null, 2, JetMassTarget.Observable.MJJ, 2));
    for (Preprocessing p : all) {
      String json = mapper.writerFor(Preprocessing.class).writeValueAsString(p);
      assertEquals(p, mapper.readValue(json, Preprocessing.class), json);
    }
    assertEquals("edges must be finite and non-decreasing, found [2.0, 1.0]", assertThrows(IllegalArgumentException.class,
        () -> new JetMassTarget(c, JetMassTarget.Observable.JET_MASS, new double[] {2, 1}, 0, 1)).getMessage());
  }
}
