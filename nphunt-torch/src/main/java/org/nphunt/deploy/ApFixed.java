package org.nphunt.deploy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The Vivado/Vitis HLS signed fixed-point type {@code ap_fixed<W, I, Q, O>} (Xilinx UG1399, "Arbitrary
 * Precision Fixed-Point Data Types"), as hls4ml uses it (arXiv:1804.06913): W total bits of which I
 * integer bits including the sign, so F = W - I fractional bits; representable values k 2^-F for
 * integers k in [-2^(W-1), 2^(W-1) - 1], i.e. [-2^(I-1), 2^(I-1) - 2^-F].
 *
 * <p>{@link #quantize} converts a real value as the HLS type's constructor does: first the
 * quantisation mode on the bits below 2^-F ({@link Rounding#TRN}, AP_TRN: toward minus infinity, the
 * default; {@link Rounding#RND}, AP_RND: to nearest, ties toward plus infinity), then the overflow mode
 * ({@link Overflow#WRAP}, AP_WRAP: keep the low W bits, two's complement, the default;
 * {@link Overflow#SAT}, AP_SAT: clamp to the extreme values). Exact for every finite double.
 *
 * @param width W, total bits, 1..53 (so that every value is a double)
 * @param integer I, integer bits including the sign, may be negative or exceed W (then F < 0 or F > W)
 * @param rounding quantisation mode
 * @param overflow overflow mode
 */
public record ApFixed(int width, int integer, Rounding rounding, Overflow overflow) {
  /** Quantisation modes. */
  public enum Rounding {
    /** AP_TRN: truncation toward minus infinity (hls4ml's default). */
    TRN,
    /** AP_RND: rounding to nearest, ties toward plus infinity. */
    RND
  }

  /** Overflow modes. */
  public enum Overflow {
    /** AP_WRAP: the low W bits, two's complement (hls4ml's default). */
    WRAP,
    /** AP_SAT: saturation to the largest or smallest value. */
    SAT
  }

  public ApFixed {
    if (width < 1 || width > 53) {
      throw new IllegalArgumentException("width must be in 1..53, found " + width);
    }
    if (integer < -64 || integer > 128) {
      throw new IllegalArgumentException("integer bits must be in -64..128, found " + integer);
    }
    if (rounding == null || overflow == null) {
      throw new IllegalArgumentException("rounding and overflow modes are required");
    }
  }

  /** {@code ap_fixed<W, I>} with hls4ml's defaults AP_TRN and AP_WRAP. */
  public static ApFixed of(int width, int integer) {
    return new ApFixed(width, integer, Rounding.TRN, Overflow.WRAP);
  }

  /** Fractional bits F = W - I. */
  public int fraction() {
    return width - integer;
  }

  /** The step 2^-F. */
  public double lsb() {
    return Math.scalb(1.0, -fraction());
  }

  /** The largest value (2^(W-1) - 1) 2^-F. */
  public double max() {
    return Math.scalb((double) ((1L << (width - 1)) - 1), -fraction());
  }

  /** The smallest value -2^(W-1) 2^-F. */
  public double min() {
    return -Math.scalb(1.0, width - 1 - fraction());
  }

  /**
   * The value of this type nearest to {@code x} by its modes (see the class comment); NaN is an error
   * (the hardware has none).
   */
  public double quantize(double x) {
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("cannot quantise NaN to " + this);
    }
    int f = fraction();
    if (Double.isInfinite(x)) {
      if (overflow == Overflow.SAT) {
        return x > 0 ? max() : min();
      }
      return 0.0; // the low W bits of an unbounded integer: zero, the only consistent choice
    }
    // v = x 2^F is exact (a power-of-two scaling) unless it under- or overflows the double range
    double v = Math.scalb(x, f);
    double k = Math.floor(v);
    // v - floor(v) is exact (Sterbenz), so the tie test is exact too
    if (rounding == Rounding.RND && v - k >= 0.5) {
      k += 1.0;
    }
    double lo = -Math.scalb(1.0, width - 1);
    double hi = Math.scalb(1.0, width - 1) - 1.0;
    if (k >= lo && k <= hi) {
      return Math.scalb(k, -f) + 0.0; // + 0.0: the hardware has no negative zero
    }
    if (overflow == Overflow.SAT) {
      return k > hi ? max() : min();
    }
    return Math.scalb(wrap(k), -f) + 0.0;
  }

  /** The two's-complement value of the low W bits of the integer {@code k} (exact for every double k). */
  private double wrap(double k) {
    if (Math.abs(k) < 0x1p62) {
      long low = ((long) k) << (64 - width) >> (64 - width); // sign-extend the low W bits
      return low;
    }
    BigInteger ki = new BigDecimal(k).toBigIntegerExact();
    BigInteger mod = BigInteger.ONE.shiftLeft(width);
    BigInteger wrapped = ki.mod(mod);
    if (wrapped.testBit(width - 1)) {
      wrapped = wrapped.subtract(mod);
    }
    return wrapped.doubleValue();
  }

  /**
   * This type with precomputed constants, for the inner loops of {@link FixedPointNet}: the same results
   * as {@link #quantize} (a fast path with power-of-two multiplications, the exact method otherwise).
   */
  Cast cast() {
    return new Cast(this);
  }

  /** {@link ApFixed#quantize} with its constants computed once. */
  static final class Cast {
    private final ApFixed type;
    private final double scale;
    private final double inverse;
    private final double lo;
    private final double hi;
    private final boolean rnd;
    private final boolean sat;
    private final double max;
    private final double min;

    private Cast(ApFixed t) {
      type = t;
      scale = Math.scalb(1.0, t.fraction());
      inverse = Math.scalb(1.0, -t.fraction());
      lo = -Math.scalb(1.0, t.width() - 1);
      hi = Math.scalb(1.0, t.width() - 1) - 1.0;
      rnd = t.rounding() == Rounding.RND;
      sat = t.overflow() == Overflow.SAT;
      max = t.max();
      min = t.min();
    }

    ApFixed type() {
      return type;
    }

    double apply(double x) {
      double v = x * scale;
      // exact unless v left the normal range (then the exact method decides), or x is NaN or infinite
      if (!(Math.abs(v) < 0x1p1000) || (v != 0 && Math.abs(v) < 0x1p-1000)) {
        return type.quantize(x);
      }
      double k = Math.floor(v);
      if (rnd && v - k >= 0.5) {
        k += 1.0;
      }
      if (k >= lo && k <= hi) {
        return k * inverse + 0.0;
      }
      if (sat) {
        return k > hi ? max : min;
      }
      return type.wrap(k) * inverse + 0.0;
    }
  }

  /**
   * Parses {@code ap_fixed<W,I>} or {@code ap_fixed<W,I,AP_RND,AP_SAT>} (spaces allowed; modes AP_TRN or
   * AP_RND, AP_WRAP or AP_SAT, in that order; a missing mode is hls4ml's default AP_TRN / AP_WRAP).
   *
   * @throws IllegalArgumentException naming the text and what is wrong
   */
  @JsonCreator
  public static ApFixed parse(String text) {
    return parse(text, Rounding.TRN, Overflow.WRAP);
  }

  /** As {@link #parse(String)}, with the modes used when the text gives none. */
  public static ApFixed parse(String text, Rounding rounding, Overflow overflow) {
    if (text == null) {
      throw new IllegalArgumentException("fixed-point type missing (expected ap_fixed<W,I>)");
    }
    String t = text.replace(" ", "");
    if (!t.startsWith("ap_fixed<") || !t.endsWith(">")) {
      throw new IllegalArgumentException("fixed-point type must read ap_fixed<W,I> or ap_fixed<W,I,AP_RND,AP_SAT>, found '"
          + text + "'");
    }
    String[] parts = t.substring("ap_fixed<".length(), t.length() - 1).split(",", -1);
    if (parts.length < 2 || parts.length > 4) {
      throw new IllegalArgumentException("fixed-point type must read ap_fixed<W,I> or ap_fixed<W,I,AP_RND,AP_SAT>, found '"
          + text + "'");
    }
    int w;
    int i;
    try {
      w = Integer.parseInt(parts[0]);
      i = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("fixed-point type '" + text + "': W and I must be integers", e);
    }
    Rounding r = rounding;
    Overflow o = overflow;
    if (parts.length >= 3) {
      r = switch (parts[2]) {
        case "AP_TRN" -> Rounding.TRN;
        case "AP_RND" -> Rounding.RND;
        default -> throw new IllegalArgumentException("fixed-point type '" + text + "': quantisation mode must be AP_TRN"
            + " or AP_RND, found " + parts[2]);
      };
    }
    if (parts.length == 4) {
      o = switch (parts[3]) {
        case "AP_WRAP" -> Overflow.WRAP;
        case "AP_SAT" -> Overflow.SAT;
        default -> throw new IllegalArgumentException("fixed-point type '" + text + "': overflow mode must be AP_WRAP"
            + " or AP_SAT, found " + parts[3]);
      };
    }
    return new ApFixed(w, i, r, o);
  }

  /** This type with other integer bits (same width and modes). */
  public ApFixed withInteger(int integerBits) {
    return new ApFixed(width, integerBits, rounding, overflow);
  }

  /** The full spelling with both modes, {@code ap_fixed<W,I,AP_TRN,AP_WRAP>} (what JSON files hold). */
  @JsonValue
  public String spelling() {
    return "ap_fixed<" + width + "," + integer + ",AP_" + rounding + ",AP_" + overflow + ">";
  }

  /** {@code ap_fixed<W,I,AP_TRN,AP_WRAP>} style text. */
  @Override
  public String toString() {
    return "ap_fixed<" + width + "," + integer + (rounding == Rounding.TRN && overflow == Overflow.WRAP ? ""
        : ",AP_" + rounding + ",AP_" + overflow) + ">";
  }
}
