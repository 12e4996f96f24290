package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nphunt.model.ConvTransformerFixtures.N;
import static org.nphunt.model.ConvTransformerFixtures.S;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.kernel.FastMath;
import org.nphunt.kernel.Kernels;
import org.nphunt.kernel.TransformerNet;
import org.nphunt.kernel.TransformerOps;
import org.nphunt.kernel.TransformerTraining;
import org.nphunt.model.ConvTransformerFixtures.Batch;
import org.nphunt.random.Seeds;

/**
 * The transformer on nphunt's kernels ({@link TransformerNet}) against the DJL/libtorch block it reads its
 * parameters from: same reconstructions within 1e-5 (relative to the output scale) on a freshly initialised
 * block with random parameters everywhere, and on a block trained by Adam; vector and scalar kernels give
 * the same bits; an event's reconstruction does not depend on the other events of its tile.
 */
class TransformerKernelNetTest {
  /** Largest |a - b| over the largest |a|. */
  private static double relative(float[] want, float[] got) {
    assertEquals(want.length, got.length);
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < want.length; i++) {
      scale = Math.max(scale, Math.abs(want[i]));
      diff = Math.max(diff, Math.abs(want[i] - got[i]));
    }
    assertTrue(scale > 0, "all outputs are zero");
    return diff / scale;
  }

  private static float[] kernelForward(TransformerNet net, Kernels k, Batch data) {
    float[] out = new float[data.n() * N];
    TransformerNet.Tile t = net.tile(TransformerNet.TILE);
    for (int e = 0; e < data.n(); e += TransformerNet.TILE) {
      int n = Math.min(TransformerNet.TILE, data.n() - e);
      net.forward(k, t, data.x(), data.mask(), e, n, out, e);
    }
    return out;
  }

  /** Every parameter (gammas, betas and biases included) to random values of unit-ish scale. */
  private static void randomise(TransformerAutoencoder block, long seed) {
    SplittableRandom r = Seeds.random(seed, "parameters");
    for (Map.Entry<String, Parameter> e : block.namedParameters().entrySet()) {
      float[] v = e.getValue().getArray().toFloatArray();
      boolean gamma = e.getKey().endsWith("gamma");
      for (int i = 0; i < v.length; i++) {
        double g = r.nextGaussian();
        v[i] = (float) (gamma ? 1 + 0.3 * g : e.getKey().endsWith("weight") ? 0.3 * g : 0.5 * g);
      }
      e.getValue().getArray().set(v);
    }
  }

  @Test
  void namesMatchTheKernelNetsParameterList() {
    try (NDManager m = NDManager.newBaseManager()) {
      TransformerAutoencoder block = new TransformerAutoencoder(TransformerAeConfig.defaults());
      ConvTransformerFixtures.initialise(block, m, 4, 1);
      TransformerAeConfig c = block.config();
      assertEquals(TransformerNet.parameterSizes(c.embedDim(), c.ffDim(), c.latentDim(), c.encoderLayers(),
          c.decoderLayers()).keySet().stream().sorted().toList(),
          block.namedParameters().keySet().stream().sorted().toList());
      assertEquals(36299, block.kernelNet().parameters());
    }
  }

  @Test
  void randomParametersGiveTheDjlReconstruction() {
    Batch data = ConvTransformerFixtures.structured(5, 37);
    for (TransformerAeConfig c : new TransformerAeConfig[] {TransformerAeConfig.defaults(),
        new TransformerAeConfig(5, 24, 3, 1, 0, 40, 0.0)}) {
      try (NDManager m = NDManager.newBaseManager()) {
        TransformerAutoencoder block = new TransformerAutoencoder(c);
        ConvTransformerFixtures.initialise(block, m, data.n(), 3);
        randomise(block, 7);
        float[] want = ConvTransformerFixtures.forward(block, m, data.on(m), false);
        TransformerNet net = block.kernelNet();
        float[] got = kernelForward(net, Kernels.get(), data);
        double rel = relative(want, got);
        assertTrue(rel < 1e-5, c + ": relative difference " + rel);
        assertArrayEquals(got, kernelForward(net, Kernels.scalar(), data), "vector vs scalar kernels");
      }
    }
  }

  /**
   * The backward pass with the vector ops and kernels gives the scalar bits (LayerNorm, softmax and GELU
   * backward, the flushed q/k/v adds, the attention's weight-gradient products): every gradient of a
   * batch of 70 events (three slices, one partial), plain and masked loss, on the default shape and on
   * d = 24 with 3 heads (padded rows).
   */
  @Test
  void vectorAndScalarTrainingGiveTheSameGradients() {
    Batch data = ConvTransformerFixtures.structured(13, 70);
    for (TransformerAeConfig c : new TransformerAeConfig[] {TransformerAeConfig.defaults(),
        new TransformerAeConfig(5, 24, 3, 1, 1, 40, 0.0)}) {
      try (NDManager m = NDManager.newBaseManager()) {
        TransformerAutoencoder block = new TransformerAutoencoder(c);
        ConvTransformerFixtures.initialise(block, m, data.n(), 3);
        randomise(block, 5);
        for (boolean masked : new boolean[] {false, true}) {
          try (TransformerTraining vector = new TransformerTraining(block.kernelNet(), Kernels.vector(), masked, 2);
              TransformerTraining scalar = new TransformerTraining(block.kernelNet(), Kernels.scalar(), masked, 1)) {
            assertEquals(scalar.gradients(data.x(), data.mask(), data.n()),
                vector.gradients(data.x(), data.mask(), data.n()));
            for (int i = 0; i < scalar.names().size(); i++) {
              assertArrayEquals(scalar.gradient(i), vector.gradient(i), c + ", masked " + masked + ": "
                  + scalar.names().get(i));
            }
          }
        }
      }
    }
  }

  @Test
  void trainedBlockGivesTheDjlReconstruction() {
    Batch data = ConvTransformerFixtures.structured(21, 48);
    TransformerAutoencoder block = new TransformerAutoencoder(new TransformerAeConfig(4, 16, 2, 1, 1, 32, 0.0));
    float[] losses = ConvTransformerFixtures.train(block, data, 30, 1e-2f, 4, b -> {
      try (NDManager m = NDManager.newBaseManager()) {
        float[] want = ConvTransformerFixtures.forward(block, m, data.on(m), false);
        float[] got = kernelForward(block.kernelNet(), Kernels.get(), data);
        double rel = relative(want, got);
        assertTrue(rel < 1e-5, "relative difference " + rel);
      }
    });
    assertTrue(losses[30] < 0.8 * losses[0], "training moved the weights: " + losses[0] + " -> " + losses[30]);
  }

  @Test
  void anEventsReconstructionDoesNotDependOnItsTile() {
    Batch data = ConvTransformerFixtures.structured(9, 20);
    try (NDManager m = NDManager.newBaseManager()) {
      TransformerAutoencoder block = new TransformerAutoencoder(TransformerAeConfig.defaults());
      ConvTransformerFixtures.initialise(block, m, 4, 2);
      TransformerNet net = block.kernelNet();
      float[] all = kernelForward(net, Kernels.get(), data);
      TransformerNet.Tile t = net.tile(1);
      for (int e = 0; e < data.n(); e++) {
        float[] one = new float[N];
        net.forward(Kernels.get(), t, data.x(), data.mask(), e, 1, one, 0);
        float[] expected = new float[N];
        System.arraycopy(all, e * N, expected, 0, N);
        assertArrayEquals(expected, one, "event " + e);
      }
    }
  }

  @Test
  void erfAndGeluMatchDoublePrecision() {
    // erf(x) by its Maclaurin series in double (converges for |x| <= 4 with enough terms), and GELU from it
    for (double x = -6; x <= 6; x += 0.01) {
      double want = x > 4 ? 1.0 - 1.5e-8 : x < -4 ? -1.0 + 1.5e-8 : erfSeries(x);
      assertEquals(want, TransformerOps.erf((float) x), 4e-7, "erf(" + x + ")");
      double gelu = 0.5 * (float) x * (1 + erfSeries((float) x / Math.sqrt(2)));
      assertEquals(gelu, TransformerOps.gelu((float) x), 4e-7 * Math.max(1, Math.abs(x)), "gelu(" + x + ")");
    }
    assertEquals(0f, TransformerOps.gelu(0f));
    assertEquals(0f, TransformerOps.erf(0f));
  }

  @Test
  void expMatchesDoublePrecisionOnTheSoftmaxRange() {
    double worst = 0;
    for (double x = -87.2; x <= 0; x += 0.0037) {
      double want = Math.exp((float) x);
      worst = Math.max(worst, Math.abs(TransformerOps.exp((float) x) - want) / want);
    }
    assertTrue(worst < 3e-7, "relative error " + worst);
    assertEquals(1f, TransformerOps.exp(0f));
    assertEquals(0f, TransformerOps.exp(-1e9f));
    float[] row = new float[16];
    System.arraycopy(new float[] {1f, 2f, 3f, -1e9f}, 0, row, 0, 4);
    TransformerOps.SCALAR.softmax(row, 0, 1, 16, 4);
    double z = Math.exp(-2) + Math.exp(-1) + 1;
    assertEquals(Math.exp(-2) / z, row[0], 1e-7);
    assertEquals(1 / z, row[2], 1e-7);
    assertEquals(0f, row[3]);
  }

  @Test
  void vectorOpsGiveTheScalarBits() {
    TransformerOps v = TransformerOps.of(Kernels.vector());
    SplittableRandom r = new SplittableRandom(5);
    float[] a = new float[4096];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (i % 7 == 0 ? -100 * r.nextDouble() : 6 * r.nextGaussian());
    }
    float[] gs = new float[a.length];
    float[] gv = new float[a.length];
    TransformerOps.SCALAR.gelu(a, gs, a.length);
    v.gelu(a, gv, a.length);
    assertArrayEquals(gs, gv);
    float[] es = a.clone();
    float[] ev = a.clone();
    TransformerOps.SCALAR.softmax(es, 16, a.length / 32 - 1, 32, 32);
    v.softmax(ev, 16, a.length / 32 - 1, 32, 32);
    assertArrayEquals(es, ev);
  }

  /**
   * The row ops of the attention and LayerNorm (softmax and its backward over 1..19 keys at a row stride of
   * 32, the flushed gradient adds, LayerNorm and its backward over d = 32 and over d = 24 padded to 32): the
   * vector ops give the scalar bits, padding columns stay 0, and the LayerNorm matches a double-precision
   * evaluation.
   */
  @Test
  void attentionAndLayerNormOpsGiveTheScalarBits() {
    TransformerOps v = TransformerOps.of(Kernels.vector());
    SplittableRandom r = new SplittableRandom(17);
    int rows = 19;
    int stride = 32;
    for (int n = 1; n <= 19; n++) {
      float[] a = new float[rows * stride];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (i % 11 == 0 ? -40 * r.nextDouble() : 3 * r.nextGaussian());
      }
      float[] ps = a.clone();
      float[] pv = a.clone();
      TransformerOps.SCALAR.softmax(ps, 0, rows, stride, n);
      v.softmax(pv, 0, rows, stride, n);
      assertArrayEquals(ps, pv, "softmax over " + n);
      for (int i = 0; i < rows; i++) {
        double sum = 0;
        for (int j = 0; j < Kernels.pad(n); j++) {
          sum += ps[i * stride + j];
          if (j >= n) {
            assertEquals(0f, ps[i * stride + j]);
          }
        }
        assertEquals(1.0, sum, 1e-6);
      }
      float[] dp = new float[rows * stride];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < n; j++) {
          dp[i * stride + j] = (float) r.nextGaussian();
        }
      }
      float[] ds = dp.clone();
      float[] dv = dp.clone();
      TransformerOps.SCALAR.softmaxBackward(ps, 0, ds, 0, n, stride, n);
      v.softmaxBackward(ps, 0, dv, 0, n, stride, n);
      assertArrayEquals(ds, dv, "softmax backward over " + n);
      for (int i = 0; i < n; i++) {
        double dot = 0;
        for (int j = 0; j < n; j++) {
          dot += (double) ps[i * stride + j] * dp[i * stride + j];
        }
        for (int j = 0; j < n; j++) {
          assertEquals(ps[i * stride + j] * (dp[i * stride + j] - dot), ds[i * stride + j], 1e-6);
        }
      }
    }
    // addFlushed: rows of 16 (8 used) into columns 8..15 of rows of 40, tiny products flushed to +0
    float[] src = new float[rows * 16];
    float[] dst = new float[rows * 40 + 16];
    for (int i = 0; i < rows; i++) {
      for (int c = 0; c < 8; c++) {
        src[i * 16 + c] = (float) (c == 3 ? 1e-31 * r.nextGaussian() : r.nextGaussian());
      }
    }
    float[] as = dst.clone();
    float[] av = dst.clone();
    TransformerOps.SCALAR.addFlushed(src, rows, 16, 0.35f, as, 8, 40);
    v.addFlushed(src, rows, 16, 0.35f, av, 8, 40);
    assertArrayEquals(as, av, "addFlushed");
    for (int i = 0; i < rows; i++) {
      for (int c = 0; c < 40; c++) {
        float want = c >= 8 && c < 16 ? FastMath.flushTiny(src[i * 16 + c - 8] * 0.35f) : 0f;
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(as[i * 40 + c]),
            "row " + i + ", column " + c);
      }
    }
    for (int d : new int[] {32, 24}) {
      int dp = 32;
      float[] x = new float[rows * dp];
      float[] dy = new float[rows * dp];
      float[] gamma = new float[dp];
      float[] beta = new float[dp];
      float[] mask = new float[dp];
      for (int c = 0; c < d; c++) {
        gamma[c] = (float) (1 + 0.3 * r.nextGaussian());
        beta[c] = (float) (0.5 * r.nextGaussian());
        mask[c] = 1f;
      }
      for (int i = 0; i < rows; i++) {
        for (int c = 0; c < d; c++) {
          x[i * dp + c] = (float) (2 + 3 * r.nextGaussian());
          dy[i * dp + c] = (float) r.nextGaussian();
        }
      }
      float[][] outs = new float[2][rows * dp];
      float[][] means = new float[2][rows];
      float[][] rstds = new float[2][rows];
      float[][] dxs = new float[2][rows * dp];
      float[][] gg = new float[2][dp];
      float[][] gb = new float[2][dp];
      TransformerOps[] both = {TransformerOps.SCALAR, v};
      for (int k = 0; k < 2; k++) {
        both[k].layerNorm(x, rows, d, dp, gamma, beta, mask, TransformerNet.LN_EPS, outs[k], means[k], rstds[k]);
        both[k].layerNormBackward(x, means[k], rstds[k], gamma, mask, dy, rows, d, dp, dxs[k], gg[k], gb[k]);
      }
      assertArrayEquals(outs[0], outs[1], "LayerNorm, d " + d);
      assertArrayEquals(means[0], means[1]);
      assertArrayEquals(rstds[0], rstds[1]);
      assertArrayEquals(dxs[0], dxs[1], "LayerNorm backward, d " + d);
      assertArrayEquals(gg[0], gg[1]);
      assertArrayEquals(gb[0], gb[1]);
      for (int i = 0; i < rows; i++) {
        double m = 0;
        for (int c = 0; c < d; c++) {
          m += x[i * dp + c];
        }
        m /= d;
        double var = 0;
        for (int c = 0; c < d; c++) {
          var += (x[i * dp + c] - m) * (x[i * dp + c] - m);
        }
        double rs = 1 / Math.sqrt(var / d + TransformerNet.LN_EPS);
        for (int c = 0; c < dp; c++) {
          double want = c < d ? (x[i * dp + c] - m) * rs * gamma[c] + beta[c] : 0;
          assertEquals(want, outs[0][i * dp + c], 2e-6, "row " + i + ", column " + c);
          if (c >= d) {
            assertEquals(0f, dxs[0][i * dp + c]);
          }
        }
      }
    }
  }

  /**
   * The softmax's cut: weights below 2^-40 of the row's largest are 0, the rest exp(x - max) / sum (the sum
   * rounds to 1 here).
   */
  @Test
  void softmaxDropsWeightsBelowTwoToTheMinus40() {
    float[] row = new float[16];
    row[0] = 0f;
    row[1] = -27.6f;
    row[2] = -27.9f;
    row[3] = -60f;
    TransformerOps.SCALAR.softmax(row, 0, 1, 16, 4);
    assertEquals(1f, row[0]);
    assertEquals(TransformerOps.exp(-27.6f), row[1]);
    assertTrue(row[1] > 1e-12f && row[1] < 1.1e-12f, "exp(-27.6) = " + row[1]);
    assertEquals(0f, row[2]);
    assertEquals(0f, row[3]);
    float[] v = new float[16];
    System.arraycopy(new float[] {0f, -27.6f, -27.9f, -60f}, 0, v, 0, 4);
    TransformerOps.of(Kernels.vector()).softmax(v, 0, 1, 16, 4);
    assertArrayEquals(row, v);
    // a row whose dropped weights are all that is left besides the max: the sum is 1 exactly
    float[] soft = new float[16];
    for (int i = 1; i < 16; i++) {
      soft[i] = -30f - i;
    }
    TransformerOps.SCALAR.softmax(soft, 0, 1, 16, 16);
    assertEquals(1f, soft[0]);
  }

  /**
   * GELU's backward flushes tiny products to zero (the transformer's epoch-time growth, BENCHMARKS.md):
   * pre-activations near -12 with gradients ~1e-4 give products below FastMath.GRADIENT_FLOOR (2^-100);
   * those (and zeros of either sign) become +0, every other product is exactly g * gelu'(x), and the
   * vector ops give the scalar bits.
   */
  @Test
  void geluBackwardFlushesTinyGradientsWithTheScalarBits() {
    TransformerOps v = TransformerOps.of(Kernels.vector());
    SplittableRandom r = new SplittableRandom(11);
    int n = 4096;
    float[] x = new float[n];
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (i % 2 == 0 ? -10 - 3.3 * r.nextDouble() : 4 * r.nextGaussian());
      g[i] = (float) (1e-4 * r.nextGaussian());
    }
    float[] gs = g.clone();
    float[] gv = g.clone();
    TransformerOps.SCALAR.geluBackward(x, gs, n);
    v.geluBackward(x, gv, n);
    assertArrayEquals(gs, gv);
    int flushed = 0;
    int subnormal = 0;
    for (int i = 0; i < n; i++) {
      float exact = g[i] * TransformerOps.geluDerivative(x[i]);
      if (Math.abs(exact) < 0x1p-100f) {
        flushed += exact != 0 ? 1 : 0;
        subnormal += exact != 0 && Math.abs(exact) < Float.MIN_NORMAL ? 1 : 0;
        assertEquals(0, Float.floatToRawIntBits(gs[i]), "tiny product at " + i + " not flushed to +0");
      } else {
        assertEquals(exact, gs[i], "product at " + i);
      }
    }
    assertTrue(flushed > 100 && subnormal > 10, "the inputs must reach the range, flushed " + flushed
        + ", subnormal " + subnormal);
    assertEquals(0f, FastMath.flushTiny(Float.MIN_VALUE));
    assertEquals(0f, FastMath.flushTiny(-0x1p-101f));
    assertEquals(0x1p-100f, FastMath.flushTiny(0x1p-100f));
    assertEquals(-1.5f, FastMath.flushTiny(-1.5f));
  }

  /** erf by its Taylor series, 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1)), for |x| <= 6. */
  private static double erfSeries(double x) {
    if (Math.abs(x) > 4.5) {
      return Math.signum(x);
    }
    double term = x;
    double sum = x;
    for (int n = 1; n < 200; n++) {
      term *= -x * x / n;
      sum += term / (2 * n + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }
}
