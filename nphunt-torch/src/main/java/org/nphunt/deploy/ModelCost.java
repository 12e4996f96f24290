package org.nphunt.deploy;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.data.Adc2021;
import org.nphunt.model.ConvAeConfig;
import org.nphunt.model.ConvAutoencoder;
import org.nphunt.model.DenseAutoencoder;
import org.nphunt.model.TransformerAeConfig;
import org.nphunt.model.TransformerAutoencoder;
import org.nphunt.model.VariationalAutoencoder;

/**
 * What a model costs per event, as recorded in {@code model.json} and shown in the report: its trainable
 * parameters, the multiply-accumulates (MACs) of nphunt's scoring forward pass, the network a trigger
 * would deploy (the dense autoencoder whole; the VAE's encoder trunk and mu head, whose sum mu^2 is the
 * AXOL1TL score, arXiv:2108.03986) with its MACs and the memory of its weights and biases at W bits, and
 * the measured CPU time per event ({@link Latency}).
 *
 * <p>MACs count the multiplications of weights (or of attention operands) with activations, each with its
 * addition: bias additions, activations, normalisations, pooling and softmax are not counted (they are
 * additions, comparisons or a few exponentials per value, and PyTorch's {@code torch.utils.flop_counter}
 * counts none of them either, so its FLOPs are 2 x these MACs: checked in {@code ModelCostTest} against a
 * committed fixture). Per architecture:
 * <ul>
 *   <li>dense layer: in x out; the dense autoencoder and the VAE (trunk, both heads and the decoder) are
 *       dense layers only;
 *   <li>convolution ({@link #convMacs}): C_out x H_out x W_out x C_in x k_h x k_w per layer (every output
 *       position counts its full kernel, the zero padding included, as the hardware computes it);
 *   <li>transformer ({@link #transformerMacs}): T tokens of width d, per layer 3 T d^2 (Q, K, V projections)
 *       + T^2 d (Q K^T, over all heads) + T^2 d (attention-weighted V) + T d^2 (output projection)
 *       + 2 T d f (feed-forward d -> f -> d), plus the embedding, bottleneck and output layers;
 * </ul>
 * null for the other architectures.
 *
 * @param parameters trainable parameters of the whole model (every DJL parameter that takes a gradient)
 * @param macs multiply-accumulates per event of nphunt's scoring pass (the VAE: trunk, both heads and the
 *     decoder; the transformer with all 19 slots as tokens, as nphunt computes it), or null when not counted
 * @param trigger the deployed network's cost, or null for architectures the fixed-point view does not cover
 * @param latency measured CPU time per event, or null when not measured (e.g. a model file of an older
 *     nphunt)
 */
public record ModelCost(long parameters, Long macs, Trigger trigger, Latency latency) {
  /** Widths at which {@link Trigger#weightBytes} is recorded. */
  public static final int[] WIDTHS = {8, 10, 12, 16, 18};

  public ModelCost {
    if (parameters < 0 || (macs != null && macs < 0)) {
      throw new IllegalArgumentException("parameters and macs must be >= 0, found " + parameters + ", " + macs);
    }
  }

