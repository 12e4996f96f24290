package org.nphunt.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.hlt.FeatureDistances;
import org.nphunt.hlt.HighLevelFeatures;
import org.nphunt.model.HlfClassifierConfig;
import org.nphunt.model.HlfVaeConfig;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The HLF VAE as a generator: seeded and chunk-stable, values valid for each feature's law, and after a
 * short training the generated features lie closer to the SM than the untrained decoder's.
 */
@org.junit.jupiter.api.Tag("slow")
class HlfSamplerTest {
  static Events sm;
  static TrainingResult trained;
  static TrainingResult untrained;

  static TrainingConfig config(org.nphunt.model.ArchitectureConfig arch, int epochs) {
    return TrainingConfig.defaults(arch).withEpochs(epochs).withBatchSize(128).withSeed(3).withChunkEvents(100_000);
  }

  @BeforeAll
  static void train() {
    sm = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, 3000, 11, 1), HlfSchema.full());
    trained = new Trainer(config(HlfVaeConfig.defaults(), 8)).fit(new InMemoryEventSource(sm, "sm"), null);
    untrained = new Trainer(config(HlfVaeConfig.defaults(), 1).withLearningRate(1e-9))
        .fit(new InMemoryEventSource(sm, "sm"), null);
  }

  @AfterAll
  static void close() {
    trained.close();
    untrained.close();
  }

  @Test
  void sameSeedSameTableAndChunksAreStable() {
    LoadedModel m = trained.model();
    Events a = HlfSampler.sample(m, HlfSampler.CHUNK + 100, 5);
    Events b = HlfSampler.sample(m, HlfSampler.CHUNK + 100, 5);
    assertArrayEquals(a.tensor(0), b.tensor(0), 0.0);
    Events prefix = HlfSampler.sample(m, HlfSampler.CHUNK, 5);
    assertArrayEquals(prefix.tensor(0), Arrays.copyOf(a.tensor(0), prefix.tensor(0).length), 0.0);
    assertFalse(Arrays.equals(a.tensor(0), HlfSampler.sample(m, HlfSampler.CHUNK + 100, 6).tensor(0)));
    assertEquals(0, HlfSampler.sample(m, 0, 5).size());
  }

  @Test
  void generatedValuesAreValid() {
    Events g = HlfSampler.sample(trained.model(), 3000, 9);
    HlfSchema s = (HlfSchema) g.schema();
    assertEquals(HlfSchema.ALL, s.features());
    double[] t = g.tensor(0);
    for (int e = 0; e < g.size(); e++) {
      for (int k = 0; k < s.width(); k++) {
        String f = s.features().get(k);
        double v = t[e * s.width() + k];
        assertTrue(Double.isFinite(v), f);
        assertTrue(v >= HlfSchema.feature(f).min() && v <= HlfSchema.feature(f).max(), f + " = " + v);
        if (HlfSchema.INTEGER.contains(f)) {
          assertEquals(Math.rint(v), v, f + " must be an integer");
        }
      }
      double q = t[e * s.width() + s.indexOf("LepCharge")];
      assertTrue(q == 1 || q == -1, "charge " + q);
      double ele = t[e * s.width() + s.indexOf("LepIsEle")];
      assertTrue(ele == 0 || ele == 1, "LepIsEle " + ele);
    }
  }

  @Test
  void trainingBringsTheGeneratedFeaturesTowardsTheSm() {
    Events real = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, 3000, 12, 1), HlfSchema.full());
    double before = 0;
    double after = 0;
    for (var d : FeatureDistances.compare(real, HlfSampler.sample(untrained.model(), 3000, 1))) {
      before += d.ks();
    }
    for (var d : FeatureDistances.compare(real, HlfSampler.sample(trained.model(), 3000, 1))) {
      after += d.ks();
    }
    assertTrue(after < 0.6 * before, "mean KS over 21 features: untrained " + before / 21 + ", trained " + after / 21);
  }

  @Test
  void onlyAnHlfVaeSamples() {
    Events mixed = org.nphunt.hlt.Mixing.mix(java.util.List.of(sm,
        HighLevelFeatures.compute(EventGenerator.generateBatch(org.nphunt.physics.CocktailSpec.single(Processes.LQ), 300, 1, 1),
            HlfSchema.full())), 1);
    try (TrainingResult c = new Trainer(config(HlfClassifierConfig.defaults(), 1)).fit(new InMemoryEventSource(mixed, "m"), null)) {
      NphuntException x = assertThrows(NphuntException.class, () -> HlfSampler.sample(c.model(), 10, 1));
      assertTrue(x.getMessage().contains("hlf-classifier"), x.getMessage());
    }
  }
}
