package org.nphunt.flow;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nphunt.NphuntException;

/**
 * A conditional masked autoregressive flow (MAF; Papamakarios, Pavlakou, Murray arXiv:1705.07057): the
 * density p(x | c) of a d-dimensional x given conditions c (ANODE: x the jet features, c = mJJ), as a
 * stack of affine autoregressive transforms mapping x to a standard normal u.
 *
 * <p>Block k maps its input y (x for the first block) to u with u_i = (y_i - mu_i) exp(-alpha_i), where
 * mu_i and alpha_i are outputs of a MADE network (Germain et al. arXiv:1502.03509) that depend only on
 * the y_j earlier than i in the block's variable order and on c. The order is reversed between
 * consecutive blocks (the permutation of the MAF paper), so every variable conditions every other one
 * somewhere in the stack. Then log p(x | c) = log N(u_K; 0, 1) - sum over blocks and i of alpha_i
 * (the log-determinant of the triangular Jacobian).
 *
 * <p>MADE: {@code hiddenLayers} tanh layers of {@code width} units. Hidden unit h has degree h mod d;
 * input i has degree 1 + (its position in the order); a hidden unit of degree k sees inputs of degree
 * at most k and hidden units of degree at most k; the outputs of variable i see hidden units of degree
 * below that of i. Degree-0 units see no input variable, only c (fed unmasked into the first hidden
 * layer), so the first variable's mu and alpha are nonlinear functions of c. alpha is soft-clamped,
 * alpha = 5 tanh(raw / 5), to keep the scales within e^-5..e^5. There is no batch normalisation between
 * blocks (the MAF paper's optional layer): inputs are standardised beforehand, which keeps the density a
 * plain deterministic function of the parameters (identical in training and evaluation).
 *
 * <p>Weights start Glorot-uniform from the seed, the output layer scaled by 0.01 (the flow starts near
 * the identity, log p near the standard normal's). Training minimises the mean -log p(x | c) by Adam
 * (Kingma and Ba arXiv:1412.6980) on shuffled mini-batches with analytic gradients (checked against
 * numerical derivatives in the tests), keeping the parameters of the epoch with the smallest validation
 * loss. Single-threaded and bit-reproducible; not thread-safe during training, {@link #logDensity} may be
 * called concurrently afterwards.
 */
public final class MaskedAutoregressiveFlow {
  static final double ALPHA_MAX = 5;
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  private final FlowConfig config;
  private final int d;
  private final int nc;
  private final int blocks;
  private final int layers;
  private final int width;
  private final double[] theta;
  private final double[] mask;
  private final int[][] wOff;
  private final int[][] bOff;
  private final int[] cOff;
  private final int[] woOff;
  private final int[] boOff;

  /**
   * The training record.
   *
   * @param trainLoss mean -log p(x | c) of the training events per epoch (during the epoch's updates)
   * @param validationLoss mean -log p(x | c) of the validation events after each epoch (empty without
   *     validation events)
   * @param bestEpoch the epoch whose parameters were kept (0-based)
   */
  public record Training(double[] trainLoss, double[] validationLoss, int bestEpoch) {}