  /**
   * The network a trigger deploys.
   *
   * @param network what it is ("dense autoencoder", "VAE encoder (trunk + mu head)")
   * @param score the score it computes (mse, vae_mu2)
   * @param parameters its weights and biases
   * @param macs its multiply-accumulates per event
   * @param weightBytes bytes of its weights and biases at W bits each, by W (as text: JSON keys), rounded up
   *     to whole bytes
   */
  public record Trigger(String network, String score, long parameters, long macs, Map<String, Long> weightBytes) {
    public Trigger {
      if (parameters < 0 || macs < 0) {
        throw new IllegalArgumentException("parameters and macs must be >= 0, found " + parameters + ", " + macs);
      }
      weightBytes = weightBytes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weightBytes));
    }

    /** The cost of a fixed-point network's dense layers. */
    public static Trigger of(FixedPointNet net) {
      long p = 0;
      long m = 0;
      for (FixedPointNet.Layer l : net.layers()) {
        p += (long) l.in() * l.out() + l.out();
        m += (long) l.in() * l.out();
      }
      Map<String, Long> bytes = new LinkedHashMap<>();
      for (int w : WIDTHS) {
        bytes.put(Integer.toString(w), bytes(p, w));
      }
      boolean ae = net.kind() == FixedPointNet.Kind.AUTOENCODER;
      return new Trigger(ae ? "dense autoencoder" : "VAE encoder (trunk + mu head)", ae ? "mse" : "vae_mu2", p, m, bytes);
    }

    /** Bytes of the weights and biases at {@code bits} bits each (rounded up to whole bytes). */
    public long weightBytes(int bits) {
      if (bits < 1) {
        throw new IllegalArgumentException("bits must be >= 1, found " + bits);
      }
      return bytes(parameters, bits);
    }

    private static long bytes(long parameters, int bits) {
      return (parameters * bits + 7) / 8;
    }
  }

  /**
   * CPU time per event of nphunt's scoring (every score of the model, from raw events), measured once when
   * the model is saved (a record of the machine it was trained on, not a guarantee) by {@link LatencyProbe}:
   * one event per call, and {@code batch} events per call; each warmed up until the time per call is
   * stable, then the median of several timed repeats with their minimum and maximum.
   *
   * @param singleEventMicros microseconds per call of one event (median of the repeats)
   * @param singleEventMinMicros the fastest repeat, or null (format-3 files written before the repeats)
   * @param singleEventMaxMicros the slowest repeat, or null
   * @param batch events per call of the batched measurement
   * @param batchMicrosPerEvent microseconds per event at that batch size (median of the repeats)
   * @param batchMinMicrosPerEvent the fastest repeat, or null
   * @param batchMaxMicrosPerEvent the slowest repeat, or null
   * @param repeats timed repeats per measurement, or null
   * @param warmupSeconds seconds of warm-up (single and batched together), or null
   * @param warmupStable whether both warm-ups reached a stable time per call within their time budget (false:
   *     the budget ran out first, e.g. on a machine loaded by other work), or null
   * @param threads scoring threads during the measurement
   * @param path the code that ran, {@link org.nphunt.score.LoadedModel#scoringPath()}: "fused Java kernels" (every
   *     model on nphunt's kernels) or "DJL/libtorch"
   * @param cpu processor model and cores, as the JVM and /proc/cpuinfo tell
   * @param measured ISO-8601 time of the measurement
   * @param loadAverage the system's one-minute load average then (runnable processes; above the core count the
   *     figures are inflated by other work), or -1 when the system does not tell
   */
  public record Latency(double singleEventMicros, Double singleEventMinMicros, Double singleEventMaxMicros, int batch,
      double batchMicrosPerEvent, Double batchMinMicrosPerEvent, Double batchMaxMicrosPerEvent, Integer repeats,
      Double warmupSeconds, Boolean warmupStable, int threads, String path, String cpu, String measured,
      double loadAverage) {
    public Latency {
      if (!(singleEventMicros > 0) || !(batchMicrosPerEvent > 0) || batch < 1 || threads < 1) {
        throw new IllegalArgumentException("latency needs positive times, batch and threads, found " + singleEventMicros
            + " us, " + batchMicrosPerEvent + " us at batch " + batch + ", threads " + threads);
      }
      if (repeats != null && repeats < 1) {
        throw new IllegalArgumentException("repeats must be >= 1, found " + repeats);
      }
    }

    /** "3.10 us (2.95-3.40 us over 7 repeats)" or "3.10 us" when the spread was not recorded. */
    static String spread(double median, Double min, Double max, Integer repeats, String format) {
      String m = String.format(Locale.ROOT, format, median) + " us";
      if (min == null || max == null || repeats == null) {
        return m;
      }
      return m + String.format(Locale.ROOT, " (" + format + "-" + format + " us over %d repeats)", min, max, repeats);
    }
  }

  /** The cost of a model's block (parameters, MACs, trigger network), with a latency or null. */
  public static ModelCost of(Block block, Latency latency) {
    long p = 0;
    for (var e : block.getParameters()) {
      Parameter par = e.getValue();
      if (par.requiresGradient() && par.isInitialized()) {
        p += par.getArray().getShape().size();
      }
    }
    Long macs = null;
    Trigger trigger = null;
    if (block instanceof ConvAutoencoder c) {
      macs = convMacs(c.config());
    } else if (block instanceof TransformerAutoencoder t) {
      macs = transformerMacs(t.config(), Adc2021.SLOTS);
    }
    if (block instanceof DenseAutoencoder || block instanceof VariationalAutoencoder) {
      macs = linearMacs(block);
      try {
        trigger = Trigger.of(FixedPointNet.of(block));
      } catch (IllegalArgumentException e) {
        trigger = null; // BatchNorm or dropout: not a plain dense stack
      }
    }
    return new ModelCost(p, macs, trigger, latency);
  }

  /**
   * The cost in one paragraph: "Cost: 4,924 parameters, 4,768 multiply-accumulates per event (whole model);
   * deployed ...: ..., weights 4,924 B at 8 bits, ...; CPU latency (...): 3.1 us for one event, 0.52 us per
   * event at batch 1024."
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Cost: %,d parameters", parameters));
    if (macs != null) {
      sb.append(String.format(Locale.ROOT, ", %,d multiply-accumulates per event (whole model)", macs));
    }
    if (trigger != null) {
      sb.append(String.format(Locale.ROOT, "; deployed %s (%s): %,d parameters, %,d multiply-accumulates per event,"
          + " weights", trigger.network(), trigger.score(), trigger.parameters(), trigger.macs()));
      trigger.weightBytes().forEach((w, b) -> sb.append(String.format(Locale.ROOT, " %,d B at %s bits,", b, w)));
      sb.setLength(sb.length() - 1);
    }
    if (latency != null) {
      Latency l = latency;
      String warm = l.warmupSeconds() == null ? "" : String.format(Locale.ROOT, ", after %.1f s of warm-up%s",
          l.warmupSeconds(), Boolean.FALSE.equals(l.warmupStable()) ? " that did not reach a stable time" : "");
      sb.append(String.format(Locale.ROOT, "; CPU latency (%s, %d thread, %s, measured %s at load average %.1f%s): %s"
          + " for one event, %s per event at batch %d", l.path(), l.threads(), l.cpu(), l.measured(), l.loadAverage(),
          warm, Latency.spread(l.singleEventMicros(), l.singleEventMinMicros(), l.singleEventMaxMicros(), l.repeats(),
          "%.2f"), Latency.spread(l.batchMicrosPerEvent(), l.batchMinMicrosPerEvent(), l.batchMaxMicrosPerEvent(),
          l.repeats(), "%.3f"), l.batch()));
    } else {
      sb.append("; CPU latency not recorded (model written before format version 3)");
    }
    return sb.append('.').toString();
  }

  /** This cost with another latency. */
  public ModelCost withLatency(Latency l) {
    return new ModelCost(parameters, macs, trigger, l);
  }

  private static long linearMacs(Block block) {
    if (block instanceof Linear lin) {
      var w = lin.getParameters().get("weight").getArray().getShape();
      return w.get(0) * w.get(1);
    }
    long m = 0;
    for (var c : block.getChildren()) {
      m += linearMacs(c.getValue());
    }
    return m;
  }

  /**
   * MACs per event of the convolutional autoencoder ({@link ConvAutoencoder}, arXiv:2107.02157) on the 19 x 3
   * image, F1/F2 filters and latent L: conv1 F1 x 19 x 3 x 1 x 3 x 3, conv2 F2 x 7 x 3 x F1 x 3 x 1,
   * flatten -> latent 9 F2 x L, latent -> 9 F2 (L x 9 F2), decoder conv F1 x 7 x 3 x F2 x 3 x 3, output conv
   * 1 x 19 x 3 x F1 x 3 x 3. The average pools and the nearest-neighbour upsampling multiply nothing by a
   * weight and are not counted (defaults F1 16, F2 32, L 8: 150,048).
   */
  public static long convMacs(ConvAeConfig c) {
    long f1 = c.filters1();
    long f2 = c.filters2();
    long lat = c.latentDim();
    int w = Adc2021.KINEMATIC;
    long conv1 = f1 * Adc2021.SLOTS * w * 1 * 3 * 3;
    long conv2 = f2 * 7 * w * f1 * 3 * 1;
    long toLatent = f2 * 3 * w * lat;
    long fromLatent = lat * f2 * 3 * w;
    long deconv2 = f1 * 7 * w * f2 * 3 * 3;
    long deconv1 = 1L * Adc2021.SLOTS * w * f1 * 3 * 3;
    return conv1 + conv2 + toLatent + fromLatent + deconv2 + deconv1;
  }

  /**
   * MACs per event of the transformer autoencoder ({@link TransformerAutoencoder}; attention of
   * arXiv:1706.03762) with {@code tokens} = T tokens, width d, feed-forward f, latent L, N encoder and M decoder
   * layers: embedding T x 3 x d, (N + M) layers of 4 T d^2 + 2 T^2 d + 2 T d f (see the class comment), pooled
   * bottleneck d x L and L x d, output head T x d x 3. Softmax, LayerNorm, GELU, the 1/sqrt(d_head) scaling
   * and the masked mean pool are not counted. nphunt computes every slot (empty ones masked, not skipped), so
   * the recorded figure uses T = 19; an implementation that runs only an event's n real objects costs this
   * formula at T = n (defaults d 32, f 64, L 8, 2 + 2 layers: 719,168 at T = 19).
   */
  public static long transformerMacs(TransformerAeConfig c, int tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("tokens must be >= 1, found " + tokens);
    }
    long t = tokens;
    long d = c.embedDim();
    long f = c.ffDim();
    long layer = 4 * t * d * d + 2 * t * t * d + 2 * t * d * f;
    return t * Adc2021.KINEMATIC * d + (long) (c.encoderLayers() + c.decoderLayers()) * layer
        + 2 * d * c.latentDim() + t * d * Adc2021.KINEMATIC;
  }

  /** The MACs of a list of dense layers (in x out each). */
  public static long macs(List<FixedPointNet.Layer> layers) {
    long m = 0;
    for (FixedPointNet.Layer l : layers) {
      m += (long) l.in() * l.out();
    }
    return m;
  }
}
