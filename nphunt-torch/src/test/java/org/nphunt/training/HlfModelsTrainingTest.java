package org.nphunt.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.hlt.HighLevelFeatures;
import org.nphunt.hlt.Mixing;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.HlfClassifierConfig;
import org.nphunt.model.HlfVaeConfig;
import org.nphunt.objective.Classification;
import org.nphunt.objective.HlfLikelihood;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.history.EpochRecord;

/**
 * The HLF VAE and the supervised HLF classifier through the same Trainer: the loss falls, training is
 * reproducible, a planted anomaly is found, a saved model scores identically, and the classifier
 * separates a signal.
 */
class HlfModelsTrainingTest {
  @TempDir Path tmp;

  static Events table(org.nphunt.physics.CocktailSpec spec, int n, long seed) {
    return HighLevelFeatures.compute(EventGenerator.generateBatch(spec, n, seed, 1), HlfSchema.full());
  }

  /** SM events with a planted anomaly: the lepton 4 times harder, four more jets, 80 more charged hadrons. */
  static Events planted(Events sm) {
    Events a = sm.slice(0, sm.size());
    HlfSchema s = (HlfSchema) a.schema();
    double[] t = a.tensor(0);
    for (int e = 0; e < a.size(); e++) {
      t[e * s.width() + s.indexOf("LepPt")] *= 4;
      t[e * s.width() + s.indexOf("nJets")] += 4;
      t[e * s.width() + s.indexOf("nChHad")] += 80;
    }
    return a;
  }

  static TrainingConfig config(org.nphunt.model.ArchitectureConfig arch, int epochs) {
    return TrainingConfig.defaults(arch).withEpochs(epochs).withBatchSize(128).withSeed(7).withChunkEvents(100_000);
  }

  @Test
  @org.junit.jupiter.api.Tag("slow")
  void hlfVaeLearnsFindsThePlantedAnomalyAndIsReproducible() {
    Events train = table(Processes.SM, 4000, 1);
    Events test = table(Processes.SM, 1000, 2);
    TrainingConfig cfg = config(HlfVaeConfig.defaults(), 6);
    double[][] first;
    Path dir = tmp.resolve("hlf-vae");
    try (TrainingResult r = new Trainer(cfg).fit(new InMemoryEventSource(train, "train"), null)) {
      List<EpochRecord> ep = r.history().epochs();
      assertTrue(ep.get(ep.size() - 1).trainLoss() < ep.get(0).trainLoss() - 5, "loss must fall: " + ep);
      LoadedModel m = r.model();
      assertEquals(HlfLikelihood.TOTAL, m.scoreNames().get(0));
      assertEquals(3 + 21 + 1, m.scoreNames().size(), "total, NLL, KL, 21 per-feature NLLs and the p-value score");
      assertEquals("hlf_vae_pvalue_mlog10", m.scoreNames().get(3 + 21));
      assertTrue(m.scoreNames().contains("nll_LepIsoCh"));
      first = m.score(test);
      double[] sig = m.score(planted(test))[0];
      double auc = TrainerTest.auc(first[0], sig);
      assertTrue(auc > 0.97, "planted-anomaly AUC " + auc);
      m.save(dir, r.history(), Manifest.create("train", 7L, null, List.of()), false);
    }
    try (TrainingResult again = new Trainer(cfg).fit(new InMemoryEventSource(train, "train"), null)) {
      assertArrayEquals(first[0], again.model().score(test)[0], 0.0, "same seed, same model");
    }
    try (LoadedModel m = LoadedModel.load(dir)) {
      double[][] after = m.score(test);
      for (int i = 0; i < first.length; i++) {
        assertArrayEquals(first[i], after[i], 0.0, m.scoreNames().get(i));
      }
    }
  }

  /**
   * Issues 14 and 16: hlf-vae training gave NaN losses and different weights in runs with the same seed,
   * depending on when the JVM collected garbage (see org.nphunt.model.Tensors). One run quiet, one run
   * while another thread keeps collecting and refilling freed direct-buffer memory: the saved
   * weights.params must be byte-identical and every epoch's loss finite.
   */
  @Test
  void hlfVaeWeightsDoNotDependOnGarbageCollections() throws Exception {
    Events train = table(Processes.SM, 1000, 5);
    TrainingConfig cfg = config(HlfVaeConfig.defaults(), 2);
    Path quiet = tmp.resolve("quiet");
    Path churned = tmp.resolve("churned");
    train(cfg, train, quiet);
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread churn = new Thread(() -> {
      java.util.List<java.nio.ByteBuffer> keep = new java.util.ArrayList<>();
      while (!stop.get()) {
        System.gc();
        for (int i = 0; i < 200; i++) {
          java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4 + i % 60);
          while (b.hasRemaining()) {
            b.put((byte) 0x7f);
          }
          keep.add(b);
        }
        if (keep.size() > 20_000) {
          keep.clear();
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-churn");
    churn.setDaemon(true);
    churn.start();
    try {
      train(cfg, train, churned);
    } finally {
      stop.set(true);
      churn.join();
    }
    assertArrayEquals(java.nio.file.Files.readAllBytes(quiet.resolve("weights.params")),
        java.nio.file.Files.readAllBytes(churned.resolve("weights.params")), "same seed, same weights under GC pressure");
  }

  private static void train(TrainingConfig cfg, Events train, Path dir) {
    try (TrainingResult r = new Trainer(cfg).fit(new InMemoryEventSource(train, "train"), null)) {
      List<EpochRecord> ep = r.history().epochs();
      assertEquals(cfg.epochs(), ep.size(), "every epoch completes: " + ep);
      for (EpochRecord e : ep) {
        assertTrue(Double.isFinite(e.trainLoss()) && Double.isFinite(e.valLoss()), "finite losses: " + ep);
      }
      r.model().save(dir, r.history(), Manifest.create("train", 7L, null, List.of()), false);
    }
  }

  @Test
  void supervisedClassifierSeparatesTheSignal() {
    Events sm = table(Processes.SM, 3000, 3);
    Events a4l = table(org.nphunt.physics.CocktailSpec.single(Processes.A_TO_4L), 1500, 4);
    Events train = Mixing.mix(List.of(sm, a4l), 11);
    try (TrainingResult r = new Trainer(config(HlfClassifierConfig.defaults(), 10)).fit(
        new InMemoryEventSource(train, "mixed"), null)) {
      LoadedModel m = r.model();
      assertEquals(List.of(Classification.SCORE), m.scoreNames());
      double[] b = m.score(table(Processes.SM, 1000, 5))[0];
      double[] s = m.score(table(org.nphunt.physics.CocktailSpec.single(Processes.A_TO_4L), 1000, 6))[0];
      double auc = TrainerTest.auc(b, s);
      assertTrue(auc > 0.97, "supervised A->4l AUC " + auc);
    }
  }
}