  /**
   * A flow with freshly initialised weights.
   *
   * @param dims d, the dimension of x, &gt;= 1
   * @param conditions the number of conditioning variables, &gt;= 0
   * @param config architecture and training
   * @param init initialises the weights
   */
  public MaskedAutoregressiveFlow(int dims, int conditions, FlowConfig config, SplittableRandom init) {
    if (dims < 1 || conditions < 0) {
      throw new IllegalArgumentException("a flow needs dims >= 1 and conditions >= 0, found " + dims + " and " + conditions);
    }
    this.config = config;
    d = dims;
    nc = conditions;
    blocks = config.blocks();
    layers = config.hiddenLayers();
    width = config.width();
    wOff = new int[blocks][layers];
    bOff = new int[blocks][layers];
    cOff = new int[blocks];
    woOff = new int[blocks];
    boOff = new int[blocks];
    int p = 0;
    for (int k = 0; k < blocks; k++) {
      for (int l = 0; l < layers; l++) {
        wOff[k][l] = p;
        p += width * (l == 0 ? d : width);
        bOff[k][l] = p;
        p += width;
        if (l == 0) {
          cOff[k] = p;
          p += width * nc;
        }
      }
      woOff[k] = p;
      p += 2 * d * width;
      boOff[k] = p;
      p += 2 * d;
    }
    theta = new double[p];
    mask = new double[p];
    Arrays.fill(mask, 1);
    for (int k = 0; k < blocks; k++) {
      int[] deg = inputDegrees(k);
      for (int l = 0; l < layers; l++) {
        int in = l == 0 ? d : width;
        for (int h = 0; h < width; h++) {
          for (int i = 0; i < in; i++) {
            boolean on = l == 0 ? deg[i] <= hiddenDegree(h) : hiddenDegree(i) <= hiddenDegree(h);
            mask[wOff[k][l] + h * in + i] = on ? 1 : 0;
          }
        }
        glorot(init, wOff[k][l], width * in, in, width, 1);
        if (l == 0) {
          glorot(init, cOff[k], width * nc, Math.max(1, nc), width, 1);
        }
      }
      for (int o = 0; o < 2 * d; o++) {
        for (int h = 0; h < width; h++) {
          mask[woOff[k] + o * width + h] = hiddenDegree(h) < deg[o % d] ? 1 : 0;
        }
      }
      glorot(init, woOff[k], 2 * d * width, width, 2 * d, 0.01);
    }
    for (int i = 0; i < p; i++) {
      theta[i] *= mask[i];
    }
  }

  private void glorot(SplittableRandom r, int off, int n, int fanIn, int fanOut, double scale) {
    double lim = scale * Math.sqrt(6.0 / (fanIn + fanOut));
    for (int i = 0; i < n; i++) {
      theta[off + i] = (2 * r.nextDouble() - 1) * lim;
    }
  }

  /** Degrees 1..d of the input variables in block k: the order is reversed in every odd block. */
  int[] inputDegrees(int k) {
    int[] deg = new int[d];
    for (int i = 0; i < d; i++) {
      deg[i] = 1 + (k % 2 == 0 ? i : d - 1 - i);
    }
    return deg;
  }

  private int hiddenDegree(int h) {
    return h % d;
  }

  /** The dimension of x. */
  public int dims() {
    return d;
  }

  /** The number of conditioning variables. */
  public int conditions() {
    return nc;
  }

  /** The number of free (unmasked) parameters. */
  public int parameterCount() {
    int n = 0;
    for (double m : mask) {
      n += (int) m;
    }
    return n;
  }

  public FlowConfig config() {
    return config;
  }

  /** Per-event scratch space of the forward and backward passes. */
  final class Work {
    final double[][] x = new double[blocks + 1][d];
    final double[][][] a = new double[blocks][layers][width];
    final double[][] tanhAlpha = new double[blocks][d];
    final double[][] alpha = new double[blocks][d];
    final double[] g = new double[d];
    final double[] gin = new double[d];
    final double[] draw = new double[2 * d];
    final double[] da = new double[width];
    final double[] dz = new double[width];
  }

  Work work() {
    return new Work();
  }

  /**
   * log p(x | c), in the units of x (no standardisation is applied here).
   *
   * @param x d values
   * @param c the conditions (length {@link #conditions()})
   */
  public double logDensity(double[] x, double[] c) {
    check(x, c);
    return forward(new Work(), x, c);
  }

  /**
   * log p(x | c) of many events (one scratch space for all).
   *
   * @param x per event d values
   * @param c per event the conditions (may be null without conditions)
   * @param rows the events to evaluate
   * @return per row, log p
   */
  public double[] logDensity(double[][] x, double[][] c, int[] rows) {
    Work w = new Work();
    double[] out = new double[rows.length];
    double[] noCond = new double[0];
    for (int i = 0; i < rows.length; i++) {
      double[] cr = c == null ? noCond : c[rows[i]];
      check(x[rows[i]], cr);
      out[i] = forward(w, x[rows[i]], cr);
    }
    return out;
  }

  private void check(double[] x, double[] c) {
    if (x.length != d || (c == null ? 0 : c.length) != nc) {
      throw new IllegalArgumentException("the flow takes " + d + " values and " + nc + " conditions, found "
          + x.length + " and " + (c == null ? 0 : c.length));
    }
  }

