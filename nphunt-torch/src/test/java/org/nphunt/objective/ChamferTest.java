package org.nphunt.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The masked symmetric Chamfer distance: both implementations against a brute-force reference written
 * from the definition, hand-derived cases, permutation invariance, masking, symmetry, and its gradient.
 */
class ChamferTest {
  static final int F = 3;

  /** The definition, directly: every pair of real particles, double precision, no shared loops. */
  static double bruteForce(float[] x, float[] y, float[] mask, int k, int c) {
    double a = 0;
    double b = 0;
    for (int i = 0; i < c; i++) {
      if (mask[k * c + i] == 0) {
        continue;
      }
      double min = Double.MAX_VALUE;
      for (int j = 0; j < c; j++) {
        if (mask[k * c + j] != 0) {
          min = Math.min(min, dist(x, y, (k * c + i) * F, (k * c + j) * F));
        }
      }
      a += min;
    }
    for (int j = 0; j < c; j++) {
      if (mask[k * c + j] == 0) {
        continue;
      }
      double min = Double.MAX_VALUE;
      for (int i = 0; i < c; i++) {
        if (mask[k * c + i] != 0) {
          min = Math.min(min, dist(x, y, (k * c + i) * F, (k * c + j) * F));
        }
      }
      b += min;
    }
    return (a + b) / c;
  }

  static double dist(float[] x, float[] y, int xo, int yo) {
    double s = 0;
    for (int f = 0; f < F; f++) {
      s += Math.pow((double) x[xo + f] - (double) y[yo + f], 2);
    }
    return s;
  }

