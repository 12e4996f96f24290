package org.nphunt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nphunt.data.EventBatch;
import org.nphunt.model.Architectures;
import org.nphunt.testing.TestEvents;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The DJL scoring path (conv and transformer) runs libtorch with the scoring threads as intra-op threads
 * (issue 17): its scores must be bit-identical for 1 and 2 threads and the thread setting of the process
 * must be restored after scoring (training relies on one intra-op thread for its determinism).
 */
class LoadedModelThreadsTest {
  @ParameterizedTest
  @ValueSource(strings = {"conv", "transformer"})
  void djlScoresDoNotDependOnTheThreadCount(String arch) {
    TrainingConfig cfg = TrainingConfig.defaults(Architectures.defaults(arch)).withEpochs(1).withBatchSize(256)
        .withSeed(5).withChunkEvents(700);
    EventBatch events = TestEvents.cluster(1500, 7, 0.3, 14);
    try (TrainingResult r = new Trainer(cfg).fit(TestEvents.source(TestEvents.cluster(800, 1, 0, 14), "train"), null)) {
      LoadedModel m = r.model();
      assertEquals("DJL/libtorch", m.scoringPath());
      int before = ai.djl.pytorch.jni.JniUtils.getNumThreads();
      m.setScoringThreads(1);
      double[][] one = m.score(events);
      m.setScoringThreads(2);
      double[][] two = m.score(events);
      assertEquals(before, ai.djl.pytorch.jni.JniUtils.getNumThreads(), "intra-op threads restored after scoring");
      int checked = 0;
      for (int s = 0; s < one.length; s++) {
        for (int e = 0; e < events.size(); e++) {
          assertEquals(Double.doubleToLongBits(one[s][e]), Double.doubleToLongBits(two[s][e]),
              () -> arch + ": score differs between 1 and 2 threads");
          checked += Double.isFinite(one[s][e]) ? 1 : 0;
        }
      }
      assertTrue(checked >= events.size(), "finite scores were compared");
    }
  }
}
