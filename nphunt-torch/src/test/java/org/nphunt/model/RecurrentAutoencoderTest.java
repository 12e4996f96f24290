package org.nphunt.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.ObjectType;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.preprocess.Standardizer;

/**
 * The recurrent autoencoder against an independent plain-Java implementation of its equations (GRU as
 * PyTorch's GRUCell, Bahdanau attention, teacher forcing), and the properties of its attention.
 */
class RecurrentAutoencoderTest {
  static final int T = 19;
  static final RecurrentAeConfig SMALL = new RecurrentAeConfig(6, 3, 5, true, 1.0, 0.5, 0.1);

  /** Preprocessed inputs of a few generated SM events (with empty slots). */
  static float[][] inputs(int n) {
    EventBatch b = EventGenerator.generateBatch(Processes.SM, n, 3, 1);
    Standardizer std = Standardizer.fit(new org.nphunt.data.InMemoryEventSource(b, "b"), true, null, 1000);
    float[] x = new float[n * 57];
    float[] mask = new float[n * 19];
    std.apply(b, 0, n, x, mask, 0);
    return new float[][] {x, mask};
  }

  /** A Linear's weight (out x in, row-major) and bias. */
  record Lin(double[] w, double[] b, int in, int out) {
    static Lin of(Block block, String name) {
      Linear l = null;
      for (var c : block.getChildren()) {
        if (c.getKey().replaceFirst("^[0-9]+", "").equals(name)) {
          l = (Linear) c.getValue();
        }
      }
      float[] w = l.getParameters().get("weight").getArray().toFloatArray();
      var bias = l.getParameters().get("bias");
      int out = (int) l.getParameters().get("weight").getArray().getShape().get(0);
      double[] bb = new double[out];
      if (bias != null) {
        float[] bf = bias.getArray().toFloatArray();
        for (int i = 0; i < out; i++) {
          bb[i] = bf[i];
        }
      }
      double[] wd = new double[w.length];
      for (int i = 0; i < w.length; i++) {
        wd[i] = w[i];
      }
      return new Lin(wd, bb, w.length / out, out);
    }

