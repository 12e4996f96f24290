package org.nphunt.training;

import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.model.DenseAeConfig;
import org.nphunt.model.VaeConfig;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.history.EpochRecord;

class TrainerTest {
  static TrainingConfig small(org.nphunt.model.ArchitectureConfig arch, int epochs) {
    return TrainingConfig.defaults(arch).withEpochs(epochs).withBatchSize(128).withSeed(7).withChunkEvents(1000)
        .withLearningRate(3e-3);
  }

  /** The bounded output head on: the recurrent AE then trains through DJL/libtorch (the fused engine has no bounded head). */
  static TrainingConfig bounded(TrainingConfig c) {
    return c.withPreprocessing(c.logPt(), c.maskedLoss(), true);
  }

  static double auc(double[] bkg, double[] sig) {
    // Mann-Whitney: P(score_sig > score_bkg) + 1/2 P(tie)
    double wins = 0;
    for (double s : sig) {
      for (double b : bkg) {
        wins += s > b ? 1 : s == b ? 0.5 : 0;
      }
    }
    return wins / ((double) sig.length * bkg.length);
  }

  @Test
  void lossFallsAndPlantedAnomalyIsFound() {
    EventBatch train = TestEvents.cluster(4000, 1, 0, 19);
    try (TrainingResult r = new Trainer(small(DenseAeConfig.defaults(), 8)).fit(TestEvents.source(train, "train"), null)) {
      List<EpochRecord> ep = r.history().epochs();
      assertEquals(8, ep.size());
      assertTrue(ep.get(ep.size() - 1).trainLoss() < 0.5 * ep.get(0).trainLoss(), "loss must fall: " + ep);
      assertTrue(Double.isFinite(ep.get(0).valLoss()));
      double[] bkg = r.model().score(TestEvents.cluster(500, 2, 0, 19))[0];
      double[] sig = r.model().score(TestEvents.cluster(500, 3, 1.5, 19))[0];
      double auc = auc(bkg, sig);
      assertTrue(auc > 0.95, "AUC " + auc);
    }
  }

  @Test
  void vaeTrainsAndScoresAllNames() {
    EventBatch train = TestEvents.cluster(2000, 1, 0, 19);
    try (TrainingResult r = new Trainer(small(VaeConfig.defaults(), 3)).fit(TestEvents.source(train, "train"), null)) {
      assertTrue(r.history().epochs().get(2).trainLoss() < r.history().epochs().get(0).trainLoss());
      double[][] s = r.model().score(TestEvents.cluster(10, 2, 0, 19));
      // vae_reco is left out without the masked loss: it would be exactly 57 x mse; the p-value score is last
      assertEquals(11, s.length);
      assertEquals(11, r.model().scoreNames().size());
      assertEquals("vae_pvalue_mlog10", r.model().scoreNames().get(10));
      assertTrue(!r.model().scoreNames().contains("vae_reco"));
      assertEquals("vae_total", r.model().objective().primaryScore());
      double[][] z = r.model().latent(TestEvents.cluster(10, 2, 0, 19));
      assertEquals(3, z[0].length);
    }
  }

  @Test
  void sameSeedGivesIdenticalWeights() {
    EventBatch train = TestEvents.cluster(1500, 1, 0, 12);
    float[][] w = new float[2][];
    for (int i = 0; i < 2; i++) {
      try (TrainingResult r = new Trainer(small(VaeConfig.defaults(), 2)).fit(TestEvents.source(train, "train"), null)) {
        w[i] = flat(r.model());
      }
    }
    assertArrayEquals(w[0], w[1]);
    try (TrainingResult r = new Trainer(small(VaeConfig.defaults(), 2).withSeed(8)).fit(TestEvents.source(train, "t"), null)) {
      assertTrue(!java.util.Arrays.equals(w[0], flat(r.model())), "another seed must give other weights");
    }
  }

