package org.nphunt.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.testing.TestEvents;

/**
 * The kernels' definitions checked by hand on small cases, and the Vector API implementation checked
 * bit for bit against the scalar one (the build's test JVM resolves jdk.incubator.vector).
 */
class KernelsTest {
  private static final Kernels S = Kernels.scalar();

  static Kernels vector() {
    Kernels v = Kernels.vector();
    assertNotNull(v, "the tests run with --add-modules jdk.incubator.vector (pom.xml argLine)");
    return v;
  }

  private static float[] random(SplittableRandom r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  @Test
  void denseLayerByHand() {
    // 2 inputs -> 2 outputs (padded to 16 lanes): W = [[1, 2], [-3, 0.5]], b = [0.25, -1]
    DenseLayer l = new DenseLayer(new float[] {1, 2, -3, 0.5f}, new float[] {0.25f, -1}, 2, 2, true, 0.5f);
    float[] x = {1, 2, /* row 2 */ -1, 0};
    float[] out = new float[2 * l.op()];
    S.dense(x, 0, 2, 2, l.wt(), l.paddedBias(), l.op(), true, 0.5f, out, 0, l.op(), 2);
    // row 1: 0.25 + 1 + 4 = 5.25; -1 - 3 + 1 = -3 -> LeakyReLU -1.5
    assertEquals(5.25f, out[0]);
    assertEquals(-1.5f, out[1]);
    assertEquals(0f, out[2], "padded lanes compute 0");
    // row 2: 0.25 - 1 = -0.75 -> -0.375; -1 + 3 = 2
    assertEquals(-0.375f, out[l.op()]);
    assertEquals(2f, out[l.op() + 1]);
  }

  @Test
  void fusedMultiplyAddsInInputOrder() {
    // 1e8 + 1 - 1e8 in float: fma accumulation in input order gives 0 (1e8 + 1 rounds to 1e8)
    float[] wt = new float[3 * 16];
    wt[0] = 1;
    wt[16] = 1;
    wt[32] = 1;
    float[] x = {1e8f, 1f, -1e8f};
    float[] out = new float[16];
    for (Kernels k : new Kernels[] {S, vector()}) {
      k.dense(x, 0, 3, 3, wt, null, 16, false, 0f, out, 0, 16, 1);
      assertEquals(0f, out[0], k.name());
    }
  }

  @Test
  void denseMatchesBitForBit() {
    SplittableRandom r = new SplittableRandom(1);
    Kernels v = vector();
    for (int op : new int[] {16, 32, 48, 64, 80, 96, 128}) {
      for (int nIn : new int[] {1, 3, 16, 32, 57}) {
        for (int n : new int[] {1, 3, 4, 5, 8, 13, 32}) {
          float[] in = random(r, n * 64, 2);
          float[] wt = random(r, nIn * op, 1);
          float[] b = r.nextBoolean() ? random(r, op, 1) : null;
          boolean act = r.nextBoolean();
          float[] a = new float[n * op + 5];
          float[] c = new float[n * op + 5];
          S.dense(in, 3, 64, nIn, wt, b, op, act, 0.3f, a, 5, op, n);
          v.dense(in, 3, 64, nIn, wt, b, op, act, 0.3f, c, 5, op, n);
          assertArrayEquals(a, c, "op " + op + " nIn " + nIn + " n " + n);
        }
      }
    }
  }

  /** Inputs in the kernels' row layout with zeros outside the real slots. */
  private static float[] rows(SplittableRandom r, int n, int[] bits) {
    float[] x = new float[n * Kernels.ROW];
    for (int e = 0; e < n; e++) {
      bits[e] = 1 | r.nextInt(1 << Kernels.SLOTS);
      for (int s = 0; s < Kernels.SLOTS; s++) {
        if ((bits[e] >> s & 1) != 0) {
          for (int f = 0; f < 3; f++) {
            x[e * Kernels.ROW + 3 * s + f] = (float) r.nextGaussian();
          }
        }
      }
    }
    return x;
  }

  @Test
  void firstLayerEqualsTheDenseLayerOnRealSlotsAndMatchesBitForBit() {
    SplittableRandom r = new SplittableRandom(2);
    Kernels v = vector();
    for (int op : new int[] {16, 32, 48}) {
      for (int n : new int[] {1, 4, 7, 32}) {
        int[] bits = new int[n];
        float[] x = rows(r, n, bits);
        float[] wt = random(r, 57 * op, 1);
        float[] b = random(r, op, 1);
        float[] a = new float[n * op];
        float[] c = new float[n * op];
        S.firstLayer(x, 0, Kernels.ROW, bits, 0, wt, b, op, true, 0.3f, a, 0, op, n);
        v.firstLayer(x, 0, Kernels.ROW, bits, 0, wt, b, op, true, 0.3f, c, 0, op, n);
        assertArrayEquals(a, c, "op " + op + " n " + n);
        // all slots visited = the dense layer over the 57 inputs at their positions (zeros elsewhere)
        int[] all = new int[n];
        java.util.Arrays.fill(all, Kernels.ALL_SLOTS);
        float[] d = new float[n * op];
        v.firstLayer(x, 0, Kernels.ROW, all, 0, wt, b, op, true, 0.3f, d, 0, op, n);
        float[] x57 = new float[n * 57];
        for (int e = 0; e < n; e++) {
          for (int i = 0; i < 57; i++) {
            x57[e * 57 + i] = x[e * Kernels.ROW + Kernels.position(i)];
          }
        }
        float[] dense = new float[n * op];
        S.dense(x57, 0, 57, 57, wt, b, op, true, 0.3f, dense, 0, op, n);
        for (int i = 0; i < dense.length; i++) {
          assertEquals(dense[i], d[i], 0f, "all slots = dense, element " + i);
          assertEquals(dense[i], a[i], 0f, "skipping zero inputs changes nothing, element " + i);
        }
      }
    }
  }

  @Test
  void preprocessingAgreesWithTheStandardizer() {
    EventBatch batch = TestEvents.random(200, 3, false, false);
    for (boolean logPt : new boolean[] {false, true}) {
      double[] mean = new double[57];
      double[] std = new double[57];
      SplittableRandom r = new SplittableRandom(4);
      for (int c = 0; c < 57; c++) {
        mean[c] = r.nextDouble() * 3;
        std[c] = 0.5 + r.nextDouble() * 20;
      }
      Standardizer st = new Standardizer(logPt, mean, std, new long[57]);
      double[] m76 = new double[76];
      double[] inv76 = new double[76];
      for (int c = 0; c < 57; c++) {
        m76[4 * (c / 3) + c % 3] = mean[c];
        inv76[4 * (c / 3) + c % 3] = 1.0 / std[c];
      }
      int n = batch.size();
      float[] x = new float[n * Kernels.ROW];
      float[] cm = new float[n * Kernels.ROW];
      int[] bits = new int[n];
      S.preprocess(batch.particles(), 0, n, m76, inv76, logPt, new double[n * 76], x, cm, bits);
      float[] ref = new float[n * 57];
      float[] mask = new float[n * 19];
      st.apply(batch, 0, n, ref, mask, 0);
      for (int e = 0; e < n; e++) {
        for (int s = 0; s < 19; s++) {
          assertEquals(mask[e * 19 + s] != 0, (bits[e] >> s & 1) != 0, "slot bit " + s);
          for (int f = 0; f < 3; f++) {
            float want = ref[e * 57 + 3 * s + f];
            float got = x[e * Kernels.ROW + 3 * s + f];
            // (v - mean) * (1/std) vs (v - mean) / std in double: the same float but for a rare last bit
            assertEquals(want, got, Math.ulp(want), "event " + e + " slot " + s + " feature " + f);
            assertEquals(mask[e * 19 + s], cm[e * Kernels.ROW + 3 * s + f]);
          }
        }
      }
    }
  }

  @Test
  void reconstructionSumsByDefinitionAndBitForBit() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 37;
    int[] bits = new int[n];
    float[] x = rows(r, n, bits);
    float[] r2 = new float[n * Kernels.ROW];
    float[] cm = new float[n * Kernels.ROW];
    for (int e = 0; e < n; e++) {
      for (int c = 0; c < 57; c++) {
        int p = Kernels.position(c);
        r2[e * Kernels.ROW + p] = (float) r.nextGaussian();
        cm[e * Kernels.ROW + p] = (bits[e] >> (c / 3) & 1);
      }
    }
    double[] a = new double[n * Kernels.SUMS];
    double[] b = new double[n * Kernels.SUMS];
    S.reconstructionSums(x, r2, cm, n, a);
    vector().reconstructionSums(x, r2, cm, n, b);
    assertArrayEquals(a, b);
    for (int e = 0; e < n; e++) {
      double[] type = new double[4];
      double seed = 0;
      double masked = 0;
      for (int c = 0; c < 57; c++) {
        int p = e * Kernels.ROW + Kernels.position(c);
        double d = (double) x[p] - r2[p];
        int t = c < 3 ? 0 : c < 15 ? 1 : c < 27 ? 2 : 3;
        type[t] += d * d;
        seed += cm[p] * (c % 3 == 0 ? Math.abs(d) : d * d);
        masked += cm[p] * d * d;
      }
      for (int t = 0; t < 4; t++) {
        assertEquals(type[t], a[e * 6 + t], 1e-6 * type[t] + 1e-12, "type " + t);
      }
      assertEquals(seed, a[e * 6 + Kernels.SEED], 1e-6 * seed);
      assertEquals(masked, a[e * 6 + Kernels.MASKED], 1e-6 * masked + 1e-12);
    }
  }

