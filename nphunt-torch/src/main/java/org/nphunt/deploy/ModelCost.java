package org.nphunt.deploy;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.model.DenseAutoencoder;
import org.nphunt.model.VariationalAutoencoder;

/**
 * What a model costs per event, as recorded in {@code model.json} and shown in the report: its trainable
 * parameters, the multiply-accumulates (MACs) of nphunt's scoring forward pass, the network a trigger
 * would deploy (the dense autoencoder whole; the VAE's encoder trunk and mu head, whose sum mu^2 is the
 * AXOL1TL score, arXiv:2108.03986) with its MACs and the memory of its weights and biases at W bits, and
 * the measured CPU time per event ({@link Latency}).
 *
 * <p>MACs of a dense layer: in x out (bias additions and LeakyReLU not counted); counted for the dense
 * autoencoder and the VAE, whose whole forward pass is dense layers; null for the other architectures.
 *
 * @param parameters trainable parameters of the whole model (every DJL parameter that takes a gradient)
 * @param macs multiply-accumulates per event of nphunt's scoring pass (the VAE: trunk, both heads and the
 *     decoder), or null when not counted
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
   * the model is saved (a record of the machine it was trained on, not a guarantee): one event per call,
   * and {@code batch} events per call.
   *
   * @param singleEventMicros microseconds per call of one event
   * @param batch events per call of the batched measurement
   * @param batchMicrosPerEvent microseconds per event at that batch size
   * @param threads scoring threads during the measurement
   * @param path the code that ran ("fused Java kernels" or "DJL/libtorch")
   * @param cpu processor model and cores, as the JVM and /proc/cpuinfo tell
   * @param measured ISO-8601 time of the measurement
   * @param loadAverage the system's one-minute load average then (runnable processes; above the core count the
   *     figures are inflated by other work), or -1 when the system does not tell
   */
  public record Latency(double singleEventMicros, int batch, double batchMicrosPerEvent, int threads, String path,
      String cpu, String measured, double loadAverage) {
    public Latency {
      if (!(singleEventMicros > 0) || !(batchMicrosPerEvent > 0) || batch < 1 || threads < 1) {
        throw new IllegalArgumentException("latency needs positive times, batch and threads, found " + singleEventMicros
            + " us, " + batchMicrosPerEvent + " us at batch " + batch + ", threads " + threads);
      }
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
      sb.append(String.format(Locale.ROOT, "; CPU latency (%s, %d thread, %s, measured %s at load average %.1f): %.2f us"
          + " for one event, %.3f us per event at batch %d", latency.path(), latency.threads(), latency.cpu(),
          latency.measured(), latency.loadAverage(), latency.singleEventMicros(), latency.batchMicrosPerEvent(),
          latency.batch()));
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

  /** The MACs of a list of dense layers (in x out each). */
  public static long macs(List<FixedPointNet.Layer> layers) {
    long m = 0;
    for (FixedPointNet.Layer l : layers) {
      m += (long) l.in() * l.out();
    }
    return m;
  }
}
