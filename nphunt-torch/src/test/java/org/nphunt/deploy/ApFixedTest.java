package org.nphunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.deploy.ApFixed.Overflow;
import org.nphunt.deploy.ApFixed.Rounding;

/** ap_fixed<W,I> by hand (Xilinx UG1399's definitions) and by property. */
class ApFixedTest {
  private static final ApFixed T = ApFixed.of(8, 3); // lsb 1/32, range [-4, 127/32]

  @Test
  void rangeAndStep() {
    assertEquals(5, T.fraction());
    assertEquals(1.0 / 32, T.lsb());
    assertEquals(127.0 / 32, T.max());
    assertEquals(-4.0, T.min());
    ApFixed neg = ApFixed.of(4, -2); // F = 6: [-1/8, 1/8 - 1/64]
    assertEquals(1.0 / 64, neg.lsb());
    assertEquals(-0.125, neg.min());
    assertEquals(7.0 / 64, neg.max());
    assertEquals("ap_fixed<8,3>", T.toString());
    assertEquals("ap_fixed<8,3,AP_RND,AP_SAT>", new ApFixed(8, 3, Rounding.RND, Overflow.SAT).toString());
  }

  @Test
  void representableValuesStayExact() {
    for (double v : new double[] {0, 1.25, -4, 127.0 / 32, -1.0 / 32, 3.5}) {
      for (Rounding r : Rounding.values()) {
        for (Overflow o : Overflow.values()) {
          assertEquals(v, new ApFixed(8, 3, r, o).quantize(v), r + " " + o + " " + v);
        }
      }
    }
  }

  @Test
  void truncationGoesTowardMinusInfinity() {
    assertEquals(0.0, T.quantize(0.03));
    assertEquals(-1.0 / 32, T.quantize(-0.01));
    assertEquals(1.0 / 32, T.quantize(0.0624));
    assertEquals(-3.0 / 32, T.quantize(-0.0626)); // -2.0032 steps: floor -3
  }

  @Test
  void roundingGoesToNearestWithTiesUp() {
    ApFixed r = new ApFixed(8, 3, Rounding.RND, Overflow.WRAP);
    assertEquals(1.0 / 32, r.quantize(1.0 / 64)); // tie: up
    assertEquals(0.0, r.quantize(-1.0 / 64)); // tie: toward plus infinity
    assertEquals(0.0, r.quantize(0.0156));
    assertEquals(1.0 / 32, r.quantize(0.0157));
    assertEquals(0.0, r.quantize(0.49999999999999994 / 32)); // just below a tie: down (no double rounding)
  }

  @Test
  void overflowSaturatesOrWraps() {
    ApFixed sat = new ApFixed(8, 3, Rounding.TRN, Overflow.SAT);
    assertEquals(127.0 / 32, sat.quantize(5.0));
    assertEquals(-4.0, sat.quantize(-5.0));
    assertEquals(127.0 / 32, sat.quantize(Double.POSITIVE_INFINITY));
    // wrap: k = 128 -> -128; k = 160 -> -96; k = -160 -> 96
    assertEquals(-4.0, T.quantize(4.0));
    assertEquals(-3.0, T.quantize(5.0));
    assertEquals(3.0, T.quantize(-5.0));
    // the low 8 bits of 2^45 are zero
    assertEquals(0.0, T.quantize(Math.scalb(1.0, 40)));
    // 4 + 1/32 + a bit: k = 129 -> -127
    assertEquals(-127.0 / 32, T.quantize(4.04));
    // rounding up can overflow: 127.6/32 rounds to 128/32, which saturates or wraps
    assertEquals(127.0 / 32, new ApFixed(8, 3, Rounding.RND, Overflow.SAT).quantize(127.6 / 32));
    assertEquals(-4.0, new ApFixed(8, 3, Rounding.RND, Overflow.WRAP).quantize(127.6 / 32));
  }

  @Test
  void propertiesOnRandomValues() {
    SplittableRandom rnd = new SplittableRandom(17);
    for (int k = 0; k < 20_000; k++) {
      int w = 2 + rnd.nextInt(30);
      int i = -3 + rnd.nextInt(w + 3);
      ApFixed trn = ApFixed.of(w, i);
      ApFixed rn = new ApFixed(w, i, Rounding.RND, Overflow.SAT);
      double x = (rnd.nextDouble() * 2 - 1) * trn.max();
      double q = trn.quantize(x);
      assertTrue(q <= x && x - q < trn.lsb(), trn + " " + x + " -> " + q);
      assertEquals(0.0, Math.abs(Math.IEEEremainder(q, trn.lsb())), "a multiple of the step");
      double r = rn.quantize(x);
      assertTrue(Math.abs(r - x) <= rn.lsb() / 2 || r == rn.max(), rn + " " + x + " -> " + r);
      assertEquals(q, trn.quantize(q), "idempotent");
    }
  }

