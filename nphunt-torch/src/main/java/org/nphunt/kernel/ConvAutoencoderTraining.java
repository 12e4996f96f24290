package org.nphunt.kernel;

import java.util.Arrays;
import java.util.List;

/**
 * Training of the convolutional autoencoder ({@link ConvAutoencoderNet}, arXiv:2107.02157) on the
 * {@link Kernels}: forward pass, the reconstruction loss of nphunt's {@code EventReconstruction}
 * objective, backward pass (GEMM backward and col2im scatter-add of the im2col convolution, the band
 * GEMMs of each folded convolution, mapped back onto the kernel taps by {@link FoldedConvolution#unfold};
 * the adjoints of the average pool and the flatten; LeakyReLU) and Adam with
 * coupled L2 (torch.optim.Adam(weight_decay), arXiv:1412.6980), in float32 like libtorch.
 *
 * <p>Loss (n examples, 57 inputs, d = reconstruction - input in standardised units): the mean of d^2
 * over the n x 57 values; masked: the sum of d^2 over the inputs of real objects / max(1, their number
 * in the batch). Same definitions and the same Adam arithmetic as {@link AutoencoderTraining}.
 *
 * <p>Determinism: a batch is cut into fixed slices of {@value #SLICE} examples; each slice's gradients
 * (sums over its (event, position) rows in order) go into buffers of its own, on any thread of the
 * {@link SliceRunner}, and are added in slice order, so weights after a step are bit-identical for any
 * thread count. The sums, the master gradients and the Adam updates also run on the runner's threads,
 * one layer per task, each in its own fixed order (issue 17: they were the serial part of a step).
 */
public final class ConvAutoencoderTraining implements TrainingEngine {
  /** Examples per slice (fixed: the summation order of the gradients depends on it, not on threads). */
  public static final int SLICE = 64;
  private static final int IN = 57;
  private static final int SLOTS = Kernels.SLOTS;
  private static final int P0 = ConvAutoencoderNet.P0;
  private static final int P1 = ConvAutoencoderNet.P1;

  private final ConvAutoencoderNet net;
  private final Kernels k;
  private final boolean masked;
  private final List<DenseLayer> layers;
  private final SliceRunner runner;
  private final float[][] mw;
  private final float[][] vw;
  private final float[][] mb;
  private final float[][] vb;
  /** The summed gradients of the last batch in the kernels' layout: [layer][band] (one band for an unfolded layer). */
  private final float[][][] gw;
  private final float[][][] gb;
  /** The master gradients (out x in, out) of the last batch, per layer. */
  private final float[][] masterW;
  private final float[][] masterB;
  /** The layers in the order the runner hands them out: the largest folded ones first (any order gives the same bits). */
  private static final int[] BY_SIZE = {4, 5, 0, 2, 3, 1};
  private final ThreadLocal<Work> work;
  private float[][][][] sliceW = new float[0][][][];
  private float[][][][] sliceB = new float[0][][][];
  private double[] sliceLoss = new double[0];
  private long steps;

  /**
   * @param masked the masked reconstruction loss (real objects' inputs only)
   * @param threads threads of the slice runner (results do not depend on it)
   */
  public ConvAutoencoderTraining(ConvAutoencoderNet net, Kernels kernels, boolean masked, int threads) {
    this.net = net;
    this.k = kernels;
    this.masked = masked;
    this.layers = net.layers();
    this.runner = new SliceRunner(threads);
    int nl = layers.size();
    mw = new float[nl][];
    vw = new float[nl][];
    mb = new float[nl][];
    vb = new float[nl][];
    masterW = new float[nl][];
    masterB = new float[nl][];
    for (int l = 0; l < nl; l++) {
      DenseLayer d = layers.get(l);
      mw[l] = new float[d.in() * d.out()];
      vw[l] = new float[d.in() * d.out()];
      mb[l] = new float[d.out()];
      vb[l] = new float[d.out()];
      masterW[l] = new float[d.in() * d.out()];
      masterB[l] = new float[d.out()];
    }
    gw = newGradients(true);
    gb = newGradients(false);
    this.work = ThreadLocal.withInitial(Work::new);
  }

  /** The folded convolution that computes layer l (conv1, deconv2, deconv1), else null. */
  private FoldedConvolution folded(int l) {
    return l == 0 ? net.conv1Folded() : l == 4 ? net.deconv2Folded() : l == 5 ? net.deconv1Folded() : null;
  }

