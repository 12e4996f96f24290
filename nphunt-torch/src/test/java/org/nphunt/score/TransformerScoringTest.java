package org.nphunt.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.EventBatch;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.TransformerAeConfig;
import org.nphunt.testing.TestEvents;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The transformer's scoring on nphunt's kernels ({@link org.nphunt.kernel.TransformerNet}) against its DJL
 * path on a trained model: the same scores within 1e-5 relative; bit-identical for any thread count and
 * batching; a saved model scores the same after loading.
 */
class TransformerScoringTest {
  private static TrainingResult train() {
    TransformerAeConfig arch = new TransformerAeConfig(4, 16, 2, 1, 1, 32, 0.0);
    TrainingConfig cfg = TrainingConfig.defaults(arch).withEpochs(2).withBatchSize(256).withSeed(3)
        .withChunkEvents(700).withPreprocessing(true, true, true);
    return new Trainer(cfg).fit(TestEvents.source(TestEvents.correlated(1500, 1, 0), "train"), null);
  }

  @Test
  void kernelScoresAgreeWithDjlAndDoNotDependOnThreads(@TempDir Path tmp) {
    EventBatch test = TestEvents.correlated(1200, 4, 0.2);
    try (TrainingResult r = train()) {
      LoadedModel m = r.model();
      assertEquals(LoadedModel.FUSED_JAVA_KERNELS, m.scoringPath());
      assertFalse(m.scoresThroughLibtorch());
      m.setScoringThreads(1);
      double[][] one = m.score(test);
      m.useJavaForward(false);
      assertEquals(LoadedModel.DJL_LIBTORCH, m.scoringPath());
      assertTrue(m.scoresThroughLibtorch());
      double[][] djl = m.score(test);
      m.useJavaForward(true);
      for (int i = 0; i < one.length; i++) {
        double scale = 0;
        for (double v : djl[i]) {
          scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, m.scoreNames().get(i));
        for (int e = 0; e < one[i].length; e++) {
          assertEquals(djl[i][e], one[i][e], 1e-5 * Math.max(Math.abs(djl[i][e]), 1e-3 * scale),
              m.scoreNames().get(i) + " of event " + e);
        }
      }
      for (int t : new int[] {2, 3}) {
        m.setScoringThreads(t);
        double[][] many = m.score(test);
        for (int i = 0; i < one.length; i++) {
          assertArrayEquals(one[i], many[i], 0.0, m.scoreNames().get(i) + ", " + t + " threads");
        }
      }
      double[][] single = m.score(test.slice(777, 1));
      for (int i = 0; i < one.length; i++) {
        assertEquals(one[i][777], single[i][0], 0.0, m.scoreNames().get(i));
      }
      Path dir = tmp.resolve("transformer");
      m.save(dir, r.history(), Manifest.create("train", 3L, null, List.of()), false);
      try (LoadedModel loaded = LoadedModel.load(dir)) {
        double[][] after = loaded.score(test);
        for (int i = 0; i < one.length; i++) {
          assertArrayEquals(one[i], after[i], 0.0, loaded.scoreNames().get(i) + " after loading");
        }
      }
    }
  }
}
