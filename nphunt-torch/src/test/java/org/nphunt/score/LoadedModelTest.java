package org.nphunt.score;

import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.io.AtomicOutput;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.DenseAeConfig;
import org.nphunt.model.VaeConfig;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

class LoadedModelTest {
  private static TrainingResult train(ArchitectureConfig arch, boolean masked, boolean bounded, boolean logPt) {
    TrainingConfig cfg = TrainingConfig.defaults(arch).withEpochs(2).withBatchSize(256).withSeed(3)
        .withChunkEvents(700).withPreprocessing(logPt, masked, bounded);
    return new Trainer(cfg).fit(TestEvents.source(TestEvents.cluster(1500, 1, 0, 14), "train"), null);
  }

  @Test
  void saveAndLoadGiveBitIdenticalScores(@TempDir Path tmp) {
    EventBatch test = TestEvents.cluster(300, 9, 0.3, 14);
    for (ArchitectureConfig arch : List.of(DenseAeConfig.defaults().withBatchNorm(true), VaeConfig.defaults())) {
      Path dir = tmp.resolve(arch.architecture());
      double[][] before;
      try (TrainingResult r = train(arch, true, true, true)) {
        before = r.model().score(test);
        r.model().save(dir, r.history(), Manifest.create("train", 3L, null, List.of()), false);
        NphuntException e = assertThrows(NphuntException.class,
            () -> r.model().save(dir, r.history(), null, false));
        assertTrue(e.getMessage().endsWith("already exists (use --force to replace it)"), e.getMessage());
      }
      try (LoadedModel m = LoadedModel.load(dir)) {
        double[][] after = m.score(test);
        for (int i = 0; i < before.length; i++) {
          assertArrayEquals(before[i], after[i], 0.0, m.scoreNames().get(i));
        }
        assertEquals(2, m.history().epochs().size());
        assertEquals(3L, m.manifest().seed());
        // scores do not depend on how events are batched
        double[][] firstHalf = m.score(test.slice(0, 150));
        assertEquals(after[0][149], firstHalf[0][149], 0.0);
      }
    }
  }

  @Test
  void javaPassAgreesWithDjl() {
    for (ArchitectureConfig arch : List.of(DenseAeConfig.defaults().withBatchNorm(true).withDropout(0.1), VaeConfig.defaults())) {
      try (TrainingResult r = train(arch, false, true, false)) {
        EventBatch test = TestEvents.cluster(2000, 5, 0.2, 14);
        LoadedModel m = r.model();
        m.useJavaForward(true);
        LoadedModel.Pass j = m.pass(test);
        m.useJavaForward(false);
        LoadedModel.Pass d = m.pass(test);
        for (int i = 0; i < j.recon().length; i++) {
          assertEquals(d.recon()[i], j.recon()[i], 2e-5 * (1 + Math.abs(d.recon()[i])), arch.architecture() + " recon " + i);
        }
        if (arch.variational()) {
          for (int i = 0; i < j.mu().length; i++) {
            assertEquals(d.mu()[i], j.mu()[i], 2e-5, "mu " + i);
            assertEquals(d.logVar()[i], j.logVar()[i], 2e-5, "logVar " + i);
          }
        }
      }
    }
  }

  @Test
  void reconstructionIsInPhysicalUnitsAndBoundedOutputsRespectAcceptance() {
    try (TrainingResult r = train(DenseAeConfig.defaults(), true, true, true)) {
      EventBatch test = TestEvents.cluster(50, 5, 3.0, 14);
      Reconstruction rec = r.model().reconstruct(test);
      for (int e = 0; e < 50; e++) {
        for (int s = 0; s < Adc2021.SLOTS; s++) {
          assertEquals(s < 14, rec.isReal(e, s));
          if (s < 14) {
            assertEquals(test.pt(e, s), rec.input(e, s, 0), 0.0);
          } else {
            assertEquals(0.0, rec.input(e, s, 2), 0.0);
          }
          assertTrue(Math.abs(rec.output(e, s, 2)) <= Math.PI + 1e-6, "phi bounded");
          double a = s == 0 ? Double.POSITIVE_INFINITY : s <= 4 ? 3.0 : s <= 8 ? 2.1 : 4.0;
          assertTrue(Math.abs(rec.output(e, s, 1)) <= a + 1e-5, "eta of slot " + s + " bounded by " + a);
        }
      }
    }
  }

  @Test
  void latentNeedsAVae() {
    try (TrainingResult r = train(DenseAeConfig.defaults(), false, false, false)) {
      assertThrows(IllegalStateException.class, () -> r.model().latent(TestEvents.cluster(2, 1, 0, 3)));
    }
  }

  @Test
  void missingModelIsAOneLineError(@TempDir Path tmp) {
    NphuntException e = assertThrows(NphuntException.class, () -> LoadedModel.load(tmp.resolve("nope")));
    assertEquals(tmp.resolve("nope") + ": no such model folder", e.getMessage());
    AtomicOutput.writeString(tmp.resolve("m/model.json"), "{\"formatVersion\": 9}", false);
    e = assertThrows(NphuntException.class, () -> LoadedModel.load(tmp.resolve("m")));
    assertTrue(e.getMessage().contains("formatVersion must be in 1..1"), e.getMessage());
  }
}