  /** The permuted working layer that computes layer l (conv2, toLatent), else null. */
  private PermutedLayer permuted(int l) {
    return l == 1 ? net.conv2Working() : l == 2 ? net.toLatentWorking() : null;
  }

  /** The dense layer whose kernel-layout gradients layer l's unfolded part holds. */
  private DenseLayer working(int l) {
    return permuted(l) != null ? permuted(l).working() : layers.get(l);
  }

  private int bands(int l) {
    return folded(l) != null ? folded(l).bands() : 1;
  }

  /** Gradient buffers in the kernels' layout, [layer][band]: weights ({@code weights}) or biases. */
  private float[][][] newGradients(boolean weights) {
    float[][][] g = new float[layers.size()][][];
    for (int l = 0; l < g.length; l++) {
      FoldedConvolution f = folded(l);
      DenseLayer d = working(l);
      g[l] = new float[bands(l)][];
      for (int b = 0; b < g[l].length; b++) {
        g[l][b] = new float[f != null ? (weights ? f.bandWeights(b) : f.outBlock()) : weights ? d.in() * d.op() : d.op()];
      }
    }
    return g;
  }

  public ConvAutoencoderNet net() {
    return net;
  }

  @Override
  public List<DenseLayer> layers() {
    return layers;
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public void setSteps(long steps) {
    this.steps = steps;
  }

  @Override
  public float[][] moments(int l) {
    return new float[][] {mw[l], vw[l], mb[l], vb[l]};
  }

  /** Per-thread buffers of one slice: the forward images (the im2col kept) and their gradients. */
  private final class Work {
    final ConvAutoencoderNet.Buffers b = net.trainingBuffers(SLICE);
    final double[] rowLoss = new double[SLICE];
    final float[] dr = new float[SLICE * Kernels.ROW];
    final float[] gd2 = new float[SLICE * P1 * Kernels.pad(net.filters1())];
    final float[] gu = new float[SLICE * net.fromLatent().op()];
    final float[] gz = new float[SLICE * net.fromLatent().ip()];
    final float[] gp2 = new float[SLICE * net.toLatentWorking().working().ip()];
    final float[] ga2 = new float[SLICE * P1 * net.conv2().op()];
    final float[] gcol2 = new float[SLICE * P1 * net.conv2Working().working().ip()];
    final float[] gp1 = new float[SLICE * P1 * net.conv1().op()];
    final float[] ga1 = new float[SLICE * P0 * net.conv1().op()];
  }

  private void ensureSlices(int slices) {
    if (sliceW.length >= slices) {
      return;
    }
    float[][][][] w = Arrays.copyOf(sliceW, slices);
    float[][][][] b = Arrays.copyOf(sliceB, slices);
    for (int s = sliceW.length; s < slices; s++) {
      w[s] = newGradients(true);
      b[s] = newGradients(false);
    }
    sliceW = w;
    sliceB = b;
    sliceLoss = new double[slices];
  }

  /** Inputs of examples [from, from + n) in the kernels' row layout and their column mask. */
  private static void prepare(float[] x57, float[] mask19, int from, int n, ConvAutoencoderNet.Buffers b) {
    for (int e = 0; e < n; e++) {
      System.arraycopy(x57, (from + e) * IN, b.x, e * Kernels.ROW, IN);
      int dst = e * Kernels.ROW;
      for (int s = 0; s < SLOTS; s++) {
        float m = mask19[(from + e) * SLOTS + s];
        b.cm[dst + 3 * s] = m;
        b.cm[dst + 3 * s + 1] = m;
        b.cm[dst + 3 * s + 2] = m;
      }
    }
  }

  /** 1 / the loss's denominator: n x 57, or the real objects' inputs of the batch when masked. */
  private double denominator(float[] mask19, int n) {
    if (!masked) {
      return (double) n * IN;
    }
    double real = 0;
    for (int i = 0; i < n * SLOTS; i++) {
      real += mask19[i];
    }
    return Math.max(1, 3 * real);
  }

  /**
   * One Adam step: the slices' gradients, then per layer (on the slice runner's threads, each layer on one) the
   * sum of its slice gradients, its master gradients, Adam on its master weight and bias and the rebuild of its
   * kernel layouts (folded bands included): one fork and join after the slices.
   */
  @Override
  public double step(float[] x57, float[] mask19, int n, float[] eps, double lr, double weightDecay) {
    int slices = slices(x57, mask19, n);
    double loss = total(slices) / denominator(mask19, n);
    AdamStep adam = Double.isFinite(loss) ? AdamStep.of(k, steps + 1, lr, weightDecay) : null;
    runner.run(BY_SIZE.length, t -> {
      int l = BY_SIZE[t];
      sumSlices(l, slices);
      toMaster(l);
      if (adam != null) {
        DenseLayer d = layers.get(l);
        adam.apply(d.weight(), masterW[l], mw[l], vw[l]);
        adam.apply(d.bias(), masterB[l], mb[l], vb[l]);
        net.refresh(l);
      }
    });
    if (adam != null) {
      steps++;
    }
    return loss;
  }

  @Override
  public void refresh() {
    for (DenseLayer d : layers) {
      d.refresh();
    }
    net.refold();
  }

  @Override
  public float[] masterGradient(int l) {
    return masterW[l].clone();
  }

  @Override
  public float[] masterBiasGradient(int l) {
    return masterB[l].clone();
  }

  /**
   * The master gradients of layer l from the summed kernel-layout gradients: the folded bands unfolded, else
   * the transpose {@code gw[i * op + lane(o)]} -> {@code g[o * in + i]}.
   */
  private void toMaster(int l) {
    FoldedConvolution f = folded(l);
    if (f != null) {
      f.unfold(gw[l], gb[l], masterW[l], masterB[l]);
      return;
    }
    if (permuted(l) != null) {
      permuted(l).masterGradient(gw[l][0], gb[l][0], masterW[l], masterB[l]);
      return;
    }
    DenseLayer d = layers.get(l);
    float[] g = gw[l][0];
    for (int o = 0; o < d.out(); o++) {
      int lane = d.lane(o);
      for (int i = 0; i < d.in(); i++) {
        masterW[l][o * d.in() + i] = g[i * d.op() + lane];
      }
      masterB[l][o] = gb[l][0][lane];
    }
  }

  /**
   * The loss and gradients of a batch: the slices' gradients (any thread), then per layer (each on one thread)
   * their sums in slice order and the master gradients; every float is computed in one fixed order whatever
   * the thread count.
   */
  @Override
  public double gradients(float[] x57, float[] mask19, int n, float[] eps) {
    int slices = slices(x57, mask19, n);
    runner.run(BY_SIZE.length, t -> {
      sumSlices(BY_SIZE[t], slices);
      toMaster(BY_SIZE[t]);
    });
    return total(slices) / denominator(mask19, n);
  }

  /** Forward and backward of every slice of the batch (their losses and gradients); returns the slice count. */
  private int slices(float[] x57, float[] mask19, int n) {
    int slices = (n + SLICE - 1) / SLICE;
    ensureSlices(slices);
    float coef = (float) (2 / denominator(mask19, n));
    runner.run(slices, s -> slice(s, x57, mask19, n, coef));
    return slices;
  }

  /** Layer l's slice gradients added in slice order into gw[l], gb[l]. */
  private void sumSlices(int l, int slices) {
    for (int b = 0; b < gw[l].length; b++) {
      float[] w = gw[l][b];
      float[] bias = gb[l][b];
      System.arraycopy(sliceW[0][l][b], 0, w, 0, w.length);
      System.arraycopy(sliceB[0][l][b], 0, bias, 0, bias.length);
      for (int s = 1; s < slices; s++) {
        k.accumulate(w, sliceW[s][l][b], w.length);
        k.accumulate(bias, sliceB[s][l][b], bias.length);
      }
    }
  }

  private double total(int slices) {
    double reco = 0;
    for (int s = 0; s < slices; s++) {
      reco += sliceLoss[s];
    }
    return reco;
  }

  @Override
  public double loss(float[] x57, float[] mask19, int n) {
    int slices = (n + SLICE - 1) / SLICE;
    ensureSlices(slices);
    double denominator = denominator(mask19, n);
    runner.run(slices, s -> {
      Work w = work.get();
      int from = s * SLICE;
      int ns = Math.min(SLICE, n - from);
      prepare(x57, mask19, from, ns, w.b);
      net.forward(k, w.b, ns);
      k.reconstructionGradient(w.b.x, w.b.r, w.b.cm, ns, 0f, masked, w.dr, w.rowLoss);
      sliceLoss[s] = sum(w.rowLoss, ns);
    });
    return total(slices) / denominator;
  }

  private static double sum(double[] v, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += v[i];
    }
    return s;
  }