  static float[] flat(LoadedModel m) {
    java.util.List<Float> all = new java.util.ArrayList<>();
    for (var p : m.block().getParameters()) {
      for (float f : p.getValue().getArray().toFloatArray()) {
        all.add(f);
      }
    }
    float[] out = new float[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }

  /** A test architecture whose output is NaN: log of a negative number. */
  record NanArch() implements org.nphunt.model.ArchitectureConfig {
    @Override
    public String architecture() {
      return "nan";
    }

    @Override
    public int latentDim() {
      return 1;
    }

    @Override
    public ai.djl.nn.Block build() {
      return new ai.djl.nn.SequentialBlock()
          .add(l -> new ai.djl.ndarray.NDList(l.get(0)))
          .add(ai.djl.nn.core.Linear.builder().setUnits(57).build())
          .add(l -> new ai.djl.ndarray.NDList(l.singletonOrThrow().abs().add(1f).neg().log()));
    }
  }

  @Test
  void nonFiniteGuardStopsCleanly() {
    EventBatch train = TestEvents.cluster(1000, 1, 0, 19);
    NphuntException e = assertThrows(NphuntException.class,
        () -> new Trainer(small(new NanArch(), 3)).fit(TestEvents.source(train, "train"), null).close());
    assertEquals("training stopped before completing an epoch: non-finite loss (NaN) at epoch 1, batch 1; "
        + "try a lower --lr or check the inputs", e.getMessage());
  }

  @Test
  void nanInputStopsWithMessage() {
    EventBatch train = TestEvents.cluster(500, 1, 0, 19);
    train.set(3, 0, 0, Double.NaN);
    NphuntException e = assertThrows(NphuntException.class,
        () -> new Trainer(small(DenseAeConfig.defaults(), 2)).fit(TestEvents.source(train, "train"), null).close());
    assertEquals("train: event 3, slot 0 has a non-finite value (pT NaN, eta 0.0, phi 0.0)", e.getMessage().replaceAll("eta [-0-9.E]+, phi [-0-9.E]+", "eta 0.0, phi 0.0"));
  }

  @Test
  void resumeContinuesAtTheNextEpochAndMatchesAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    EventBatch train = TestEvents.cluster(1200, 1, 0, 19);
    TrainingConfig cfg = small(DenseAeConfig.defaults(), 4);
    float[] full;
    try (TrainingResult r = new Trainer(cfg).fit(TestEvents.source(train, "train"), null)) {
      full = flat(r.model());
    }
    Path cp = tmp.resolve("cp");
    new Trainer(cfg.withEpochs(2)).checkpointTo(cp).fit(TestEvents.source(train, "train"), null).close();
    assertTrue(Files.exists(cp.resolve("state.json")));
    int[] firstEpoch = {0};
    Trainer resumed = Trainer.resume(cp, 4).addListener(new TrainingListener() {
      @Override
      public Action onEpoch(TrainingState s, EpochRecord r) {
        if (firstEpoch[0] == 0) {
          firstEpoch[0] = r.epoch();
        }
        return Action.CONTINUE;
      }
    });
    try (TrainingResult r = resumed.fit(TestEvents.source(train, "train"), null)) {
      assertEquals(3, firstEpoch[0]);
      assertEquals(4, r.history().epochs().size());
      assertArrayEquals(full, flat(r.model()));
    }
  }

  @Test
  void streamingGivesTheSameWeightsAsTheInMemoryCache() {
    EventBatch train = TestEvents.cluster(1300, 1, 0, 10);
    TrainingConfig cfg = small(DenseAeConfig.defaults(), 2).withChunkEvents(300).withPreprocessing(false, true, false);
    try (TrainingResult cached = new Trainer(cfg).fit(TestEvents.source(train, "t"), null);
        TrainingResult streamed = new Trainer(cfg).cacheBytes(0).fit(TestEvents.source(train, "t"), null)) {
      assertArrayEquals(flat(cached.model()), flat(streamed.model()));
    }
  }

  @Test
  void weightsDoNotDependOnTheThreadCount() {
    EventBatch train = TestEvents.cluster(3000, 1, 0, 19);
    TrainingConfig cfg = small(VaeConfig.defaults(), 2).withBatchSize(1024);
    try (TrainingResult one = new Trainer(cfg.withThreads(1)).fit(TestEvents.source(train, "t"), null);
        TrainingResult two = new Trainer(cfg.withThreads(2)).fit(TestEvents.source(train, "t"), null)) {
      assertArrayEquals(flat(one.model()), flat(two.model()));
    }
  }

