package org.nphunt.deploy;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
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
 * <p>Exactness: every type is at most {@link #MAX_WIDTH} = 26 bits wide ({@link PrecisionConfig} refuses
 * wider ones), so every product of an input and a weight (at most 52 significant bits) is exact in double.
 * A partial sum {@code acc + a w} is exact while its span, from the highest bit of the larger term to the
 * lowest set bit of either, fits 53 bits;
 * otherwise the sum is rounded once in double before the accumulator's cast,
 * which can move that cast by one step only when the exact sum lies within 2^-53 relative of a step boundary.
 *
 * <p>Models: the dense autoencoder (all layers; the score is the reconstruction mse over the 57 inputs
 * against the fixed-point input) and the VAE encoder as AXOL1TL deploys it (trunk and mu head; the score
 * is sum mu^2, arXiv:2108.03986), both on the standardised inputs of {@code Standardizer}.
 */
public final class FixedPointNet {
  /**
   * The widest type (W bits) the emulation takes: a product of two 26-bit values has at most 52
   * significant bits and is exact in a double (53-bit significand). {@code nphunt quantize --bits} and every
   * type of a {@link PrecisionConfig} are limited to it.
   */
  public static final int MAX_WIDTH = 26;

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
   * Events are independent: they are split over the common fork-join pool and the result does not
   * depend on the split.
   *
   * @param precision per layer (size = layers) or null for floating point
   */
  public double[] scores(float[] x, int n, ApFixed input, List<Precision> precision) {
    if (precision != null && precision.size() != layers.size()) {
      throw new IllegalArgumentException("precision for " + precision.size() + " layers, the network has " + layers.size());
    }
    if ((input == null) != (precision == null)) {
      throw new IllegalArgumentException("input type and layer precision go together (both or neither), found "
          + input + " and " + precision);
    }
    int in0 = layers.get(0).in();
    if (x.length < (long) n * in0) {
      throw new IllegalArgumentException(n + " events need " + (long) n * in0 + " inputs, found " + x.length);
    }
    // the weights and biases in their types, once
    double[][] w = new double[layers.size()][];
    double[][] b = new double[layers.size()][];
    double[] alpha = new double[layers.size()];
    ApFixed.Cast[][] casts = new ApFixed.Cast[layers.size()][];
    for (int l = 0; l < layers.size(); l++) {
      Layer L = layers.get(l);
      Precision p = precision == null ? null : precision.get(l);
      casts[l] = p == null ? null : new ApFixed.Cast[] {p.accum().cast(), p.result().cast(), p.activation().cast()};
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
    ApFixed.Cast inCast = input == null ? null : input.cast();
    double[] out = new double[n];
    int chunks = (n + CHUNK - 1) / CHUNK;
    IntStream range = IntStream.range(0, chunks);
    (chunks > 1 ? range.parallel() : range).forEach(c -> {
      double[] a0 = new double[in0];
      for (int e = c * CHUNK; e < Math.min(n, (c + 1) * CHUNK); e++) {
        for (int i = 0; i < in0; i++) {
          a0[i] = inCast == null ? x[e * in0 + i] : inCast.apply(x[e * in0 + i]);
        }
        double[] a = a0;
        for (int l = 0; l < layers.size(); l++) {
          a = layer(l, a, w[l], b[l], alpha[l], casts[l], null);
        }
        out[e] = score(a, a0);
      }
    });
    return out;
  }

  /**
   * The fixed-point layer: every output's accumulator runs over the inputs in order (as the firmware's
   * sum), the outputs interleaved so that their independent chains overlap in the CPU; then result and
   * activation casts.
   */
  private static void fixedPointSums(Layer L, double[] a, double[] w, double[] b, double alpha, ApFixed.Cast[] casts,
      double[] y) {
    ApFixed.Cast accum = casts[0];
    ApFixed.Cast result = casts[1];
    int in = L.in();
    int out = L.out();
    for (int o = 0; o < out; o++) {
      y[o] = accum.apply(b[o]);
    }
    for (int i = 0; i < in; i++) {
      double ai = a[i];
      for (int o = 0; o < out; o++) {
        y[o] = accum.apply(y[o] + ai * w[o * in + i]);
      }
    }
    for (int o = 0; o < out; o++) {
      double v = result.apply(y[o]);
      if (L.act()) {
        v = v > 0 ? v : result.apply(alpha * v);
        v = casts[2].apply(v);
      }
      y[o] = v;
    }
  }

  /** Events per parallel task of {@link #scores}. */
  private static final int CHUNK = 512;

  private double score(double[] a, double[] a0) {
    double s = 0;
    if (kind == Kind.AUTOENCODER) {
      for (int i = 0; i < a0.length; i++) {
        double d = a[i] - a0[i];
        s += d * d;
      }
      return s / a0.length;
    }
    for (double mu : a) {
      s += mu * mu;
    }
    return s;
  }

  /**
   * One layer; casts = {accum, result, activation} or null for floating point. With {@code range}
   * (floating point only) the largest |value| of each quantity is recorded into it: {input, accum, result,
   * activation}.
   */
  private double[] layer(int l, double[] a, double[] w, double[] b, double alpha, ApFixed.Cast[] casts, double[] range) {
    Layer L = layers.get(l);
    double[] y = new double[L.out()];
    if (range != null) {
      for (double v : a) {
        range[0] = Math.max(range[0], Math.abs(v));
      }
    }
    if (casts != null) {
      fixedPointSums(L, a, w, b, alpha, casts, y);
    }
    for (int o = 0; o < L.out(); o++) {
      int row = o * L.in();
      double v;
      if (casts == null) {
        double acc = b[o];
        double peak = Math.abs(acc);
        for (int i = 0; i < L.in(); i++) {
          acc += a[i] * w[row + i];
          peak = Math.max(peak, Math.abs(acc));
        }
        v = acc;
        if (L.act() && v <= 0) {
          v = alpha * v;
        }
        if (range != null) {
          range[1] = Math.max(range[1], peak);
          range[2] = Math.max(range[2], Math.abs(acc));
          range[3] = Math.max(range[3], Math.abs(v));
        }
      } else {
        v = y[o]; // fixedPointSums filled y
      }
      y[o] = v;
    }
    return y;
  }

  /**
   * The largest |value| of each quantity of one layer in floating point over a sample (hls4ml's numerical
   * profiling, {@code hls4ml.model.profiling}, from which its users pick the integer bits per layer).
   *
   * @param input the layer's inputs
   * @param weight its weights
   * @param bias its biases
   * @param accum every partial sum of the accumulator (bias, then after each added product)
   * @param result the sum before the activation
   * @param activation the layer's output after LeakyReLU (= result without activation)
   */
  public record Range(double input, double weight, double bias, double accum, double result, double activation) {}

  /** Per-layer {@link Range}s of the floating-point network over n events of standardised inputs (the maxima). */
  public List<Range> profile(float[] x, int n) {
    return profile(x, n, 1.0);
  }

  /**
   * Per-layer {@link Range}s at a coverage: for each quantity (layer input, accumulator, result, activation)
   * the {@code coverage} quantile over events of the event's largest |value| (nearest rank), so that a type
   * holding it overflows in at most a fraction 1 - coverage of these events; coverage 1 gives the maxima,
   * which a single extreme event sets. Weights and biases: their maxima.
   *
   * @param coverage in (0, 1]
   */
  public List<Range> profile(float[] x, int n, double coverage) {
    if (!(coverage > 0 && coverage <= 1)) {
      throw new IllegalArgumentException("coverage must be in (0, 1], found " + coverage);
    }
    if (n < 1) {
      throw new IllegalArgumentException("profile needs at least one event, found " + n);
    }
    int in0 = layers.get(0).in();
    double[][] w = new double[layers.size()][];
    double[][] b = new double[layers.size()][];
    for (int l = 0; l < layers.size(); l++) {
      w[l] = toDouble(layers.get(l).weight());
      b[l] = toDouble(layers.get(l).bias());
    }
    double[][][] perEvent = new double[layers.size()][4][n];
    double[] a0 = new double[in0];
    double[] r = new double[4];
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < in0; i++) {
        a0[i] = x[e * in0 + i];
      }
      double[] a = a0;
      for (int l = 0; l < layers.size(); l++) {
        java.util.Arrays.fill(r, 0.0);
        a = layer(l, a, w[l], b[l], layers.get(l).slope(), null, r);
        for (int q = 0; q < 4; q++) {
          perEvent[l][q][e] = r[q];
        }
      }
    }
    int rank = Math.max(0, Math.min(n - 1, (int) Math.ceil(coverage * n - 1e-9) - 1));
    List<Range> out = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      double[] v = new double[4];
      for (int q = 0; q < 4; q++) {
        double[] s = perEvent[l][q];
        java.util.Arrays.sort(s);
        v[q] = s[rank];
      }
      out.add(new Range(v[0], maxAbs(w[l]), maxAbs(b[l]), v[1], v[2], v[3]));
    }
    return out;
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  /**
   * The fewest integer bits I (sign included) of a signed type whose range holds +-{@code maxAbs}:
   * 2^(I-1) > maxAbs, i.e. I = floor(log2 maxAbs) + 2; 1 for 0.
   */
  public static int integerBitsFor(double maxAbs) {
    if (!(maxAbs > 0)) {
      return 1;
    }
    if (!Double.isFinite(maxAbs)) {
      throw new IllegalArgumentException("range must be finite, found " + maxAbs);
    }
    return Math.max(-63, Math.getExponent(maxAbs) + 2);
  }
}
