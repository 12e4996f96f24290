package org.nphunt.training;

import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nphunt.data.EventBatch;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.Architectures;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.history.EpochRecord;

/**
 * The conv and transformer autoencoders through the same Trainer, model files and scoring as the
 * dense AE: the loss falls, a planted anomaly is found, and a saved model scores bit-identically.
 */
class ConvTransformerTrainingTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"conv", "transformer"})
  void trainsFindsThePlantedAnomalyAndReloadsExactly(String name) {
    EventBatch train = TestEvents.cluster(1500, 1, 0, 12);
    TrainingConfig cfg = TrainingConfig.defaults(Architectures.defaults(name)).withEpochs(8).withBatchSize(32).withLearningRate(2e-3)
        .withSeed(5).withChunkEvents(1500).withPatience(5, 10);
    EventBatch bkgEvents = TestEvents.cluster(300, 2, 0, 12);
    EventBatch sigEvents = TestEvents.cluster(300, 3, 1.5, 12);
    double[][] before;
    Path dir = tmp.resolve(name);
    try (TrainingResult r = new Trainer(cfg).fit(TestEvents.source(train, "train"), null)) {
      List<EpochRecord> ep = r.history().epochs();
      assertTrue(ep.get(ep.size() - 1).trainLoss() < 0.7 * ep.get(0).trainLoss(), name + " loss must fall: " + ep);
      double[] bkg = r.model().score(bkgEvents)[0];
      double[] sig = r.model().score(sigEvents)[0];
      double auc = TrainerTest.auc(bkg, sig);
      assertTrue(auc > 0.95, name + " AUC " + auc);
      before = r.model().score(bkgEvents);
      r.model().save(dir, r.history(), Manifest.create("train", 5L, null, List.of()), false);
    }
    try (LoadedModel m = LoadedModel.load(dir)) {
      double[][] after = m.score(bkgEvents);
      for (int i = 0; i < before.length; i++) {
        assertArrayEquals(before[i], after[i], 0.0, name + " " + m.scoreNames().get(i));
      }
    }
  }
}
