package org.nphunt.score;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.kernel.AutoencoderNet;
import org.nphunt.kernel.ConvAutoencoderNet;
import org.nphunt.kernel.DenseLayer;
import org.nphunt.kernel.Kernels;
import org.nphunt.model.ConvAutoencoder;
import org.nphunt.model.DenseAutoencoder;
import org.nphunt.model.VariationalAutoencoder;
import org.nphunt.preprocess.OutputBounds;
import org.nphunt.preprocess.Standardizer;

/**
 * The pure-Java inference of the dense autoencoder and the VAE (z = mu) on nphunt's {@link Kernels}:
 * register-blocked 512-bit tiles through the Java Vector API when available, else the scalar kernels
 * with identical results. BatchNorm is folded into the preceding linear layer, dropout is the identity
 * at inference.
 *
 * <p>{@link #score} fuses the whole scoring of a block of raw ADC2021 events per tile of 32 events:
 * standardisation straight from the raw float64 values, the network (the first layer visiting only the
 * real slots), the optional bounded output head, and the per-type squared-error sums from which the
 * scores of {@link Scores} follow. Agreement with DJL: float32 with another summation order (fused
 * multiply-adds), ~1e-6 relative; per event the numbers are deterministic and independent of the batch
 * size, the tile and the thread.
 *
 * <p>The convolutional autoencoder ({@code conv}) runs the same way on {@link ConvAutoencoderNet}
 * (folded convolution bands and im2col on the same dense kernels), fused per tile of {@value ConvAutoencoderNet#TILE} events.
 */
final class JavaForward {
  private final AutoencoderNet net;
  /** The conv autoencoder's network (then {@link #net} is null), or null. */
  private final ConvAutoencoderNet conv;
  private final Kernels kernels;

  private JavaForward(AutoencoderNet net, Kernels kernels) {
    this(net, null, kernels);
  }

  private JavaForward(AutoencoderNet net, ConvAutoencoderNet conv, Kernels kernels) {
    this.net = net;
    this.conv = conv;
    this.kernels = kernels;
  }

  /** A Java pass for the block, or null when the architecture is neither a plain dense stack nor the conv AE. */
  static JavaForward of(Block block) {
    if (block instanceof ConvAutoencoder c) {
      return new JavaForward(null, ConvNetworks.of(c), Kernels.get());
    }
    AutoencoderNet net = network(block);
    return net == null ? null : new JavaForward(net, Kernels.get());
  }

  /** The block's layers as an {@link AutoencoderNet} (BatchNorm folded), or null for other blocks. */
  static AutoencoderNet network(Block block) {
    if (block instanceof DenseAutoencoder d) {
      float slope = (float) d.config().leakySlope();
      return new AutoencoderNet(layers(d.encoder(), slope, false), null, layers(d.decoder(), slope, true));
    }
    if (block instanceof VariationalAutoencoder v) {
      float slope = (float) v.config().leakySlope();
      return new AutoencoderNet(layers(v.trunk(), slope, false), head(v.muHead(), v.logVarHead()),
          layers(v.decoder(), slope, true));
    }
    return null;
  }

  /** The same pass on other kernels (tests compare the implementations). */
  JavaForward with(Kernels k) {
    return new JavaForward(net, conv, k);
  }

  AutoencoderNet net() {
    return net;
  }

  Kernels kernels() {
    return kernels;
  }

  private record Lin(float[] w, float[] b, int in, int out) {}

  private static List<DenseLayer> layers(SequentialBlock seq, float slope, boolean decoder) {
    List<Lin> lins = new ArrayList<>();
    List<Boolean> acts = new ArrayList<>();
    for (var child : seq.getChildren()) {
      Block b = child.getValue();
      if (b instanceof Linear lin) {
        lins.add(linear(lin));
        acts.add(false);
      } else if (b instanceof BatchNorm bn) {
        lins.set(lins.size() - 1, fold(lins.get(lins.size() - 1), bn));
      } else if (b instanceof LambdaBlock) {
        acts.set(acts.size() - 1, true);
      } else if (!(b instanceof Dropout)) {
        throw new IllegalStateException("unexpected block in dense stack: " + b.getClass().getSimpleName());
      }
    }
    List<DenseLayer> out = new ArrayList<>();
    for (int i = 0; i < lins.size(); i++) {
      Lin l = lins.get(i);
      boolean reconstruction = decoder && i == lins.size() - 1;
      out.add(reconstruction ? DenseLayer.adcOutput(l.w, l.b, l.in) : new DenseLayer(l.w, l.b, l.in, l.out, acts.get(i), slope));
    }
    return out;
  }

  private static DenseLayer head(Linear mu, Linear logVar) {
    Lin m = linear(mu);
    Lin v = linear(logVar);
    float[] w = new float[2 * m.out * m.in];
    float[] b = new float[2 * m.out];
    System.arraycopy(m.w, 0, w, 0, m.w.length);
    System.arraycopy(v.w, 0, w, m.w.length, v.w.length);
    System.arraycopy(m.b, 0, b, 0, m.out);
    System.arraycopy(v.b, 0, b, m.out, v.out);
    return new DenseLayer(w, b, m.in, 2 * m.out, false, 0f);
  }

