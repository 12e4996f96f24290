package org.nphunt.deploy;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import org.nphunt.model.DenseAutoencoder;
import org.nphunt.model.VariationalAutoencoder;

/**
 * Fixed-point emulation of a stack of dense layers as an hls4ml firmware computes it (arXiv:1804.06913,
 * the latency-strategy {@code dense} layer and the {@code leaky_relu} activation of nnet_utils): the input
 * is cast to the input type; per layer the weights and biases are cast to their types, the accumulator
 * starts at the bias cast to the accumulator type and adds every product {@code a_i w_oi} (computed
 * exactly) in input order, casting to the accumulator type after every addition; the sum is cast to the
 * layer's result type; LeakyReLU passes positive values and multiplies the others by the slope (cast to
 * the result type), each cast to the activation type. Every cast is {@link ApFixed#quantize}.
 *
 * <p>Exactness: the emulation is exact (the same numbers as the firmware) when input, weight and
 * accumulator widths keep every product and partial sum within 53 significant bits, e.g. all types at most
 * 26 bits wide; beyond that a product or sum is rounded once in double before its cast.
 *
 * <p>Models: the dense autoencoder (all layers; the score is the reconstruction mse over the 57 inputs
 * against the fixed-point input) and the VAE encoder as AXOL1TL deploys it (trunk and mu head; the score
 * is sum mu^2, arXiv:2108.03986), both on the standardised inputs of {@code Standardizer}.
 */
public final class FixedPointNet {
  /** One dense layer: weight (out x in, row-major as PyTorch), bias, LeakyReLU after it or not. */
  public record Layer(float[] weight, float[] bias, int in, int out, boolean act, double slope) {
    public Layer {
      if (weight.length != in * out || bias.length != out) {
        throw new IllegalArgumentException("layer " + in + " -> " + out + " needs " + in * out + " weights and " + out
            + " biases, found " + weight.length + " and " + bias.length);
      }
    }
  }

  /** The types of one layer (hls4ml's weight_t, bias_t, accum_t, result_t and the activation's res_T). */
  public record Precision(ApFixed weight, ApFixed bias, ApFixed accum, ApFixed result, ApFixed activation) {
    /** One type for everything (hls4ml's model-level {@code Precision: ap_fixed<W,I>}). */
    public static Precision uniform(ApFixed t) {
      return new Precision(t, t, t, t, t);
    }
  }

  /** What the network scores. */
  public enum Kind {
    /** Dense autoencoder: mse of the reconstruction. */
    AUTOENCODER,
    /** VAE encoder (trunk + mu head): sum of mu^2. */
    VAE_ENCODER
  }

  private final List<Layer> layers;
  private final Kind kind;

