package org.nphunt.kernel;

import java.util.Arrays;
import java.util.List;

/**
 * Training of the transformer autoencoder ({@link TransformerNet}) on the {@link Kernels}: the forward
 * pass, the reconstruction loss of nphunt's {@code EventReconstruction} objective, the backward pass (by
 * hand: linear layers, LayerNorm, GELU, softmax attention, the masked mean pool, the slot embeddings and
 * queries) and Adam with coupled L2 (torch.optim.Adam(weight_decay), arXiv:1412.6980), all in float32.
 *
 * <p>Loss (n examples, d = reconstruction - input in standardised units): the mean of d^2 over the n x 57
 * values; masked: the sum of d^2 over the inputs of real objects / max(1, their number in the batch).
 *
 * <p>Determinism: as {@link AutoencoderTraining}, a batch is cut into fixed slices of {@value #SLICE}
 * examples; each slice computes its gradients into buffers of its own on any thread of the
 * {@link SliceRunner}; they are added in slice order. The weights after a step are bit-identical for any
 * thread count.
 */
public final class TransformerTraining implements AutoCloseable {
  /** Examples per slice (fixed: the summation order of the gradients depends on it, not on threads). */
  public static final int SLICE = 32;
  private static final int T = TransformerNet.T;
  private static final int TP = TransformerNet.TP;
  private static final int IN = 3 * T;
  private static final int L = Kernels.LANES;
  private static final int G = TransformerOps.LANE_EVENTS;

  private final TransformerNet net;
  private final Kernels k;
  private final TransformerOps ops;
  private final boolean masked;
  private final SliceRunner runner;
  private final List<String> names;
  /** Per parameter: its live master array, and the linear layer when it is a weight (1) or bias (2). */
  private final float[][] master;
  private final DenseLayer[] layerOf;
  private final int[] kind;
  private final float[][] m;
  private final float[][] v;
  private final float[][] g;
  private final ThreadLocal<Work> work;
  private float[][][] sliceG = new float[0][][];
  private double[] sliceLoss = new double[0];
  private final int d;
  private final int dh;
  private final int dp;
  private final int qp;
  private final int fp;
  private final int zp;
  private final int vp;
  private long steps;

  /**
   * @param masked the loss over real objects' inputs only
   * @param threads slice threads (results do not depend on it)
   */
  public TransformerTraining(TransformerNet net, Kernels kernels, boolean masked, int threads) {
    this.net = net;
    this.k = kernels;
    this.ops = TransformerOps.of(kernels);
    this.masked = masked;
    this.runner = new SliceRunner(threads);
    this.names = net.parameterNames();
    int np = names.size();
    master = new float[np][];
    layerOf = new DenseLayer[np];
    kind = new int[np];
    m = new float[np][];
    v = new float[np][];
    g = new float[np][];
    for (int i = 0; i < np; i++) {
      String name = names.get(i);
      master[i] = net.parameter(name);
      if (name.endsWith("_weight") || name.endsWith("_bias")) {
        DenseLayer l = net.linear(name.substring(0, name.lastIndexOf('_')));
        if (l != null) {
          layerOf[i] = l;
          kind[i] = name.endsWith("_weight") ? 1 : 2;
        }
      }
      m[i] = new float[master[i].length];
      v[i] = new float[master[i].length];
      g[i] = new float[gradientLength(i)];
    }
    this.d = net.embedDim();
    this.dh = d / net.heads();
    this.dp = net.dp();
    this.qp = net.qp();
    this.fp = net.fp();
    this.zp = Kernels.pad(net.latentDim());
    this.vp = Kernels.pad(dh);
    this.work = ThreadLocal.withInitial(Work::new);
  }

  /** Length of parameter i's gradient in the kernels' layout (linear weights: in x op). */
  private int gradientLength(int i) {
    return kind[i] == 1 ? layerOf[i].in() * layerOf[i].op() : kind[i] == 2 ? layerOf[i].op() : master[i].length;
  }

  public TransformerNet net() {
    return net;
  }

  /** Parameter names, the order of {@link #moments} and {@link #gradient}. */
  public List<String> names() {
    return names;
  }

  /** Adam steps taken. */
  public long steps() {
    return steps;
  }

  /** Sets the step count (restoring a checkpoint; the moments through {@link #moments}). */
  public void setSteps(long steps) {
    this.steps = steps;
  }

