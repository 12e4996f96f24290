package org.nphunt.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nphunt.json.Json;

/**
 * The fixed-point types of a whole network, as an hls4ml configuration gives them (arXiv:1804.06913;
 * {@code Model: Precision} plus {@code LayerName: ... Precision} overrides): one model-level type, an
 * optional type for the input layer, and per-layer overrides of a dense layer's weight, bias,
 * accumulator, result and activation types. Optionally the integer bits of every type are chosen from
 * the floating-point network's value ranges on a sample ({@link #autoInteger}, what hls4ml's numerical
 * profiling is used for): I = floor(log2 max|v|) + 2, so the observed range fits with the sign bit; the
 * width and modes of each type stay as configured.
 *
 * <p>JSON: {@code {"model": "ap_fixed<16,6,AP_TRN,AP_SAT>", "input": null, "layers": {"0": {"accum":
 * "ap_fixed<20,8>"}}, "autoInteger": false}}; types as {@link ApFixed#parse} reads them.
 *
 * @param model the type of every quantity not overridden
 * @param input the type of the (standardised) inputs, or null for {@code model}
 * @param layers overrides by layer index (0 = the first dense layer); null or empty = none
 * @param autoInteger choose every type's integer bits from the profile of the float network
 */
public record PrecisionConfig(ApFixed model, ApFixed input, Map<Integer, LayerPrecision> layers, boolean autoInteger) {
  /**
   * Types of one layer; a null field falls back to the model-level type.
   *
   * @param weight weight_t
   * @param bias bias_t
   * @param accum accum_t (every partial sum)
   * @param result result_t (the sum, and the LeakyReLU slope)
   * @param activation the LeakyReLU layer's result type
   */
  public record LayerPrecision(ApFixed weight, ApFixed bias, ApFixed accum, ApFixed result, ApFixed activation) {
    /** One type for all five. */
    public static LayerPrecision uniform(ApFixed t) {
      if (t == null) {
        throw new IllegalArgumentException("layer type must be given, found null");
      }
      return new LayerPrecision(t, t, t, t, t);
    }
  }

