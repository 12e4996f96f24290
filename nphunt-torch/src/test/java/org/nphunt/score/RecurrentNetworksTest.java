package org.nphunt.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.kernel.Kernels;
import org.nphunt.kernel.RecurrentNet;
import org.nphunt.model.RecurrentAeConfig;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.training.TrainingConfig;

/**
 * The fused Java forward of the recurrent autoencoder ({@link RecurrentNetworks}, {@link RecurrentNet})
 * against the DJL block's forward on the same parameters: free decoding (scoring) and teacher forcing,
 * bidirectional and not; identical bits from the scalar and the Vector API kernels; scores through
 * {@link LoadedModel} independent of the thread count and of how a block is cut.
 */
class RecurrentNetworksTest {
  private static final int N = 70;

  static float[][] inputs(EventBatch b, Standardizer std) {
    int n = b.size();
    float[] x = new float[n * 57];
    float[] mask = new float[n * 19];
    std.apply(b, 0, n, x, mask, 0);
    return new float[][] {x, mask};
  }

  private static void compare(RecurrentAeConfig cfg, long seed) {
    EventBatch b = EventGenerator.generateBatch(Processes.SM, N, 3, 1);
    Standardizer std = Standardizer.fit(new InMemoryEventSource(b, "b"), true, null, 1000);
    float[][] in = inputs(b, std);
    // events without objects (event 7, and 32..47: a whole group of 16 of the second tile) have no encoder
    // rows and attend uniformly to zero states; their groups' slots are skipped by the kernels
    for (int e = 7; e < 48; e = e == 7 ? 32 : e + 1) {
      java.util.Arrays.fill(in[0], e * 57, e * 57 + 57, 0f);
      java.util.Arrays.fill(in[1], e * 19, e * 19 + 19, 0f);
    }
    float[] tf = new float[N * 19];
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = 0; i < tf.length; i++) {
      tf[i] = r.nextDouble() < 0.5 ? 1f : 0f;
    }
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = cfg.build();
      block.initialize(m, DataType.FLOAT32, new Shape(N, 57), new Shape(N, 19));
      org.nphunt.training.TrainerAccess.initialise(block, seed);
      ParameterStore ps = new ParameterStore(m, false);
      NDList nd = new NDList(m.create(in[0], new Shape(N, 57)), m.create(in[1], new Shape(N, 19)));
      float[] free = block.forward(ps, nd, false).singletonOrThrow().toFloatArray();
      NDList ndTf = new NDList(nd.get(0), nd.get(1), m.create(tf, new Shape(N, 19)));
      float[] forced = block.forward(ps, ndTf, true).singletonOrThrow().toFloatArray();
      RecurrentNet net = RecurrentNetworks.of(block);
      float[] got = new float[N * 57];
      RecurrentNetworks.forward(net, Kernels.get(), net.work(), in[0], in[1], 0, N, got);
      assertClose(free, got, "free decoding " + cfg);
      // teacher forced, tile by tile
      RecurrentNet.Work w = net.work();
      float[] gotTf = new float[N * 57];
      for (int e0 = 0; e0 < N; e0 += RecurrentNet.TILE) {
        int n = Math.min(RecurrentNet.TILE, N - e0);
        net.forward(Kernels.get(), w, in[0], in[1], tf, e0, n);
        for (int e = 0; e < n; e++) {
          System.arraycopy(w.recon, e * Kernels.ROW, gotTf, (e0 + e) * 57, 57);
        }
      }
      assertClose(forced, gotTf, "teacher forced " + cfg);
      // the scalar kernels give the same bits as the selected ones, and a row's numbers do not depend on its tile
      float[] scalar = new float[N * 57];
      RecurrentNetworks.forward(net, Kernels.scalar(), net.work(), in[0], in[1], 0, N, scalar);
      assertArrayEquals(got, scalar, "scalar vs " + Kernels.get().name());
      float[] shifted = new float[N * 57];
      RecurrentNetworks.forward(net, Kernels.get(), net.work(), in[0], in[1], 0, 5, shifted);
      RecurrentNetworks.forward(net, Kernels.get(), net.work(), in[0], in[1], 5, N, shifted);
      assertArrayEquals(got, shifted, "tiles starting at event 5");
    }
  }

  /**
   * Every element within 1e-5 relative, values below a tenth of the largest |a| measured against that
   * tenth (float32 cancellation: their absolute differences are those of the large values).
   */
  static void assertClose(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length);
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < want.length; i++) {
      scale = Math.max(scale, Math.abs(want[i]));
    }
    assertTrue(scale > 0, what + ": all zero");
    for (int i = 0; i < want.length; i++) {
      double rel = Math.abs(want[i] - got[i]) / Math.max(Math.abs(want[i]), 0.1 * scale);
      worst = Math.max(worst, rel);
      assertTrue(rel <= 1e-5, what + ": element " + i + " DJL " + want[i] + " Java " + got[i]);
    }
    System.out.printf("%s: largest relative difference %.2e (scale %.3g)%n", what, worst, scale);
  }

  @Test
  void forwardMatchesTheDjlBlock() {
    compare(RecurrentAeConfig.defaults(), 4);
    compare(new RecurrentAeConfig(6, 3, 5, true, 1.0, 0.5, 0.1), 9);
    compare(new RecurrentAeConfig(7, 2, 20, false, 1.0, 0.5, 0.1), 13);
  }

  @Test
  void scoresDoNotDependOnThreadsOrCutsAndMatchDjl() {
    EventBatch b = EventGenerator.generateBatch(Processes.SM, 600, 5, 1);
    Standardizer std = Standardizer.fit(new InMemoryEventSource(b, "b"), true, null, 1000);
    RecurrentAeConfig cfg = RecurrentAeConfig.defaults();
    TrainingConfig tc = TrainingConfig.defaults(cfg);
    NDManager m = NDManager.newBaseManager();
    Block block = cfg.build();
    block.initialize(m, DataType.FLOAT32, new Shape(1, 57), new Shape(1, 19));
    org.nphunt.training.TrainerAccess.initialise(block, 21);
    try (LoadedModel model = LoadedModel.of(tc, std, block, m, null, null)) {
      assertEquals(LoadedModel.FUSED_JAVA_KERNELS, model.scoringPath());
      assertFalse(model.scoresThroughLibtorch());
      model.setScoringThreads(1);
      double[][] one = model.score(b);
      model.setScoringThreads(2);
      double[][] two = model.score(b);
      double[][] cut = new double[one.length][b.size()];
      model.score(b.slice(0, 257), cut, 0);
      model.score(b.slice(257, b.size() - 257), cut, 257);
      for (int s = 0; s < one.length; s++) {
        assertArrayEquals(one[s], two[s], "score " + s + ": 1 vs 2 threads");
        assertArrayEquals(one[s], cut[s], "score " + s + ": cut at 257");
      }
      model.useJavaForward(false);
      assertEquals(LoadedModel.DJL_LIBTORCH, model.scoringPath());
      assertTrue(model.scoresThroughLibtorch());
      double[][] djl = model.score(b);
      for (int s = 0; s < one.length; s++) {
        for (int e = 0; e < b.size(); e++) {
          assertEquals(djl[s][e], one[s][e], 2e-5 * Math.abs(djl[s][e]) + 1e-9, model.scoreNames().get(s) + " event " + e);
        }
      }
    }
  }
}
