package org.nphunt.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.Adc2021Schema;
import org.nphunt.data.EventBatch;
import org.nphunt.data.Notes;
import org.nphunt.data.ObjectType;
import org.nphunt.model.DenseAeConfig;
import org.nphunt.model.VaeConfig;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.testing.TestEvents;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The object-level VAE as a generator: every decoded output, however wild, becomes a valid ADC2021
 * event (properties over arbitrary decoder outputs, statistics and thresholds); a trained VAE's events
 * are valid, seeded, chunk-stable and fill each slot as often as the training sample did.
 */
class EventSamplerTest {
  static EventBatch train;
  static TrainingResult vae;

  @BeforeAll
  static void fit() {
    train = EventGenerator.generateBatch(Processes.SM, 3000, 31, 1);
    vae = new Trainer(TrainingConfig.defaults(VaeConfig.defaults()).withEpochs(2).withBatchSize(256).withSeed(5)
        .withChunkEvents(10_000)).fit(TestEvents.source(train, "sm"), null);
  }

  @AfterAll
  static void close() {
    if (vae != null) {
      vae.close();
    }
  }

  /** Every validity constraint of the class comment, on event e of a batch. */
  static void assertValid(EventBatch b, int e) {
    Adc2021Schema.INSTANCE.validate(b.slice(e, 1), "sampled", e, new Notes());
    double[] p = b.particles();
    int base = e * Adc2021.VALUES_PER_EVENT;
    for (ObjectType t : ObjectType.values()) {
      boolean emptySeen = false;
      double previousPt = Double.POSITIVE_INFINITY;
      for (int s = t.firstSlot(); s < t.endSlot(); s++) {
        int q = base + s * Adc2021.FEATURES;
        if (p[q + 3] == 0) {
          assertEquals(0.0, p[q], "empty slot pT");
          assertEquals(0.0, p[q + 1], "empty slot eta");
          assertEquals(0.0, p[q + 2], "empty slot phi");
          assertTrue(t != ObjectType.MET, "MET is always present");
          emptySeen = true;
          continue;
        }
        assertFalse(emptySeen, "objects fill a type's first slots, slot " + s);
        assertEquals(t.classId(), p[q + 3], "class id of slot " + s);
        assertTrue(p[q] >= 0 && p[q] <= org.nphunt.data.Feature.MAX_GEV, "pT " + p[q]);
        assertTrue(p[q] <= previousPt, "pT-ordered within " + t);
        previousPt = p[q];
        assertTrue(Math.abs(p[q + 1]) <= EventSampler.acceptance(t), t + " eta " + p[q + 1]);
        assertTrue(p[q + 2] > -Math.PI && p[q + 2] <= Math.PI, "phi " + p[q + 2]);
        if (t == ObjectType.MET) {
          assertEquals(0.0, p[q + 1], "MET eta");
        }
      }
    }
  }

