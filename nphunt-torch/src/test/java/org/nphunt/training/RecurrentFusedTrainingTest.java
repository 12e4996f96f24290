package org.nphunt.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.model.RecurrentAeConfig;
import org.nphunt.objective.Objective;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.score.LoadedModel;

/**
 * The fused recurrent-autoencoder engine ({@link RecurrentFusedTraining}) against libtorch's autograd and
 * Adam on the DJL block: same loss and gradients (backpropagation through time with teacher forcing, plain
 * and masked loss, bidirectional and not), same weights after an Adam step; bit-identical weights for 1 and
 * 2 threads.
 */
class RecurrentFusedTrainingTest {
  private static final int N = 90;

  private static void compare(RecurrentAeConfig arch, boolean masked, long seed) {
    TrainingConfig config = TrainingConfig.defaults(arch).withBatchSize(N).withSeed(seed)
        .withPreprocessing(true, masked, false);
    assertTrue(FusedEngine.supports(config));
    EventBatch events = EventGenerator.generateBatch(Processes.SM, N, seed, 1);
    Standardizer std = Standardizer.fit(new InMemoryEventSource(events, "t"), true, null, 1000);
    float[] x = new float[N * 57];
    float[] mask = new float[N * 19];
    std.apply(events, 0, N, x, mask, 0);
    // events without objects (event 3, and 32..47: a whole group of 16 in the second slice) have no encoder
    // rows and attend uniformly to zero states; their groups' slots are skipped by the kernels
    for (int e = 3; e < 48; e = e == 3 ? 32 : e + 1) {
      java.util.Arrays.fill(x, e * 57, e * 57 + 57, 0f);
      java.util.Arrays.fill(mask, e * 19, e * 19 + 19, 0f);
    }
    float[] tf = arch.teacherForcingDecisions(N, 2, new SplittableRandom(seed));
    Engine.getInstance();
    try (NDManager root = NDManager.newBaseManager()) {
      Block block = arch.build();
      block.initialize(root, DataType.FLOAT32, LoadedModel.blockInputShapes(arch, std, N));
      List<Parameter> params = Trainer.initialise(block, seed);
      Objective objective = arch.objective(config, std);
      try (RecurrentFusedTraining fused = new RecurrentFusedTraining(block, params, config)) {
        Map<String, NDArray> byName = new HashMap<>();
        byName.put("x", root.create(x, new Shape(N, 57)));
        byName.put("mask", root.create(mask, new Shape(N, 19)));
        NDList in = new NDList(byName.get("x"), byName.get("mask"), root.create(tf, new Shape(N, 19)));
        NDArray loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDList out = block.forward(new ParameterStore(root, false), in, true);
          loss = objective.loss(out, byName, N, root);
          gc.backward(loss);
        }
        double fusedLoss = fused.training().gradients(x, mask, tf, N);
        assertEquals(loss.getFloat(), fusedLoss, 1e-5 * Math.abs(fusedLoss), "loss");
        double worst = 0;
        for (int i = 0; i < params.size(); i++) {
          float[] want = params.get(i).getArray().getGradient().toFloatArray();
          float[] got = fused.gradient(i);
          assertEquals(want.length, got.length);
          double scale = 0;
          for (float v : want) {
            scale = Math.max(scale, Math.abs(v));
          }
          assertTrue(scale > 0, "parameter " + params.get(i).getName() + " has a zero gradient");
          for (int j = 0; j < want.length; j++) {
            double rel = Math.abs(want[j] - got[j]) / scale;
            worst = Math.max(worst, rel);
            // float32 through 19 + 2 x 19 recurrent steps, other summation orders and activations
            assertEquals(want[j], got[j], 1e-4 * scale, "parameter " + params.get(i).getName() + " [" + j + "]");
          }
        }
        System.out.printf("%s masked %s: loss %.7g vs %.7g, largest gradient difference %.2e of the parameter's largest%n",
            arch, masked, loss.getFloat(), fusedLoss, worst);
        // one Adam step each (lr 1e-3, coupled L2 1e-4)
        float[][] grads = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
          grads[i] = fused.gradient(i);
        }
        AdamUpdater adam = new AdamUpdater(params, root, 1e-4);
        adam.step(1e-3);
        float[][] want = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
          want[i] = params.get(i).getArray().toFloatArray();
        }
        fused.step(new float[][] {x, mask}, N, tf, 1e-3, 1e-4);
        fused.toBlock();
        for (int i = 0; i < params.size(); i++) {
          float[] got = params.get(i).getArray().toFloatArray();
          double scale = 0;
          for (float v : grads[i]) {
            scale = Math.max(scale, Math.abs(v));
          }
          for (int j = 0; j < got.length; j++) {
            // the first step moves a weight by lr g' / (|g'| + eps'): the same unless g' is within the
            // gradients' rounding of 0 (there the step's sign may differ: at most 2 lr)
            double gp = Math.abs(grads[i][j] + 1e-4 * want[i][j]);
            double tol = gp > 1e-3 * scale ? 1e-6 + 1e-5 * Math.abs(want[i][j]) : 2.1e-3;
            assertEquals(want[i][j], got[j], tol, "weight " + params.get(i).getName() + " [" + j + "]");
          }
        }
      }
    }
  }

  @Test
  void gradientsAndAdamMatchLibtorch() {
    compare(RecurrentAeConfig.defaults(), false, 5);
  }

  @Test
  void maskedAndUnidirectionalGradientsMatchLibtorch() {
    compare(RecurrentAeConfig.defaults(), true, 6);
    compare(new RecurrentAeConfig(7, 3, 20, false, 1.0, 0.5, 0.1), false, 7);
  }

  @Test
  void weightsAreBitIdenticalForAnyThreadCount() {
    RecurrentAeConfig arch = new RecurrentAeConfig(16, 4, 16, true, 1.0, 0.8, 0.0);
    int n = 200;
    EventBatch events = EventGenerator.generateBatch(Processes.SM, n, 8, 1);
    Standardizer std = Standardizer.fit(new InMemoryEventSource(events, "t"), true, null, 1000);
    float[] x = new float[n * 57];
    float[] mask = new float[n * 19];
    std.apply(events, 0, n, x, mask, 0);
    float[][] result = new float[2][];
    for (int threads = 1; threads <= 2; threads++) {
      TrainingConfig config = TrainingConfig.defaults(arch).withBatchSize(n).withSeed(3).withThreads(threads);
      try (NDManager root = NDManager.newBaseManager()) {
        Block block = arch.build();
        block.initialize(root, DataType.FLOAT32, LoadedModel.blockInputShapes(arch, std, n));
        List<Parameter> params = Trainer.initialise(block, 3);
        try (RecurrentFusedTraining fused = new RecurrentFusedTraining(block, params, config)) {
          for (int s = 1; s <= 3; s++) {
            float[] tf = arch.teacherForcingDecisions(n, s, new SplittableRandom(s));
            fused.step(new float[][] {x, mask}, n, tf, 1e-3, 1e-4);
          }
          fused.toBlock();
          float[] all = new float[0];
          for (Parameter p : params) {
            float[] v = p.getArray().toFloatArray();
            float[] joined = java.util.Arrays.copyOf(all, all.length + v.length);
            System.arraycopy(v, 0, joined, all.length, v.length);
            all = joined;
          }
          result[threads - 1] = all;
        }
      }
    }
    assertArrayEquals(result[0], result[1]);
  }
}
