package org.nphunt.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The decoder's attention with the events in the lanes ({@link TransformerOps#attentionLanes} and its
 * backward): the vector ops give the scalar bits; the scalar definition agrees with a double-precision
 * attention; and the network's reconstructions and every training gradient are bit-identical to the
 * per-event path on the dense kernel that it replaces (vector and scalar kernels, partial lane groups), for
 * the scoring tile's decoder in the lanes ({@link TransformerOps#denseLanes}, {@link TransformerOps#layerNormLanes})
 * as for the training tile's rows.
 */
class TransformerLaneAttentionTest {
  private static final int T = Kernels.SLOTS;
  private static final int G = TransformerOps.LANE_EVENTS;

  /** q (scaled), k, v of one group: scores of a few units, some rows with a far outlier (cut weights). */
  private static float[] lanes(SplittableRandom r, int d) {
    float[] xt = new float[T * 3 * d * G];
    for (int i = 0; i < xt.length; i++) {
      xt[i] = (float) (i % 97 == 0 ? 12 * r.nextGaussian() : r.nextGaussian());
    }
    return xt;
  }

  @Test
  void vectorLaneOpsGiveTheScalarBitsAndTheDoublePrecisionAttention() {
    TransformerOps v = TransformerOps.of(Kernels.vector());
    SplittableRandom r = new SplittableRandom(23);
    for (int[] shape : new int[][] {{32, 4}, {64, 8}, {24, 2}}) {
      int d = shape[0];
      int heads = shape[1];
      int dh = d / heads;
      float[] xt = lanes(r, d);
      int po = 5;
      float[] ps = new float[po + heads * T * T * G];
      float[] pv = ps.clone();
      float[] as = new float[T * d * G];
      float[] av = as.clone();
      TransformerOps.SCALAR.attentionLanes(xt, 0, d, heads, ps, po, as, 0);
      v.attentionLanes(xt, 0, d, heads, pv, po, av, 0);
      assertArrayEquals(ps, pv, "weights, d " + d);
      assertArrayEquals(as, av, "attended values, d " + d);
      // the scalar definition against a double-precision softmax attention
      double worst = 0;
      for (int l = 0; l < G; l += 5) {
        for (int h = 0; h < heads; h++) {
          for (int i = 0; i < T; i++) {
            double[] s = new double[T];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < T; j++) {
              for (int c = 0; c < dh; c++) {
                s[j] += (double) xt[(i * 3 * d + h * dh + c) * G + l] * xt[(j * 3 * d + d + h * dh + c) * G + l];
              }
              max = Math.max(max, s[j]);
            }
            double sum = 0;
            for (int j = 0; j < T; j++) {
              s[j] = Math.exp(s[j] - max);
              sum += s[j];
            }
            for (int c = 0; c < dh; c++) {
              double a = 0;
              double scale = 0;
              for (int j = 0; j < T; j++) {
                double vj = xt[(j * 3 * d + 2 * d + h * dh + c) * G + l];
                a += s[j] / sum * vj;
                scale = Math.max(scale, Math.abs(vj));
              }
              worst = Math.max(worst, Math.abs(a - as[(i * d + h * dh + c) * G + l]) / scale);
            }
          }
        }
      }
      assertTrue(worst < 2e-6, "attention vs double precision, d " + d + ": " + worst);
      float[] dat = new float[T * d * G];
      for (int i = 0; i < dat.length; i++) {
        dat[i] = (float) r.nextGaussian();
      }
      float[] dxs = new float[T * 3 * d * G];
      float[] dxv = new float[dxs.length];
      float scale = (float) (1 / Math.sqrt(dh));
      TransformerOps.SCALAR.attentionLanesBackward(xt, 0, ps, po, dat, 0, d, heads, scale, dxs, 0,
          new float[T * T * G]);
      v.attentionLanesBackward(xt, 0, pv, po, dat, 0, d, heads, scale, dxv, 0, new float[T * T * G]);
      assertArrayEquals(dxs, dxv, "q/k/v gradients, d " + d);
    }
  }

  @Test
  void laneTranspositionsGiveTheScalarBitsAndInvertEachOther() {
    TransformerOps v = TransformerOps.of(Kernels.vector());
    SplittableRandom r = new SplittableRandom(29);
    for (int width : new int[] {96, 32, 24}) {
      int rs = Kernels.pad(width) + 16;
      float[] rows = new float[40 * T * rs];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = (float) r.nextGaussian();
      }
      for (int ne : new int[] {G, 7}) {
        float[] ls = new float[3 + T * width * G];
        java.util.Arrays.fill(ls, Float.NaN);
        float[] lv = ls.clone();
        TransformerOps.SCALAR.toLanes(rows, rs, width, 21, ne, ls, 3);
        v.toLanes(rows, rs, width, 21, ne, lv, 3);
        assertArrayEquals(ls, lv, "to lanes, width " + width + ", " + ne + " events");
        float[] back = new float[rows.length];
        float[] backV = new float[rows.length];
        TransformerOps.SCALAR.fromLanes(ls, 3, width, 21, ne, back, rs);
        v.fromLanes(ls, 3, width, 21, ne, backV, rs);
        assertArrayEquals(back, backV, "from lanes, width " + width + ", " + ne + " events");
        for (int e = 21; e < 21 + ne; e++) {
          for (int t = 0; t < T; t++) {
            for (int c = 0; c < width; c++) {
              assertEquals(rows[(e * T + t) * rs + c], back[(e * T + t) * rs + c]);
            }
          }
        }
      }
    }
  }

  @Test
  void laneDenseAndLayerNormGiveTheScalarBitsAndTheRowKernels() {
    TransformerOps v = TransformerOps.of(Kernels.vector());
    SplittableRandom r = new SplittableRandom(31);
    int d = 32;
    float[] in = new float[T * 64 * G];
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) (3 * r.nextGaussian() + 1);
    }
    for (int[] shape : new int[][] {{32, 96}, {64, 32}, {32, 3}, {32, 13}}) {
      int nIn = shape[0];
      int nOut = shape[1];
      int op = Kernels.pad(nOut);
      float[] wt = new float[nIn * op];
      float[] b = new float[op];
      for (int i = 0; i < wt.length; i++) {
        wt[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < nOut; i++) {
        b[i] = (float) r.nextGaussian();
      }
      float[] os = new float[T * nOut * G];
      float[] ov = new float[os.length];
      TransformerOps.SCALAR.denseLanes(in, 0, nIn, wt, b, op, nOut, os, 0);
      v.denseLanes(in, 0, nIn, wt, b, op, nOut, ov, 0);
      assertArrayEquals(os, ov, "dense " + nIn + " -> " + nOut);
      // against the row kernel on the lanes' rows
      float[] rows = new float[T * G * Kernels.pad(nIn)];
      for (int t = 0; t < T; t++) {
        for (int i = 0; i < nIn; i++) {
          for (int l = 0; l < G; l++) {
            rows[(l * T + t) * Kernels.pad(nIn) + i] = in[(t * nIn + i) * G + l];
          }
        }
      }
      float[] ro = new float[T * G * op];
      Kernels.scalar().dense(rows, 0, Kernels.pad(nIn), nIn, wt, b, op, false, 0f, ro, 0, op, T * G);
      for (int t = 0; t < T; t++) {
        for (int o = 0; o < nOut; o++) {
          for (int l = 0; l < G; l++) {
            assertEquals(ro[(l * T + t) * op + o], os[(t * nOut + o) * G + l]);
          }
        }
      }
    }
    float[] gamma = new float[d];
    float[] beta = new float[d];
    float[] mask = new float[d];
    for (int c = 0; c < d; c++) {
      gamma[c] = (float) (1 + 0.3 * r.nextGaussian());
      beta[c] = (float) r.nextGaussian();
      mask[c] = 1f;
    }
    float[] ls = new float[T * d * G];
    float[] lv = new float[ls.length];
    TransformerOps.SCALAR.layerNormLanes(in, d, gamma, beta, 1e-5f, ls);
    v.layerNormLanes(in, d, gamma, beta, 1e-5f, lv);
    assertArrayEquals(ls, lv, "layer norm");
    float[] rows = new float[T * G * d];
    for (int t = 0; t < T; t++) {
      for (int c = 0; c < d; c++) {
        for (int l = 0; l < G; l++) {
          rows[(l * T + t) * d + c] = in[(t * d + c) * G + l];
        }
      }
    }
    float[] ro = new float[rows.length];
    TransformerOps.SCALAR.layerNorm(rows, T * G, d, d, gamma, beta, mask, 1e-5f, ro, new float[T * G],
        new float[T * G]);
    for (int t = 0; t < T; t++) {
      for (int c = 0; c < d; c++) {
        for (int l = 0; l < G; l++) {
          assertEquals(ro[(l * T + t) * d + c], ls[(t * d + c) * G + l]);
        }
      }
    }
  }

  /** A transformer of the given shape with random parameters of unit-ish scale. */
  private static TransformerNet net(int d, int heads, int ff, int latent, int enc, int dec, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, float[]> values = new LinkedHashMap<>();
    for (var e : TransformerNet.parameterSizes(d, ff, latent, enc, dec).entrySet()) {
      float[] v = new float[e.getValue()];
      boolean gamma = e.getKey().endsWith("gamma");
      for (int i = 0; i < v.length; i++) {
        double g = r.nextGaussian();
        v[i] = (float) (gamma ? 1 + 0.3 * g : e.getKey().endsWith("weight") ? 0.3 * g : 0.5 * g);
      }
      values.put(e.getKey(), v);
    }
    return new TransformerNet(d, heads, ff, latent, enc, dec, values);
  }

  /** n events: slot 0 and a random subset of the others occupied, inputs Gaussian on occupied slots. */
  private static float[][] events(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * 3 * T];
    float[] mask = new float[n * T];
    for (int e = 0; e < n; e++) {
      for (int s = 0; s < T; s++) {
        if (s == 0 || r.nextInt(4) == 0) {
          mask[e * T + s] = 1f;
          for (int f = 0; f < 3; f++) {
            x[e * 3 * T + 3 * s + f] = (float) r.nextGaussian();
          }
        }
      }
    }
    return new float[][] {x, mask};
  }

  private static float[] forward(TransformerNet net, Kernels k, float[][] data, int n, boolean training) {
    float[] out = new float[n * 3 * T];
    TransformerNet.Tile t = training ? net.trainingTile(TransformerNet.TILE) : net.tile(TransformerNet.TILE);
    for (int e = 0; e < n; e += t.events) {
      net.forward(k, t, data[0], data[1], e, Math.min(t.events, n - e), out, e);
    }
    return out;
  }

  @Test
  void laneAttentionGivesThePerEventBitsForwardAndBackward() {
    int n = 70;
    float[][] data = events(n, 3);
    TransformerNet net = net(32, 4, 64, 8, 2, 2, 11);
    for (Kernels k : new Kernels[] {Kernels.vector(), Kernels.scalar()}) {
      net.setLaneAttention(false);
      float[] want = forward(net, k, data, n, false);
      net.setLaneAttention(true);
      // a scoring tile runs the whole decoder in the lanes, a training tile only its attention
      assertArrayEquals(want, forward(net, k, data, n, false), k.name() + ": reconstructions, decoder in lanes");
      assertArrayEquals(want, forward(net, k, data, n, true), k.name() + ": reconstructions, attention in lanes");
      for (boolean masked : new boolean[] {false, true}) {
        try (TransformerTraining tr = new TransformerTraining(net, k, masked, 1)) {
          net.setLaneAttention(false);
          double lossWant = tr.gradients(data[0], data[1], n);
          float[][] gWant = new float[tr.names().size()][];
          for (int i = 0; i < gWant.length; i++) {
            gWant[i] = tr.gradient(i);
          }
          net.setLaneAttention(true);
          assertEquals(lossWant, tr.gradients(data[0], data[1], n));
          for (int i = 0; i < gWant.length; i++) {
            assertArrayEquals(gWant[i], tr.gradient(i), k.name() + ", masked " + masked + ": " + tr.names().get(i));
          }
        }
      }
    }
  }
}