  @Test
  void gradientsAndBackwardOpsMatchBitForBit() {
    SplittableRandom r = new SplittableRandom(6);
    Kernels v = vector();
    int n = 21;
    int[] bits = new int[n];
    float[] x = rows(r, n, bits);
    float[] rr = random(r, n * Kernels.ROW, 2);
    float[] cm = random(r, n * Kernels.ROW, 1);
    for (int i = 0; i < cm.length; i++) {
      cm[i] = cm[i] > 0 ? 1 : 0;
    }
    for (boolean masked : new boolean[] {false, true}) {
      float[] g1 = new float[n * Kernels.ROW];
      float[] g2 = new float[n * Kernels.ROW];
      double[] l1 = new double[n];
      double[] l2 = new double[n];
      S.reconstructionGradient(x, rr, cm, n, 0.37f, masked, g1, l1);
      v.reconstructionGradient(x, rr, cm, n, 0.37f, masked, g2, l2);
      assertArrayEquals(g1, g2);
      assertArrayEquals(l1, l2);
      double want = 0;
      for (int c = 0; c < Kernels.ROW; c++) {
        double d = (double) rr[c] - x[c];
        want += (masked ? cm[c] : 1) * d * d;
        assertEquals(0.37f * (rr[c] - x[c]) * (masked ? cm[c] : 1), g1[c], 1e-6f);
      }
      assertEquals(want, l1[0], 1e-6 * want);
    }
    for (int op : new int[] {16, 32, 48, 64}) {
      for (int nIn : new int[] {3, 16, 32, 57}) {
        float[] a = random(r, n * 64, 1);
        float[] d = random(r, n * op, 1);
        float[] gw1 = new float[nIn * op];
        float[] gb1 = new float[op];
        float[] gw2 = new float[nIn * op];
        float[] gb2 = new float[op];
        S.weightGradient(a, 1, 64, nIn, d, 0, op, op, n, gw1, gb1);
        v.weightGradient(a, 1, 64, nIn, d, 0, op, op, n, gw2, gb2);
        assertArrayEquals(gw1, gw2, "weight gradient op " + op + " nIn " + nIn);
        assertArrayEquals(gb1, gb2, "bias gradient op " + op);
        double w00 = 0;
        for (int e = 0; e < n; e++) {
          w00 += (double) a[1 + e * 64] * d[e * op];
        }
        assertEquals(w00, gw1[0], 1e-5);
        float[] p = random(r, n * op, 1);
        float[] h1 = d.clone();
        float[] h2 = d.clone();
        S.leakyBackward(h1, 0, op, p, 0, op, op, 0.3f, n);
        v.leakyBackward(h2, 0, op, p, 0, op, op, 0.3f, n);
        assertArrayEquals(h1, h2);
        assertEquals(p[0] > 0 ? d[0] : d[0] * 0.3f, h1[0]);
      }
    }
    float[] w1 = random(r, 1000, 1);
    float[] g = random(r, 1000, 1);
    float[] m1 = random(r, 1000, 0.1);
    float[] v1 = random(r, 1000, 0.1);
    for (int i = 0; i < 1000; i++) {
      v1[i] = Math.abs(v1[i]);
    }
    float[] w2 = w1.clone();
    float[] m2 = m1.clone();
    float[] v2 = v1.clone();
    S.adam(w1, g, m1, v1, 1000, 1e-4f, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 0.03f, 1e-8f);
    v.adam(w2, g, m2, v2, 1000, 1e-4f, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 0.03f, 1e-8f);
    assertArrayEquals(w1, w2);
    assertArrayEquals(m1, m2);
    assertArrayEquals(v1, v2);
    float[] acc1 = random(r, 999, 1);
    float[] acc2 = acc1.clone();
    S.accumulate(acc1, g, 999);
    v.accumulate(acc2, g, 999);
    assertArrayEquals(acc1, acc2);
  }