  private static float[] values(Block b, String name) {
    Parameter p = b.getParameters().get(name);
    NDArray a = p.getArray();
    return a.toFloatArray();
  }

  private static Lin linear(Linear lin) {
    float[] w = values(lin, "weight");
    float[] bias = values(lin, "bias");
    int out = bias.length;
    return new Lin(w, bias, w.length / out, out);
  }

  /** Folds inference BatchNorm y = gamma (x - rm) / sqrt(rv + eps) + beta into W and b. */
  private static Lin fold(Lin l, BatchNorm bn) {
    float[] gamma = values(bn, "gamma");
    float[] beta = values(bn, "beta");
    float[] rm = values(bn, "runningMean");
    float[] rv = values(bn, "runningVar");
    float[] w = l.w.clone();
    float[] b = new float[l.out];
    for (int o = 0; o < l.out; o++) {
      double s = gamma[o] / Math.sqrt(rv[o] + org.nphunt.model.DenseAeConfig.BATCH_NORM_EPSILON);
      for (int i = 0; i < l.in; i++) {
        w[o * l.in + i] = (float) (w[o * l.in + i] * s);
      }
      b[o] = (float) ((l.b[o] - rm[o]) * s + beta[o]);
    }
    return new Lin(w, b, l.in, l.out);
  }

  int latent() {
    return conv != null ? conv.latent() : net.latent();
  }

  boolean variational() {
    return conv == null && net.variational();
  }

  /**
   * Runs examples [from, to) of {@code x} (rows of 57 standardised inputs, 0 in empty slots) into
   * {@code out[0]} (the reconstruction, rows of 57) and, for the VAE, {@code out[1]} (mu) and
   * {@code out[2]} (logVar), rows of L.
   */
  void forward(float[] x, int from, int to, float[][] out) {
    if (conv != null) {
      convForward(x, from, to, out[0]);
      return;
    }
    int inputs = Adc2021.INPUTS;
    int latent = net.latent();
    AutoencoderNet.Tile t = net.tile(to - from);
    java.util.Arrays.fill(t.bits, Kernels.ALL_SLOTS);
    for (int e0 = from; e0 < to; e0 += t.rows) {
      int n = Math.min(t.rows, to - e0);
      for (int e = 0; e < n; e++) {
        for (int c = 0; c < inputs; c++) {
          t.x[e * Kernels.ROW + Kernels.position(c)] = x[(e0 + e) * inputs + c];
        }
      }
      net.forward(kernels, t, n);
      for (int e = 0; e < n; e++) {
        for (int c = 0; c < inputs; c++) {
          out[0][(e0 + e) * inputs + c] = t.r[e * Kernels.ROW + Kernels.position(c)];
        }
        if (net.variational()) {
          System.arraycopy(t.head, e * t.headStride, out[1], (e0 + e) * latent, latent);
          System.arraycopy(t.head, e * t.headStride + latent, out[2], (e0 + e) * latent, latent);
        }
      }
    }
  }

  /** The standardisation in the kernels' layout: mean and 1/std per raw value (0 for the class ids). */
  record Standardisation(double[] mean76, double[] inv76, boolean logPt) {
    static Standardisation of(Standardizer std) {
      double[] m = new double[Kernels.RAW];
      double[] inv = new double[Kernels.RAW];
      for (int s = 0; s < Adc2021.SLOTS; s++) {
        for (int f = 0; f < Adc2021.KINEMATIC; f++) {
          m[4 * s + f] = std.mean()[3 * s + f];
          inv[4 * s + f] = 1.0 / std.std()[3 * s + f];
        }
      }
      return new Standardisation(m, inv, std.logPt());
    }
  }

