package org.nphunt.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.EventBatch;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.RecurrentAeConfig;
import org.nphunt.score.LoadedModel;
import org.nphunt.testing.TestEvents;
import org.nphunt.training.history.EpochRecord;

/**
 * The recurrent autoencoder trained by the {@link Trainer} on the fused Java engine and through
 * DJL/libtorch ({@code -Dnphunt.fusedTraining=false}) from the same seed: both reduce the loss, and the
 * validation losses, weights and planted-anomaly AUCs agree within 1e-4 relative (1e-3 for the AUC); not
 * bit for bit, float32 sums in other orders. Measured when written: losses 6e-8, weights 2.6e-7 (relative
 * L2) apart after 4 epochs, AUCs equal to 4 digits. A model trained on the fused engine scores the same through
 * DJL and the fused forward after a save and load (one model format).
 */
class RecurrentEnginesTest {
  @TempDir Path tmp;

  private static TrainingResult train(TrainingConfig cfg, EventBatch train, boolean fused) {
    return train(new Trainer(cfg), cfg, train, fused);
  }

  private static TrainingResult train(Trainer trainer, TrainingConfig cfg, EventBatch train, boolean fused) {
    String old = System.getProperty(FusedTraining.PROPERTY);
    try {
      if (!fused) {
        System.setProperty(FusedTraining.PROPERTY, "false");
      }
      assertEquals(fused, Trainer.usesFusedEngine(cfg));
      return trainer.fit(TestEvents.source(train, "train"), null);
    } finally {
      if (old == null) {
        System.clearProperty(FusedTraining.PROPERTY);
      } else {
        System.setProperty(FusedTraining.PROPERTY, old);
      }
    }
  }

  @Test
  @Tag("slow")
  void fusedAndDjlTrainingAgreeAndShareTheModelFormat() {
    EventBatch train = TestEvents.cluster(1200, 1, 0, 12);
    EventBatch bkg = TestEvents.cluster(300, 2, 0, 12);
    EventBatch sig = TestEvents.cluster(300, 3, 1.5, 12);
    RecurrentAeConfig arch = new RecurrentAeConfig(16, 4, 16, true, 1.0, 0.6, 0.0);
    TrainingConfig cfg = TrainingConfig.defaults(arch).withEpochs(4).withBatchSize(64).withLearningRate(3e-3)
        .withSeed(5).withChunkEvents(1200).withPatience(5, 10).withThreads(2);
    Path dir = tmp.resolve("fused");
    try (TrainingResult f = train(cfg, train, true); TrainingResult d = train(cfg, train, false)) {
      List<EpochRecord> ef = f.history().epochs();
      List<EpochRecord> ed = d.history().epochs();
      assertEquals(ed.size(), ef.size());
      for (int e = 0; e < ef.size(); e++) {
        double rel = Math.abs(ef.get(e).valLoss() - ed.get(e).valLoss()) / ed.get(e).valLoss();
        System.out.printf("epoch %d: val loss fused %.6f DJL %.6f (relative difference %.1e)%n", e + 1,
            ef.get(e).valLoss(), ed.get(e).valLoss(), rel);
        assertTrue(rel < 1e-4, "epoch " + (e + 1) + " validation losses differ by " + rel);
      }
      for (int e = 1; e < ef.size(); e++) {
        assertTrue(ef.get(e).valLoss() < ef.get(e - 1).valLoss(), "fused loss must fall every epoch: " + ef);
      }
      assertTrue(ef.get(ef.size() - 1).valLoss() < 0.92 * ef.get(0).valLoss(), "fused loss must fall: " + ef);
      double aucF = TrainerTest.auc(f.model().score(bkg)[0], f.model().score(sig)[0]);
      double aucD = TrainerTest.auc(d.model().score(bkg)[0], d.model().score(sig)[0]);
      System.out.printf("AUC fused %.4f DJL %.4f%n", aucF, aucD);
      assertEquals(aucD, aucF, 1e-3, "planted-anomaly AUC");
      float[] wf = TrainerTest.flat(f.model());
      float[] wd = TrainerTest.flat(d.model());
      double num = 0;
      double den = 0;
      for (int i = 0; i < wf.length; i++) {
        num += (wf[i] - wd[i]) * (double) (wf[i] - wd[i]);
        den += wd[i] * (double) wd[i];
      }
      double relW = Math.sqrt(num / den);
      System.out.printf("weights: relative L2 difference %.2e over %d values%n", relW, wf.length);
      assertTrue(relW < 1e-4, "weights differ by " + relW);
      f.model().save(dir, f.history(), Manifest.create("train", 5L, null, List.of()), false);
    }
    try (LoadedModel m = LoadedModel.load(dir)) {
      assertEquals(LoadedModel.FUSED_JAVA_KERNELS, m.scoringPath());
      assertFalse(m.scoresThroughLibtorch());
      double[][] java = m.score(bkg);
      m.useJavaForward(false);
      double[][] djl = m.score(bkg);
      for (int s = 0; s < java.length; s++) {
        for (int e = 0; e < bkg.size(); e++) {
          assertEquals(djl[s][e], java[s][e], 2e-5 * Math.abs(djl[s][e]) + 1e-9, m.scoreNames().get(s) + " event " + e);
        }
      }
    }
  }

  /**
   * Checkpoints of the fused engine resume to the uninterrupted run's weights bit for bit, and a checkpoint
   * written by the DJL path (Adam's moments in AdamUpdater's encoding) resumes on the fused engine.
   */
  @Test
  @Tag("slow")
  void checkpointsResumeExactlyAndAcrossEngines() {
    EventBatch train = TestEvents.cluster(800, 1, 0, 12);
    RecurrentAeConfig arch = new RecurrentAeConfig(8, 3, 8, true, 1.0, 0.6, 0.0);
    TrainingConfig cfg = TrainingConfig.defaults(arch).withEpochs(3).withBatchSize(64).withLearningRate(3e-3)
        .withSeed(9).withChunkEvents(800).withPatience(5, 10).withThreads(2);
    float[] full;
    float[] djlFull;
    try (TrainingResult r = train(cfg, train, true); TrainingResult d = train(cfg, train, false)) {
      full = TrainerTest.flat(r.model());
      djlFull = TrainerTest.flat(d.model());
    }
    Path cp = tmp.resolve("cp");
    train(new Trainer(cfg.withEpochs(1)).checkpointTo(cp), cfg, train, true).close();
    try (TrainingResult r = train(Trainer.resume(cp, 3), cfg, train, true)) {
      assertEquals(3, r.history().epochs().size());
      org.junit.jupiter.api.Assertions.assertArrayEquals(full, TrainerTest.flat(r.model()), "fused resume");
    }
    Path cpDjl = tmp.resolve("cp-djl");
    train(new Trainer(cfg.withEpochs(1)).checkpointTo(cpDjl), cfg, train, false).close();
    try (TrainingResult r = train(Trainer.resume(cpDjl, 3), cfg, train, true)) {
      float[] w = TrainerTest.flat(r.model());
      double num = 0;
      double den = 0;
      for (int i = 0; i < w.length; i++) {
        num += (w[i] - djlFull[i]) * (double) (w[i] - djlFull[i]);
        den += djlFull[i] * (double) djlFull[i];
      }
      assertTrue(Math.sqrt(num / den) < 1e-4, "DJL checkpoint resumed on the fused engine: " + Math.sqrt(num / den));
    }
  }
}
