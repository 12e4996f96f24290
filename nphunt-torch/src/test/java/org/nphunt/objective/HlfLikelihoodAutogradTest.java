package org.nphunt.objective;

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
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.hlt.HighLevelFeatures;
import org.nphunt.model.HlfVaeConfig;
import org.nphunt.model.Tensors;
import org.nphunt.model.TorchRuntime;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.preprocess.HlfStandardizer;
import org.nphunt.preprocess.ModelInput;
import org.nphunt.training.TrainerAccess;

/**
 * The hlf-vae's gradients do not depend on the JVM's garbage collections (issues 14 and 16: NaN
 * losses and run-to-run differences of hlf-vae training). DJL's {@code NDArray.mul(Number)} and
 * friends wrap the constant in a Java direct buffer that libtorch's autograd keeps for the backward
 * pass; once a collection frees it, the backward pass read freed memory. Here the forward pass and the
 * loss are computed, then the heap is churned (collections, new direct buffers filled with 0x7f bytes,
 * time for the cleaner), then the backward pass runs: the gradients must be finite and bit-identical to
 * those of a quiet forward/backward. Before the fix (constants through {@link Tensors}) every churned
 * pass gave NaN gradients.
 */
class HlfLikelihoodAutogradTest {
  @Test
  void gradientsAreFiniteAndIdenticalWhenTheHeapIsCollectedBetweenForwardAndBackward() throws InterruptedException {
    TorchRuntime.init();
    JniUtils.setNumThreads(1);
    int n = 256;
    Events table = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, n, 3, 1), HlfSchema.full());
    HlfStandardizer pre = HlfStandardizer.fit(new InMemoryEventSource(table, "sm"), null, 100_000);
    HlfVaeConfig cfg = HlfVaeConfig.defaults();
    List<ModelInput> ins = pre.inputs();
    float[][] batch = new float[ins.size()][];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = new float[n * ins.get(i).width()];
    }
    pre.apply(table, 0, n, batch, 0);
    float[] eps = new float[n * cfg.latentDim()];
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < eps.length; i++) {
      eps[i] = (float) r.nextGaussian();
    }
    try (NDManager root = NDManager.newBaseManager()) {
      Block block = cfg.build();
      block.initialize(root, DataType.FLOAT32, new Shape(n, pre.width()));
      TrainerAccess.initialise(block, 7);
      HlfLikelihood objective = (HlfLikelihood) cfg.objective(null, pre);
      float[][] quiet = gradients(block, objective, root, ins, batch, eps, n, false);
      for (int pass = 0; pass < 3; pass++) {
        float[][] churned = gradients(block, objective, root, ins, batch, eps, n, true);
        assertEquals(quiet.length, churned.length);
        for (int i = 0; i < quiet.length; i++) {
          for (float g : churned[i]) {
            assertTrue(Float.isFinite(g), "non-finite gradient of parameter " + i + " in churned pass " + pass);
          }
          assertArrayEquals(quiet[i], churned[i], 0f, "gradient of parameter " + i + ", churned pass " + pass);
        }
      }
    }
  }

  /** Loss gradient of every parameter, plus the loss as a last one-element array. */
  private static float[][] gradients(Block block, HlfLikelihood objective, NDManager root, List<ModelInput> ins,
      float[][] batch, float[] eps, int n, boolean churn) throws InterruptedException {
    ParameterStore ps = new ParameterStore(root, false);
    List<float[]> out = new ArrayList<>();
    try (NDManager bm = root.newSubManager()) {
      Map<String, NDArray> byName = new LinkedHashMap<>();
      for (int i = 0; i < ins.size(); i++) {
        byName.put(ins.get(i).name(), Tensors.owned(bm, batch[i], ins.get(i).batchShape(n)));
      }
      NDList in = new NDList(byName.get("x"), Tensors.owned(bm, eps, new Shape(n, eps.length / n)));
      float loss;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList o = block.forward(ps, in, true);
        NDArray l = objective.loss(o, byName, n, root);
        loss = l.getFloat();
        if (churn) {
          churnHeap();
        }
        gc.backward(l);
      }
      for (var p : block.getParameters()) {
        PtNDArray w = (PtNDArray) p.getValue().getArray();
        try (PtNDArray g = JniUtils.getGradient(w)) {
          out.add(g.toFloatArray());
        }
        JniUtils.zeroGrad(w);
      }
      out.add(new float[] {loss});
    }
    return out.toArray(new float[0][]);
  }

  /** Collections that free unreachable direct buffers, and new direct buffers that reuse their memory. */
  private static void churnHeap() throws InterruptedException {
    List<ByteBuffer> keep = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(20); // the cleaner thread frees the buffers' native memory
      for (int i = 0; i < 500; i++) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 + i % 60);
        while (b.hasRemaining()) {
          b.put((byte) 0x7f);
        }
        keep.add(b);
      }
    }
    assertTrue(keep.size() > 0);
  }
}
