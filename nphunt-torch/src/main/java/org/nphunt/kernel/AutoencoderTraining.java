package org.nphunt.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Training of an {@link AutoencoderNet} (dense AE or VAE) on the {@link Kernels}: forward pass, the
 * reconstruction loss of nphunt's {@code EventReconstruction} objective, backward pass and Adam with
 * coupled L2 (torch.optim.Adam(weight_decay), arXiv:1412.6980), all in float32 like libtorch.
 *
 * <p>Losses (n examples, 57 inputs, d = reconstruction - input in standardised units):
 * <ul>
 *   <li>dense AE: mean of d^2 over the n x 57 values; masked: sum of d^2 over the inputs of real
 *       objects / max(1, their number in the batch);
 *   <li>VAE (arXiv:1312.6114): (1 - beta) sum_e sum_inputs d^2 / n (real objects' inputs only when
 *       masked) + beta (-1/2n) sum_e sum_l (1 + logVar - mu^2 - exp(logVar)), decoding
 *       z = mu + exp(logVar / 2) eps with the caller's standard-normal eps (z = mu for {@link #loss}).
 * </ul>
 *
 * <p>Determinism: a batch is cut into fixed slices of {@value #SLICE} examples; every slice computes its
 * partial gradients (sums over its examples in order) into buffers of its own, on any thread of the
 * {@link SliceRunner}; the partial gradients are then added in slice order. The weights after a step
 * are therefore bit-identical for any thread count (and any machine load).
 */
public final class AutoencoderTraining implements TrainingEngine {
  /** Examples per slice (fixed: the summation order of the gradients depends on it, not on threads). */
  public static final int SLICE = 128;
  private static final int IN = 57;
  private static final int SLOTS = Kernels.SLOTS;

  /** What the loss is: masked reconstruction, variational with KL weight beta. */
  public record Objective(boolean masked, boolean variational, double beta) {}

  private final AutoencoderNet net;
  private final Kernels k;
  private final Objective objective;
  private final List<DenseLayer> layers;
  private final int encoderLayers;
  private final int latent;
  private final SliceRunner runner;
  private final float[][] mw;
  private final float[][] vw;
  private final float[][] mb;
  private final float[][] vb;
  private final ThreadLocal<Work> work;
  private float[][][] sliceW = new float[0][][];
  private float[][][] sliceB = new float[0][][];
  private double[] sliceLoss = new double[0];
  private double[] sliceKl = new double[0];
  private final float[][] gw;
  private final float[][] gb;
  private long steps;

  public AutoencoderTraining(AutoencoderNet net, Kernels kernels, Objective objective, int threads) {
    this.net = net;
    this.k = kernels;
    this.objective = objective;
    if (objective.variational() != net.variational()) {
      throw new IllegalArgumentException("objective and network disagree on being variational");
    }
    this.layers = net.layers();
    this.encoderLayers = net.encoder().size();
    this.latent = net.latent();
    this.runner = new SliceRunner(threads);
    int nl = layers.size();
    mw = new float[nl][];
    vw = new float[nl][];
    mb = new float[nl][];
    vb = new float[nl][];
    gw = new float[nl][];
    gb = new float[nl][];
    for (int l = 0; l < nl; l++) {
      DenseLayer d = layers.get(l);
      mw[l] = new float[d.in() * d.out()];
      vw[l] = new float[d.in() * d.out()];
      mb[l] = new float[d.out()];
      vb[l] = new float[d.out()];
      gw[l] = new float[d.in() * d.op()];
      gb[l] = new float[d.op()];
    }
    this.work = ThreadLocal.withInitial(Work::new);
  }

  public AutoencoderNet net() {
    return net;
  }

  /** Layers in forward order (encoder, head, decoder): the order of {@link #moments}. */
  public List<DenseLayer> layers() {
    return layers;
  }

  /** Adam steps taken. */
  public long steps() {
    return steps;
  }

  /**
   * Adam's first and second moments of layer l: {weight mean, weight variance, bias mean, bias
   * variance}, live arrays in the master layouts (out x in, out).
   */
  public float[][] moments(int l) {
    return new float[][] {mw[l], vw[l], mb[l], vb[l]};
  }

  /** Sets the step count (restoring a checkpoint; the moments are restored through {@link #moments}). */
  public void setSteps(long steps) {
    this.steps = steps;
  }

  /** Per-thread buffers of one slice. */
  private final class Work {
    final float[] x = new float[SLICE * Kernels.ROW];
    final float[] cm = new float[SLICE * Kernels.ROW];
    final int[] bits = new int[SLICE];
    final float[][] act = new float[layers.size()][];
    final float[] z = new float[SLICE * Kernels.LANES];
    final float[] dr;
    final float[] da;
    final float[] db;
    final double[] rowLoss = new double[SLICE];

    Work() {
      int wide = Kernels.ROW;
      for (int l = 0; l < layers.size(); l++) {
        DenseLayer d = layers.get(l);
        act[l] = new float[SLICE * d.op()];
        wide = Math.max(wide, Math.max(d.op(), d.ip()));
      }
      da = new float[SLICE * wide];
      db = new float[SLICE * wide];
      // the reconstruction's gradient, later the VAE head's [mu | logVar] gradient
      dr = new float[SLICE * Math.max(Kernels.ROW, layers.get(encoderLayers).op())];
    }
  }

  private void ensureSlices(int slices) {
    if (sliceW.length >= slices) {
      return;
    }
    float[][][] w = new float[slices][][];
    float[][][] b = new float[slices][][];
    System.arraycopy(sliceW, 0, w, 0, sliceW.length);
    System.arraycopy(sliceB, 0, b, 0, sliceB.length);
    for (int s = sliceW.length; s < slices; s++) {
      w[s] = new float[layers.size()][];
      b[s] = new float[layers.size()][];
      for (int l = 0; l < layers.size(); l++) {
        w[s][l] = new float[layers.get(l).in() * layers.get(l).op()];
        b[s][l] = new float[layers.get(l).op()];
      }
    }
    sliceW = w;
    sliceB = b;
    sliceLoss = new double[slices];
    sliceKl = new double[slices];
  }

  /** Inputs of examples [from, from + n) in the kernels' row layout, their column mask and slot bits. */
  private static void prepare(float[] x57, float[] mask19, int from, int n, Work w) {
    for (int e = 0; e < n; e++) {
      int src = (from + e) * IN;
      int dst = e * Kernels.ROW;
      System.arraycopy(x57, src, w.x, dst, IN);
      int bits = 0;
      for (int s = 0; s < SLOTS; s++) {
        float m = mask19[(from + e) * SLOTS + s];
        bits |= (m != 0f ? 1 : 0) << s;
        w.cm[dst + 3 * s] = m;
        w.cm[dst + 3 * s + 1] = m;
        w.cm[dst + 3 * s + 2] = m;
      }
      w.bits[e] = bits;
    }
  }

  /** Forward pass of a slice; z = mu + exp(logVar / 2) eps (eps null: z = mu). KL terms into rowKl. */
  private void forward(Work w, int n, float[] eps, int from, double[] rowKl) {
    DenseLayer first = layers.get(0);
    // real slots only: the standardised inputs of empty slots are 0, which the skipped terms would add
    k.firstLayer(w.x, 0, Kernels.ROW, w.bits, 0, first.wt(), first.paddedBias(), first.op(), first.act(), first.slope(),
        w.act[0], 0, first.op(), n);
    for (int l = 1; l < layers.size(); l++) {
      DenseLayer d = layers.get(l);
      float[] in;
      int stride;
      if (net.variational() && l == encoderLayers + 1) {
        reparametrise(w, n, eps, from, rowKl);
        in = w.z;
        stride = Kernels.LANES;
      } else {
        in = w.act[l - 1];
        stride = layers.get(l - 1).op();
      }
      k.dense(in, 0, stride, d.in(), d.wt(), d.paddedBias(), d.op(), d.act(), d.slope(), w.act[l], 0, d.op(), n);
    }
  }

  /** z from the head's [mu | logVar]; per row the sum over latent dims of 1 + logVar - mu^2 - exp(logVar). */
  private void reparametrise(Work w, int n, float[] eps, int from, double[] rowKl) {
    float[] head = w.act[encoderLayers];
    int hs = layers.get(encoderLayers).op();
    for (int e = 0; e < n; e++) {
      double kl = 0;
      for (int j = 0; j < latent; j++) {
        float mu = head[e * hs + j];
        float lv = head[e * hs + latent + j];
        float s = (float) Math.exp(0.5f * lv);
        w.z[e * Kernels.LANES + j] = eps == null ? mu : mu + s * eps[(from + e) * latent + j];
        kl += 1.0 + lv - (double) mu * mu - (double) s * s;
      }
      rowKl[e] = kl;
    }
  }

  /**
   * One Adam step on a batch of n examples ({@code x57}: n x 57 standardised inputs, {@code mask19}:
   * n x 19 slot occupancies, {@code eps}: n x L noise for the VAE). Returns the batch loss; a
   * non-finite loss leaves the weights and moments untouched.
   */
  public double step(float[] x57, float[] mask19, int n, float[] eps, double lr, double weightDecay) {
    double loss = gradients(x57, mask19, n, eps);
    if (!Double.isFinite(loss)) {
      return loss;
    }
    steps++;
    AdamStep adam = AdamStep.of(k, steps, lr, weightDecay);
    for (int l = 0; l < layers.size(); l++) {
      DenseLayer d = layers.get(l);
      float[] g = masterGradient(l);
      float[] gbias = masterBiasGradient(l);
      adam.apply(d.weight(), g, mw[l], vw[l]);
      adam.apply(d.bias(), gbias, mb[l], vb[l]);
      d.refresh();
    }
    return loss;
  }

  /** The weight gradient of layer l in the master layout (out x in) from the last {@link #gradients}. */
  public float[] masterGradient(int l) {
    DenseLayer d = layers.get(l);
    float[] g = new float[d.in() * d.out()];
    for (int o = 0; o < d.out(); o++) {
      int lane = d.lane(o);
      for (int i = 0; i < d.in(); i++) {
        g[o * d.in() + i] = gw[l][i * d.op() + lane];
      }
    }
    return g;
  }

  /** The bias gradient of layer l (out) from the last {@link #gradients}. */
  public float[] masterBiasGradient(int l) {
    DenseLayer d = layers.get(l);
    float[] g = new float[d.out()];
    for (int o = 0; o < d.out(); o++) {
      g[o] = gb[l][d.lane(o)];
    }
    return g;
  }

  /** The loss of a batch and its gradients (kept for {@link #masterGradient}), without updating. */
  public double gradients(float[] x57, float[] mask19, int n, float[] eps) {
    int slices = (n + SLICE - 1) / SLICE;
    ensureSlices(slices);
    double realInputs = 0;
    if (objective.masked()) {
      for (int i = 0; i < n * SLOTS; i++) {
        realInputs += mask19[i];
      }
      realInputs *= 3;
    }
    double denominator = objective.variational() ? n : objective.masked() ? Math.max(1, realInputs) : (double) n * IN;
    float coef = (float) ((objective.variational() ? 2 * (1 - objective.beta()) : 2) / denominator);
    runner.run(slices, s -> slice(s, x57, mask19, n, eps, coef));
    for (int l = 0; l < layers.size(); l++) {
      System.arraycopy(sliceW[0][l], 0, gw[l], 0, gw[l].length);
      System.arraycopy(sliceB[0][l], 0, gb[l], 0, gb[l].length);
      for (int s = 1; s < slices; s++) {
        k.accumulate(gw[l], sliceW[s][l], gw[l].length);
        k.accumulate(gb[l], sliceB[s][l], gb[l].length);
      }
    }
    return total(slices, n, denominator);
  }

  private double total(int slices, int n, double denominator) {
    double reco = 0;
    double kl = 0;
    for (int s = 0; s < slices; s++) {
      reco += sliceLoss[s];
      kl += sliceKl[s];
    }
    if (!objective.variational()) {
      return reco / denominator;
    }
    return (1 - objective.beta()) * reco / n + objective.beta() * (-0.5 / n) * kl;
  }

  /** The loss of a batch (VAE: z = mu), as {@link #gradients} defines it, without gradients. */
  public double loss(float[] x57, float[] mask19, int n) {
    int slices = (n + SLICE - 1) / SLICE;
    ensureSlices(slices);
    double realInputs = 0;
    if (objective.masked()) {
      for (int i = 0; i < n * SLOTS; i++) {
        realInputs += mask19[i];
      }
      realInputs *= 3;
    }
    double denominator = objective.variational() ? n : objective.masked() ? Math.max(1, realInputs) : (double) n * IN;
    runner.run(slices, s -> {
      Work w = work.get();
      int from = s * SLICE;
      int ns = Math.min(SLICE, n - from);
      prepare(x57, mask19, from, ns, w);
      double[] rowKl = new double[ns];
      forward(w, ns, null, from, rowKl);
      k.reconstructionGradient(w.x, w.act[layers.size() - 1], w.cm, ns, 0f, objective.masked(), w.dr, w.rowLoss);
      sliceLoss[s] = sum(w.rowLoss, ns);
      sliceKl[s] = sum(rowKl, ns);
    });
    return total(slices, n, denominator);
  }

  private static double sum(double[] v, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += v[i];
    }
    return s;
  }

  /** Forward and backward of slice s: its loss parts and its gradients into sliceW[s], sliceB[s]. */
  private void slice(int s, float[] x57, float[] mask19, int n, float[] eps, float coef) {
    Work w = work.get();
    int from = s * SLICE;
    int ns = Math.min(SLICE, n - from);
    prepare(x57, mask19, from, ns, w);
    double[] rowKl = new double[ns];
    forward(w, ns, eps, from, rowKl);
    int last = layers.size() - 1;
    k.reconstructionGradient(w.x, w.act[last], w.cm, ns, coef, objective.masked(), w.dr, w.rowLoss);
    sliceLoss[s] = sum(w.rowLoss, ns);
    sliceKl[s] = sum(rowKl, ns);
    // backward, from the output layer down; g holds the gradient of the current layer's output
    float[] g = w.dr;
    int gs = Kernels.ROW;
    float[] spare = w.da;
    for (int l = last; l >= 0; l--) {
      DenseLayer d = layers.get(l);
      float[] in;
      int is;
      if (l == 0) {
        in = x57;
        is = IN;
      } else if (net.variational() && l == encoderLayers + 1) {
        in = w.z;
        is = Kernels.LANES;
      } else {
        in = w.act[l - 1];
        is = layers.get(l - 1).op();
      }
      int inOff = l == 0 ? from * IN : 0;
      k.weightGradient(in, inOff, is, d.in(), g, 0, gs, d.op(), ns, sliceW[s][l], sliceB[s][l]);
      if (l == 0) {
        break;
      }
      // gradient of this layer's input: rows of d.ip()
      k.dense(g, 0, gs, d.backRows(), d.wb(), null, d.ip(), false, 0f, spare, 0, d.ip(), ns);
      float[] used = g;
      g = spare;
      gs = d.ip();
      spare = used == w.dr ? w.db : used;
      if (net.variational() && l == encoderLayers + 1) {
        // g: gradient of z (lanes 0..L-1) -> gradient of the head's [mu | logVar]
        headGradient(w, g, gs, ns, eps, from, n);
        g = w.dr;
        gs = layers.get(encoderLayers).op();
        spare = w.da == g ? w.db : w.da;
        continue;
      }
      DenseLayer below = layers.get(l - 1);
      if (below.act()) {
        k.leakyBackward(g, 0, gs, w.act[l - 1], 0, below.op(), below.op(), below.slope(), ns);
      }
    }
  }

  /**
   * d/d[mu | logVar] of the loss from dL/dz (rows of gs): dmu = dz + beta mu / n,
   * dlogVar = dz eps exp(logVar / 2) / 2 + beta (exp(logVar) - 1) / (2n), into w.dr (rows of the head's op).
   */
  private void headGradient(Work w, float[] dz, int gs, int ns, float[] eps, int from, int batch) {
    float[] head = w.act[encoderLayers];
    int hs = layers.get(encoderLayers).op();
    java.util.Arrays.fill(w.dr, 0, ns * hs, 0f);
    float b = (float) (objective.beta() / batch);
    for (int e = 0; e < ns; e++) {
      for (int j = 0; j < latent; j++) {
        float mu = head[e * hs + j];
        float lv = head[e * hs + latent + j];
        float sd = (float) Math.exp(0.5f * lv);
        float g = dz[e * gs + j];
        float ep = eps == null ? 0f : eps[(from + e) * latent + j];
        w.dr[e * hs + j] = g + b * mu;
        w.dr[e * hs + latent + j] = g * ep * sd * 0.5f + b * 0.5f * (sd * sd - 1f);
      }
    }
  }

  @Override
  public void close() {
    runner.close();
  }
}
