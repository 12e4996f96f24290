package org.nphunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.deploy.ApFixed.Overflow;
import org.nphunt.deploy.ApFixed.Rounding;
import org.nphunt.deploy.FixedPointNet.Kind;
import org.nphunt.deploy.FixedPointNet.Layer;
import org.nphunt.deploy.PrecisionConfig.LayerPrecision;

/** Per-layer types: overrides, validation, JSON, and integer bits from the float ranges by hand. */
class PrecisionConfigTest {
  /** 2 -> 2 (LeakyReLU 0.25) -> 1. */
  private static final FixedPointNet NET = new FixedPointNet(List.of(
      new Layer(new float[] {1.5f, -0.5f, 0.25f, 3f}, new float[] {0.1f, -0.2f}, 2, 2, true, 0.25),
      new Layer(new float[] {2f, -1f}, new float[] {0.5f}, 2, 1, false, 0)), Kind.VAE_ENCODER);

  @Test
  void overridesFallBackToTheModelType() {
    ApFixed m = ApFixed.of(16, 6);
    ApFixed acc = ApFixed.of(24, 10);
    ApFixed in = new ApFixed(12, 4, Rounding.RND, Overflow.SAT);
    PrecisionConfig c = new PrecisionConfig(m, in, Map.of(1, new LayerPrecision(null, null, acc, null, null)), false);
    PrecisionConfig.Resolved r = c.resolve(NET, null);
    assertEquals(in, r.input());
    assertEquals(FixedPointNet.Precision.uniform(m), r.layers().get(0));
    assertEquals(new FixedPointNet.Precision(m, m, acc, m, m), r.layers().get(1));
    assertEquals("ap_fixed<16,6>, input ap_fixed<12,4,AP_RND,AP_SAT>, L1 accum ap_fixed<24,10>", c.label());
    assertEquals("ap_fixed<16,6>", PrecisionConfig.uniform(m).label());
  }

  @Test
  void badConfigurationsAreRefusedInOneLine() {
    ApFixed m = ApFixed.of(16, 6);
    assertEquals("model type must be given (e.g. ap_fixed<16,6>), found null",
        assertThrows(IllegalArgumentException.class, () -> new PrecisionConfig(null, null, null, false)).getMessage());
    assertEquals("layer index must be >= 0, found -1", assertThrows(IllegalArgumentException.class,
        () -> new PrecisionConfig(m, null, Map.of(-1, LayerPrecision.uniform(m)), false)).getMessage());
    PrecisionConfig far = new PrecisionConfig(m, null, Map.of(2, LayerPrecision.uniform(m)), false);
    assertEquals("precision names layer 2, the network has 2 dense layers (0..1)",
        assertThrows(IllegalArgumentException.class, () -> far.resolve(NET, null)).getMessage());
    PrecisionConfig auto = new PrecisionConfig(m, null, null, true);
    assertThrows(IllegalArgumentException.class, () -> auto.resolve(NET, null));
  }

  @Test
  void jsonRoundTrip() {
    ApFixed m = new ApFixed(16, 6, Rounding.RND, Overflow.SAT);
    PrecisionConfig c = new PrecisionConfig(m, ApFixed.of(18, 8), Map.of(0, new LayerPrecision(null, ApFixed.of(8, 1),
        ApFixed.of(24, 10), null, null), 1, LayerPrecision.uniform(ApFixed.of(20, 8))), true);
    String json = c.toJson();
    assertTrue(json.contains("\"ap_fixed<24,10,AP_TRN,AP_WRAP>\""), json);
    assertEquals(c, PrecisionConfig.fromJson(json, "test.json"));
    // a short hand-written file: the modes default to AP_TRN, AP_WRAP
    PrecisionConfig hand = PrecisionConfig.fromJson("{\"model\": \"ap_fixed<16,6>\", \"layers\": {\"1\": {\"accum\":"
        + " \"ap_fixed<20,8,AP_RND,AP_SAT>\"}}, \"autoInteger\": false}", "hand.json");
    assertEquals(ApFixed.of(16, 6), hand.model());
    assertEquals(new ApFixed(20, 8, Rounding.RND, Overflow.SAT), hand.layers().get(1).accum());
    NphuntException e = assertThrows(NphuntException.class, () -> PrecisionConfig.fromJson("{\"model\": \"ap_fixed<16>\","
        + " \"autoInteger\": false}", "bad.json"));
    assertTrue(e.getMessage().startsWith("bad.json: ") && e.getMessage().contains("ap_fixed<16>"), e.getMessage());
  }