  /** Forward and backward of slice s: its loss and its gradients into sliceW[s], sliceB[s]. */
  private void slice(int s, float[] x57, float[] mask19, int n, float coef) {
    Work w = work.get();
    ConvAutoencoderNet.Buffers b = w.b;
    int from = s * SLICE;
    int ns = Math.min(SLICE, n - from);
    prepare(x57, mask19, from, ns, b);
    net.forward(k, b, ns);
    k.reconstructionGradient(b.x, b.r, b.cm, ns, coef, masked, w.dr, w.rowLoss);
    sliceLoss[s] = sum(w.rowLoss, ns);
    float[][][] sw = sliceW[s];
    float[][][] sb = sliceB[s];
    DenseLayer conv1 = net.conv1();
    DenseLayer conv2 = net.conv2Working().working();
    DenseLayer toLatent = net.toLatentWorking().working();
    DenseLayer fromLatent = net.fromLatent();
    FoldedConvolution conv1f = net.conv1Folded();
    FoldedConvolution deconv2f = net.deconv2Folded();
    FoldedConvolution deconv1f = net.deconv1Folded();
    int f1 = net.filters1();
    float slope = net.slope();
    int od = P1 * Kernels.pad(f1);
    int opu = fromLatent.op();
    // deconv1 (folded bands: the 57 outputs in the row layout from the deconv2 image rows)
    deconv1f.weightGradient(k, b.d2, 0, od, w.dr, 0, Kernels.ROW, ns, sw[5], sb[5]);
    deconv1f.backward(k, w.dr, 0, Kernels.ROW, w.gd2, 0, od, ns);
    k.leakyBackwardLanes(w.gd2, 0, od, b.d2, 0, od, od, slope, ns);
    // deconv2 (folded bands: from the position-major fromLatent output)
    deconv2f.weightGradient(k, b.u, 0, opu, w.gd2, 0, od, ns, sw[4], sb[4]);
    deconv2f.backward(k, w.gd2, 0, od, w.gu, 0, opu, ns);
    k.leakyBackwardLanes(w.gu, 0, opu, b.u, 0, opu, opu, slope, ns);
    // fromLatent, toLatent (the latter on the position-major pooled image)
    k.weightGradient(b.z, 0, toLatent.op(), fromLatent.in(), w.gu, 0, opu, opu, ns, sw[3][0], sb[3][0]);
    backToInput(fromLatent, w.gu, w.gz, ns);
    int op2 = net.conv2().op();
    k.weightGradient(b.p2, 0, toLatent.in(), toLatent.in(), w.gz, 0, fromLatent.ip(), toLatent.op(), ns, sw[2][0],
        sb[2][0]);
    backToInput(toLatent, w.gz, w.gp2, ns);
    k.avgPool3RowsBackward(w.gp2, ConvAutoencoderNet.H1, ConvAutoencoderNet.H2, ConvAutoencoderNet.W * op2, b.a2, slope,
        w.ga2, ns);
    // conv2 (im2col rows in (tap, channel) order)
    k.weightGradient(b.col2, 0, conv2.in(), conv2.in(), w.ga2, 0, op2, op2, ns * P1, sw[1][0], sb[1][0]);
    backToInput(conv2, w.ga2, w.gcol2, ns * P1);
    int op1 = conv1.op();
    ConvAutoencoderNet.uncolumns(k, w.gcol2, conv2.ip(), op1, f1, w.gp1, ns);
    k.avgPool3RowsBackward(w.gp1, ConvAutoencoderNet.H0, ConvAutoencoderNet.H1, ConvAutoencoderNet.W * op1, b.a1, slope,
        w.ga1, ns);
    // conv1 (folded bands over the input rows)
    conv1f.weightGradient(k, b.x, 0, Kernels.ROW, w.ga1, 0, P0 * op1, ns, sw[0], sb[0]);
  }

  /** The gradient of a layer's input rows (ip wide) from its output gradient rows (op wide). */
  private void backToInput(DenseLayer d, float[] g, float[] into, int rows) {
    k.dense(g, 0, d.op(), d.backRows(), d.wb(), null, d.ip(), false, 0f, into, 0, d.ip(), rows);
  }

  @Override
  public void close() {
    runner.close();
  }
}