  @Provide
  Arbitrary<float[]> decoded() {
    Arbitrary<Float> v = Arbitraries.oneOf(Arbitraries.floats().between(-50f, 50f),
        Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e30f, -1e30f));
    return v.array(float[].class).ofSize(Adc2021.INPUTS);
  }

  @Provide
  Arbitrary<double[]> thresholds() {
    return Arbitraries.oneOf(Arbitraries.doubles().between(-3, 3),
        Arbitraries.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)).array(double[].class).ofSize(Adc2021.SLOTS);
  }

  @Property(tries = 300)
  void anyDecodedOutputGivesAValidEvent(@ForAll("decoded") float[] raw, @ForAll("thresholds") double[] t,
      @ForAll boolean logPt, @ForAll("scales") double scale) {
    double[] mean = new double[Adc2021.INPUTS];
    double[] std = new double[Adc2021.INPUTS];
    for (int c = 0; c < mean.length; c++) {
      mean[c] = scale * Math.sin(c);
      std[c] = 0.1 + scale * (1 + Math.cos(c));
    }
    Standardizer st = new Standardizer(logPt, mean, std, new long[Adc2021.INPUTS]);
    EventBatch b = new EventBatch(1);
    EventSampler.event(raw, 0, st, t, b.particles(), 0);
    assertValid(b, 0);
    for (int s = 1; s < Adc2021.SLOTS; s++) {
      ObjectType type = ObjectType.ofSlot(s);
      long filledSlots = java.util.stream.IntStream.range(type.firstSlot(), type.endSlot())
          .filter(k -> raw[k * Adc2021.KINEMATIC] > t[k]).count();
      long stored = java.util.stream.IntStream.range(type.firstSlot(), type.endSlot())
          .filter(k -> b.particles()[k * Adc2021.FEATURES + 3] != 0).count();
      assertEquals(filledSlots, stored, "objects of " + type + " kept");
    }
  }

  @Provide
  Arbitrary<Double> scales() {
    return Arbitraries.of(0.0, 1.0, 40.0);
  }

  @Property(tries = 500)
  void phiIsWrappedIntoTheHalfOpenInterval(@ForAll("angles") double phi) {
    double w = EventSampler.wrapPhi(phi);
    assertTrue(w > -Math.PI && w <= Math.PI, phi + " -> " + w);
    double turns = (phi - w) / (2 * Math.PI);
    assertEquals(Math.rint(turns), turns, 1e-9, "a whole number of turns");
  }

  @Provide
  Arbitrary<Double> angles() {
    return Arbitraries.oneOf(Arbitraries.doubles().between(-40, 40),
        Arbitraries.of(Math.PI, -Math.PI, 3 * Math.PI, -3 * Math.PI, 0.0, 2 * Math.PI));
  }

  @Test
  void trainedVaeGivesValidSeededEventsWithTheTrainingOccupancy() {
    int n = EventSampler.CHUNK + 1000;
    EventBatch a = EventSampler.sample(vae.model(), n, 3);
    assertEquals(n, a.size());
    for (int e = 0; e < n; e++) {
      assertValid(a, e);
    }
    assertArrayEquals(a.particles(), EventSampler.sample(vae.model(), n, 3).particles(), 0.0);
    EventBatch prefix = EventSampler.sample(vae.model(), EventSampler.CHUNK, 3);
    assertArrayEquals(prefix.particles(), Arrays.copyOf(a.particles(), prefix.particles().length), 0.0);
    assertFalse(Arrays.equals(a.particles(), EventSampler.sample(vae.model(), n, 4).particles()));
    assertEquals(0, EventSampler.sample(vae.model(), 0, 3).size());
    // each type's mean multiplicity is the training sample's (the per-slot occupancies are matched)
    for (ObjectType t : ObjectType.values()) {
      double gen = multiplicity(a, t);
      double real = multiplicity(train, t);
      assertEquals(real, gen, 0.05 * Math.max(real, 1), t + " multiplicity");
    }
  }

  private static double multiplicity(EventBatch b, ObjectType t) {
    long k = 0;
    for (int e = 0; e < b.size(); e++) {
      for (int s = t.firstSlot(); s < t.endSlot(); s++) {
        k += b.get(e, s, Adc2021.CLASS_ID) != 0 ? 1 : 0;
      }
    }
    return (double) k / b.size();
  }

  @Test
  void onlyAnObjectLevelVaeSamplesEvents() {
    try (TrainingResult d = new Trainer(TrainingConfig.defaults(DenseAeConfig.defaults()).withEpochs(1).withBatchSize(512)
        .withSeed(1)).fit(TestEvents.source(train, "sm"), null)) {
      NphuntException x = assertThrows(NphuntException.class, () -> EventSampler.sample(d.model(), 10, 1));
      assertTrue(x.getMessage().contains("needs a vae model, found dense"), x.getMessage());
    }
    assertThrows(NphuntException.class, () -> EventSampler.sample(vae.model(), -1, 1));
  }
}