  @Test
  void noNegativeZero() {
    assertEquals(0x0L, Double.doubleToRawLongBits(T.quantize(-0.0)));
    assertEquals(0x0L, Double.doubleToRawLongBits(new ApFixed(8, 3, Rounding.RND, Overflow.SAT).quantize(-0.001)));
  }

  @Test
  void badTypesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ApFixed.of(0, 0));
    assertThrows(IllegalArgumentException.class, () -> ApFixed.of(54, 10));
    assertThrows(IllegalArgumentException.class, () -> T.quantize(Double.NaN));
  }

  @Test
  void castAgreesWithQuantizeEverywhere() {
    // the fast path of the emulation loops against the exact method, in range, beyond it (both overflow
    // modes) and at ties
    SplittableRandom rnd = new SplittableRandom(23);
    for (int k = 0; k < 50_000; k++) {
      int w = 1 + rnd.nextInt(40);
      int i = -8 + rnd.nextInt(w + 16);
      ApFixed t = new ApFixed(w, i, Rounding.values()[rnd.nextInt(2)], Overflow.values()[rnd.nextInt(2)]);
      double x = switch (k % 4) {
        case 0 -> (rnd.nextDouble() * 2 - 1) * t.max();
        case 1 -> (rnd.nextDouble() * 2 - 1) * t.max() * 1000; // overflow
        case 2 -> (Math.floor(rnd.nextDouble() * 64) + 0.5) * t.lsb() - 32 * t.lsb(); // ties
        default -> rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(200) - 100);
      };
      assertEquals(t.quantize(x), t.cast().apply(x), t + " " + x);
    }
    ApFixed w = ApFixed.of(8, 3);
    assertEquals(w.quantize(Math.scalb(1.0, 70) + 96), w.cast().apply(Math.scalb(1.0, 70) + 96), "beyond 2^62: exact path");
  }

  @Test
  void parsesHlsSpellings() {
    assertEquals(ApFixed.of(16, 6), ApFixed.parse("ap_fixed<16,6>"));
    assertEquals(new ApFixed(18, 8, Rounding.RND, Overflow.SAT), ApFixed.parse("ap_fixed< 18, 8, AP_RND, AP_SAT >"));
    assertEquals(new ApFixed(12, 4, Rounding.RND, Overflow.WRAP), ApFixed.parse("ap_fixed<12,4,AP_RND>"));
    // modes not spelled out come from the caller (the command line's --rounding and --overflow)
    assertEquals(new ApFixed(16, 6, Rounding.RND, Overflow.SAT), ApFixed.parse("ap_fixed<16,6>", Rounding.RND, Overflow.SAT));
    assertEquals(new ApFixed(16, 6, Rounding.TRN, Overflow.SAT), ApFixed.parse("ap_fixed<16,6,AP_TRN>", Rounding.RND,
        Overflow.SAT));
    assertEquals("ap_fixed<16,6,AP_TRN,AP_WRAP>", ApFixed.of(16, 6).spelling());
    assertEquals(ApFixed.of(16, 6), ApFixed.parse(ApFixed.of(16, 6).spelling()));
    for (String bad : new String[] {"ap_fixed<16>", "ap_ufixed<16,6>", "ap_fixed<16,6,AP_RND_CONV>", "ap_fixed<a,6>",
        "ap_fixed<16,6,AP_RND,AP_SAT_SYM>", "ap_fixed<60,6>"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApFixed.parse(bad), bad);
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void jsonIsTheHlsSpelling() throws Exception {
    ApFixed t = new ApFixed(18, 8, Rounding.RND, Overflow.SAT);
    String json = org.nphunt.json.Json.mapper().writeValueAsString(t);
    assertEquals("\"ap_fixed<18,8,AP_RND,AP_SAT>\"", json);
    assertEquals(t, org.nphunt.json.Json.mapper().readValue(json, ApFixed.class));
  }
}