  @Test
  void adamStepByHand() {
    // one step from zero moments: m = 0.1 g', v = 0.001 g'^2, step size lr / 0.1, c2 = sqrt(0.001):
    // w -= lr / 0.1 * 0.1 g' / (sqrt(0.001) |g'| / sqrt(0.001) + eps) = lr * sign(g') (up to eps)
    float[] w = {1f, -2f};
    float[] g = {0.5f, -0.25f};
    float[] m = new float[2];
    float[] v = new float[2];
    S.adam(w, g, m, v, 2, 0f, 0.9f, 0.1f, 0.999f, 0.001f, (float) (1e-3 / 0.1), (float) Math.sqrt(0.001), 1e-8f);
    assertEquals(1f - 1e-3f, w[0], 1e-7f);
    assertEquals(-2f + 1e-3f, w[1], 1e-7f);
    assertEquals(0.05f, m[0], 1e-9f);
  }

  /**
   * A weight without gradient under coupled L2 decays geometrically; Adam flushes it to +0 once below
   * FastMath.GRADIENT_FLOOR (and subnormal moments to +0) instead of letting it pass through the
   * subnormal range, with the same bits from the scalar and the vector kernels.
   */
  @Test
  void adamFlushesDecayedWeightsAndSubnormalMoments() {
    Kernels vk = Kernels.vector();
    int len = 35;
    float[][] ws = new float[2][len];
    float[][] ms = new float[2][len];
    float[][] vs = new float[2][len];
    float[] g = new float[len];
    for (int j = 0; j < 2; j++) {
      for (int i = 0; i < len; i++) {
        ws[j][i] = i % 2 == 0 ? 0x1p-99f * (1 + i) : 0.5f;
      }
    }
    boolean sawFlush = false;
    for (int t = 1; t <= 60; t++) {
      float b1 = (float) (1 - Math.pow(0.9, t));
      float c2 = (float) Math.sqrt(1 - Math.pow(0.999, t));
      S.adam(ws[0], g, ms[0], vs[0], len, 1e-6f, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f / b1, c2, 1e-8f);
      vk.adam(ws[1], g, ms[1], vs[1], len, 1e-6f, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f / b1, c2, 1e-8f);
      assertArrayEquals(ws[0], ws[1]);
      assertArrayEquals(ms[0], ms[1]);
      assertArrayEquals(vs[0], vs[1]);
      for (int i = 0; i < len; i++) {
        float w = ws[0][i];
        org.junit.jupiter.api.Assertions.assertTrue(w == 0 || Math.abs(w) >= 0x1p-100f, "weight " + i + " = " + w);
        org.junit.jupiter.api.Assertions.assertTrue(ms[0][i] == 0 || Math.abs(ms[0][i]) >= Float.MIN_NORMAL);
        org.junit.jupiter.api.Assertions.assertTrue(vs[0][i] == 0 || vs[0][i] >= Float.MIN_NORMAL);
        sawFlush |= i % 2 == 0 && w == 0;
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(sawFlush, "the tiny weights must decay to the floor");
    org.junit.jupiter.api.Assertions.assertTrue(ws[0][1] > 0.4f, "an ordinary weight decays slowly: " + ws[0][1]);
  }

  @Test
  void rowSumIsTheDocumentedTree() {
    double[] t = new double[Kernels.ROW];
    for (int c = 0; c < t.length; c++) {
      t[c] = Math.scalb(1.0, -c); // distinct magnitudes make the order visible in the last bits
    }
    double[] p = new double[8];
    for (int j = 0; j < 8; j++) {
      for (int g = 0; g < Kernels.ROW / 8; g++) {
        p[j] += t[8 * g + j];
      }
    }
    double want = ((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7]));
    assertEquals(want, Kernels.rowSum(t, 0), 0.0);
    assertEquals(Adc2021.INPUTS, 57);
  }
}
