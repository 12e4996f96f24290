package org.nphunt.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The conv autoencoder's kernels ({@link Kernels#avgPool3Rows}, {@link Kernels#avgPool3RowsBackward},
 * {@link Kernels#leakyBackwardLanes}, {@link Kernels#addRuns}) by hand and, bit for bit, Vector API against scalar; and the folded
 * bands of {@link FoldedConvolution} against the whole folded layer they cut up.
 */
class ConvKernelsTest {
  private static final Kernels S = Kernels.scalar();

  private static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return a;
  }

  @Test
  void poolByHand() {
    // one image of 4 rows of 16 lanes, pooled to 2 rows: row 0 = (0 + r0 + r1) / 3, row 1 = (0 + r2 + r3 + [r4]) / 3
    int row = 16;
    float[] src = new float[4 * row];
    for (int h = 0; h < 4; h++) {
      for (int c = 0; c < row; c++) {
        src[h * row + c] = h + 1 + c;
      }
    }
    for (Kernels k : new Kernels[] {S, KernelsTest.vector()}) {
      float[] dst = new float[2 * row];
      k.avgPool3Rows(src, 4, dst, 2, row, 1);
      assertEquals((1f + 2f) / 3f, dst[0], k.name());
      assertEquals(((0f + 3f + 1f) + (4f + 1f)) / 3f, dst[row + 1], k.name());
      float[] g = new float[2 * row];
      g[0] = 3f;
      g[row] = -6f;
      float[] post = new float[4 * row];
      post[0] = 1f;
      post[row] = -1f;
      post[2 * row] = 2f;
      post[3 * row] = 0f;
      float[] back = new float[4 * row];
      k.avgPool3RowsBackward(g, 4, 2, row, post, 0.1f, back, 1);
      assertEquals(1f, back[0], k.name());
      assertEquals(0.1f, back[row], k.name());
      assertEquals(-2f, back[2 * row], k.name());
      assertEquals(-2f * 0.1f, back[3 * row], k.name());
    }
  }

  @Test
  void vectorEqualsScalarBitForBit() {
    SplittableRandom r = new SplittableRandom(17);
    Kernels v = KernelsTest.vector();
    for (int[] shape : new int[][] {{19, 7, 48}, {7, 3, 96}, {4, 2, 16}, {1, 1, 32}}) {
      int h = shape[0];
      int ho = shape[1];
      int row = shape[2];
      int n = 5;
      float[] src = random(r, n * h * row);
      float[] a = new float[n * ho * row];
      float[] b = new float[n * ho * row];
      S.avgPool3Rows(src, h, a, ho, row, n);
      v.avgPool3Rows(src, h, b, ho, row, n);
      assertArrayEquals(a, b);
      float[] g = random(r, n * ho * row);
      float[] post = random(r, n * h * row);
      post[3] = Float.NaN;
      post[5] = 0f;
      post[6] = -0f;
      float[] c = new float[n * h * row];
      float[] d = new float[n * h * row];
      S.avgPool3RowsBackward(g, h, ho, row, post, 0.1f, c, n);
      v.avgPool3RowsBackward(g, h, ho, row, post, 0.1f, d, n);
      assertArrayEquals(c, d);
      float[] g1 = random(r, n * row + 7);
      float[] g2 = g1.clone();
      float[] g3 = g1.clone();
      S.leakyBackward(g1, 7, row, post, 0, row, row, 0.1f, n);
      S.leakyBackwardLanes(g2, 7, row, post, 0, row, row, 0.1f, n);
      v.leakyBackwardLanes(g3, 7, row, post, 0, row, row, 0.1f, n);
      assertArrayEquals(g1, g2);
      assertArrayEquals(g1, g3);
    }
  }

  @Test
  void addRunsByHandAndVectorEqualsScalar() {
    float[] acc = {1, 2, 3, 4, 5, 6};
    float[] add = {10, 20, 30, 40, 50, 60};
    S.addRuns(acc, 1, 3, add, 0, 2, 2, 1);
    assertArrayEquals(new float[] {1, 12, 3, 4, 35, 6}, acc);
    SplittableRandom r = new SplittableRandom(3);
    for (int len : new int[] {16, 32, 7, 21}) {
      float[] a = random(r, 400);
      float[] b = a.clone();
      float[] x = random(r, 500);
      S.addRuns(a, 3, len + 2, x, 5, len + 9, 9, len);
      KernelsTest.vector().addRuns(b, 3, len + 2, x, 5, len + 9, 9, len);
      assertArrayEquals(a, b);
    }
  }

  /**
   * The bands compute the same floats as the whole folded layer (a dense layer over all inputs with the
   * same folded weights): forward, backward to the inputs and the weight gradients, for the decoder's 3x3
   * convolution from a 3x3 image upsampled to 7 rows.
   */
  @Test
  void bandsEqualTheWholeFoldedLayer() {
    SplittableRandom r = new SplittableRandom(5);
    int cin = 32;
    int cout = 16;
    int in = 9 * cin;
    int out = 21 * cout;
    DenseLayer master = new DenseLayer(random(r, cout * cin * 9), random(r, cout), cin * 9, cout, true, 0.1f);
    int[] up7 = {0, 0, 1, 1, 1, 2, 2};
    FoldedConvolution f = new FoldedConvolution(master, cin, 3, 3, up7, 1, cin, in, 1, cout, out, true, 0.1f, 3 * cout,
        3 * cin);
    // the whole folded matrix, built tap by tap in the fold order
    float[] whole = new float[in * out];
    float[] wb = new float[out];
    for (int o = 0; o < cout; o++) {
      for (int h = 0; h < 7; h++) {
        for (int x = 0; x < 3; x++) {
          int q = o + (h * 3 + x) * cout;
          wb[q] = master.bias()[o];
          for (int c = 0; c < cin; c++) {
            for (int ky = 0; ky < 3; ky++) {
              for (int kx = 0; kx < 3; kx++) {
                int hh = h + ky - 1;
                int ww = x + kx - 1;
                if (hh >= 0 && hh < 7 && ww >= 0 && ww < 3) {
                  whole[(c + (up7[hh] * 3 + ww) * cin) * out + q] += master.weight()[((o * cin + c) * 3 + ky) * 3 + kx];
                }
              }
            }
          }
        }
      }
    }
    int n = 9;
    float[] x = random(r, n * in);
    for (Kernels k : new Kernels[] {S, KernelsTest.vector()}) {
      float[] expect = new float[n * out];
      k.dense(x, 0, in, in, whole, wb, out, true, 0.1f, expect, 0, out, n);
      float[] got = new float[n * out];
      f.forward(k, x, 0, in, got, 0, out, n);
      assertArrayEquals(expect, got, k.name());
      float[] g = random(r, n * out);
      float[] wbT = new float[out * in];
      for (int i = 0; i < in; i++) {
        for (int q = 0; q < out; q++) {
          wbT[q * in + i] = whole[i * out + q];
        }
      }
      float[] expectBack = new float[n * in];
      k.dense(g, 0, out, out, wbT, null, in, false, 0f, expectBack, 0, in, n);
      float[] back = new float[n * in];
      f.backward(k, g, 0, out, back, 0, in, n);
      assertArrayEquals(expectBack, back, k.name());
      float[] gwWhole = new float[in * out];
      float[] gbWhole = new float[out];
      k.weightGradient(x, 0, in, in, g, 0, out, out, n, gwWhole, gbWhole);
      float[][] bw = new float[f.bands()][];
      float[][] bb = new float[f.bands()][];
      for (int b = 0; b < f.bands(); b++) {
        bw[b] = new float[f.bandWeights(b)];
        bb[b] = new float[f.outBlock()];
      }
      f.weightGradient(k, x, 0, in, g, 0, out, n, bw, bb);
      float[] mw = new float[cout * cin * 9];
      float[] mb = new float[cout];
      f.unfold(bw, bb, mw, mb);
      // the master gradient from the whole layer's gradient, in the same fold order
      float[] ew = new float[cout * cin * 9];
      float[] eb = new float[cout];
      for (int o = 0; o < cout; o++) {
        for (int h = 0; h < 7; h++) {
          for (int xx = 0; xx < 3; xx++) {
            int q = o + (h * 3 + xx) * cout;
            for (int c = 0; c < cin; c++) {
              for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                  int hh = h + ky - 1;
                  int ww = xx + kx - 1;
                  if (hh >= 0 && hh < 7 && ww >= 0 && ww < 3) {
                    ew[((o * cin + c) * 3 + ky) * 3 + kx] += gwWhole[(c + (up7[hh] * 3 + ww) * cin) * out + q];
                  }
                }
              }
            }
          }
        }
      }
      for (int q = 0; q < out; q++) {
        eb[q % cout] += gbWhole[q];
      }
      assertArrayEquals(ew, mw, k.name());
      assertArrayEquals(eb, mb, k.name());
      // and fewer multiply-adds than the whole layer: 11 source rows of 3 x 32 inputs x 48 lanes
      assertEquals(11L * 96 * 48, f.bandMacs());
    }
  }
}