  /** Adam's {mean, variance} of parameter i, live arrays in the master layout. */
  public float[][] moments(int i) {
    return new float[][] {m[i], v[i]};
  }

  /** The gradient of parameter i from the last {@link #gradients} or step, in the master layout (a copy). */
  public float[] gradient(int i) {
    if (kind[i] == 0) {
      return g[i].clone();
    }
    DenseLayer l = layerOf[i];
    if (kind[i] == 2) {
      return Arrays.copyOf(g[i], l.out());
    }
    float[] out = new float[l.in() * l.out()];
    for (int o = 0; o < l.out(); o++) {
      for (int j = 0; j < l.in(); j++) {
        out[o * l.in() + j] = g[i][j * l.op() + o];
      }
    }
    return out;
  }

  /** Per-thread buffers of one slice. */
  private final class Work {
    final TransformerNet.Tile t = net.trainingTile(SLICE);
    final int rows = SLICE * T;
    final float[] dOut = new float[rows * L];
    final float[] dH = new float[rows * dp];
    final float[] dU = new float[rows * dp];
    final float[] dAtt = new float[rows * dp];
    final float[] dF = new float[rows * fp];
    /** Gradients of qkv, vp floats of slack: {@link TransformerOps#addFlushed} adds vp from each head's columns. */
    final float[] dqkv = new float[rows * qp + vp];
    final float[] dzq = new float[SLICE * dp];
    final float[] dz = new float[SLICE * zp];
    final float[] dpn = new float[SLICE * dp];
    final float[] dpooled = new float[SLICE * dp];
    final float[] vT = new float[dh * TP];
    final float[] dP = new float[T * TP];
    /** The column sums weightGradient also returns (unused: the attention's products have no bias). */
    final float[] colSum = new float[vp];
    final float[] attP = new float[T * vp];
    final float[] kP = new float[T * vp];
    final float[] qP = new float[T * vp];
    final float[] dQ = new float[T * vp];
    final float[] dK = new float[T * vp];
    final float[] dV = new float[T * vp];
    final double[] rowLoss = new double[SLICE];
    /** The decoder's attention backward in the lanes: dA, the q/k/v gradients and dS of one group. */
    final float[] datL = new float[T * d * G];
    final float[] dxtL = new float[T * 3 * d * G];
    final float[] dsL = new float[T * T * G];
    final float[] gGamma = new float[dp];
    final float[] gBeta = new float[dp];
  }

  private void ensureSlices(int slices) {
    if (sliceG.length >= slices) {
      return;
    }
    float[][][] s = new float[slices][][];
    System.arraycopy(sliceG, 0, s, 0, sliceG.length);
    for (int i = sliceG.length; i < slices; i++) {
      s[i] = new float[names.size()][];
      for (int p = 0; p < names.size(); p++) {
        s[i][p] = new float[g[p].length];
      }
    }
    sliceG = s;
    sliceLoss = new double[slices];
  }

  private double denominator(float[] mask19, int n) {
    if (!masked) {
      return (double) n * IN;
    }
    double real = 0;
    for (int i = 0; i < n * T; i++) {
      real += mask19[i];
    }
    return Math.max(1, 3 * real);
  }

  /**
   * One Adam step on a batch of n examples ({@code x57}: n x 57 standardised inputs, {@code mask19}: n x 19
   * slot occupancies). Returns the batch loss; a non-finite loss leaves the weights and moments untouched.
   */
  public double step(float[] x57, float[] mask19, int n, double lr, double weightDecay) {
    double loss = gradients(x57, mask19, n);
    if (!Double.isFinite(loss)) {
      return loss;
    }
    steps++;
    AdamStep adam = AdamStep.of(k, steps, lr, weightDecay);
    for (int i = 0; i < names.size(); i++) {
      float[] grad = kind[i] == 0 ? g[i] : gradient(i);
      adam.apply(master[i], grad, m[i], v[i]);
    }
    net.refresh();
    return loss;
  }

  /** The loss of a batch and its gradients (kept for {@link #gradient}), without updating. */
  public double gradients(float[] x57, float[] mask19, int n) {
    int slices = (n + SLICE - 1) / SLICE;
    ensureSlices(slices);
    double den = denominator(mask19, n);
    float coef = (float) (2 / den);
    runner.run(slices, s -> slice(s, x57, mask19, n, coef, true));
    for (int p = 0; p < names.size(); p++) {
      System.arraycopy(sliceG[0][p], 0, g[p], 0, g[p].length);
      for (int s = 1; s < slices; s++) {
        k.accumulate(g[p], sliceG[s][p], g[p].length);
      }
    }
    return total(slices) / den;
  }

