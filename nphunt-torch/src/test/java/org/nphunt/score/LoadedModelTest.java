package org.nphunt.score;

import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
  void costWithLatencyRoundTripsThroughModelJson(@TempDir Path tmp) throws Exception {
    EventBatch events = TestEvents.cluster(300, 9, 0.3, 14);
    Path dir = tmp.resolve("dense");
    org.nphunt.deploy.ModelCost cost;
    try (TrainingResult r = train(DenseAeConfig.defaults(), false, true, false)) {
      r.model().setScoringThreads(2);
      org.nphunt.deploy.ModelCost.Latency l = org.nphunt.deploy.LatencyProbe.measure(r.model(), events.slice(0, 1), events);
      // a recorded figure, not a timing assertion: only its form is checked
      assertTrue(l.singleEventMicros() > 0 && l.batchMicrosPerEvent() > 0, l.toString());
      assertEquals(300, l.batch());
      assertEquals(1, l.threads());
      assertEquals("fused Java kernels", l.path());
      assertEquals(2, r.model().scoringThreads(), "the probe restores the scoring threads");
      cost = org.nphunt.deploy.ModelCost.of(r.model().block(), l);
      r.model().save(dir, r.history(), Manifest.create("train", 3L, null, List.of()), cost, false);
    }
    String json = java.nio.file.Files.readString(dir.resolve(ModelFile.FILE_NAME));
    assertTrue(json.contains("\"formatVersion\" : 3") && json.contains("\"weightBytes\"") && json.contains("\"latency\""),
        json);
    try (LoadedModel m = LoadedModel.load(dir)) {
      assertEquals(cost, m.cost());
      assertEquals(4924, m.cost().parameters());
      assertEquals(4768L, m.cost().macs());
      assertEquals(9848L, m.cost().trigger().weightBytes().get("16"));
    }
    // a file without the cost (as versions 1 and 2 wrote) still reads, with no cost
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) org.nphunt.model.Architectures.mapper().readTree(json);
    node.remove("cost");
    node.put("formatVersion", 2);
    assertEquals(null, ModelFile.fromJson(node.toString(), "v2.json").cost());
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
  void scoresAreBitIdenticalForAnyThreadCount() {
    // the fused kernels' path (plain dense AE, VAE); correlated events leave most slots empty, so the
    // first layer's slot skipping differs between events of a tile
    EventBatch test = TestEvents.correlated(7000, 4, 0.2);
    for (ArchitectureConfig arch : List.of(DenseAeConfig.defaults(), VaeConfig.defaults())) {
      try (TrainingResult r = train(arch, true, false, true)) {
        LoadedModel m = r.model();
        m.setScoringThreads(1);
        double[][] one = m.score(test);
        for (int t : new int[] {2, 3, 7}) {
          m.setScoringThreads(t);
          double[][] many = m.score(test);
          for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], many[i], 0.0, arch.architecture() + " " + m.scoreNames().get(i) + ", " + t + " threads");
          }
        }
        // and per event: a single event scores as it does inside a batch
        m.setScoringThreads(2);
        double[][] single = m.score(test.slice(4321, 1));
        for (int i = 0; i < one.length; i++) {
          assertEquals(one[i][4321], single[i][0], 0.0, m.scoreNames().get(i));
        }
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
        assertEquals(LoadedModel.FUSED_JAVA_KERNELS, m.scoringPath(), arch.architecture());
        assertFalse(m.scoresThroughLibtorch(), arch.architecture());
        LoadedModel.Pass j = m.pass(test);
        m.useJavaForward(false);
        assertEquals(LoadedModel.DJL_LIBTORCH, m.scoringPath(), arch.architecture());
        assertTrue(m.scoresThroughLibtorch(), arch.architecture());
        LoadedModel.Pass d = m.pass(test);
        float[] jr = j.outputs()[0];
        float[] dr = d.outputs()[0];
        for (int i = 0; i < jr.length; i++) {
          assertEquals(dr[i], jr[i], 2e-5 * (1 + Math.abs(dr[i])), arch.architecture() + " recon " + i);
        }
        if (arch.variational()) {
          for (int i = 0; i < j.outputs()[1].length; i++) {
            assertEquals(d.outputs()[1][i], j.outputs()[1][i], 2e-5, "mu " + i);
            assertEquals(d.outputs()[2][i], j.outputs()[2][i], 2e-5, "logVar " + i);
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
    assertEquals(tmp.resolve("m/model.json") + ": model format version 9 was written by a newer nphunt; this one reads"
        + " versions 1..3 (upgrade nphunt)", e.getMessage());
  }

  /** A weights file from another model (same architecture) is refused: model.json carries its hash. */
  @Test
  void weightsOfAnotherModelAreRefused(@TempDir Path tmp) throws Exception {
    for (long seed : new long[] {3, 4}) {
      TrainingConfig cfg = TrainingConfig.defaults(DenseAeConfig.defaults()).withEpochs(1).withBatchSize(256).withSeed(seed);
      try (TrainingResult r = new Trainer(cfg).fit(TestEvents.source(TestEvents.cluster(600, seed, 0, 14), "t"), null)) {
        r.model().save(tmp.resolve("m" + seed), r.history(), null, false);
      }
    }
    java.nio.file.Files.copy(tmp.resolve("m4/weights.params"), tmp.resolve("m3/weights.params"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    NphuntException e = assertThrows(NphuntException.class, () -> LoadedModel.load(tmp.resolve("m3")));
    assertTrue(e.getMessage().startsWith(tmp.resolve("m3/weights.params") + " does not belong to "
        + tmp.resolve("m3/model.json") + " (its SHA-256 is "), e.getMessage());
    java.nio.file.Files.write(tmp.resolve("m4/weights.params"), new byte[10]);
    e = assertThrows(NphuntException.class, () -> LoadedModel.load(tmp.resolve("m4")));
    assertTrue(e.getMessage().contains("does not belong to"), e.getMessage());
  }

  /** Events of another schema than the model reads are a one-line error. */
  @Test
  void schemaMismatchIsAOneLineError() {
    try (TrainingResult r = train(DenseAeConfig.defaults(), false, false, false)) {
      org.nphunt.data.Events jets = org.nphunt.data.Events.zeros(org.nphunt.data.ParticleListSchema.lhco(), 2);
      NphuntException e = assertThrows(NphuntException.class, () -> r.model().score(jets));
      assertEquals("model 'dense' reads adc2021 events, found particles events", e.getMessage());
    }
  }
}