  public FixedPointNet(List<Layer> layers, Kind kind) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("no layers");
    }
    for (int l = 1; l < layers.size(); l++) {
      if (layers.get(l).in() != layers.get(l - 1).out()) {
        throw new IllegalArgumentException("layer " + l + " reads " + layers.get(l).in() + " inputs, the layer before gives "
            + layers.get(l - 1).out());
      }
    }
    this.layers = List.copyOf(layers);
    this.kind = kind;
  }

  /** The dense AE's layers, or the VAE's trunk and mu head, of a trained block. */
  public static FixedPointNet of(Block block) {
    List<Layer> layers = new ArrayList<>();
    if (block instanceof DenseAutoencoder d) {
      stack(d.encoder(), d.config().leakySlope(), layers);
      stack(d.decoder(), d.config().leakySlope(), layers);
      return new FixedPointNet(layers, Kind.AUTOENCODER);
    }
    if (block instanceof VariationalAutoencoder v) {
      stack(v.trunk(), v.config().leakySlope(), layers);
      layers.add(linear(v.muHead(), false, 0));
      return new FixedPointNet(layers, Kind.VAE_ENCODER);
    }
    throw new IllegalArgumentException("fixed-point emulation covers the dense autoencoder and the VAE, found "
        + block.getClass().getSimpleName());
  }

  private static void stack(SequentialBlock seq, double slope, List<Layer> out) {
    for (var child : seq.getChildren()) {
      Block b = child.getValue();
      if (b instanceof Linear lin) {
        out.add(linear(lin, false, slope));
      } else if (b instanceof LambdaBlock) {
        Layer last = out.remove(out.size() - 1);
        out.add(new Layer(last.weight(), last.bias(), last.in(), last.out(), true, slope));
      } else {
        throw new IllegalArgumentException("fixed-point emulation has no " + b.getClass().getSimpleName()
            + " (BatchNorm and dropout models are not covered)");
      }
    }
  }

  private static Layer linear(Linear lin, boolean act, double slope) {
    float[] w = lin.getParameters().get("weight").getArray().toFloatArray();
    float[] b = lin.getParameters().get("bias").getArray().toFloatArray();
    return new Layer(w, b, w.length / b.length, b.length, act, slope);
  }

  public List<Layer> layers() {
    return layers;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Scores of n events (standardised inputs {@code x}, n x in, row-major): fixed point when
   * {@code input} and {@code precision} are given, else in double from the float weights (the reference).
   *
   * @param precision per layer (size = layers) or null for floating point
   */
  public double[] scores(float[] x, int n, ApFixed input, List<Precision> precision) {
    if (precision != null && precision.size() != layers.size()) {
      throw new IllegalArgumentException("precision for " + precision.size() + " layers, the network has " + layers.size());
    }
    int in0 = layers.get(0).in();
    // the weights and biases in their types, once
    double[][] w = new double[layers.size()][];
    double[][] b = new double[layers.size()][];
    double[] alpha = new double[layers.size()];
    for (int l = 0; l < layers.size(); l++) {
      Layer L = layers.get(l);
      Precision p = precision == null ? null : precision.get(l);
      w[l] = new double[L.weight().length];
      for (int i = 0; i < w[l].length; i++) {
        w[l][i] = p == null ? L.weight()[i] : p.weight().quantize(L.weight()[i]);
      }
      b[l] = new double[L.out()];
      for (int o = 0; o < L.out(); o++) {
        b[l][o] = p == null ? L.bias()[o] : p.bias().quantize(L.bias()[o]);
      }
      alpha[l] = p == null ? L.slope() : p.result().quantize(L.slope());
    }
    double[] out = new double[n];
    double[] a0 = new double[in0];
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < in0; i++) {
        a0[i] = input == null ? x[e * in0 + i] : input.quantize(x[e * in0 + i]);
      }
      double[] a = a0;
      for (int l = 0; l < layers.size(); l++) {
        a = layer(l, a, w[l], b[l], alpha[l], precision == null ? null : precision.get(l));
      }
      double s = 0;
      if (kind == Kind.AUTOENCODER) {
        for (int i = 0; i < in0; i++) {
          double d = a[i] - a0[i];
          s += d * d;
        }
        s /= in0;
      } else {
        for (double mu : a) {
          s += mu * mu;
        }
      }
      out[e] = s;
    }
    return out;
  }

  private double[] layer(int l, double[] a, double[] w, double[] b, double alpha, Precision p) {
    Layer L = layers.get(l);
    double[] y = new double[L.out()];
    for (int o = 0; o < L.out(); o++) {
      double acc = p == null ? b[o] : p.accum().quantize(b[o]);
      int row = o * L.in();
      for (int i = 0; i < L.in(); i++) {
        acc = p == null ? acc + a[i] * w[row + i] : p.accum().quantize(acc + a[i] * w[row + i]);
      }
      double v = p == null ? acc : p.result().quantize(acc);
      if (L.act()) {
        v = v > 0 ? v : (p == null ? alpha * v : p.result().quantize(alpha * v));
        v = p == null ? v : p.activation().quantize(v);
      }
      y[o] = v;
    }
    return y;
  }
}