  /** The loss of a batch, as {@link #gradients} defines it, without gradients. */
  public double loss(float[] x57, float[] mask19, int n) {
    int slices = (n + SLICE - 1) / SLICE;
    ensureSlices(slices);
    double den = denominator(mask19, n);
    runner.run(slices, s -> slice(s, x57, mask19, n, 0f, false));
    return total(slices) / den;
  }

  private double total(int slices) {
    double sum = 0;
    for (int s = 0; s < slices; s++) {
      sum += sliceLoss[s];
    }
    return sum;
  }

  /** Forward (and backward when {@code backward}) of slice s: its loss into sliceLoss[s], gradients into sliceG[s]. */
  private void slice(int s, float[] x57, float[] mask19, int n, float coef, boolean backward) {
    Work w = work.get();
    TransformerNet.Tile t = w.t;
    int from = s * SLICE;
    int ns = Math.min(SLICE, n - from);
    net.forward(k, t, x57, mask19, from, ns);
    int rows = ns * T;
    double loss = 0;
    Arrays.fill(w.dOut, 0, rows * L, 0f);
    for (int e = 0; e < ns; e++) {
      double row = 0;
      for (int sl = 0; sl < T; sl++) {
        float mk = masked ? mask19[(from + e) * T + sl] : 1f;
        for (int f = 0; f < 3; f++) {
          float dd = t.out[(e * T + sl) * L + f] - x57[(from + e) * IN + 3 * sl + f];
          float gr = coef * dd;
          w.dOut[(e * T + sl) * L + f] = masked ? gr * mk : gr;
          row += (double) dd * (double) dd * mk;
        }
      }
      loss += row;
    }
    sliceLoss[s] = loss;
    if (backward) {
      backward(w, sliceG[s], ns);
    }
  }

  private int index(String name) {
    return names.indexOf(name);
  }

  /** The backward pass of a slice of ns events whose forward pass is in w.t; gradients into gs. */
  private void backward(Work w, float[][] gs, int ns) {
    TransformerNet.Tile t = w.t;
    int rows = ns * T;
    for (int p = 0; p < names.size(); p++) {
      if (kind[p] == 0) {
        Arrays.fill(gs[p], 0f);
      }
    }
    // head and decoderNorm
    linearGrad("head", t.ud, dp, w.dOut, L, rows, gs);
    k.dense(w.dOut, 0, L, 3, net.head.wb(), null, dp, false, 0f, w.dU, 0, dp, rows);
    Arrays.fill(w.dH, 0, rows * dp, 0f);
    lnBackward(w, t.hDec[net.decoder.length], t.decMean, t.decRstd, net.decNorm[0], w.dU, rows, w.dH,
        gs[index("decoderNorm_gamma")], gs[index("decoderNorm_beta")]);
    int[] full = new int[ns + 1];
    for (int e = 0; e <= ns; e++) {
      full[e] = e * T;
    }
    for (int l = net.decoder.length - 1; l >= 0; l--) {
      layerBackward(w, "decoder" + l, net.decoder[l], t.decBuf[l], t.hDec[l], full, ns, rows, gs);
    }
    // decoder input: zq[e] + slotQueries[s]
    float[] gq = gs[index("slotQueries")];
    Arrays.fill(w.dzq, 0, ns * dp, 0f);
    for (int e = 0; e < ns; e++) {
      for (int s = 0; s < T; s++) {
        int o = (e * T + s) * dp;
        for (int c = 0; c < d; c++) {
          gq[s * d + c] += w.dH[o + c];
          w.dzq[e * dp + c] += w.dH[o + c];
        }
      }
    }
    linearGrad("fromLatent", t.z, zp, w.dzq, dp, ns, gs);
    k.dense(w.dzq, 0, dp, d, net.fromLatent.wb(), null, zp, false, 0f, w.dz, 0, zp, ns);
    linearGrad("toLatent", t.pooledN, dp, w.dz, zp, ns, gs);
    k.dense(w.dz, 0, zp, net.latentDim(), net.toLatent.wb(), null, dp, false, 0f, w.dpn, 0, dp, ns);
    Arrays.fill(w.dpooled, 0, ns * dp, 0f);
    lnBackward(w, t.pooled, t.poolMean, t.poolRstd, net.encNorm[0], w.dpn, ns, w.dpooled,
        gs[index("encoderNorm_gamma")], gs[index("encoderNorm_beta")]);
    // masked mean pool over the encoder's tokens (real slots)
    int er = t.start[ns];
    Arrays.fill(w.dH, 0, er * dp, 0f);
    for (int e = 0; e < ns; e++) {
      int a = t.start[e];
      int b = t.start[e + 1];
      for (int i = a; i < b; i++) {
        for (int c = 0; c < d; c++) {
          w.dH[i * dp + c] = w.dpooled[e * dp + c] / (b - a);
        }
      }
    }
    for (int l = net.encoder.length - 1; l >= 0; l--) {
      layerBackward(w, "encoder" + l, net.encoder[l], t.encBuf[l], t.hEnc[l], t.start, ns, er, gs);
    }
    // token embedding + slotEmbedding[s]
    float[] ge = gs[index("slotEmbedding")];
    for (int i = 0; i < er; i++) {
      int s = t.slot[i];
      for (int c = 0; c < d; c++) {
        ge[s * d + c] += w.dH[i * dp + c];
      }
    }
    linearGrad("embed", t.tokIn, L, w.dH, dp, er, gs);
  }

