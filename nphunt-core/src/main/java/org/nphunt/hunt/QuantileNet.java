package org.nphunt.hunt;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A small dense network mJJ -&gt; one score threshold per quantile, trained with the summed
 * {@link PinballLoss} (the quantile regression of the CMS dijet anomaly search, arXiv:2412.03747).
 *
 * <p>Architecture: {@code layers} dense layers; inputs x, x^2, ..., x^degree with x = ln mJJ
 * standardised on the training set (degree 1: the plain network of the paper); {@code layers - 1}
 * hidden layers of {@code width} ELU units; a linear output per quantile (in units of the standardised
 * score, mapped back). With one layer and degree d it is the linear quantile regression on a polynomial
 * of degree d in ln mJJ (Koenker and Bassett): a smooth threshold curve that cannot follow a narrow
 * excess, hence robust to signal contamination of the signal region. Weights start He-uniform from the seed (the last layer scaled by 0.1), the output biases at the
 * training set's inclusive quantiles; training is Adam
 * (Kingma and Ba, arXiv:1412.6980) on shuffled mini-batches with the step size falling linearly to 10%
 * over the epochs. The thresholds returned by {@link #thresholds} are sorted per mass (Chernozhukov et
 * al.'s rearrangement, Econometrica 78 (2010) 1093) so that the quantile curves never cross and the
 * categories stay orthogonal.
 *
 * <p>Pure Java on primitive arrays: the network is tiny (a few hundred weights, one input), so a
 * hand-written, single-threaded forward and backward pass is bit-reproducible and needs no native
 * library. Not thread-safe during training; {@link #thresholds} may be called concurrently afterwards.
 */
public final class QuantileNet {
  private final double[] alphas;
  private final int[] sizes;
  private final int degree;
  /** Per layer l: weights [out][in] flattened, then biases [out]. */
  private final double[][] w;
  private final double[][] b;
  private double xMean;
  private double xScale = 1;
  private double yMean;
  private double yScale = 1;

  /**
   * @param alphas the quantiles (background acceptances), each in (0, 1)
   * @param layers dense layers, &gt;= 1
   * @param width hidden units, &gt;= 1
   * @param degree powers of the standardised ln mJJ given as inputs, &gt;= 1
   * @param rng initialises the weights
   */
  public QuantileNet(double[] alphas, int layers, int width, int degree, SplittableRandom rng) {
    if (alphas.length == 0 || layers < 1 || width < 1 || degree < 1) {
      throw new IllegalArgumentException("quantile network needs >= 1 quantile, >= 1 layer, width >= 1 and degree >= 1,"
          + " found " + alphas.length + ", " + layers + ", " + width + ", " + degree);
    }
    this.alphas = alphas.clone();
    this.degree = degree;
    sizes = new int[layers + 1];
    Arrays.fill(sizes, width);
    sizes[0] = degree;
    sizes[layers] = alphas.length;
    w = new double[layers][];
    b = new double[layers][];
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      w[l] = new double[in * out];
      b[l] = new double[out];
      double lim = Math.sqrt(6.0 / in) * (l == layers - 1 ? 0.1 : 1);
      for (int i = 0; i < w[l].length; i++) {
        w[l][i] = (2 * rng.nextDouble() - 1) * lim;
      }
    }
  }

  /**
   * Trains on (mJJ, score) pairs.
   *
   * @param mJJ masses in GeV, &gt; 0
   * @param score the anomaly scores (finite)
   * @param rows the training rows (indices into mJJ and score)
   * @param rng shuffles the batches
   * @return the mean summed pinball loss (standardised units) of each epoch
   */
  public double[] train(double[] mJJ, double[] score, int[] rows, int epochs, int batchSize, double learningRate,
      SplittableRandom rng) {
    int n = rows.length;
    if (n == 0) {
      throw new IllegalArgumentException("quantile regression needs training events, found none");
    }
    // standardisation: ln mJJ by mean and sd, the score by its median and interquartile range
    double s = 0;
    double s2 = 0;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double x = Math.log(mJJ[rows[i]]);
      s += x;
      s2 += x * x;
      y[i] = score[rows[i]];
    }
    xMean = s / n;
    xScale = Math.sqrt(Math.max(s2 / n - xMean * xMean, 1e-24));
    double[] sorted = y.clone();
    Arrays.sort(sorted);
    yMean = sorted[n / 2];
    double iqr = sorted[(3 * n) / 4] - sorted[n / 4];
    yScale = iqr > 0 ? iqr : Math.max(sorted[n - 1] - sorted[0], 1e-12);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (Math.log(mJJ[rows[i]]) - xMean) / xScale;
      y[i] = (y[i] - yMean) / yScale;
    }
    int layers = w.length;
    // start each output at the inclusive alpha-quantile: training then only learns the mass dependence
    for (int o = 0; o < alphas.length; o++) {
      b[layers - 1][o] = (sorted[Math.min(n - 1, (int) Math.floor(alphas[o] * n))] - yMean) / yScale;
    }
    double[][] gw = new double[layers][];
    double[][] gb = new double[layers][];
    double[][] mw = new double[layers][];
    double[][] mb = new double[layers][];
    double[][] vw = new double[layers][];
    double[][] vb = new double[layers][];
    for (int l = 0; l < layers; l++) {
      gw[l] = new double[w[l].length];
      gb[l] = new double[b[l].length];
      mw[l] = new double[w[l].length];
      mb[l] = new double[b[l].length];
      vw[l] = new double[w[l].length];
      vb[l] = new double[b[l].length];
    }
    double[][] act = new double[layers + 1][];
    double[][] delta = new double[layers + 1][];
    for (int l = 0; l <= layers; l++) {
      act[l] = new double[sizes[l]];
      delta[l] = new double[sizes[l]];
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    double[] history = new double[epochs];
    long step = 0;
    double beta1 = 0.9;
    double beta2 = 0.999;
    int q = alphas.length;
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double lr = learningRate * (1 - 0.9 * epoch / (double) Math.max(1, epochs - 1));
      double epochLoss = 0;
      for (int start = 0; start < n; start += batchSize) {
        int end = Math.min(n, start + batchSize);
        for (int l = 0; l < layers; l++) {
          Arrays.fill(gw[l], 0);
          Arrays.fill(gb[l], 0);
        }
        for (int k = start; k < end; k++) {
          int r = order[k];
          input(x[r], act[0]);
          forward(act);
          double[] out = act[layers];
          for (int o = 0; o < q; o++) {
            epochLoss += PinballLoss.loss(y[r], out[o], alphas[o]);
            delta[layers][o] = PinballLoss.gradient(y[r], out[o], alphas[o]);
          }
          for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int outN = sizes[l + 1];
            double[] d = delta[l + 1];
            double[] a = act[l];
            double[] wl = w[l];
            double[] gwl = gw[l];
            for (int o = 0; o < outN; o++) {
              gb[l][o] += d[o];
              int off = o * in;
              for (int i = 0; i < in; i++) {
                gwl[off + i] += d[o] * a[i];
              }
            }
            if (l > 0) {
              double[] dPrev = delta[l];
              Arrays.fill(dPrev, 0);
              for (int o = 0; o < outN; o++) {
                int off = o * in;
                for (int i = 0; i < in; i++) {
                  dPrev[i] += d[o] * wl[off + i];
                }
              }
              // ELU derivative from its output: 1 for a > 0, a + 1 otherwise
              for (int i = 0; i < in; i++) {
                dPrev[i] *= a[i] > 0 ? 1 : a[i] + 1;
              }
            }
          }
        }
        step++;
        double inv = 1.0 / (end - start);
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        for (int l = 0; l < layers; l++) {
          adam(w[l], gw[l], mw[l], vw[l], inv, lr, c1, c2);
          adam(b[l], gb[l], mb[l], vb[l], inv, lr, c1, c2);
        }
      }
      history[epoch] = epochLoss / n;
    }
    return history;
  }

  private static void adam(double[] p, double[] g, double[] m, double[] v, double inv, double lr, double c1, double c2) {
    for (int i = 0; i < p.length; i++) {
      double gi = g[i] * inv;
      m[i] = 0.9 * m[i] + 0.1 * gi;
      v[i] = 0.999 * v[i] + 0.001 * gi * gi;
      p[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
    }
  }

  private void input(double x, double[] a) {
    double p = x;
    for (int j = 0; j < degree; j++) {
      a[j] = p;
      p *= x;
    }
  }

  /** Forward pass from act[0] (standardised input) into act[1..layers]. */
  private void forward(double[][] act) {
    int layers = w.length;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double[] a = act[l];
      double[] z = act[l + 1];
      double[] wl = w[l];
      for (int o = 0; o < out; o++) {
        double s = b[l][o];
        int off = o * in;
        for (int i = 0; i < in; i++) {
          s += wl[off + i] * a[i];
        }
        z[o] = l == layers - 1 ? s : s > 0 ? s : Math.expm1(s);
      }
    }
  }

  /** The thresholds (score units) at mass {@code mJJ} GeV, one per quantile, ascending. */
  public double[] thresholds(double mJJ) {
    double[][] act = new double[sizes.length][];
    for (int l = 0; l < sizes.length; l++) {
      act[l] = new double[sizes[l]];
    }
    input((Math.log(mJJ) - xMean) / xScale, act[0]);
    forward(act);
    double[] t = act[w.length].clone();
    for (int i = 0; i < t.length; i++) {
      t[i] = yMean + yScale * t[i];
    }
    Arrays.sort(t);
    return t;
  }

  /** The quantiles this network predicts. */
  public double[] alphas() {
    return alphas.clone();
  }
}
