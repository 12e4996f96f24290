package org.nphunt.deploy;

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
    BigInteger ki = new BigDecimal(k).toBigIntegerExact();
    BigInteger mod = BigInteger.ONE.shiftLeft(width);
    BigInteger wrapped = ki.mod(mod);
    if (wrapped.testBit(width - 1)) {
      wrapped = wrapped.subtract(mod);
    }
    return Math.scalb(wrapped.doubleValue(), -f) + 0.0;
  }

  /** {@code ap_fixed<W,I,AP_TRN,AP_WRAP>} style text. */
  @Override
  public String toString() {
    return "ap_fixed<" + width + "," + integer + (rounding == Rounding.TRN && overflow == Overflow.WRAP ? ""
        : ",AP_" + rounding + ",AP_" + overflow) + ">";
  }
}
