package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nphunt.model.ConvTransformerFixtures.K;
import static org.nphunt.model.ConvTransformerFixtures.N;
import static org.nphunt.model.ConvTransformerFixtures.S;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.model.ConvTransformerFixtures.Batch;
import org.nphunt.random.Seeds;

class TransformerAutoencoderTest {
  @Test
  void mapsBatchesOfAnySizeToTheInputShape() {
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = TransformerAeConfig.defaults().build();
      ConvTransformerFixtures.initialise(block, m, 8, 1);
      assertEquals(new Shape(5, N), block.getOutputShapes(new Shape[] {new Shape(5, N), new Shape(5, S)})[0]);
      for (int b : new int[] {1, 3, 8, 33}) {
        Batch data = ConvTransformerFixtures.structured(11, b);
        float[] out = ConvTransformerFixtures.forward(block, m, data.on(m), false);
        assertEquals(b * N, out.length);
        for (float v : out) {
          assertTrue(Float.isFinite(v));
        }
      }
    }
  }

  @Test
  void parameterCountMatchesTheHandCount() {
    // per layer: 2 LayerNorms 2*64, qkv 32*96+96=3168, out 32*32+32=1056, ff1 32*64+64=2112,
    // ff2 64*32+32=2080 -> 8544; 4 layers. embed 3*32+32=128, slotEmbedding 19*32=608,
    // encoderNorm 64, toLatent 32*8+8=264, fromLatent 8*32+32=288, slotQueries 608,
    // decoderNorm 64, head 32*3+3=99
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = TransformerAeConfig.defaults().build();
      ConvTransformerFixtures.initialise(block, m, 4, 1);
      long expected = 4 * 8544 + 128 + 608 + 64 + 264 + 288 + 608 + 64 + 99;
      assertEquals(expected, ConvTransformerFixtures.parameterCount(block));
      assertEquals(36299, expected);
    }
  }

  @Test
  void emptySlotInputsDoNotChangeAnyReconstruction() {
    Batch data = ConvTransformerFixtures.structured(13, 32);
    float[] x = data.x().clone();
    SplittableRandom r = Seeds.random(13, "garbage");
    int changed = 0;
    for (int e = 0; e < data.n(); e++) {
      for (int s = 0; s < S; s++) {
        if (data.mask()[e * S + s] == 0) {
          for (int f = 0; f < K; f++) {
            x[e * N + s * K + f] = (float) (5 * r.nextGaussian());
          }
          changed++;
        }
      }
    }
    assertTrue(changed > 100, "the fixture must have empty slots");
    Batch garbage = new Batch(data.n(), x, data.mask());
    try (NDManager m = NDManager.newBaseManager()) {
      // dropout configured, but eval mode is deterministic
      Block block = new TransformerAeConfig(8, 32, 4, 2, 2, 64, 0.1).build();
      ConvTransformerFixtures.initialise(block, m, data.n(), 17);
      float[] clean = ConvTransformerFixtures.forward(block, m, data.on(m), false);
      float[] dirty = ConvTransformerFixtures.forward(block, m, garbage.on(m), false);
      assertArrayEquals(clean, dirty, 1e-6f);
      // but a real slot's input does change the reconstruction
      x[3 * N] += 2f;
      float[] moved = ConvTransformerFixtures.forward(block, m, new Batch(data.n(), x, data.mask()).on(m), false);
      float diff = 0;
      for (int i = 3 * N; i < 4 * N; i++) {
        diff = Math.max(diff, Math.abs(moved[i] - clean[i]));
      }
      assertTrue(diff > 1e-3f, "real-slot change moved the output by only " + diff);
    }
  }

  @Test
  void dropoutActsOnlyInTrainingMode() {
    Batch data = ConvTransformerFixtures.structured(6, 8);
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = new TransformerAeConfig(8, 32, 4, 2, 2, 64, 0.3).build();
      ConvTransformerFixtures.initialise(block, m, 8, 4);
      float[] eval1 = ConvTransformerFixtures.forward(block, m, data.on(m), false);
      float[] eval2 = ConvTransformerFixtures.forward(block, m, data.on(m), false);
      float[] train1 = ConvTransformerFixtures.forward(block, m, data.on(m), true);
      float[] train2 = ConvTransformerFixtures.forward(block, m, data.on(m), true);
      assertArrayEquals(eval1, eval2, 0f);
      assertFalse(Arrays.equals(train1, train2));
      assertFalse(Arrays.equals(eval1, train1));
    }
  }

  @Test
  void allZeroMaskStillGivesFiniteOutputsBecauseMetCountsAsReal() {
    Batch data = ConvTransformerFixtures.structured(2, 4);
    Batch empty = new Batch(4, data.x(), new float[4 * S]);
    Batch metOnly = new Batch(4, data.x(), new float[4 * S]);
    for (int e = 0; e < 4; e++) {
      metOnly.mask()[e * S] = 1;
    }
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = TransformerAeConfig.defaults().build();
      ConvTransformerFixtures.initialise(block, m, 4, 3);
      float[] a = ConvTransformerFixtures.forward(block, m, empty.on(m), false);
      for (float v : a) {
        assertTrue(Float.isFinite(v));
      }
      assertArrayEquals(ConvTransformerFixtures.forward(block, m, metOnly.on(m), false), a, 0f);
    }
  }

  @Test
  void everyParameterReceivesAGradient() {
    var sums = ConvTransformerFixtures.gradientSums(new TransformerAeConfig(8, 32, 4, 2, 2, 64, 0.1).build(),
        ConvTransformerFixtures.structured(4, 32), 8);
    assertTrue(sums.size() > 5, sums.toString());
    sums.forEach((name, sum) -> assertTrue(sum > 0 && Double.isFinite(sum), name + " gradient " + sum));
  }

  @Test
  void sameSeedSameOutputsDifferentSeedDifferentOutputs() {
    Batch data = ConvTransformerFixtures.structured(3, 16);
    float[] a = outputs(data, 42);
    float[] b = outputs(data, 42);
    float[] c = outputs(data, 43);
    assertArrayEquals(a, b, 0f);
    assertFalse(Arrays.equals(a, c));
  }

  private static float[] outputs(Batch data, int seed) {
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = TransformerAeConfig.defaults().build();
      ConvTransformerFixtures.initialise(block, m, data.n(), seed);
      return ConvTransformerFixtures.forward(block, m, data.on(m), false);
    }
  }

  @Test
  void adamStepsReduceTheLossClearly() {
    Batch data = ConvTransformerFixtures.structured(5, 64);
    float[] losses =
        ConvTransformerFixtures.train(TransformerAeConfig.defaults().build(), data, 100, 3e-3f, 7);
    float first = losses[0];
    float last = losses[losses.length - 1];
    double zeroOutput = ConvTransformerFixtures.meanSquare(data);
    assertTrue(last < 0.4f * first, "loss " + first + " -> " + last);
    // learnt the structure, not just the mean: well below the loss of predicting zeros
    assertTrue(last < 0.3 * zeroOutput, "loss " + last + " vs zero-output loss " + zeroOutput);
    float[] again = ConvTransformerFixtures.train(TransformerAeConfig.defaults().build(), data, 5, 3e-3f, 7);
    // the same seed trains to the same numbers, bit for bit
    assertArrayEquals(Arrays.copyOf(losses, 6), again, 0f);
  }

  @Test
  void savedParametersReloadToIdenticalOutputs() throws Exception {
    Batch data = ConvTransformerFixtures.structured(9, 10);
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = TransformerAeConfig.defaults().build();
      ConvTransformerFixtures.initialise(block, m, 4, 21);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      block.saveParameters(new DataOutputStream(bytes));
      Block copy = TransformerAeConfig.defaults().build();
      copy.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertArrayEquals(ConvTransformerFixtures.forward(block, m, data.on(m), false),
          ConvTransformerFixtures.forward(copy, m, data.on(m), false), 0f);
    }
  }
}
