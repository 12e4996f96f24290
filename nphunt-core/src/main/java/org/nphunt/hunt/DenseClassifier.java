package org.nphunt.hunt;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The small dense binary classifier of CWoLa hunting and of the supervised reference: features
 * standardised on the training rows, {@code hidden} layers of {@code width} ELU units (He-uniform
 * initialisation from the given generator), a sigmoid output, the class-balanced binary cross-entropy
 * minimised by Adam (arXiv:1412.6980) on shuffled batches of 256 with the step size falling linearly from
 * 3e-3 to 10%. Single-threaded and bit-reproducible; {@link #predict} is safe to call concurrently after
 * training.
 */
final class DenseClassifier {

  final int[] sizes;
  final double[][] w;
  final double[][] b;
  double[] mean;
  double[] scale;

  DenseClassifier(int d, int hidden, int width, SplittableRandom rng) {
    sizes = new int[hidden + 2];
    Arrays.fill(sizes, width);
    sizes[0] = d;
    sizes[hidden + 1] = 1;
    w = new double[hidden + 1][];
    b = new double[hidden + 1][];
    for (int l = 0; l <= hidden; l++) {
      w[l] = new double[sizes[l] * sizes[l + 1]];
      b[l] = new double[sizes[l + 1]];
      double lim = Math.sqrt(6.0 / sizes[l]);
      for (int i = 0; i < w[l].length; i++) {
        w[l][i] = (2 * rng.nextDouble() - 1) * lim;
      }
    }
  }

  void forward(double[][] act) {
    int layers = w.length;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      for (int o = 0; o < sizes[l + 1]; o++) {
        double s = b[l][o];
        for (int i = 0; i < in; i++) {
          s += w[l][o * in + i] * act[l][i];
        }
        act[l + 1][o] = l == layers - 1 ? 1 / (1 + Math.exp(-s)) : s > 0 ? s : Math.expm1(s);
      }
    }
  }

  double[][] buffers() {
    double[][] a = new double[sizes.length][];
    for (int l = 0; l < sizes.length; l++) {
      a[l] = new double[sizes[l]];
    }
    return a;
  }

  double predict(double[] x) {
    double[][] act = buffers();
    for (int j = 0; j < x.length; j++) {
      act[0][j] = (x[j] - mean[j]) / scale[j];
    }
    forward(act);
    return act[sizes.length - 1][0];
  }

  void train(double[][] x, int[] label, int[] rows, int epochs, SplittableRandom rng) {
    int d = sizes[0];
    int n = rows.length;
    mean = new double[d];
    scale = new double[d];
    double ones = 0;
    for (int r : rows) {
      ones += label[r];
      for (int j = 0; j < d; j++) {
        mean[j] += x[r][j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    for (int r : rows) {
      for (int j = 0; j < d; j++) {
        scale[j] += (x[r][j] - mean[j]) * (x[r][j] - mean[j]);
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = Math.sqrt(Math.max(scale[j] / n, 1e-24));
    }
    // class-balanced weights: both classes weigh half
    double w1 = 0.5 * n / Math.max(1, ones);
    double w0 = 0.5 * n / Math.max(1, n - ones);
    int layers = w.length;
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
    double[][] act = buffers();
    double[][] delta = buffers();
    int[] order = rows.clone();
    int batch = 256;
    long step = 0;
    for (int e = 0; e < epochs; e++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double lr = 3e-3 * (1 - 0.9 * e / (double) Math.max(1, epochs - 1));
      for (int s0 = 0; s0 < n; s0 += batch) {
        int s1 = Math.min(n, s0 + batch);
        for (int l = 0; l < layers; l++) {
          Arrays.fill(gw[l], 0);
          Arrays.fill(gb[l], 0);
        }
        for (int k = s0; k < s1; k++) {
          int r = order[k];
          for (int j = 0; j < d; j++) {
            act[0][j] = (x[r][j] - mean[j]) / scale[j];
          }
          forward(act);
          double p = act[layers][0];
          // d(BCE)/d(logit) = p - y, class-weighted
          delta[layers][0] = (p - label[r]) * (label[r] == 1 ? w1 : w0);
          for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            for (int o = 0; o < sizes[l + 1]; o++) {
              gb[l][o] += delta[l + 1][o];
              for (int i = 0; i < in; i++) {
                gw[l][o * in + i] += delta[l + 1][o] * act[l][i];
              }
            }
            if (l > 0) {
              Arrays.fill(delta[l], 0);
              for (int o = 0; o < sizes[l + 1]; o++) {
                for (int i = 0; i < in; i++) {
                  delta[l][i] += delta[l + 1][o] * w[l][o * in + i];
                }
              }
              for (int i = 0; i < in; i++) {
                delta[l][i] *= act[l][i] > 0 ? 1 : act[l][i] + 1;
              }
            }
          }
        }
        step++;
        double inv = 1.0 / (s1 - s0);
        double c1 = 1 - Math.pow(0.9, step);
        double c2 = 1 - Math.pow(0.999, step);
        for (int l = 0; l < layers; l++) {
          adam(w[l], gw[l], mw[l], vw[l], inv, lr, c1, c2);
          adam(b[l], gb[l], mb[l], vb[l], inv, lr, c1, c2);
        }
      }
    }
  }

  private static void adam(double[] p, double[] g, double[] m, double[] v, double inv, double lr, double c1, double c2) {
    for (int i = 0; i < p.length; i++) {
      double gi = g[i] * inv;
      m[i] = 0.9 * m[i] + 0.1 * gi;
      v[i] = 0.999 * v[i] + 0.001 * gi * gi;
      p[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
    }
  }
}