  /** Weight and bias gradients of linear layer {@code name} from its inputs a (stride as) and output gradients. */
  private void linearGrad(String name, float[] a, int as, float[] dy, int ds, int rows, float[][] gs) {
    DenseLayer l = net.linear(name);
    k.weightGradient(a, 0, as, l.in(), dy, 0, ds, l.op(), rows, gs[index(name + "_weight")], gs[index(name + "_bias")]);
  }

  /**
   * The backward pass of one pre-LN layer: on entry w.dH holds the gradient of its output, on return the
   * gradient of its input hIn.
   */
  private void layerBackward(Work w, String p, TransformerNet.Layer lw, TransformerNet.LayerBuf b, float[] hIn,
      int[] start, int ns, int rows, float[][] gs) {
    // feed-forward: hOut = hMid + ff2(GELU(ff1(LN2(hMid))))
    linearGrad(p + "_ff2", b.g, fp, w.dH, dp, rows, gs);
    k.dense(w.dH, 0, dp, d, lw.ff2.wb(), null, fp, false, 0f, w.dF, 0, fp, rows);
    ops.geluBackward(b.f1, w.dF, rows * fp);
    linearGrad(p + "_ff1", b.u2, dp, w.dF, fp, rows, gs);
    k.dense(w.dF, 0, fp, net.ffDim(), lw.ff1.wb(), null, dp, false, 0f, w.dU, 0, dp, rows);
    lnBackward(w, b.hMid, b.mean2, b.rstd2, lw.norm2[0], w.dU, rows, w.dH, gs[index(p + "_norm2_gamma")],
        gs[index(p + "_norm2_beta")]);
    // attention: hMid = hIn + out(attention(LN1(hIn)))
    linearGrad(p + "_attention_out", b.att, dp, w.dH, dp, rows, gs);
    k.dense(w.dH, 0, dp, d, lw.out.wb(), null, dp, false, 0f, w.dAtt, 0, dp, rows);
    Arrays.fill(w.dqkv, 0, rows * qp, 0f);
    if (b.laned) {
      float scale = (float) (1.0 / Math.sqrt(dh));
      int heads = net.heads();
      for (int e0 = 0; e0 < ns; e0 += G) {
        int ne = Math.min(G, ns - e0);
        int grp = e0 / G;
        ops.toLanes(w.dAtt, dp, d, e0, ne, w.datL, 0);
        ops.attentionLanesBackward(b.xt, grp * T * 3 * d * G, b.pt, grp * heads * T * T * G, w.datL, 0, d, heads,
            scale, w.dxtL, 0, w.dsL);
        // the per-event path adds the flushed gradients into zeroed rows (+0 + v); flushTiny never returns -0,
        // so +0 + v is v and the rows take the values as they are
        ops.fromLanes(w.dxtL, 0, 3 * d, e0, ne, w.dqkv, qp);
      }
    } else {
      for (int e = 0; e < ns; e++) {
        attentionBackward(w, b, start[e], start[e + 1] - start[e], e);
      }
    }
    linearGrad(p + "_attention_qkv", b.u1, dp, w.dqkv, qp, rows, gs);
    k.dense(w.dqkv, 0, qp, 3 * d, lw.qkv.wb(), null, dp, false, 0f, w.dU, 0, dp, rows);
    lnBackward(w, hIn, b.mean1, b.rstd1, lw.norm1[0], w.dU, rows, w.dH, gs[index(p + "_norm1_gamma")],
        gs[index(p + "_norm1_beta")]);
  }

