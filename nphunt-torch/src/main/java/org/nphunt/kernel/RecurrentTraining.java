package org.nphunt.kernel;

import java.util.List;

/**
 * Training of a {@link RecurrentNet} (the {@code rnn-attention} autoencoder) on the {@link Kernels}:
 * forward pass with teacher forcing, the reconstruction loss of nphunt's {@code EventReconstruction}
 * objective, backpropagation through time over the 19 decoder and 2 x 19 encoder steps, and Adam with
 * coupled L2 (torch.optim.Adam(weight_decay), arXiv:1412.6980), all in float32 as libtorch.
 *
 * <p>Loss (n examples, d = reconstruction - input in standardised units): the mean of d^2 over the
 * n x 57 values, or masked, the sum of d^2 over the inputs of real objects / max(1, their number in the
 * batch).
 *
 * <p>Determinism: a batch is cut into fixed slices of {@value #SLICE} examples; each slice computes its
 * partial gradients into buffers of its own on any thread of the {@link SliceRunner}; they are then added
 * in slice order. Weights after a step are bit-identical for any thread count and load.
 */
public final class RecurrentTraining implements AutoCloseable {
  /** Examples per slice (fixed: the summation order of the gradients depends on it, not on threads). */
  public static final int SLICE = RecurrentNet.TILE;
  private static final int SLOTS = Kernels.SLOTS;

  private final RecurrentNet net;
  private final Kernels k;
  private final boolean masked;
  private final SliceRunner runner;
  private final List<float[]> params;
  private final float[][] m;
  private final float[][] v;
  private final ThreadLocal<RecurrentNet.Work> work;
  private RecurrentNet.Grad[] slices = new RecurrentNet.Grad[0];
  private double[] sliceLoss = new double[0];
  private final RecurrentNet.Grad total;
  private List<float[]> gradients;
  private long steps;

  /** @param masked the masked reconstruction loss (real objects' inputs only) */
  public RecurrentTraining(RecurrentNet net, Kernels kernels, boolean masked, int threads) {
    this.net = net;
    this.k = kernels;
    this.masked = masked;
    this.runner = new SliceRunner(threads);
    this.params = net.masterArrays();
    this.m = new float[params.size()][];
    this.v = new float[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      m[i] = new float[params.get(i).length];
      v[i] = new float[params.get(i).length];
    }
    this.work = ThreadLocal.withInitial(net::work);
    this.total = net.grad();
  }

  public RecurrentNet net() {
    return net;
  }

  /** Adam steps taken. */
  public long steps() {
    return steps;
  }

  /** Sets the step count (restoring a checkpoint; the moments through {@link #moments}). */
  public void setSteps(long steps) {
    this.steps = steps;
  }

  /** Adam's {mean, variance} of parameter array i ({@link RecurrentNet#masterArrays()} order), live. */
  public float[][] moments(int i) {
    return new float[][] {m[i], v[i]};
  }

  /** The gradient of parameter array i from the last {@link #gradients} or {@link #step}. */
  public float[] gradient(int i) {
    return gradients.get(i);
  }

  private void ensureSlices(int count) {
    if (slices.length >= count) {
      return;
    }
    RecurrentNet.Grad[] g = new RecurrentNet.Grad[count];
    System.arraycopy(slices, 0, g, 0, slices.length);
    for (int s = slices.length; s < count; s++) {
      g[s] = net.grad();
    }
    slices = g;
    sliceLoss = new double[count];
  }

  private double denominator(float[] mask19, int n) {
    if (!masked) {
      return (double) n * 3 * SLOTS;
    }
    double real = 0;
    for (int i = 0; i < n * SLOTS; i++) {
      real += mask19[i];
    }
    return Math.max(1, 3 * real);
  }

  /**
   * One Adam step on a batch of n examples ({@code x57}: n x 57 standardised inputs, {@code mask19}:
   * n x 19 occupancies, {@code tf}: n x 19 teacher-forcing decisions, null for free decoding). Returns the
   * batch loss; a non-finite loss leaves the weights and moments untouched.
   */
  public double step(float[] x57, float[] mask19, float[] tf, int n, double lr, double weightDecay) {
    double loss = gradients(x57, mask19, tf, n);
    if (!Double.isFinite(loss)) {
      return loss;
    }
    steps++;
    AdamStep adam = AdamStep.of(k, steps, lr, weightDecay);
    for (int i = 0; i < params.size(); i++) {
      float[] w = params.get(i);
      adam.apply(w, gradients.get(i), m[i], v[i]);
    }
    net.refresh();
    return loss;
  }

  /** The loss of a batch and its gradients (kept for {@link #gradient}), without updating. */
  public double gradients(float[] x57, float[] mask19, float[] tf, int n) {
    int count = (n + SLICE - 1) / SLICE;
    ensureSlices(count);
    double denominator = denominator(mask19, n);
    float coef = (float) (2 / denominator);
    runner.run(count, s -> {
      RecurrentNet.Work w = work.get();
      int from = s * SLICE;
      int ns = Math.min(SLICE, n - from);
      net.forward(k, w, x57, mask19, tf, from, ns);
      k.reconstructionGradient(w.x64, w.recon, w.cm, ns, coef, masked, w.drec, w.rowLoss);
      sliceLoss[s] = sum(w.rowLoss, ns);
      net.backward(k, w, slices[s], mask19, tf, from, ns);
    });
    total.copyFrom(slices[0]);
    for (int s = 1; s < count; s++) {
      total.add(k, slices[s]);
    }
    gradients = net.masterGradients(total);
    double reco = 0;
    for (int s = 0; s < count; s++) {
      reco += sliceLoss[s];
    }
    return reco / denominator;
  }

  /** The loss of a batch with free decoding (validation), without gradients. */
  public double loss(float[] x57, float[] mask19, int n) {
    int count = (n + SLICE - 1) / SLICE;
    ensureSlices(count);
    double denominator = denominator(mask19, n);
    runner.run(count, s -> {
      RecurrentNet.Work w = work.get();
      int from = s * SLICE;
      int ns = Math.min(SLICE, n - from);
      net.forward(k, w, x57, mask19, null, from, ns);
      k.reconstructionGradient(w.x64, w.recon, w.cm, ns, 0f, masked, w.drec, w.rowLoss);
      sliceLoss[s] = sum(w.rowLoss, ns);
    });
    double reco = 0;
    for (int s = 0; s < count; s++) {
      reco += sliceLoss[s];
    }
    return reco / denominator;
  }

  private static double sum(double[] x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x[i];
    }
    return s;
  }

  @Override
  public void close() {
    runner.close();
  }
}
