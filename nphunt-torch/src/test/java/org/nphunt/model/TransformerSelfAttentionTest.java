package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nphunt.random.Seeds;

/** The DJL attention block against a naive loop implementation of arXiv:1706.03762 eq. (1). */
class TransformerSelfAttentionTest {
  private static final int B = 3;
  private static final int T = 5;
  private static final int D = 8;
  private static final int H = 2;

  @Test
  void matchesNaiveMultiHeadAttentionWithKeyPaddingMask() {
    SplittableRandom r = Seeds.random(99, "attention");
    float[] x = new float[B * T * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    // event 0 all keys real; event 1 keys 2 and 4 padded; event 2 only key 0 real
    float[][] real = {{1, 1, 1, 1, 1}, {1, 1, 0, 1, 0}, {1, 0, 0, 0, 0}};
    float[] bias = new float[B * T];
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T; t++) {
        bias[b * T + t] = real[b][t] == 1 ? 0 : TransformerAutoencoder.MASKED;
      }
    }
    try (NDManager m = NDManager.newBaseManager()) {
      TransformerSelfAttention block = new TransformerSelfAttention(D, H);
      Engine.getInstance().setRandomSeed(5);
      block.initialize(m, DataType.FLOAT32, new Shape(B, T, D));
      NDList in = new NDList(m.create(x, new Shape(B, T, D)), m.create(bias, new Shape(B, 1, 1, T)));
      float[] djl = block.forward(new ParameterStore(m, false), in, false).head().toFloatArray();

      Map<String, float[]> p = new TreeMap<>();
      for (var e : block.getParameters()) {
        p.put(e.getKey(), e.getValue().getArray().toFloatArray());
      }
      assertEquals(4, p.size(), p.keySet().toString());
      float[] expected = naive(x, real, p.get("01qkv_weight"), p.get("01qkv_bias"),
          p.get("02out_weight"), p.get("02out_bias"));
      assertArrayEquals(expected, djl, 1e-5f);
    }
  }

  /** Loops over events, heads, queries and real keys only (padded keys simply skipped). */
  private static float[] naive(float[] x, float[][] real, float[] wQkv, float[] bQkv, float[] wOut,
      float[] bOut) {
    int dh = D / H;
    float[] out = new float[B * T * D];
    for (int b = 0; b < B; b++) {
      double[][] qkv = new double[T][3 * D];
      for (int t = 0; t < T; t++) {
        for (int o = 0; o < 3 * D; o++) {
          double s = bQkv[o];
          for (int i = 0; i < D; i++) {
            s += wQkv[o * D + i] * x[(b * T + t) * D + i];
          }
          qkv[t][o] = s;
        }
      }
      for (int t = 0; t < T; t++) {
        double[] concat = new double[D];
        for (int h = 0; h < H; h++) {
          double[] score = new double[T];
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < T; k++) {
            if (real[b][k] == 0) {
              continue;
            }
            double s = 0;
            for (int j = 0; j < dh; j++) {
              s += qkv[t][h * dh + j] * qkv[k][D + h * dh + j];
            }
            score[k] = s / Math.sqrt(dh);
            max = Math.max(max, score[k]);
          }
          double sum = 0;
          for (int k = 0; k < T; k++) {
            if (real[b][k] == 1) {
              score[k] = Math.exp(score[k] - max);
              sum += score[k];
            }
          }
          for (int k = 0; k < T; k++) {
            if (real[b][k] == 1) {
              for (int j = 0; j < dh; j++) {
                concat[h * dh + j] += score[k] / sum * qkv[k][2 * D + h * dh + j];
              }
            }
          }
        }
        for (int o = 0; o < D; o++) {
          double s = bOut[o];
          for (int i = 0; i < D; i++) {
            s += wOut[o * D + i] * concat[i];
          }
          out[(b * T + t) * D + o] = (float) s;
        }
      }
    }
    return out;
  }
}