    double[] apply(double[] v) {
      double[] o = b.clone();
      for (int r = 0; r < out; r++) {
        for (int c = 0; c < in; c++) {
          o[r] += w[r * in + c] * v[c];
        }
      }
      return o;
    }
  }

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  static double[] cat(double[]... parts) {
    int n = 0;
    for (double[] p : parts) {
      n += p.length;
    }
    double[] o = new double[n];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, o, at, p.length);
      at += p.length;
    }
    return o;
  }

  static double[] gru(Lin wx, Lin wh, double[] in, double[] hPrev) {
    int h = hPrev.length;
    double[] gx = wx.apply(in);
    double[] gh = wh.apply(hPrev);
    double[] next = new double[h];
    for (int i = 0; i < h; i++) {
      double r = sigmoid(gx[i] + gh[i]);
      double u = sigmoid(gx[h + i] + gh[h + i]);
      double n = Math.tanh(gx[2 * h + i] + r * gh[2 * h + i]);
      next[i] = (1 - u) * n + u * hPrev[i];
    }
    return next;
  }

  /** The reconstruction (57) of one event in plain Java; forced: every previous object is the true one. */
  static double[] reference(Block block, RecurrentAeConfig c, float[] x, float[] mask, int e, boolean forced, double[][] alphaOut) {
    int h = c.hidden();
    Lin encFx = Lin.of(block, "encFx");
    Lin encFh = Lin.of(block, "encFh");
    Lin encBx = Lin.of(block, "encBx");
    Lin encBh = Lin.of(block, "encBh");
    double[][] step = new double[T][];
    double[][] obj = new double[T][3];
    for (int t = 0; t < T; t++) {
      double[] type = new double[4];
      type[ObjectType.ofSlot(t).ordinal()] = 1;
      for (int k = 0; k < 3; k++) {
        obj[t][k] = x[e * 57 + t * 3 + k];
      }
      step[t] = cat(obj[t], new double[] {mask[e * 19 + t]}, type);
    }
    double[][] fw = new double[T][];
    double[] s = new double[h];
    for (int t = 0; t < T; t++) {
      double[] next = gru(encFx, encFh, step[t], s);
      s = mask[e * 19 + t] != 0 ? next : s;
      fw[t] = s;
    }
    double[][] bw = new double[T][];
    s = new double[h];
    for (int t = T - 1; t >= 0; t--) {
      double[] next = gru(encBx, encBh, step[t], s);
      s = mask[e * 19 + t] != 0 ? next : s;
      bw[t] = s;
    }
    double[][] enc = new double[T][];
    for (int t = 0; t < T; t++) {
      enc[t] = cat(fw[t], bw[t]);
    }
    double[] z = Lin.of(block, "toLatent").apply(cat(fw[T - 1], bw[0]));
    double[] dec = Lin.of(block, "fromLatent").apply(z);
    for (int i = 0; i < dec.length; i++) {
      dec[i] = Math.tanh(dec[i]);
    }
    Lin key = Lin.of(block, "attnKey");
    Lin query = Lin.of(block, "attnQuery");
    Lin score = Lin.of(block, "attnScore");
    Lin decX = Lin.of(block, "decX");
    Lin decH = Lin.of(block, "decH");
    Lin out = Lin.of(block, "out");
    double[][] keys = new double[T][];
    for (int t = 0; t < T; t++) {
      keys[t] = key.apply(enc[t]);
    }
    double[] y = new double[3];
    double[] recon = new double[57];
    for (int i = 0; i < T; i++) {
      double[] q = query.apply(dec);
      double[] a = new double[T];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < T; j++) {
        if (mask[e * 19 + j] == 0) {
          a[j] = Double.NEGATIVE_INFINITY;
          continue;
        }
        double[] t = new double[q.length];
        for (int k = 0; k < q.length; k++) {
          t[k] = Math.tanh(keys[j][k] + q[k]);
        }
        a[j] = score.apply(t)[0];
        max = Math.max(max, a[j]);
      }
      double sum = 0;
      for (int j = 0; j < T; j++) {
        a[j] = Double.isInfinite(a[j]) ? 0 : Math.exp(a[j] - max);
        sum += a[j];
      }
      double[] ctx = new double[enc[0].length];
      for (int j = 0; j < T; j++) {
        a[j] /= sum;
        for (int k = 0; k < ctx.length; k++) {
          ctx[k] += a[j] * enc[j][k];
        }
      }
      if (alphaOut != null) {
        alphaOut[i] = a;
      }
      double[] onehot = new double[T];
      onehot[i] = 1;
      dec = gru(decX, decH, cat(y, onehot, ctx), dec);
      double[] yhat = out.apply(cat(dec, ctx));
      System.arraycopy(yhat, 0, recon, i * 3, 3);
      y = forced ? obj[i] : yhat;
    }
    return recon;
  }

  @Test
  void forwardMatchesThePlainJavaEquationsFreeAndTeacherForced() {
    int n = 6;
    float[][] in = inputs(n);
    try (NDManager m = NDManager.newBaseManager()) {
      RecurrentAutoencoder block = (RecurrentAutoencoder) SMALL.build();
      block.initialize(m, DataType.FLOAT32, new Shape(n, 57), new Shape(n, 19));
      org.nphunt.training.TrainerAccess.initialise(block, 4);
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = Tensors.owned(m, in[0], new Shape(n, 57));
      NDArray mask = Tensors.owned(m, in[1], new Shape(n, 19));
      float[] free = block.forward(ps, new NDList(x, mask), false).singletonOrThrow().toFloatArray();
      float[] forced = block.teacherForced(ps, x, mask).toFloatArray();
      // training with k = 1 for every step and event decodes as teacher-forced
      float[] trainForced = block.forward(ps, new NDList(x, mask, mask.onesLike()), true).singletonOrThrow().toFloatArray();
      float[] trainFree = block.forward(ps, new NDList(x, mask, mask.zerosLike()), true).singletonOrThrow().toFloatArray();
      for (int e = 0; e < n; e++) {
        double[] rf = reference(block, SMALL, in[0], in[1], e, false, null);
        double[] rt = reference(block, SMALL, in[0], in[1], e, true, null);
        for (int k = 0; k < 57; k++) {
          assertEquals(rf[k], free[e * 57 + k], 1e-5, "free decoding, event " + e + " value " + k);
          assertEquals(rt[k], forced[e * 57 + k], 1e-5, "teacher forced, event " + e + " value " + k);
          assertEquals(forced[e * 57 + k], trainForced[e * 57 + k], 0.0, "k = 1 in training");
          assertEquals(free[e * 57 + k], trainFree[e * 57 + k], 0.0, "k = 0 in training");
        }
      }
      // the two decodings differ (the predictions are not the targets)
      double diff = 0;
      for (int i = 0; i < free.length; i++) {
        diff += Math.abs(free[i] - forced[i]);
      }
      assertTrue(diff > 1e-3, "free and forced decodings should differ");
    }
  }

  @Test
  void attentionWeightsSumToOneAndIgnorePadding() {
    int n = 8;
    float[][] in = inputs(n);
    try (NDManager m = NDManager.newBaseManager()) {
      RecurrentAutoencoder block = (RecurrentAutoencoder) SMALL.build();
      block.initialize(m, DataType.FLOAT32, new Shape(n, 57), new Shape(n, 19));
      org.nphunt.training.TrainerAccess.initialise(block, 9);
      ParameterStore ps = new ParameterStore(m, false);
      float[] a = block.attentionWeights(ps, Tensors.owned(m, in[0], new Shape(n, 57)),
          Tensors.owned(m, in[1], new Shape(n, 19))).toFloatArray();
      int empty = 0;
      for (int e = 0; e < n; e++) {
        double[][] ref = new double[T][];
        reference(block, SMALL, in[0], in[1], e, false, ref);
        for (int i = 0; i < T; i++) {
          double sum = 0;
          for (int j = 0; j < T; j++) {
            float w = a[(e * T + i) * T + j];
            sum += w;
            if (in[1][e * 19 + j] == 0) {
              assertEquals(0f, w, 0f, "empty slot " + j + " of event " + e);
              empty++;
            } else {
              assertTrue(w > 0);
            }
            assertEquals(ref[i][j], w, 1e-5);
          }
          assertEquals(1, sum, 1e-5, "event " + e + " step " + i);
        }
      }
      assertTrue(empty > 0, "the events have empty slots");
    }
  }

  @Test
  void teacherForcingScheduleAndDraws() {
    assertEquals(1.0, SMALL.teacherForcing(1), 0);
    assertEquals(0.25, SMALL.teacherForcing(3), 1e-12);
    assertEquals(0.1, SMALL.teacherForcing(10), 0, "floor");
    try (NDManager m = NDManager.newBaseManager()) {
      float[] tf = SMALL.trainingInputs(m, 1000, 2, new SplittableRandom(1)).singletonOrThrow().toFloatArray();
      double mean = 0;
      for (float v : tf) {
        assertTrue(v == 0f || v == 1f);
        mean += v;
      }
      mean /= tf.length;
      assertEquals(0.5, mean, 4 * Math.sqrt(0.25 / tf.length));
    }
  }
}