  /**
   * The scores ({@link Scores#names}) of events [from, from + count) of {@code batch} into
   * {@code out[score][offset + e - from]}: preprocessing, forward pass, bounded head and score sums fused
   * per tile.
   *
   * @param bounds the output head (identity when disabled)
   * @param maskedReco VAE: the reconstruction term over real objects only
   * @param beta VAE weight of the KL term
   */
  void score(EventBatch batch, int from, int count, Standardisation std, OutputBounds bounds, boolean maskedReco,
      double beta, double[][] out, int offset) {
    if (conv != null) {
      convScore(batch, from, count, std, bounds, out, offset);
      return;
    }
    AutoencoderNet.Tile t = net.tile(count);
    double[] p = batch.particles();
    int latent = net.latent();
    boolean vae = net.variational();
    for (int e0 = 0; e0 < count; e0 += t.rows) {
      int n = Math.min(t.rows, count - e0);
      kernels.preprocess(p, from + e0, n, std.mean76(), std.inv76(), std.logPt(), t.tmp, t.x, t.cm, t.bits);
      net.forward(kernels, t, n);
      if (bounds.enabled()) {
        float[] row = new float[Adc2021.INPUTS];
        for (int e = 0; e < n; e++) {
          for (int c = 0; c < row.length; c++) {
            row[c] = t.r[e * Kernels.ROW + Kernels.position(c)];
          }
          bounds.apply(row, 0, 1);
          for (int c = 0; c < row.length; c++) {
            t.r[e * Kernels.ROW + Kernels.position(c)] = row[c];
          }
        }
      }
      kernels.reconstructionSums(t.x, t.r, t.cm, n, t.sums);
      for (int e = 0; e < n; e++) {
        int o = offset + e0 + e;
        int s = e * Kernels.SUMS;
        double met = t.sums[s + Kernels.MET];
        double ele = t.sums[s + Kernels.ELECTRON];
        double mu = t.sums[s + Kernels.MUON];
        double jet = t.sums[s + Kernels.JET];
        double total = met + ele + mu + jet;
        int real = Integer.bitCount(t.bits[e]);
        out[0][o] = total / Adc2021.INPUTS;
        out[1][o] = real == 0 ? 0.0 : t.sums[s + Kernels.SEED] / real;
        out[2][o] = met / Adc2021.INPUTS;
        out[3][o] = ele / Adc2021.INPUTS;
        out[4][o] = mu / Adc2021.INPUTS;
        out[5][o] = jet / Adc2021.INPUTS;
        if (vae) {
          double reco = maskedReco ? t.sums[s + Kernels.MASKED] : total;
          double kl = 0;
          double rz = 0;
          double mu2 = 0;
          int h = e * t.headStride;
          for (int l = 0; l < latent; l++) {
            double m = t.head[h + l];
            double lv = t.head[h + latent + l];
            double var = Math.exp(lv);
            kl += 1 + lv - m * m - var;
            rz += m * m / var;
            mu2 += m * m;
          }
          kl *= -0.5;
          // EventReconstruction's names: vae_reco only with the masked loss (else it is 57 x mse)
          int k = 6;
          if (maskedReco) {
            out[k++][o] = reco;
          }
          out[k++][o] = kl;
          out[k++][o] = (1 - beta) * reco + beta * kl;
          out[k++][o] = rz;
          out[k][o] = mu2;
        }
      }
    }
  }

  /** {@link #forward} for the conv autoencoder: the reconstruction of examples [from, to) into {@code r}. */
  private void convForward(float[] x, int from, int to, float[] r) {
    int inputs = Adc2021.INPUTS;
    ConvAutoencoderNet.Buffers t = conv.tile(to - from);
    for (int e0 = from; e0 < to; e0 += t.rows) {
      int n = Math.min(t.rows, to - e0);
      for (int e = 0; e < n; e++) {
        for (int c = 0; c < inputs; c++) {
          t.x[e * Kernels.ROW + Kernels.position(c)] = x[(e0 + e) * inputs + c];
        }
      }
      conv.forward(kernels, t, n);
      for (int e = 0; e < n; e++) {
        for (int c = 0; c < inputs; c++) {
          r[(e0 + e) * inputs + c] = t.r[e * Kernels.ROW + Kernels.position(c)];
        }
      }
    }
  }

  /**
   * {@link #score} for the conv autoencoder (not variational: the six reconstruction scores), fused per
   * tile: preprocessing, network, bounded head, score sums.
   */
  private void convScore(EventBatch batch, int from, int count, Standardisation std, OutputBounds bounds,
      double[][] out, int offset) {
    ConvAutoencoderNet.Buffers t = conv.tile(count);
    double[] p = batch.particles();
    float[] row = bounds.enabled() ? new float[Adc2021.INPUTS] : null;
    for (int e0 = 0; e0 < count; e0 += t.rows) {
      int n = Math.min(t.rows, count - e0);
      kernels.preprocess(p, from + e0, n, std.mean76(), std.inv76(), std.logPt(), t.tmp, t.x, t.cm, t.bits);
      conv.forward(kernels, t, n);
      if (row != null) {
        for (int e = 0; e < n; e++) {
          for (int c = 0; c < row.length; c++) {
            row[c] = t.r[e * Kernels.ROW + Kernels.position(c)];
          }
          bounds.apply(row, 0, 1);
          for (int c = 0; c < row.length; c++) {
            t.r[e * Kernels.ROW + Kernels.position(c)] = row[c];
          }
        }
      }
      kernels.reconstructionSums(t.x, t.r, t.cm, n, t.sums);
      for (int e = 0; e < n; e++) {
        int o = offset + e0 + e;
        int s = e * Kernels.SUMS;
        double met = t.sums[s + Kernels.MET];
        double ele = t.sums[s + Kernels.ELECTRON];
        double mu = t.sums[s + Kernels.MUON];
        double jet = t.sums[s + Kernels.JET];
        int real = Integer.bitCount(t.bits[e]);
        out[0][o] = (met + ele + mu + jet) / Adc2021.INPUTS;
        out[1][o] = real == 0 ? 0.0 : t.sums[s + Kernels.SEED] / real;
        out[2][o] = met / Adc2021.INPUTS;
        out[3][o] = ele / Adc2021.INPUTS;
        out[4][o] = mu / Adc2021.INPUTS;
        out[5][o] = jet / Adc2021.INPUTS;
      }
    }
  }
}