  @Test
  void integerBitsFromTheFloatRangesByHand() {
    // x = (4, -2): layer 0 sums 0.1 + 6 + 1 = 7.1 (partial 6.1 then 7.1) and -0.2 + 1 - 6 = -5.2 (partial 0.8, -5.2);
    // LeakyReLU: 7.1, -1.3; layer 1: 0.5 + 14.2 + 1.3 = 16 (partials 14.7, 16)
    float[] x = {4, -2};
    List<FixedPointNet.Range> p = NET.profile(x, 1);
    assertEquals(4.0, p.get(0).input());
    assertEquals(3.0, p.get(0).weight());
    assertEquals(0.2, p.get(0).bias(), 1e-7);
    assertEquals(7.1, p.get(0).accum(), 1e-6);
    assertEquals(7.1, p.get(0).result(), 1e-6);
    assertEquals(7.1, p.get(0).activation(), 1e-6);
    assertEquals(7.1, p.get(1).input(), 1e-6);
    assertEquals(16.0, p.get(1).accum(), 1e-5);
    // I = floor(log2 max) + 2: 4 -> 4 (range [-8, 8)), 3 -> 3, 0.2 -> -1, 7.1 -> 4, 16 -> 6, 0.5 (bias 1) -> 1
    assertEquals(4, FixedPointNet.integerBitsFor(4.0));
    assertEquals(3, FixedPointNet.integerBitsFor(3.0));
    assertEquals(-1, FixedPointNet.integerBitsFor(0.2));
    assertEquals(1, FixedPointNet.integerBitsFor(0.0));
    assertEquals(6, FixedPointNet.integerBitsFor(16.0));
    PrecisionConfig.Resolved r = new PrecisionConfig(new ApFixed(12, 0, Rounding.RND, Overflow.SAT), null, null, true)
        .resolve(NET, p);
    assertEquals(new ApFixed(12, 4, Rounding.RND, Overflow.SAT), r.input());
    FixedPointNet.Precision l0 = r.layers().get(0);
    assertEquals(List.of(3, -1, 4, 4, 4), List.of(l0.weight().integer(), l0.bias().integer(), l0.accum().integer(),
        l0.result().integer(), l0.activation().integer()));
    FixedPointNet.Precision l1 = r.layers().get(1);
    assertEquals(List.of(3, 1, 6, 6), List.of(l1.weight().integer(), l1.bias().integer(), l1.accum().integer(),
        l1.result().integer()));
    // every value of the sample fits: the fixed-point score of that event is within the rounding of float
    double fl = NET.scores(x, 1, null, null)[0];
    double fx = NET.scores(x, 1, r.input(), r.layers())[0];
    assertEquals(fl, fx, 0.05 * fl);
    assertTrue(r.describe().startsWith("ap_fixed<12,I,AP_RND,AP_SAT>: input I=4; L0 w=3 b=-1 acc=4 res=4 act=4; L1 w=3"
        + " b=1 acc=6"), r.describe());
    // the bias of max 0.2 needs I = -1: listed as hls4ml's configuration spells it, with the range it holds
    assertEquals(List.of("L0 bias ap_fixed<12,-1,AP_RND,AP_SAT> [-0.25, 0.25)"), r.belowOneIntegerBit());
  }

  @Test
  void rangesOfTypesBelowOneIntegerBitByHand() {
    // ap_fixed<W,I> holds [-2^(I-1), 2^(I-1)): I = 1 -> [-1, 1), 0 -> [-0.5, 0.5), -3 -> [-0.0625, 0.0625)
    assertEquals("[-1, 1)", PrecisionConfig.Resolved.rangeText(ApFixed.of(8, 1)));
    assertEquals("[-8, 8)", PrecisionConfig.Resolved.rangeText(ApFixed.of(8, 4)));
    assertEquals("[-0.5, 0.5)", PrecisionConfig.Resolved.rangeText(ApFixed.of(8, 0)));
    assertEquals("[-0.0625, 0.0625)", PrecisionConfig.Resolved.rangeText(ApFixed.of(8, -3)));
    // and the emulated type agrees: the largest value of ap_fixed<8,-3> is 2^-4 - 2^-11, 0.0625 saturates to it
    ApFixed t = new ApFixed(8, -3, Rounding.RND, Overflow.SAT);
    assertEquals(0.0625 - Math.pow(2, -11), t.quantize(0.0625));
    assertEquals(-0.0625, t.quantize(-1.0));
    PrecisionConfig.Resolved none = new PrecisionConfig(ApFixed.of(16, 6), null, null, false).resolve(NET, null);
    assertEquals(List.of(), none.belowOneIntegerBit());
    PrecisionConfig.Resolved in0 = new PrecisionConfig(ApFixed.of(16, 6), ApFixed.of(16, 0), null, false).resolve(NET, null);
    assertEquals(List.of("input ap_fixed<16,0,AP_TRN,AP_WRAP> [-0.5, 0.5)"), in0.belowOneIntegerBit());
  }