  public PrecisionConfig {
    if (model == null) {
      throw new IllegalArgumentException("model type must be given (e.g. ap_fixed<16,6>), found null");
    }
    layers = layers == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(layers));
    for (var e : layers.entrySet()) {
      if (e.getKey() == null || e.getKey() < 0) {
        throw new IllegalArgumentException("layer index must be >= 0, found " + e.getKey());
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("layer " + e.getKey() + " has no types");
      }
    }
  }

  /** One type for inputs and every layer quantity. */
  public static PrecisionConfig uniform(ApFixed t) {
    return new PrecisionConfig(t, null, null, false);
  }

  /** The types of a network after resolution: the input type and one {@link FixedPointNet.Precision} per layer. */
  public record Resolved(ApFixed input, List<FixedPointNet.Precision> layers) {
    public Resolved {
      layers = List.copyOf(layers);
    }

    /**
     * The types in one line. When every type has the input's width and modes: "ap_fixed<16,I,...>: input
     * I=7; L0 w1 b0 acc6 res6 act6; L1 ..." (the integer bits of weight, bias, accumulator, result,
     * activation per dense layer); otherwise every type spelled out.
     */
    public String describe() {
      boolean same = true;
      for (FixedPointNet.Precision p : layers) {
        for (ApFixed t : List.of(p.weight(), p.bias(), p.accum(), p.result(), p.activation())) {
          same &= t.width() == input.width() && t.rounding() == input.rounding() && t.overflow() == input.overflow();
        }
      }
      StringBuilder sb = new StringBuilder();
      if (same) {
        sb.append("ap_fixed<").append(input.width()).append(",I,AP_").append(input.rounding()).append(",AP_")
            .append(input.overflow()).append(">: input I=").append(input.integer());
        for (int l = 0; l < layers.size(); l++) {
          FixedPointNet.Precision p = layers.get(l);
          sb.append("; L").append(l).append(" w").append(p.weight().integer()).append(" b").append(p.bias().integer())
              .append(" acc").append(p.accum().integer()).append(" res").append(p.result().integer()).append(" act")
              .append(p.activation().integer());
        }
        return sb.toString();
      }
      sb.append("input ").append(input);
      for (int l = 0; l < layers.size(); l++) {
        FixedPointNet.Precision p = layers.get(l);
        sb.append("; L").append(l).append(": weight ").append(p.weight()).append(", bias ").append(p.bias())
            .append(", accum ").append(p.accum()).append(", result ").append(p.result()).append(", activation ")
            .append(p.activation());
      }
      return sb.toString();
    }
  }

  /**
   * The types of every layer of {@code net}.
   *
   * @param profile the float network's ranges ({@link FixedPointNet#profile}); required with autoInteger
   * @throws IllegalArgumentException when an override names a layer the network does not have, or
   *     autoInteger lacks a profile
   */
  public Resolved resolve(FixedPointNet net, List<FixedPointNet.Range> profile) {
    int n = net.layers().size();
    for (int l : layers.keySet()) {
      if (l >= n) {
        throw new IllegalArgumentException("precision names layer " + l + ", the network has " + n + " dense layers (0.."
            + (n - 1) + ")");
      }
    }
    if (autoInteger && (profile == null || profile.size() != n)) {
      throw new IllegalArgumentException("autoInteger needs the float network's profile of its " + n + " layers");
    }
    ApFixed in = input != null ? input : model;
    if (autoInteger) {
      in = in.withInteger(FixedPointNet.integerBitsFor(profile.get(0).input()));
    }
    List<FixedPointNet.Precision> out = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      LayerPrecision o = layers.get(l);
      ApFixed w = or(o == null ? null : o.weight());
      ApFixed b = or(o == null ? null : o.bias());
      ApFixed a = or(o == null ? null : o.accum());
      ApFixed r = or(o == null ? null : o.result());
      ApFixed act = or(o == null ? null : o.activation());
      if (autoInteger) {
        FixedPointNet.Range p = profile.get(l);
        w = w.withInteger(FixedPointNet.integerBitsFor(p.weight()));
        b = b.withInteger(FixedPointNet.integerBitsFor(p.bias()));
        a = a.withInteger(FixedPointNet.integerBitsFor(p.accum()));
        // the result type also holds the LeakyReLU slope
        r = r.withInteger(FixedPointNet.integerBitsFor(Math.max(p.result(), net.layers().get(l).act()
            ? net.layers().get(l).slope() : 0)));
        act = act.withInteger(FixedPointNet.integerBitsFor(p.activation()));
      }
      out.add(new FixedPointNet.Precision(w, b, a, r, act));
    }
    return new Resolved(in, out);
  }

  private ApFixed or(ApFixed t) {
    return t != null ? t : model;
  }

  /** Short label for tables: "ap_fixed<16,6>", "ap_fixed<16,auto,AP_TRN,AP_SAT>", "+ 2 layer overrides". */
  public String label() {
    String t = model.toString();
    if (autoInteger) {
      t = "ap_fixed<" + model.width() + ",auto" + (model.rounding() == ApFixed.Rounding.TRN
          && model.overflow() == ApFixed.Overflow.WRAP ? "" : ",AP_" + model.rounding() + ",AP_" + model.overflow()) + ">";
    }
    if (input != null) {
      t += ", input " + input;
    }
    if (!layers.isEmpty()) {
      t += ", " + layers.size() + " layer override" + (layers.size() == 1 ? "" : "s");
    }
    return t;
  }

  public String toJson() {
    try {
      return Json.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + this, e);
    }
  }

  /** Reads a configuration; a malformed one is a one-line NphuntException naming {@code source}. */
  public static PrecisionConfig fromJson(String json, String source) {
    return Json.read(json, PrecisionConfig.class, source);
  }
}
