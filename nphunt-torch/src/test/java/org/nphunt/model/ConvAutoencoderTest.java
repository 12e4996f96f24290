package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nphunt.model.ConvTransformerFixtures.N;
import static org.nphunt.model.ConvTransformerFixtures.S;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nphunt.model.ConvTransformerFixtures.Batch;

class ConvAutoencoderTest {
  @Test
  void mapsBatchesOfAnySizeToTheInputShape() {
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = ConvAeConfig.defaults().build();
      ConvTransformerFixtures.initialise(block, m, 8, 1);
      assertEquals(new Shape(8, N), block.getOutputShapes(new Shape[] {new Shape(8, N), new Shape(8, S)})[0]);
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
    // conv1 1*16*9+16=160, conv2 16*32*3+32=1568, toLatent 288*8+8=2312, fromLatent 8*288+288=2592,
    // deconv2 32*16*9+16=4624, deconv1 16*1*9+1=145
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = ConvAeConfig.defaults().build();
      ConvTransformerFixtures.initialise(block, m, 4, 1);
      assertEquals(160 + 1568 + 2312 + 2592 + 4624 + 145, ConvTransformerFixtures.parameterCount(block));
    }
  }

  @Test
  void upsamplingRepeatsEachRowNearestNeighbour() {
    // the decoder relies on NDArray.repeat interleaving (a,a,a,b,b,b), not tiling (a,b,a,b,..)
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
      assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, a.repeat(2, 3).toFloatArray());
    }
  }

  @Test
  void everyParameterReceivesAGradient() {
    var sums = ConvTransformerFixtures.gradientSums(ConvAeConfig.defaults().build(),
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
      Block block = ConvAeConfig.defaults().build();
      ConvTransformerFixtures.initialise(block, m, data.n(), seed);
      return ConvTransformerFixtures.forward(block, m, data.on(m), false);
    }
  }

  @Test
  void adamStepsReduceTheLossClearly() {
    Batch data = ConvTransformerFixtures.structured(5, 64);
    float[] losses = ConvTransformerFixtures.train(ConvAeConfig.defaults().build(), data, 100, 3e-3f, 7);
    float first = losses[0];
    float last = losses[losses.length - 1];
    double zeroOutput = ConvTransformerFixtures.meanSquare(data);
    assertTrue(last < 0.4f * first, "loss " + first + " -> " + last);
    // learnt the structure, not just the mean: well below the loss of predicting zeros
    assertTrue(last < 0.3 * zeroOutput, "loss " + last + " vs zero-output loss " + zeroOutput);
    // the same seed trains to the same numbers
    float[] again = ConvTransformerFixtures.train(ConvAeConfig.defaults().build(), data, 5, 3e-3f, 7);
    assertArrayEquals(Arrays.copyOf(losses, 6), again, 0f);
  }

  @Test
  void savedParametersReloadToIdenticalOutputs() throws Exception {
    Batch data = ConvTransformerFixtures.structured(9, 10);
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = ConvAeConfig.defaults().build();
      ConvTransformerFixtures.initialise(block, m, 4, 21);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      block.saveParameters(new DataOutputStream(bytes));
      Block copy = ConvAeConfig.defaults().build();
      copy.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertArrayEquals(ConvTransformerFixtures.forward(block, m, data.on(m), false),
          ConvTransformerFixtures.forward(copy, m, data.on(m), false), 0f);
    }
  }

  @Test
  void wrongInputShapeFailsWithOneLine() {
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = ConvAeConfig.defaults().build();
      ConvTransformerFixtures.initialise(block, m, 2, 1);
      NDList bad = new NDList(m.zeros(new Shape(2, 56)), m.zeros(new Shape(2, S)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> block.forward(new ParameterStore(m, false), bad, false));
      assertEquals("conv autoencoder expects x (B,57) and mask (B,19), found (2, 56) and (2, 19)",
          e.getMessage());
    }
  }
}