  /** The forward pass; returns log p(x | c). */
  double forward(Work w, double[] xIn, double[] c) {
    System.arraycopy(xIn, 0, w.x[0], 0, d);
    double logDet = 0;
    for (int k = 0; k < blocks; k++) {
      double[] in = w.x[k];
      for (int l = 0; l < layers; l++) {
        double[] prev = l == 0 ? in : w.a[k][l - 1];
        int nin = l == 0 ? d : width;
        double[] out = w.a[k][l];
        int wo = wOff[k][l];
        int bo = bOff[k][l];
        for (int h = 0; h < width; h++) {
          double s = theta[bo + h];
          int off = wo + h * nin;
          for (int i = 0; i < nin; i++) {
            s += theta[off + i] * prev[i];
          }
          if (l == 0) {
            int co = cOff[k] + h * nc;
            for (int j = 0; j < nc; j++) {
              s += theta[co + j] * c[j];
            }
          }
          out[h] = Math.tanh(s);
        }
      }
      double[] last = w.a[k][layers - 1];
      double[] u = w.x[k + 1];
      for (int i = 0; i < d; i++) {
        double mu = theta[boOff[k] + i];
        double raw = theta[boOff[k] + d + i];
        int om = woOff[k] + i * width;
        int oa = woOff[k] + (d + i) * width;
        for (int h = 0; h < width; h++) {
          mu += theta[om + h] * last[h];
          raw += theta[oa + h] * last[h];
        }
        double t = Math.tanh(raw / ALPHA_MAX);
        double alpha = ALPHA_MAX * t;
        w.tanhAlpha[k][i] = t;
        w.alpha[k][i] = alpha;
        u[i] = (in[i] - mu) * Math.exp(-alpha);
        logDet -= alpha;
      }
    }
    double lp = logDet;
    for (double v : w.x[blocks]) {
      lp -= 0.5 * v * v + HALF_LOG_2PI;
    }
    return lp;
  }

  /**
   * Adds the gradient of -log p(x | c) with respect to every parameter (masked entries included; mask
   * them before use) to {@code grad}, after {@link #forward} on the same work.
   */
  void backward(Work w, double[] c, double[] grad) {
    System.arraycopy(w.x[blocks], 0, w.g, 0, d);
    for (int k = blocks - 1; k >= 0; k--) {
      double[] in = w.x[k];
      double[] u = w.x[k + 1];
      for (int i = 0; i < d; i++) {
        double e = Math.exp(-w.alpha[k][i]);
        w.draw[i] = -w.g[i] * e;
        double t = w.tanhAlpha[k][i];
        w.draw[d + i] = (1 - w.g[i] * u[i]) * (1 - t * t);
        w.gin[i] = w.g[i] * e;
      }
      double[] last = w.a[k][layers - 1];
      Arrays.fill(w.da, 0);
      for (int o = 0; o < 2 * d; o++) {
        double g = w.draw[o];
        grad[boOff[k] + o] += g;
        int off = woOff[k] + o * width;
        for (int h = 0; h < width; h++) {
          grad[off + h] += g * last[h];
          w.da[h] += theta[off + h] * g;
        }
      }
      for (int l = layers - 1; l >= 0; l--) {
        double[] act = w.a[k][l];
        for (int h = 0; h < width; h++) {
          w.dz[h] = w.da[h] * (1 - act[h] * act[h]);
        }
        double[] prev = l == 0 ? in : w.a[k][l - 1];
        int nin = l == 0 ? d : width;
        double[] dPrev = l == 0 ? w.gin : w.da;
        if (l > 0) {
          Arrays.fill(w.da, 0);
        }
        int wo = wOff[k][l];
        int bo = bOff[k][l];
        for (int h = 0; h < width; h++) {
          double g = w.dz[h];
          if (g == 0) {
            continue;
          }
          grad[bo + h] += g;
          int off = wo + h * nin;
          for (int i = 0; i < nin; i++) {
            grad[off + i] += g * prev[i];
            dPrev[i] += theta[off + i] * g;
          }
          if (l == 0) {
            int co = cOff[k] + h * nc;
            for (int j = 0; j < nc; j++) {
              grad[co + j] += g * c[j];
            }
          }
        }
      }
      System.arraycopy(w.gin, 0, w.g, 0, d);
    }
  }