  /**
   * Issue 17: DJL/libtorch models trained side by side on two Java threads (as {@code nphunt run} does)
   * get the same weights and scores, bit for bit, as each trained alone, and {@code threads} 1 or 2 does
   * not change them (libtorch runs one intra-op thread either way). The conv AE trains on the fused
   * engine since branch fconv (its slices make the weights independent of the threads); it stays in the
   * list as a check that a fused training beside libtorch ones is unaffected too. The transformer and
   * rnn-attention train fused too unless their outputs are bounded, so they are bounded here to keep two
   * libtorch trainings side by side.
   */
  @Test
  void djlModelsTrainedSideBySideMatchEachTrainedAlone() throws Exception {
    EventBatch train = TestEvents.cluster(1200, 1, 0, 19);
    EventBatch test = TestEvents.cluster(300, 5, 0.5, 19);
    List<TrainingConfig> cfgs = List.of(small(org.nphunt.model.ConvAeConfig.defaults(), 2),
        bounded(small(org.nphunt.model.TransformerAeConfig.defaults(), 2)), bounded(small(org.nphunt.model.RecurrentAeConfig.defaults(), 2)));
    float[][] alone = new float[cfgs.size()][];
    double[][][] aloneScores = new double[cfgs.size()][][];
    for (int i = 0; i < cfgs.size(); i++) {
      assertEquals(!(cfgs.get(i).architecture() instanceof org.nphunt.model.ConvAeConfig),
          !Trainer.usesFusedEngine(cfgs.get(i)), cfgs.get(i).architecture().architecture());
      try (TrainingResult r = new Trainer(cfgs.get(i).withThreads(1)).fit(TestEvents.source(train, "t"), null)) {
        alone[i] = flat(r.model());
        aloneScores[i] = r.model().score(test);
      }
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(cfgs.size());
    try {
      List<java.util.concurrent.Future<Object[]>> jobs = new java.util.ArrayList<>();
      for (TrainingConfig cfg : cfgs) {
        jobs.add(pool.submit(() -> {
          try (TrainingResult r = new Trainer(cfg.withThreads(2)).fit(TestEvents.source(train, "t"), null)) {
            return new Object[] {flat(r.model()), r.model().score(test)};
          }
        }));
      }
      for (int i = 0; i < cfgs.size(); i++) {
        Object[] got = jobs.get(i).get();
        String name = cfgs.get(i).architecture().architecture();
        assertArrayEquals(alone[i], (float[]) got[0], name + " weights");
        double[][] scores = (double[][]) got[1];
        for (int k = 0; k < scores.length; k++) {
          assertArrayEquals(aloneScores[i][k], scores[k], name + " score " + k);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The VAE's noise comes from nphunt's seeded streams: another thread drawing from libtorch's
   * process-wide generator all along must not change the weights.
   */
  @Test
  void vaeWeightsDoNotDependOnOtherUsersOfTheEngineGenerator() throws Exception {
    EventBatch train = TestEvents.cluster(1500, 1, 0, 12);
    TrainingConfig cfg = small(VaeConfig.defaults(), 2);
    float[] quiet;
    try (TrainingResult r = new Trainer(cfg).fit(TestEvents.source(train, "t"), null)) {
      quiet = flat(r.model());
    }
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread noisy = new Thread(() -> {
      try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
        while (!stop.get()) {
          m.randomNormal(new ai.djl.ndarray.types.Shape(64)).close();
          m.create(new float[7]).close(); // and perturb the allocator
        }
      }
    });
    noisy.start();
    try (TrainingResult r = new Trainer(cfg).fit(TestEvents.source(train, "t"), null)) {
      assertArrayEquals(quiet, flat(r.model()));
    } finally {
      stop.set(true);
      noisy.join();
    }
  }

  @Test
  void separateValidationSourceIsUsed() {
    EventBatch train = TestEvents.cluster(800, 1, 0, 19);
    EventBatch val = TestEvents.cluster(300, 2, 5.0, 19);
    try (TrainingResult r = new Trainer(small(DenseAeConfig.defaults(), 2)).fit(TestEvents.source(train, "t"),
        TestEvents.source(val, "v"))) {
      EpochRecord e = r.history().epochs().get(1);
      assertTrue(e.valLoss() > 5 * e.trainLoss(), "validation on the shifted cluster must be worse: " + e);
    }
  }

  @Test
  void tooFewEventsForAValidationSplitIsAClearError() {
    EventBatch train = TestEvents.cluster(2, 1, 0, 19);
    NphuntException e = assertThrows(NphuntException.class,
        () -> new Trainer(small(DenseAeConfig.defaults(), 1).withValFraction(0.01)).fit(TestEvents.source(train, "tiny.h5"), null));
    assertEquals("tiny.h5: the validation split (valFraction 0.01) holds no events; give more events, a --val file, "
        + "or --val-fraction 0", e.getMessage());
  }

  @Test
  void badConfigsFailWithClearMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.defaults(DenseAeConfig.defaults()).withBatchSize(-3));
    assertEquals("batchSize must be in 1..1048576, found -3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.defaults().withLatentDim(12));
    assertEquals("latentDim must be in 3..8, found 12", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DenseAeConfig.defaults().withDropout(1.5));
    assertEquals("dropout must be in [0, 1), found 1.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.defaults(DenseAeConfig.defaults()).withLearningRate(0));
    assertEquals("learningRate must be in (0, 10), found 0.0", e.getMessage());
  }
}
