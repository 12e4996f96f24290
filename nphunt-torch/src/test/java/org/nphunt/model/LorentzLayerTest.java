package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.preprocess.JetFourVectors;

/**
 * The combination and Lorentz layers of the LoLa autoencoder (arXiv:1707.08966) against closed forms:
 * invariant masses and Minkowski distances of hand-picked four-vectors, the pair mass of two massless
 * constituents, the invariance of that mass under the jet-axis shift of the preprocessing, and the
 * layers' weighted sums against a direct double-precision evaluation.
 */
class LorentzLayerTest {
  // k1 = (E, px, py, pz) = (5, 1, 2, 3): m^2 = 25 - 14 = 11, pT^2 = 5
  // k2 = (4, 0, 1, -1): m^2 = 16 - 2 = 14, pT = 1
  // k1 - k2 = (1, 1, 1, 4): d^2 = 1 - 1 - 1 - 16 = -17 (= m1^2 + m2^2 - 2 k1.k2 = 11 + 14 - 2 * 21)
  static final float[] TWO = {5, 1, 2, 3, 4, 0, 1, -1};

  @Test
  void massTransverseMomentumAndMinkowskiDistanceOfKnownFourVectors() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray k = m.create(TWO, new Shape(1, 2, 4));
      assertArrayEquals(new float[] {11, 14}, LorentzLayer.massSquared(k).toFloatArray(), 0f);
      assertArrayEquals(new float[] {(float) Math.sqrt(5), 1}, LorentzLayer.transverseMomentum(k).toFloatArray(), 1e-6f);
      assertArrayEquals(new float[] {0, -17, -17, 0}, LorentzLayer.minkowskiDistances(k).toFloatArray(), 1e-5f);
    }
  }

  @Test
  void lorentzLayerFeaturesWithChosenWeights() {
    try (NDManager m = NDManager.newBaseManager()) {
      LorentzLayer lola = new LorentzLayer(2);
      lola.initialize(m, DataType.FLOAT32, new Shape(1, 2, 4));
      // w^E = identity: each object's own energy; w^d = [[0, 2], [1, 0]]: 2 d^2_12 and d^2_21
      Tensors.assign(lola.energyWeights().getArray(), new float[] {1, 0, 0, 1});
      Tensors.assign(lola.distanceWeights().getArray(), new float[] {0, 2, 1, 0});
      NDArray out = lola.forward(new ParameterStore(m, false), new NDList(m.create(TWO, new Shape(1, 2, 4))), false).head();
      assertEquals(new Shape(1, 2, 4), out.getShape());
      float r5 = (float) Math.sqrt(5);
      assertArrayEquals(new float[] {11, r5, 5, -34, 14, 1, 4, -17}, out.toFloatArray(), 1e-5f);
    }
  }

  /** Two massless constituents: m^2 = 2 z1 z2 (cosh(Delta eta_12) - cos(Delta phi_12)), also when combined by the CoLa. */
  @Test
  void pairMassOfTwoMasslessConstituentsAndItsCombination() {
    double[] k = new double[8];
    JetFourVectors.fourVector(0.1, 0.05, 0.6, k, 0);
    JetFourVectors.fourVector(-0.2, -0.1, 0.4, k, 4);
    double expected = 2 * 0.6 * 0.4 * (Math.cosh(0.3) - Math.cos(0.15));
    assertEquals(0.0, minkowski(k, 0, k, 0), 1e-15, "massless");
    double[] sum = new double[4];
    for (int c = 0; c < 4; c++) {
      sum[c] = k[c] + k[4 + c];
    }
    assertEquals(expected, minkowski(sum, 0, sum, 0), 1e-15);
    // the same pair in the lab frame (jet axis at eta = 1.3, phi = 2.0): the same invariant mass
    double[] lab = new double[8];
    JetFourVectors.fourVector(1.3 + 0.1, 2.0 + 0.05, 0.6, lab, 0);
    JetFourVectors.fourVector(1.3 - 0.2, 2.0 - 0.1, 0.4, lab, 4);
    double[] labSum = new double[4];
    for (int c = 0; c < 4; c++) {
      labSum[c] = lab[c] + lab[4 + c];
    }
    assertEquals(expected, minkowski(labSum, 0, labSum, 0), 1e-14);
    try (NDManager m = NDManager.newBaseManager()) {
      float[] f = new float[8];
      for (int i = 0; i < 8; i++) {
        f[i] = (float) k[i];
      }
      CombinationLayer cola = new CombinationLayer(2, 1);
      cola.initialize(m, DataType.FLOAT32, new Shape(1, 2, 4));
      Tensors.assign(cola.weights().getArray(), new float[] {1, 1}); // the third object is k1 + k2
      NDArray combined = cola.forward(new ParameterStore(m, false), new NDList(m.create(f, new Shape(1, 2, 4))), false).head();
      assertEquals(new Shape(1, 3, 4), combined.getShape());
      float[] m2 = LorentzLayer.massSquared(combined).toFloatArray();
      assertEquals(0.0, m2[0], 1e-6);
      assertEquals(0.0, m2[1], 1e-6);
      assertEquals(expected, m2[2], 1e-6);
      // the Minkowski distance of two massless vectors is their pair mass^2 with a minus sign: (k1 - k2)^2 = -2 k1.k2
      assertEquals(-expected, LorentzLayer.minkowskiDistances(combined).toFloatArray()[1], 1e-6);
    }
  }

  /** Random four-vectors and weights: the layer's four features against a direct evaluation in double precision. */
  @Test
  void weightedSumsMatchADirectEvaluation() {
    int b = 3;
    int n = 5;
    int extra = 2;
    int kk = n + extra;
    SplittableRandom rnd = new SplittableRandom(5);
    float[] x = new float[b * n * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextDouble(-1, 1);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      CombinationLayer cola = new CombinationLayer(n, extra);
      LorentzLayer lola = new LorentzLayer(kk);
      cola.initialize(m, DataType.FLOAT32, new Shape(b, n, 4));
      lola.initialize(m, DataType.FLOAT32, new Shape(b, kk, 4));
      float[] c = cola.weights().getArray().toFloatArray();
      float[] we = lola.energyWeights().getArray().toFloatArray();
      float[] wd = lola.distanceWeights().getArray().toFloatArray();
      ParameterStore ps = new ParameterStore(m, false);
      NDArray k = cola.forward(ps, new NDList(m.create(x, new Shape(b, n, 4))), false).head();
      float[] out = lola.forward(ps, new NDList(k), false).head().toFloatArray();
      for (int e = 0; e < b; e++) {
        double[] obj = new double[kk * 4];
        for (int j = 0; j < kk; j++) {
          for (int q = 0; q < 4; q++) {
            double v = 0;
            if (j < n) {
              v = x[(e * n + j) * 4 + q];
            } else {
              for (int i = 0; i < n; i++) {
                v += x[(e * n + i) * 4 + q] * c[i * extra + (j - n)];
              }
            }
            obj[j * 4 + q] = v;
          }
        }
        for (int j = 0; j < kk; j++) {
          double m2 = minkowski(obj, 4 * j, obj, 4 * j);
          double pt = Math.hypot(obj[4 * j + 1], obj[4 * j + 2]);
          double se = 0;
          double sd = 0;
          for (int l = 0; l < kk; l++) {
            se += we[j * kk + l] * obj[4 * l];
            double[] diff = new double[4];
            for (int q = 0; q < 4; q++) {
              diff[q] = obj[4 * j + q] - obj[4 * l + q];
            }
            sd += wd[j * kk + l] * minkowski(diff, 0, diff, 0);
          }
          int o = (e * kk + j) * 4;
          assertEquals(m2, out[o], 1e-5, "m^2 of object " + j);
          assertEquals(pt, out[o + 1], 1e-5, "pT of object " + j);
          assertEquals(se, out[o + 2], 1e-5, "weighted energies of object " + j);
          assertEquals(sd, out[o + 3], 1e-5, "weighted distances of object " + j);
        }
      }
    }
  }

  static double minkowski(double[] a, int ao, double[] b, int bo) {
    return a[ao] * b[bo] - a[ao + 1] * b[bo + 1] - a[ao + 2] * b[bo + 2] - a[ao + 3] * b[bo + 3];
  }
}
