package org.nphunt.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nphunt.json.Json;

/**
 * The fixed-point types of a whole network, as an hls4ml configuration gives them (arXiv:1804.06913;
 * {@code Model: Precision} plus {@code LayerName: ... Precision} overrides): one model-level type, an
 * optional type for the input layer, and per-layer overrides of a dense layer's weight, bias,
 * accumulator, result and activation types. Optionally the integer bits of the types the configuration
 * leaves to the model-level type are chosen from the floating-point network's value ranges on a sample
 * ({@link #autoInteger}, what hls4ml's numerical profiling is used for): I = floor(log2 max|v|) + 2, so
 * the observed range fits with the sign bit; the width and modes stay the model type's. An explicit input
 * type or layer override keeps its own integer bits (automatic sizing never replaces what was given), and
 * the model-level type's I is then only a placeholder.
 *
 * <p>Every width is at most {@link FixedPointNet#MAX_WIDTH} bits, the widest the emulation computes exactly.
 *
 * <p>JSON: {@code {"model": "ap_fixed<16,6,AP_TRN,AP_SAT>", "input": null, "layers": {"0": {"accum":
 * "ap_fixed<20,8>"}}, "autoInteger": false}}; types as {@link ApFixed#parse} reads them.
 *
 * @param model the type of every quantity not overridden
 * @param input the type of the (standardised) inputs, or null for {@code model}
 * @param layers overrides by layer index (0 = the first dense layer); null or empty = none
 * @param autoInteger choose the integer bits of every type not given explicitly (the model-level type's
 *     uses) from the profile of the float network
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
    checkWidth(model, "model type");
    checkWidth(input, "input type");
    for (var e : layers.entrySet()) {
      if (e.getKey() == null || e.getKey() < 0) {
        throw new IllegalArgumentException("layer index must be >= 0, found " + e.getKey());
      }
      LayerPrecision lp = e.getValue();
      if (lp == null) {
        throw new IllegalArgumentException("layer " + e.getKey() + " has no types");
      }
      String where = "layer " + e.getKey() + " ";
      checkWidth(lp.weight(), where + "weight type");
      checkWidth(lp.bias(), where + "bias type");
      checkWidth(lp.accum(), where + "accum type");
      checkWidth(lp.result(), where + "result type");
      checkWidth(lp.activation(), where + "activation type");
    }
  }

  private static void checkWidth(ApFixed t, String what) {
    if (t != null && t.width() > FixedPointNet.MAX_WIDTH) {
      throw new IllegalArgumentException(what + " " + t + " is " + t.width() + " bits wide, the emulation is exact up to "
          + FixedPointNet.MAX_WIDTH + " bits (a product of two such values fits a double's 53-bit significand)");
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
     * I=7; L0 w=1 b=-1 acc=6 res=6 act=6; L1 ..." (the integer bits of weight, bias, accumulator, result,
     * activation per dense layer; I <= 0 for quantities below 0.5 in magnitude, see {@link
     * #INTEGER_BITS_LEGEND}); otherwise every type spelled out.
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
          sb.append("; L").append(l).append(" w=").append(p.weight().integer()).append(" b=").append(p.bias().integer())
              .append(" acc=").append(p.accum().integer()).append(" res=").append(p.result().integer()).append(" act=")
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

    /**
     * The types with fewer than one integer bit (I <= 0), as an hls4ml configuration writes them, with the
     * range each holds: "L1 bias ap_fixed<16,-1,AP_RND,AP_SAT> [-0.25, 0.25)"; empty when there are none.
     */
    public List<String> belowOneIntegerBit() {
      List<String> out = new ArrayList<>();
      if (input.integer() < 1) {
        out.add("input " + input.spelling() + " " + rangeText(input));
      }
      String[] names = {"weight", "bias", "accum", "result", "activation"};
      for (int l = 0; l < layers.size(); l++) {
        FixedPointNet.Precision p = layers.get(l);
        List<ApFixed> ts = List.of(p.weight(), p.bias(), p.accum(), p.result(), p.activation());
        for (int k = 0; k < ts.size(); k++) {
          if (ts.get(k).integer() < 1) {
            out.add("L" + l + " " + names[k] + " " + ts.get(k).spelling() + " " + rangeText(ts.get(k)));
          }
        }
      }
      return out;
    }

    /** "[-0.25, 0.25)": the interval [-2^(I-1), 2^(I-1)) a signed type holds (up to one step below the top). */
    static String rangeText(ApFixed t) {
      BigDecimal h = t.integer() >= 1 ? BigDecimal.valueOf(2).pow(t.integer() - 1)
          : BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(1 - t.integer()));
      String x = h.stripTrailingZeros().toPlainString();
      return "[-" + x + ", " + x + ")";
    }
  }

  /**
   * What the integer bits I of the tables mean, for the output legend and the docs: ap_fixed<W,I> has I
   * integer bits including the sign, so it holds [-2^(I-1), 2^(I-1)) in steps of 2^(I-W); a quantity below
   * 0.5 in magnitude needs I <= 0, legal in Vitis HLS (UG1399: -I implicit sign bits right of the binary
   * point) and passed through by hls4ml when its configuration gives it, though hls4ml's own automatic
   * sizing ({@code find_minimum_width}) never goes below I = 1 for a signed type.
   */
  public static final String INTEGER_BITS_LEGEND = "I = integer bits including the sign: ap_fixed<W,I> holds"
      + " [-2^(I-1), 2^(I-1)) in steps of 2^(I-W). A quantity below 0.5 in magnitude gets I <= 0: ap_fixed<16,0> holds"
      + " [-0.5, 0.5), ap_fixed<16,-1> holds [-0.25, 0.25) in steps of 2^-17, all 16 bits below the binary point (the"
      + " first -I bits after the point only repeat the sign, Vitis HLS UG1399). Such a type is legal HLS and hls4ml"
      + " writes it into the firmware as given in its configuration (e.g. 'ap_fixed<16,-1,AP_RND,AP_SAT>'); hls4ml's"
      + " own automatic sizing stops at I = 1 ([-1, 1)), which costs 1 - I bits of precision for such a quantity."
      + " --int-bits (one I for every quantity) takes 1..W.";

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
    ApFixed in = input != null ? input
        : autoInteger ? model.withInteger(FixedPointNet.integerBitsFor(profile.get(0).input())) : model;
    List<FixedPointNet.Precision> out = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      LayerPrecision o = layers.get(l);
      FixedPointNet.Range p = autoInteger ? profile.get(l) : null;
      FixedPointNet.Layer layer = net.layers().get(l);
      ApFixed w = or(o == null ? null : o.weight(), p == null ? 0 : p.weight());
      ApFixed b = or(o == null ? null : o.bias(), p == null ? 0 : p.bias());
      ApFixed a = or(o == null ? null : o.accum(), p == null ? 0 : p.accum());
      // the result type also holds the LeakyReLU slope
      ApFixed r = or(o == null ? null : o.result(), p == null ? 0 : Math.max(p.result(), layer.act() ? layer.slope() : 0));
      ApFixed act = or(o == null ? null : o.activation(), p == null ? 0 : p.activation());
      out.add(new FixedPointNet.Precision(w, b, a, r, act));
    }
    return new Resolved(in, out);
  }

  /** The explicit type t, else the model type (with automatic integer bits for the range m when autoInteger). */
  private ApFixed or(ApFixed t, double m) {
    if (t != null) {
      return t;
    }
    return autoInteger ? model.withInteger(FixedPointNet.integerBitsFor(m)) : model;
  }

  /**
   * Label for tables, every type as used: the model type ("ap_fixed<16,6>", or "ap_fixed<16,auto,AP_RND,AP_SAT>"
   * with automatic integer bits), then the explicit input type and layer overrides, which are used as
   * given: "ap_fixed<16,auto,AP_RND,AP_SAT>, input ap_fixed<16,9>, L0 ap_fixed<18,8>, L5 accum ap_fixed<20,8>".
   */
  public String label() {
    String t = model.toString();
    if (autoInteger) {
      t = "ap_fixed<" + model.width() + ",auto" + (model.rounding() == ApFixed.Rounding.TRN
          && model.overflow() == ApFixed.Overflow.WRAP ? "" : ",AP_" + model.rounding() + ",AP_" + model.overflow()) + ">";
    }
    StringBuilder sb = new StringBuilder(t);
    if (input != null) {
      sb.append(", input ").append(input);
    }
    layers.forEach((l, o) -> {
      List<ApFixed> all = java.util.Arrays.asList(o.weight(), o.bias(), o.accum(), o.result(), o.activation());
      if (all.stream().allMatch(x -> x != null && x.equals(o.weight()))) {
        sb.append(", L").append(l).append(' ').append(o.weight());
        return;
      }
      String[] names = {"weight", "bias", "accum", "result", "activation"};
      for (int q = 0; q < names.length; q++) {
        if (all.get(q) != null) {
          sb.append(", L").append(l).append(' ').append(names[q]).append(' ').append(all.get(q));
        }
      }
    });
    return sb.toString();
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
