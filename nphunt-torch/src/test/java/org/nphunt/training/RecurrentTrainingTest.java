package org.nphunt.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * The recurrent autoencoder with attention and teacher forcing through the same Trainer, model files
 * and scoring as the other autoencoders: the loss falls, a planted anomaly is found, training is
 * reproducible and a saved model scores bit-identically.
 */
class RecurrentTrainingTest {
  @TempDir Path tmp;

  @Test
  @Tag("slow")
  void trainsFindsThePlantedAnomalyAndReloadsExactly() {
    EventBatch train = TestEvents.cluster(1200, 1, 0, 12);
    RecurrentAeConfig arch = new RecurrentAeConfig(16, 4, 16, true, 1.0, 0.6, 0.0);
    TrainingConfig cfg = TrainingConfig.defaults(arch).withEpochs(6).withBatchSize(32).withLearningRate(3e-3)
        .withSeed(5).withChunkEvents(1200).withPatience(5, 10);
    EventBatch bkgEvents = TestEvents.cluster(300, 2, 0, 12);
    EventBatch sigEvents = TestEvents.cluster(300, 3, 1.5, 12);
    double[][] before;
    Path dir = tmp.resolve("rnn");
    try (TrainingResult r = new Trainer(cfg).fit(TestEvents.source(train, "train"), null)) {
      List<EpochRecord> ep = r.history().epochs();
      assertTrue(ep.get(ep.size() - 1).valLoss() < 0.8 * ep.get(0).valLoss(), "loss must fall: " + ep);
      double auc = TrainerTest.auc(r.model().score(bkgEvents)[0], r.model().score(sigEvents)[0]);
      assertTrue(auc > 0.9, "AUC " + auc);
      before = r.model().score(bkgEvents);
      r.model().save(dir, r.history(), Manifest.create("train", 5L, null, List.of()), false);
    }
    try (TrainingResult again = new Trainer(cfg.withEpochs(2)).fit(TestEvents.source(train, "train"), null);
        TrainingResult once = new Trainer(cfg.withEpochs(2)).fit(TestEvents.source(train, "train"), null)) {
      assertArrayEquals(once.model().score(bkgEvents)[0], again.model().score(bkgEvents)[0], 0.0, "same seed, same model");
    }
    try (LoadedModel m = LoadedModel.load(dir)) {
      double[][] after = m.score(bkgEvents);
      for (int i = 0; i < before.length; i++) {
        assertArrayEquals(before[i], after[i], 0.0, m.scoreNames().get(i));
      }
    }
  }
}