  /**
   * The gradient of -log p(x | c) with respect to the parameters (zero on masked weights), in the layout
   * of {@link #parameters()}; for tests.
   */
  double[] gradient(double[] x, double[] c) {
    check(x, c);
    Work w = new Work();
    forward(w, x, c);
    double[] grad = new double[theta.length];
    backward(w, c, grad);
    for (int i = 0; i < grad.length; i++) {
      grad[i] *= mask[i];
    }
    return grad;
  }

  /** The parameters (live array, masked weights are 0); for tests. */
  double[] parameters() {
    return theta;
  }

  /** 1 for a free parameter, 0 for a masked weight; for tests. */
  double[] mask() {
    return mask.clone();
  }

  /**
   * Trains on the given rows by Adam.
   *
   * @param x per event d values (already standardised)
   * @param c per event the conditions (null rows allowed only without conditions)
   * @param rows training events (indices into x and c); {@code validationFraction} of them, chosen by
   *     {@code rng}, are held out to choose the epoch
   * @param rng shuffles (validation split and batches)
   * @throws NphuntException when there are too few events or the loss becomes non-finite
   */
  public Training train(double[][] x, double[][] c, int[] rows, SplittableRandom rng) {
    int n = rows.length;
    if (n < 2) {
      throw new NphuntException("flow training needs >= 2 events, found " + n);
    }
    int[] order = rows.clone();
    shuffle(order, rng);
    int nVal = (int) Math.floor(config.validationFraction() * n);
    int nTrain = n - nVal;
    int[] train = Arrays.copyOf(order, nTrain);
    int[] val = Arrays.copyOfRange(order, nTrain, n);
    int epochs = config.epochs();
    int batch = config.batchSize();
    double[] grad = new double[theta.length];
    double[] m = new double[theta.length];
    double[] v = new double[theta.length];
    double[] best = theta.clone();
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = epochs - 1;
    double[] trainLoss = new double[epochs];
    double[] valLoss = new double[nVal > 0 ? epochs : 0];
    Work w = new Work();
    double[] noCond = new double[0];
    long step = 0;
    for (int e = 0; e < epochs; e++) {
      shuffle(train, rng);
      double lr = config.learningRate() * (1 - 0.9 * e / (double) Math.max(1, epochs - 1));
      double sum = 0;
      for (int s0 = 0; s0 < nTrain; s0 += batch) {
        int s1 = Math.min(nTrain, s0 + batch);
        Arrays.fill(grad, 0);
        for (int q = s0; q < s1; q++) {
          int r = train[q];
          double[] cr = nc == 0 ? noCond : c[r];
          sum -= forward(w, x[r], cr);
          backward(w, cr, grad);
        }
        step++;
        double inv = 1.0 / (s1 - s0);
        double c1 = 1 - Math.pow(0.9, step);
        double c2 = 1 - Math.pow(0.999, step);
        for (int i = 0; i < theta.length; i++) {
          double gi = grad[i] * inv * mask[i];
          m[i] = 0.9 * m[i] + 0.1 * gi;
          v[i] = 0.999 * v[i] + 0.001 * gi * gi;
          theta[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
        }
      }
      trainLoss[e] = sum / nTrain;
      if (!Double.isFinite(trainLoss[e])) {
        throw new NphuntException("flow training diverged: mean -log p = " + trainLoss[e] + " in epoch " + e
            + " (lower the learning rate)");
      }
      if (nVal > 0) {
        double vs = 0;
        for (int r : val) {
          vs -= forward(w, x[r], nc == 0 ? noCond : c[r]);
        }
        valLoss[e] = vs / nVal;
        if (valLoss[e] < bestLoss) {
          bestLoss = valLoss[e];
          bestEpoch = e;
          System.arraycopy(theta, 0, best, 0, theta.length);
        }
      }
    }
    if (nVal > 0) {
      System.arraycopy(best, 0, theta, 0, theta.length);
    } else {
      bestEpoch = epochs - 1;
    }
    return new Training(trainLoss, valLoss, bestEpoch);
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
