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
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.data.EventBatch;
import org.nphunt.kernel.Kernels;
import org.nphunt.model.ConvAeConfig;
import org.nphunt.model.ConvAutoencoder;
import org.nphunt.model.TorchRuntime;
import org.nphunt.testing.TestEvents;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The conv autoencoder's Java pass ({@link org.nphunt.kernel.ConvAutoencoderNet} through
 * {@link JavaForward}) against the DJL/libtorch forward of the same block: random weights and random
 * inputs (default and odd-sized configurations, so channel counts that are not multiples of 16 are
 * covered), a trained model's reconstructions and scores, and bit-identical scores for any thread count.
 */
class ConvForwardTest {
  /** Random inputs: standard-normal values, about a third of the slots empty (exact zeros). */
  private static float[][] inputs(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * 57];
    float[] mask = new float[n * 19];
    for (int e = 0; e < n; e++) {
      for (int s = 0; s < 19; s++) {
        boolean real = s == 0 || r.nextDouble() < 0.65;
        mask[e * 19 + s] = real ? 1f : 0f;
        for (int f = 0; f < 3; f++) {
          x[e * 57 + 3 * s + f] = real ? (float) r.nextGaussian() : 0f;
        }
      }
    }
    return new float[][] {x, mask};
  }

  private static float[] djl(Block block, NDManager m, float[][] in, int n) {
    try (NDManager s = m.newSubManager()) {
      NDList list = new NDList(s.create(in[0], new Shape(n, 57)), s.create(in[1], new Shape(n, 19)));
      return block.forward(new ParameterStore(s, false), list, false).head().toFloatArray();
    }
  }

  /**
   * Largest |java - djl| relative to max(|djl|, rms(djl)): an output near 0 is a cancellation of terms of
   * the outputs' typical size, so its float32 rounding is relative to that size, not to itself.
   */
  private static double worst(float[] djl, float[] java) {
    double rms = 0;
    for (float v : djl) {
      rms += (double) v * v;
    }
    rms = Math.sqrt(rms / djl.length);
    double worst = 0;
    for (int i = 0; i < djl.length; i++) {
      worst = Math.max(worst, Math.abs(java[i] - djl[i]) / Math.max(Math.abs(djl[i]), rms));
    }
    return worst;
  }

  /** Largest |got - exact| over the outputs. */
  private static double maxError(float[] got, double[] exact) {
    double w = 0;
    for (int i = 0; i < got.length; i++) {
      w = Math.max(w, Math.abs(got[i] - exact[i]));
    }
    return w;
  }

  private static double[] values(ai.djl.nn.AbstractBlock b, String name) {
    float[] f = b.getParameters().get(name).getArray().toFloatArray();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /**
   * The block's forward in double precision, written from its documentation with direct loops on
   * (channel, row, column) images: the truth both float32 passes are measured against.
   */
  static double[] exact(ConvAutoencoder block, float[] x, int n) {
    ConvAeConfig c = block.config();
    List<ai.djl.nn.AbstractBlock> l = block.layers();
    double slope = c.negativeSlope();
    double[] out = new double[n * 57];
    for (int e = 0; e < n; e++) {
      double[][][] img = new double[1][19][3];
      for (int i = 0; i < 57; i++) {
        img[0][i / 3][i % 3] = x[e * 57 + i];
      }
      img = pool(act(conv(img, l.get(0), 3, 3), slope));
      img = pool(act(conv(img, l.get(1), 3, 1), slope));
      double[] flat = new double[img.length * 9];
      for (int ch = 0; ch < img.length; ch++) {
        for (int p = 0; p < 9; p++) {
          flat[ch * 9 + p] = img[ch][p / 3][p % 3];
        }
      }
      double[] z = linear(flat, l.get(2));
      double[] u = linear(z, l.get(3));
      double[][][] up = new double[c.filters2()][3][3];
      for (int i = 0; i < u.length; i++) {
        up[i / 9][(i % 9) / 3][i % 3] = u[i] > 0 ? u[i] : slope * u[i];
      }
      img = act(conv(upsample(up, 7), l.get(4), 3, 3), slope);
      img = conv(upsample(img, 19), l.get(5), 3, 3);
      for (int i = 0; i < 57; i++) {
        out[e * 57 + i] = img[0][i / 3][i % 3];
      }
    }
    return out;
  }

  private static double[][][] conv(double[][][] in, ai.djl.nn.AbstractBlock layer, int kh, int kw) {
    double[] w = values(layer, "weight");
    double[] b = values(layer, "bias");
    int cout = b.length;
    int cin = in.length;
    int h = in[0].length;
    double[][][] out = new double[cout][h][3];
    for (int o = 0; o < cout; o++) {
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < 3; xx++) {
          double s = b[o];
          for (int ci = 0; ci < cin; ci++) {
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int yy = y + ky - kh / 2;
                int xs = xx + kx - kw / 2;
                if (yy >= 0 && yy < h && xs >= 0 && xs < 3) {
                  s += w[((o * cin + ci) * kh + ky) * kw + kx] * in[ci][yy][xs];
                }
              }
            }
          }
          out[o][y][xx] = s;
        }
      }
    }
    return out;
  }

  private static double[][][] act(double[][][] a, double slope) {
    for (double[][] ch : a) {
      for (double[] row : ch) {
        for (int i = 0; i < row.length; i++) {
          row[i] = row[i] > 0 ? row[i] : slope * row[i];
        }
      }
    }
    return a;
  }

  /** Average pool (3,1), stride (3,1), one zero row of padding each side, divisor 3. */
  private static double[][][] pool(double[][][] a) {
    int h = a[0].length;
    int ho = (h + 2 - 3) / 3 + 1;
    double[][][] out = new double[a.length][ho][3];
    for (int ch = 0; ch < a.length; ch++) {
      for (int r = 0; r < ho; r++) {
        for (int xx = 0; xx < 3; xx++) {
          double s = 0;
          for (int y = 3 * r - 1; y <= 3 * r + 1; y++) {
            s += y >= 0 && y < h ? a[ch][y][xx] : 0;
          }
          out[ch][r][xx] = s / 3;
        }
      }
    }
    return out;
  }

  /** Rows repeated x3, then rows 1 .. rows of the result. */
  private static double[][][] upsample(double[][][] a, int rows) {
    double[][][] out = new double[a.length][rows][];
    for (int ch = 0; ch < a.length; ch++) {
      for (int j = 0; j < rows; j++) {
        out[ch][j] = a[ch][(j + 1) / 3].clone();
      }
    }
    return out;
  }

  private static double[] linear(double[] in, ai.djl.nn.AbstractBlock layer) {
    double[] w = values(layer, "weight");
    double[] b = values(layer, "bias");
    double[] out = new double[b.length];
    for (int o = 0; o < b.length; o++) {
      double s = b[o];
      for (int i = 0; i < in.length; i++) {
        s += w[o * in.length + i] * in[i];
      }
      out[o] = s;
    }
    return out;
  }

  @Test
  void randomNetworksAgreeWithDjlWithin1e5Relative() {
    TorchRuntime.init();
    int n = 150;
    float[][] in = inputs(n, 5);
    for (ConvAeConfig cfg : List.of(ConvAeConfig.defaults(), new ConvAeConfig(5, 7, 20, 0.25))) {
      try (NDManager m = NDManager.newBaseManager()) {
        Block block = cfg.build();
        block.initialize(m, DataType.FLOAT32, new Shape(n, 57), new Shape(n, 19));
        // non-zero biases too (DJL initialises them to 0): every parameter enters the comparison
        SplittableRandom r = new SplittableRandom(9);
        for (Pair<String, Parameter> p : block.getParameters()) {
          float[] v = p.getValue().getArray().toFloatArray();
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.3);
          }
          p.getValue().getArray().set(v);
        }
        float[] want = djl(block, m, in, n);
        double[] truth = exact((ConvAutoencoder) block, in[0], n);
        double djlError = maxError(want, truth);
        float[] got = new float[n * 57];
        for (Kernels k : kernels()) {
          JavaForward.of(block).with(k).forward(in[0], 0, n, new float[][] {got});
          double w = worst(want, got);
          assertTrue(w < 1e-5, cfg + " " + k.name() + ": worst relative difference " + w);
          // as close to the exact (double) network as libtorch's float32 pass is
          double javaError = maxError(got, truth);
          assertTrue(javaError <= 2 * djlError, cfg + " " + k.name() + ": error " + javaError + ", libtorch's "
              + djlError);
        }
      }
    }
  }

  private static List<Kernels> kernels() {
    return Kernels.vector() == null ? List.of(Kernels.scalar()) : List.of(Kernels.scalar(), Kernels.vector());
  }

  @Test
  void scalarAndVectorKernelsGiveIdenticalBits() {
    TorchRuntime.init();
    int n = 37;
    float[][] in = inputs(n, 8);
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = ConvAeConfig.defaults().build();
      block.initialize(m, DataType.FLOAT32, new Shape(n, 57), new Shape(n, 19));
      float[] a = new float[n * 57];
      float[] b = new float[n * 57];
      JavaForward.of(block).with(Kernels.scalar()).forward(in[0], 0, n, new float[][] {a});
      Kernels v = Kernels.vector() != null ? Kernels.vector() : Kernels.scalar();
      JavaForward.of(block).with(v).forward(in[0], 0, n, new float[][] {b});
      assertArrayEquals(a, b, 0f);
      // and an event's numbers do not depend on its tile: events 5..36 alone
      float[] c = new float[n * 57];
      JavaForward.of(block).with(v).forward(in[0], 5, n, new float[][] {c});
      for (int i = 5 * 57; i < n * 57; i++) {
        assertEquals(b[i], c[i], 0f, "output " + i);
      }
    }
  }

  private static TrainingResult train() {
    TrainingConfig cfg = TrainingConfig.defaults(ConvAeConfig.defaults()).withEpochs(2).withBatchSize(256).withSeed(3)
        .withChunkEvents(700).withPreprocessing(true, false, true);
    return new Trainer(cfg).fit(TestEvents.source(TestEvents.correlated(1500, 1, 0), "train"), null);
  }

  @Test
  void trainedModelScoresAsDjlAndBitIdenticallyForAnyThreadCount() {
    EventBatch test = TestEvents.correlated(3000, 4, 0.2);
    try (TrainingResult r = train()) {
      LoadedModel m = r.model();
      assertEquals(LoadedModel.FUSED_JAVA_KERNELS, m.scoringPath());
      assertFalse(m.scoresThroughLibtorch());
      m.useJavaForward(true);
      LoadedModel.Pass j = m.pass(test);
      m.setScoringThreads(1);
      double[][] one = m.score(test);
      m.useJavaForward(false);
      assertEquals(LoadedModel.DJL_LIBTORCH, m.scoringPath());
      assertTrue(m.scoresThroughLibtorch());
      LoadedModel.Pass d = m.pass(test);
      double[][] ref = m.score(test);
      double w = worst(d.outputs()[0], j.outputs()[0]);
      assertTrue(w < 1e-5, "reconstruction: worst relative difference " + w);
      for (int i = 0; i < one.length; i++) {
        for (int e = 0; e < test.size(); e++) {
          // sums of squared differences of reconstructions agreeing to ~1e-6: the same to ~1e-5 of the score
          assertEquals(ref[i][e], one[i][e], 2e-5 * Math.abs(ref[i][e]) + 1e-9, m.scoreNames().get(i) + " event " + e);
        }
      }
      m.useJavaForward(true);
      for (int t : new int[] {2, 3}) {
        m.setScoringThreads(t);
        double[][] many = m.score(test);
        for (int i = 0; i < one.length; i++) {
          assertArrayEquals(one[i], many[i], 0.0, m.scoreNames().get(i) + ", " + t + " threads");
        }
      }
      double[][] single = m.score(test.slice(1234, 1));
      for (int i = 0; i < one.length; i++) {
        assertEquals(one[i][1234], single[i][0], 0.0, m.scoreNames().get(i));
      }
    }
  }
}