  /**
   * Gradients of q (scaled back by 1/sqrt(dh)), k and v of the tn tokens at rows [r0, r0 + tn) from the
   * gradient of the attended values (w.dAtt), into w.dqkv: dP = dA V^T, dV = P^T dA,
   * dS = P (dP - rowsum(P dP)), dQs = dS K, dK = dS^T Qs. The two products with a transposed left factor
   * are {@link Kernels#weightGradient} calls over the query rows (dV[j] = sum over i of P[i][j] dA[i], the
   * same fused multiply-adds in the same order as a dense product with P^T), so that neither P nor dS is
   * transposed (tn^2 scalar moves per head each). dS, dQ, dK and dV are flushed to zero below
   * {@link FastMath#GRADIENT_FLOOR}: the rows of dS sum to zero, so dQ and dK cancel to rounding residues,
   * and with small attention weights or decayed query/key weights these reached 1e-32 and below in training
   * (counted), then the subnormal range in the products that use them.
   */
  private void attentionBackward(Work w, TransformerNet.LayerBuf b, int r0, int tn, int e) {
    float scale = (float) (1.0 / Math.sqrt(dh));
    int heads = net.heads();
    int kp = Kernels.pad(tn);
    Arrays.fill(w.vT, 0, dh * kp, 0f);
    for (int hh = 0; hh < heads; hh++) {
      int qo = hh * dh;
      int ko = d + hh * dh;
      int vo = 2 * d + hh * dh;
      int po = (e * heads + hh) * T * TP;
      for (int j = 0; j < tn; j++) {
        int row = (r0 + j) * qp;
        for (int c = 0; c < dh; c++) {
          w.vT[c * kp + j] = b.qkv[row + vo + c];
          w.kP[j * vp + c] = b.qkv[row + ko + c];
          w.qP[j * vp + c] = b.qkv[row + qo + c];
          w.attP[j * vp + c] = w.dAtt[(r0 + j) * dp + qo + c];
        }
      }
      k.dense(w.dAtt, r0 * dp + qo, dp, dh, w.vT, null, kp, false, 0f, w.dP, 0, TP, tn);
      k.weightGradient(b.p, po, TP, tn, w.attP, 0, vp, vp, tn, w.dV, w.colSum);
      ops.softmaxBackward(b.p, po, w.dP, 0, tn, TP, tn);
      k.dense(w.dP, 0, TP, tn, w.kP, null, vp, false, 0f, w.dQ, 0, vp, tn);
      k.weightGradient(w.dP, 0, TP, tn, w.qP, 0, vp, vp, tn, w.dK, w.colSum);
      ops.addFlushed(w.dQ, tn, vp, scale, w.dqkv, r0 * qp + qo, qp);
      ops.addFlushed(w.dK, tn, vp, 1f, w.dqkv, r0 * qp + ko, qp);
      ops.addFlushed(w.dV, tn, vp, 1f, w.dqkv, r0 * qp + vo, qp);
    }
  }

  /**
   * LayerNorm backward over rows of x (stride dp) with the forward's mean and 1/sqrt(var + eps) and the
   * padded gamma ({@link TransformerOps#layerNormBackward}): {@code dx += rstd (dy gamma - mean(dy gamma)
   * - xhat mean(dy gamma xhat))}; the gamma and beta gradients (d floats, 0 on entry) get the sums over
   * the rows, accumulated in the dp-wide scratch w.gGamma and w.gBeta.
   */
  private void lnBackward(Work w, float[] x, float[] mean, float[] rstd, float[] gammaPadded, float[] dy, int rows,
      float[] dx, float[] gGamma, float[] gBeta) {
    Arrays.fill(w.gGamma, 0f);
    Arrays.fill(w.gBeta, 0f);
    ops.layerNormBackward(x, mean, rstd, gammaPadded, net.colMask, dy, rows, d, dp, dx, w.gGamma, w.gBeta);
    for (int c = 0; c < d; c++) {
      gGamma[c] += w.gGamma[c];
      gBeta[c] += w.gBeta[c];
    }
  }

  @Override
  public void close() {
    runner.close();
  }
}