  @Test
  void coverageTakesTheQuantileOfEachEventsLargestValue() {
    // one identity layer: an event's largest |input| is its largest |x|; events 1, 2, 3 and an outlier 100
    FixedPointNet id = new FixedPointNet(List.of(new Layer(new float[] {1f, 0f, 0f, 1f}, new float[] {0f, 0f}, 2, 2,
        false, 0)), Kind.AUTOENCODER);
    float[] x = {1, -0.5f, 0.2f, -2, 3, 3, 100, 0};
    assertEquals(100.0, id.profile(x, 4).get(0).input());
    assertEquals(100.0, id.profile(x, 4, 1.0).get(0).input());
    // nearest rank ceil(0.75 * 4) = 3: the third smallest event maximum
    assertEquals(3.0, id.profile(x, 4, 0.75).get(0).input());
    assertEquals(3.0, id.profile(x, 4, 0.75).get(0).accum());
    assertEquals(1.0, id.profile(x, 4, 0.25).get(0).input());
    assertThrows(IllegalArgumentException.class, () -> id.profile(x, 4, 0.0));
    assertThrows(IllegalArgumentException.class, () -> id.profile(x, 4, 1.5));
  }

  @Test
  void automaticIntegerBitsNeverReplaceExplicitTypes() {
    // x = (4, -2) as in integerBitsFromTheFloatRangesByHand: auto gives input I=4, L0 acc4, L1 acc6
    float[] x = {4, -2};
    List<FixedPointNet.Range> p = NET.profile(x, 1);
    ApFixed in = new ApFixed(16, 9, Rounding.RND, Overflow.SAT);
    ApFixed l0 = new ApFixed(18, 8, Rounding.RND, Overflow.SAT);
    ApFixed acc1 = new ApFixed(20, 2, Rounding.TRN, Overflow.SAT);
    PrecisionConfig c = new PrecisionConfig(new ApFixed(12, 1, Rounding.RND, Overflow.SAT), in,
        Map.of(0, LayerPrecision.uniform(l0), 1, new LayerPrecision(null, null, acc1, null, null)), true);
    PrecisionConfig.Resolved r = c.resolve(NET, p);
    assertEquals(in, r.input()); // not I=4
    assertEquals(FixedPointNet.Precision.uniform(l0), r.layers().get(0)); // not acc4
    FixedPointNet.Precision r1 = r.layers().get(1);
    assertEquals(acc1, r1.accum()); // not I=6, width and modes as given
    // the rest of layer 1 is the model type with automatic integer bits: weight max 2 -> I=3, bias 0.5 -> 1, result 16 -> 6
    assertEquals(new ApFixed(12, 3, Rounding.RND, Overflow.SAT), r1.weight());
    assertEquals(new ApFixed(12, 1, Rounding.RND, Overflow.SAT), r1.bias());
    assertEquals(new ApFixed(12, 6, Rounding.RND, Overflow.SAT), r1.result());
    // the label shows the types used
    assertEquals("ap_fixed<12,auto,AP_RND,AP_SAT>, input ap_fixed<16,9,AP_RND,AP_SAT>, L0 ap_fixed<18,8,AP_RND,AP_SAT>,"
        + " L1 accum ap_fixed<20,2,AP_TRN,AP_SAT>", c.label());
  }

  @Test
  void widthsBeyondTheExactEmulationAreRefused() {
    ApFixed wide = ApFixed.of(27, 6);
    assertEquals("model type ap_fixed<27,6> is 27 bits wide, the emulation is exact up to 26 bits (a product of two such"
        + " values fits a double's 53-bit significand)", assertThrows(IllegalArgumentException.class,
            () -> PrecisionConfig.uniform(wide)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrecisionConfig(ApFixed.of(16, 6), null,
        Map.of(3, new LayerPrecision(null, null, wide, null, null)), false)).getMessage().startsWith(
            "layer 3 accum type ap_fixed<27,6> is 27 bits wide"));
    assertEquals(26, PrecisionConfig.uniform(ApFixed.of(26, 6)).model().width());
  }
}