  /** n random jets of C slots with 0..C real particles (pT-ordered list: real ones first), garbage in padding. */
  static float[][] randomJets(int n, int c, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * c * F];
    float[] y = new float[n * c * F];
    float[] m = new float[n * c];
    for (int k = 0; k < n; k++) {
      int real = k == 0 ? 0 : k == 1 ? c : r.nextInt(c + 1);
      for (int i = 0; i < c; i++) {
        m[k * c + i] = i < real ? 1f : 0f;
        for (int f = 0; f < F; f++) {
          x[(k * c + i) * F + f] = (float) r.nextGaussian();
          y[(k * c + i) * F + f] = (float) (i < real ? r.nextGaussian() : 50 * r.nextGaussian());
        }
      }
    }
    return new float[][] {x, y, m};
  }

  static double[] ndDistance(float[] x, float[] y, float[] m, int n, int c) {
    try (NDManager nd = NDManager.newBaseManager()) {
      NDArray d = Chamfer.distance(nd.create(x, new Shape(n, c, F)), nd.create(y, new Shape(n, c, F)),
          nd.create(m, new Shape(n, c)));
      float[] v = d.toFloatArray();
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = v[i];
      }
      return out;
    }
  }

  @Test
  void bothImplementationsAgreeWithTheDefinition() {
    int n = 40;
    int c = 30;
    float[][] j = randomJets(n, c, 3);
    double[] nd = ndDistance(j[0], j[1], j[2], n, c);
    for (int k = 0; k < n; k++) {
      double ref = bruteForce(j[0], j[1], j[2], k, c);
      assertEquals(ref, Chamfer.distance(j[0], j[1], j[2], k, c, F), 1e-12 * Math.max(1, ref), "jet " + k);
      // float32 and |x|^2 + |y|^2 - 2 x.y: relative error ~1e-6 of the squared norms
      assertEquals(ref, nd[k], 1e-5 + 1e-5 * ref, "jet " + k);
    }
    assertEquals(0.0, nd[0]);
    assertEquals(0.0, Chamfer.distance(j[0], j[1], j[2], 0, c, F), "a jet without particles has distance 0");
  }

  /**
   * The nearest-neighbour search (one CPU pass over the real pairs) and the batched-product reference pick,
   * for every real slot, a neighbour at the minimal distance of the definition (both directions).
   */
  @Test
  void nearestNeighboursOfBothSearchesAreMinima() {
    int n = 30;
    int c = 25;
    float[][] j = randomJets(n, c, 11);
    try (NDManager nd = NDManager.newBaseManager()) {
      NDArray x = nd.create(j[0], new Shape(n, c, F));
      NDArray y = nd.create(j[1], new Shape(n, c, F));
      NDArray m = nd.create(j[2], new Shape(n, c));
      for (NDArray[] idx : java.util.List.of(Chamfer.nearest(x, y, m), Chamfer.nearestBatched(x, y, m))) {
        long[] toOut = idx[0].toLongArray();
        long[] toIn = idx[1].toLongArray();
        for (int k = 0; k < n; k++) {
          for (int i = 0; i < c; i++) {
            if (j[2][k * c + i] == 0) {
              continue;
            }
            double rowMin = Double.MAX_VALUE;
            double colMin = Double.MAX_VALUE;
            for (int q = 0; q < c; q++) {
              if (j[2][k * c + q] != 0) {
                rowMin = Math.min(rowMin, dist(j[0], j[1], (k * c + i) * F, (k * c + q) * F));
                colMin = Math.min(colMin, dist(j[0], j[1], (k * c + q) * F, (k * c + i) * F));
              }
            }
            int a = (int) toOut[k * c + i];
            int b = (int) toIn[k * c + i];
            assertEquals(1f, j[2][k * c + a], "a real neighbour, jet " + k);
            assertEquals(1f, j[2][k * c + b], "a real neighbour, jet " + k);
            assertEquals(rowMin, dist(j[0], j[1], (k * c + i) * F, (k * c + a) * F), 1e-5 * (1 + rowMin));
            assertEquals(colMin, dist(j[0], j[1], (k * c + b) * F, (k * c + i) * F), 1e-5 * (1 + colMin));
          }
        }
      }
    }
  }

  /** The quadratic-form distance and the gathered one (before) agree in value and in gradient with respect to y. */
  @Test
  void quadraticFormMatchesTheGatheredDistanceAndItsGradient() {
    int n = 20;
    int c = 30;
    float[][] j = randomJets(n, c, 17);
    float[][] values = new float[2][];
    float[][] grads = new float[2][];
    for (int v = 0; v < 2; v++) {
      try (NDManager nd = NDManager.newBaseManager()) {
        NDArray x = nd.create(j[0], new Shape(n, c, F));
        NDArray y = nd.create(j[1], new Shape(n, c, F));
        NDArray m = nd.create(j[2], new Shape(n, c));
        y.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray d = v == 0 ? Chamfer.distance(x, y, m) : Chamfer.distanceGathered(x, y, m);
          values[v] = d.toFloatArray();
          gc.backward(d.sum());
        }
        grads[v] = y.getGradient().toFloatArray();
      }
    }
    for (int k = 0; k < n; k++) {
      assertEquals(bruteForce(j[0], j[1], j[2], k, c), values[0][k], 1e-4 * (1 + values[1][k]), "jet " + k);
      assertEquals(values[1][k], values[0][k], 1e-4 * (1 + values[1][k]), "jet " + k);
    }
    assertArrayEquals(grads[1], grads[0], 1e-5f);
  }

  @Test
  void handCases() {
    int c = 4;
    // one real particle each: d = |(1,0,0) - (0,2,0)|^2 = 5, counted from both sides, / C
    float[] x = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    float[] y = {0, 2, 0, 100, 100, 100, -7, 3, 1, 9, 9, 9};
    float[] m = {1, 0, 0, 0};
    assertEquals(2.5, Chamfer.distance(x, y, m, 0, c, F));
    assertEquals(2.5, ndDistance(x, y, m, 1, c)[0], 1e-6);
    // two against two (C = 2): pairwise d = [[0, 9], [1, 4]]; inputs -> nearest output 0 + 1, outputs ->
    // nearest input 0 + 4; (1 + 4) / 2
    float[] x2 = {0, 0, 0, 1, 0, 0};
    float[] y2 = {0, 0, 0, 3, 0, 0};
    float[] m2 = {1, 1};
    assertEquals(2.5, Chamfer.distance(x2, y2, m2, 0, 2, F));
    assertEquals(2.5, ndDistance(x2, y2, m2, 1, 2)[0], 1e-6);
    // not symmetric term by term, but the sum is: swapping input and output gives the same
    assertEquals(2.5, Chamfer.distance(y2, x2, m2, 0, 2, F));
  }

  @Test
  void permutationsOfEitherListAndPaddingValuesDoNotMatter() {
    int n = 10;
    int c = 25;
    float[][] j = randomJets(n, c, 11);
    SplittableRandom r = new SplittableRandom(5);
    for (int k = 1; k < n; k++) {
      int real = 0;
      while (real < c && j[2][k * c + real] != 0) {
        real++;
      }
      float[] xp = j[0].clone();
      float[] yp = j[1].clone();
      permuteReal(xp, k, c, real, r);
      permuteReal(yp, k, c, real, r);
      // and other garbage in the padded slots
      for (int i = real; i < c; i++) {
        yp[(k * c + i) * F] = 1e3f;
        xp[(k * c + i) * F + 1] = -1e3f;
      }
      double before = Chamfer.distance(j[0], j[1], j[2], k, c, F);
      assertEquals(before, Chamfer.distance(xp, yp, j[2], k, c, F), 1e-12 * Math.max(1, before), "jet " + k);
      assertEquals(ndDistance(j[0], j[1], j[2], n, c)[k], ndDistance(xp, yp, j[2], n, c)[k], 1e-5 + 1e-5 * before);
    }
  }

  private static void permuteReal(float[] v, int k, int c, int real, SplittableRandom r) {
    for (int i = real - 1; i > 0; i--) {
      int s = r.nextInt(i + 1);
      for (int f = 0; f < F; f++) {
        float t = v[(k * c + i) * F + f];
        v[(k * c + i) * F + f] = v[(k * c + s) * F + f];
        v[(k * c + s) * F + f] = t;
      }
    }
  }

  /**
   * Why a permutation-invariant loss: a reconstruction holding exactly the input's particles, with the
   * two hardest swapped (as a small change of their pT can do to a pT-ordered list), has Chamfer
   * distance 0 but a large slot-wise error.
   */
  @Test
  void swappedParticlesCostNothingForChamferButMuchSlotwise() {
    int c = 4;
    float[] x = {0.1f, 0.2f, 1.0f, -0.3f, 0.4f, 0.9f, 0.5f, -0.5f, 0.1f, 0, 0, 0};
    float[] y = {-0.3f, 0.4f, 0.9f, 0.1f, 0.2f, 1.0f, 0.5f, -0.5f, 0.1f, 0, 0, 0};
    float[] m = {1, 1, 1, 0};
    assertEquals(0.0, Chamfer.distance(x, y, m, 0, c, F));
    // slot-wise: 2 |x_0 - x_1|^2 / C = 2 (0.16 + 0.04 + 0.01) / 4
    assertEquals(2 * (0.16 + 0.04 + 0.01) / 4, Chamfer.slotwise(x, y, m, 0, c, F), 1e-7);
    try (NDManager nd = NDManager.newBaseManager()) {
      float s = Chamfer.slotwise(nd.create(x, new Shape(1, c, F)), nd.create(y, new Shape(1, c, F)),
          nd.create(m, new Shape(1, c))).getFloat();
      assertEquals(2 * (0.16 + 0.04 + 0.01) / 4, s, 1e-6);
    }
  }

  /** d/dy of (|x - y|^2 + |x - y|^2) / C for one particle: 4 (y - x) / C; padded slots get no gradient. */
  @Test
  void gradientOfTheVectorisedFormByHand() {
    int c = 4;
    try (NDManager nd = NDManager.newBaseManager()) {
      NDArray x = nd.create(new float[] {1, 0, 0, 9, 9, 9, 0, 0, 0, 0, 0, 0}, new Shape(1, c, F));
      NDArray y = nd.create(new float[] {0, 2, 0, 5, 5, 5, 1, 1, 1, 2, 2, 2}, new Shape(1, c, F));
      NDArray m = nd.create(new float[] {1, 0, 0, 0}, new Shape(1, c));
      y.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = Chamfer.distance(x, y, m).sum();
        gc.backward(loss);
      }
      float[] g = y.getGradient().toFloatArray();
      float[] expected = new float[12];
      expected[0] = 4 * (0 - 1) / 4f;
      expected[1] = 4 * (2 - 0) / 4f;
      assertArrayEquals(expected, g, 1e-6f);
    }
  }

  @Test
  void jetScoresNamesAndCombinations() {
    assertEquals(java.util.List.of("a_min", "a_max", "a_sum", "a_prod", "a_j1", "a_j2", "b_min", "b_max", "b_sum",
        "b_prod", "b_j1", "b_j2"), JetScores.names(java.util.List.of("a", "b")));
    double[][] out = new double[12][3];
    JetScores.combine(2, 5, out, 6, 1);
    assertEquals(2, out[6][1]);
    assertEquals(5, out[7][1]);
    assertEquals(7, out[8][1]);
    assertEquals(10, out[9][1]);
    assertEquals(2, out[10][1]);
    assertEquals(5, out[11][1]);
    assertTrue(out[0][1] == 0 && out[6][0] == 0, "other rows and columns untouched");
  }
}
