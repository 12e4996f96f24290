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
import org.nphunt.model.DecorrelatedBlock;

/** The decorrelation terms: distance correlation against its definition, cross entropy, gradient reversal. */
class MassDecorrelationTest {

  /** dCor^2 from the definition (Szekely, Rizzo, Bakirov 2007), double precision, V-statistics. */
  static double distanceCorrelation(double[] x, double[] y) {
    double[][] a = centred(x);
    double[][] b = centred(y);
    int n = x.length;
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        xy += a[i][j] * b[i][j];
        xx += a[i][j] * a[i][j];
        yy += b[i][j] * b[i][j];
      }
    }
    return xy / Math.sqrt(xx * yy);
  }

  static double[][] centred(double[] v) {
    int n = v.length;
    double[][] d = new double[n][n];
    double[] row = new double[n];
    double all = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        d[i][j] = Math.abs(v[i] - v[j]);
        row[i] += d[i][j] / n;
        all += d[i][j] / ((double) n * n);
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        d[i][j] = d[i][j] - row[i] - row[j] + all;
      }
    }
    return d;
  }

  static float dcor(NDManager m, double[] x, double[] y) {
    float[] xf = new float[x.length];
    float[] yf = new float[y.length];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) x[i];
      yf[i] = (float) y[i];
    }
    return MassDecorrelation.distanceCorrelation(m.create(xf), m.create(yf)).getFloat();
  }

  @Test
  void distanceCorrelationAgreesWithItsDefinition() {
    SplittableRandom r = new SplittableRandom(2);
    int n = 200;
    double[] x = new double[n];
    double[] indep = new double[n];
    double[] linear = new double[n];
    double[] square = new double[n];
    double[] noisy = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian();
      indep[i] = r.nextGaussian();
      linear[i] = 3 - 2 * x[i];
      square[i] = x[i] * x[i];
      noisy[i] = x[i] + r.nextGaussian();
    }
    try (NDManager m = NDManager.newBaseManager()) {
      for (double[] y : new double[][] {indep, linear, square, noisy}) {
        assertEquals(distanceCorrelation(x, y), dcor(m, x, y), 2e-5);
      }
      // a linear relation has dCor 1; x^2 of a symmetric x has Pearson 0 but dCor > 0; independence ~ 0
      assertEquals(1.0, dcor(m, x, linear), 1e-5);
      assertTrue(dcor(m, x, square) > 0.1 && dcor(m, x, indep) < 0.05);
    }
  }

  @Test
  void crossEntropyByHand() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.create(new float[] {0, 0, Float.parseFloat("0.6931472"), 1, 1, 1}, new Shape(2, 3));
      NDArray y = m.create(new float[] {0, 0, 1, 1, 0, 0}, new Shape(2, 3));
      // row 0: p = (1, 1, 2) / 4 -> -log(1/2); row 1: uniform -> -log(1/3); mean
      assertEquals(0.5 * (Math.log(2) + Math.log(3)), MassDecorrelation.crossEntropy(logits, y).getFloat(), 1e-6);
    }
  }

  @Test
  void gradientReversalKeepsTheValueAndFlipsTheGradient() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {0.5f, -1.5f, 2f});
      a.setRequiresGradient(true);
      NDArray out;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        out = DecorrelatedBlock.gradientReversal(a, 3f);
        gc.backward(out.square().sum());
      }
      assertArrayEquals(new float[] {0.5f, -1.5f, 2f}, out.toFloatArray(), 1e-6f);
      // d/da of g(a)^2 = 2 g(a) dg/da = 2 a (-3)
      assertArrayEquals(new float[] {-3f, 9f, -12f}, a.getGradient().toFloatArray(), 1e-5f);
    }
  }
}
