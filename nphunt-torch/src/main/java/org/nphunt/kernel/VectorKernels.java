package org.nphunt.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on the Java Vector API ({@code jdk.incubator.vector}) with 512-bit vectors: register
 * tiles of 4 rows x 3 vectors (or 4 x 2, 8 x 1) of accumulators for the layers, so that a weight row
 * is loaded once per tile and an input value broadcast once per row (4 x 4 tiles, 16 accumulators,
 * exceed what one C2 compilation keeps in registers); the first layer visits only the real slots of
 * each event; the score sums widen to double. Every vector operation is element-wise (fma, add, mul,
 * max, abs, sqrt, conversions); no {@code reduceLanes}, whose order may differ between the interpreter
 * and compiled code, and the lane partials are added in scalar code. Results are therefore identical to
 * {@link ScalarKernels}.
 *
 * <p>Loaded reflectively by {@link Kernels} only when the module is present. See the note above the
 * dense layers on how the code is shaped for JDK 17's C2.
 */
final class VectorKernels extends Kernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;

  /** The bias of a layer without one. */
  private static final float[] ZEROS = new float[4096];
  /** 1 on the columns of MET, electrons, muons, jets (four rows of 64). */
  private static final double[] TYPE_MASKS = typeMasks();
  /** 1 on pT columns (c % 3 == 0, c < 57), and its complement. */
  private static final float[] PT_COLUMNS = ptColumns(true);
  private static final float[] NOT_PT = ptColumns(false);


  VectorKernels() {
    if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < 512) {
      // without 512-bit registers the species above are emulated in Java, far slower than ScalarKernels
      throw new UnsupportedOperationException("512-bit vectors not supported on this CPU");
    }
  }

  private static double[] typeMasks() {
    double[] m = new double[4 * ROW];
    for (int c = 0; c < ROW; c++) {
      int t = c < 3 ? 0 : c < 15 ? 1 : c < 27 ? 2 : 3;
      m[t * ROW + c] = 1.0;
    }
    return m;
  }

  private static float[] ptColumns(boolean pt) {
    float[] m = new float[ROW];
    for (int c = 0; c < ROW; c++) {
      m[c] = (c % 3 == 0 && c < 3 * SLOTS) == pt ? 1f : 0f;
    }
    return m;
  }

  @Override
  public String name() {
    return "vector";
  }


  // ---------------------------------------------------------------- dense layers
  // JDK 17's C2 keeps Vector API values in registers only within one compilation: a vector passed to, or
  // returned from, a call that is not inlined lives in a heap box (measured 10-20x slower), and C2 stops
  // inlining past NodeCountInliningCutoff, which vector code reaches quickly. Hence: every vector operation
  // sits in a method too large to be inlined into its callers (> 325 bytecodes: FreqInlineSize), small
  // enough for one compilation; methods exchange arrays only; and no branch merges vectors (the activation
  // is max(v, v * s) with s = 1 for a linear layer, exact).

  @Override
  public void dense(float[] in, int inOff, int is, int nIn, float[] wt, float[] bias, int op, boolean act, float slope,
      float[] out, int outOff, int os, int n) {
    float[] b = bias != null ? bias : op <= ZEROS.length ? ZEROS : new float[op];
    for (int c0 = 0; c0 < op; ) {
      int g = Math.min(3, (op - c0) / LANES);
      if (g == 3) {
        dense4x3(in, inOff, is, nIn, wt, b, op, c0, act, slope, out, outOff, os, n);
      } else if (g == 2) {
        dense4x2(in, inOff, is, nIn, wt, b, op, c0, act, slope, out, outOff, os, n);
      } else {
        dense8x1(in, inOff, is, nIn, wt, b, op, c0, act, slope, out, outOff, os, n);
      }
      c0 += g * LANES;
    }
  }

  private static void dense4x3(float[] in, int inOff, int is, int nIn, float[] wt, float[] b, int op, int c0,
      boolean act, float slope, float[] out, int outOff, int os, int n) {
    int e = 0;
    for (; e + 4 <= n; e += 4) {
      int r0 = inOff + e * is;
      FloatVector b0 = FloatVector.fromArray(F, b, c0);
      FloatVector b1 = FloatVector.fromArray(F, b, c0 + 16);
      FloatVector b2 = FloatVector.fromArray(F, b, c0 + 32);
      FloatVector a00 = b0, a01 = b1, a02 = b2;
      FloatVector a10 = b0, a11 = b1, a12 = b2;
      FloatVector a20 = b0, a21 = b1, a22 = b2;
      FloatVector a30 = b0, a31 = b1, a32 = b2;
      for (int i = 0, w = c0; i < nIn; i++, w += op) {
        FloatVector w0 = FloatVector.fromArray(F, wt, w);
        FloatVector w1 = FloatVector.fromArray(F, wt, w + 16);
        FloatVector w2 = FloatVector.fromArray(F, wt, w + 32);
        FloatVector x0 = FloatVector.broadcast(F, in[r0 + i]);
        a00 = w0.fma(x0, a00);
        a01 = w1.fma(x0, a01);
        a02 = w2.fma(x0, a02);
        FloatVector x1 = FloatVector.broadcast(F, in[r0 + is + i]);
        a10 = w0.fma(x1, a10);
        a11 = w1.fma(x1, a11);
        a12 = w2.fma(x1, a12);
        FloatVector x2 = FloatVector.broadcast(F, in[r0 + 2 * is + i]);
        a20 = w0.fma(x2, a20);
        a21 = w1.fma(x2, a21);
        a22 = w2.fma(x2, a22);
        FloatVector x3 = FloatVector.broadcast(F, in[r0 + 3 * is + i]);
        a30 = w0.fma(x3, a30);
        a31 = w1.fma(x3, a31);
        a32 = w2.fma(x3, a32);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      int o = outOff + e * os + c0;
      a00.max(a00.mul(sl)).intoArray(out, o);
      a01.max(a01.mul(sl)).intoArray(out, o + 16);
      a02.max(a02.mul(sl)).intoArray(out, o + 32);
      o += os;
      a10.max(a10.mul(sl)).intoArray(out, o);
      a11.max(a11.mul(sl)).intoArray(out, o + 16);
      a12.max(a12.mul(sl)).intoArray(out, o + 32);
      o += os;
      a20.max(a20.mul(sl)).intoArray(out, o);
      a21.max(a21.mul(sl)).intoArray(out, o + 16);
      a22.max(a22.mul(sl)).intoArray(out, o + 32);
      o += os;
      a30.max(a30.mul(sl)).intoArray(out, o);
      a31.max(a31.mul(sl)).intoArray(out, o + 16);
      a32.max(a32.mul(sl)).intoArray(out, o + 32);
    }
    for (; e < n; e++) {
      int r0 = inOff + e * is;
      FloatVector a0 = FloatVector.fromArray(F, b, c0);
      FloatVector a1 = FloatVector.fromArray(F, b, c0 + 16);
      FloatVector a2 = FloatVector.fromArray(F, b, c0 + 32);
      for (int i = 0, w = c0; i < nIn; i++, w += op) {
        FloatVector x = FloatVector.broadcast(F, in[r0 + i]);
        a0 = FloatVector.fromArray(F, wt, w).fma(x, a0);
        a1 = FloatVector.fromArray(F, wt, w + 16).fma(x, a1);
        a2 = FloatVector.fromArray(F, wt, w + 32).fma(x, a2);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      int o = outOff + e * os + c0;
      a0.max(a0.mul(sl)).intoArray(out, o);
      a1.max(a1.mul(sl)).intoArray(out, o + 16);
      a2.max(a2.mul(sl)).intoArray(out, o + 32);
    }
  }

  private static void dense4x2(float[] in, int inOff, int is, int nIn, float[] wt, float[] b, int op, int c0,
      boolean act, float slope, float[] out, int outOff, int os, int n) {
    int e = 0;
    for (; e + 4 <= n; e += 4) {
      int r0 = inOff + e * is;
      FloatVector b0 = FloatVector.fromArray(F, b, c0);
      FloatVector b1 = FloatVector.fromArray(F, b, c0 + 16);
      FloatVector a00 = b0, a01 = b1;
      FloatVector a10 = b0, a11 = b1;
      FloatVector a20 = b0, a21 = b1;
      FloatVector a30 = b0, a31 = b1;
      for (int i = 0, w = c0; i < nIn; i++, w += op) {
        FloatVector w0 = FloatVector.fromArray(F, wt, w);
        FloatVector w1 = FloatVector.fromArray(F, wt, w + 16);
        FloatVector x0 = FloatVector.broadcast(F, in[r0 + i]);
        a00 = w0.fma(x0, a00);
        a01 = w1.fma(x0, a01);
        FloatVector x1 = FloatVector.broadcast(F, in[r0 + is + i]);
        a10 = w0.fma(x1, a10);
        a11 = w1.fma(x1, a11);
        FloatVector x2 = FloatVector.broadcast(F, in[r0 + 2 * is + i]);
        a20 = w0.fma(x2, a20);
        a21 = w1.fma(x2, a21);
        FloatVector x3 = FloatVector.broadcast(F, in[r0 + 3 * is + i]);
        a30 = w0.fma(x3, a30);
        a31 = w1.fma(x3, a31);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      int o = outOff + e * os + c0;
      a00.max(a00.mul(sl)).intoArray(out, o);
      a01.max(a01.mul(sl)).intoArray(out, o + 16);
      o += os;
      a10.max(a10.mul(sl)).intoArray(out, o);
      a11.max(a11.mul(sl)).intoArray(out, o + 16);
      o += os;
      a20.max(a20.mul(sl)).intoArray(out, o);
      a21.max(a21.mul(sl)).intoArray(out, o + 16);
      o += os;
      a30.max(a30.mul(sl)).intoArray(out, o);
      a31.max(a31.mul(sl)).intoArray(out, o + 16);
    }
    for (; e < n; e++) {
      int r0 = inOff + e * is;
      FloatVector a0 = FloatVector.fromArray(F, b, c0);
      FloatVector a1 = FloatVector.fromArray(F, b, c0 + 16);
      for (int i = 0, w = c0; i < nIn; i++, w += op) {
        FloatVector x = FloatVector.broadcast(F, in[r0 + i]);
        a0 = FloatVector.fromArray(F, wt, w).fma(x, a0);
        a1 = FloatVector.fromArray(F, wt, w + 16).fma(x, a1);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      int o = outOff + e * os + c0;
      a0.max(a0.mul(sl)).intoArray(out, o);
      a1.max(a1.mul(sl)).intoArray(out, o + 16);
    }
  }

  private static void dense8x1(float[] in, int inOff, int is, int nIn, float[] wt, float[] b, int op, int c0,
      boolean act, float slope, float[] out, int outOff, int os, int n) {
    int e = 0;
    for (; e + 8 <= n; e += 8) {
      int r0 = inOff + e * is;
      FloatVector b0 = FloatVector.fromArray(F, b, c0);
      FloatVector a00 = b0;
      FloatVector a10 = b0;
      FloatVector a20 = b0;
      FloatVector a30 = b0;
      FloatVector a40 = b0;
      FloatVector a50 = b0;
      FloatVector a60 = b0;
      FloatVector a70 = b0;
      for (int i = 0, w = c0; i < nIn; i++, w += op) {
        FloatVector w0 = FloatVector.fromArray(F, wt, w);
        FloatVector x0 = FloatVector.broadcast(F, in[r0 + i]);
        a00 = w0.fma(x0, a00);
        FloatVector x1 = FloatVector.broadcast(F, in[r0 + is + i]);
        a10 = w0.fma(x1, a10);
        FloatVector x2 = FloatVector.broadcast(F, in[r0 + 2 * is + i]);
        a20 = w0.fma(x2, a20);
        FloatVector x3 = FloatVector.broadcast(F, in[r0 + 3 * is + i]);
        a30 = w0.fma(x3, a30);
        FloatVector x4 = FloatVector.broadcast(F, in[r0 + 4 * is + i]);
        a40 = w0.fma(x4, a40);
        FloatVector x5 = FloatVector.broadcast(F, in[r0 + 5 * is + i]);
        a50 = w0.fma(x5, a50);
        FloatVector x6 = FloatVector.broadcast(F, in[r0 + 6 * is + i]);
        a60 = w0.fma(x6, a60);
        FloatVector x7 = FloatVector.broadcast(F, in[r0 + 7 * is + i]);
        a70 = w0.fma(x7, a70);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      int o = outOff + e * os + c0;
      a00.max(a00.mul(sl)).intoArray(out, o);
      o += os;
      a10.max(a10.mul(sl)).intoArray(out, o);
      o += os;
      a20.max(a20.mul(sl)).intoArray(out, o);
      o += os;
      a30.max(a30.mul(sl)).intoArray(out, o);
      o += os;
      a40.max(a40.mul(sl)).intoArray(out, o);
      o += os;
      a50.max(a50.mul(sl)).intoArray(out, o);
      o += os;
      a60.max(a60.mul(sl)).intoArray(out, o);
      o += os;
      a70.max(a70.mul(sl)).intoArray(out, o);
    }
    for (; e < n; e++) {
      int r0 = inOff + e * is;
      FloatVector a0 = FloatVector.fromArray(F, b, c0);
      for (int i = 0, w = c0; i < nIn; i++, w += op) {
        FloatVector x = FloatVector.broadcast(F, in[r0 + i]);
        a0 = FloatVector.fromArray(F, wt, w).fma(x, a0);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      int o = outOff + e * os + c0;
      a0.max(a0.mul(sl)).intoArray(out, o);
    }
  }

  // ---------------------------------------------------------------- first layer (real slots only)

  @Override
  public void firstLayer(float[] x, int xOff, int xs, int[] slotBits, int bitsOff, float[] wt, float[] b, int op,
      boolean act, float slope, float[] out, int outOff, int os, int n) {
    int c0 = 0;
    for (; c0 + 32 <= op; c0 += 32) {
      first4x2(x, xOff, xs, slotBits, bitsOff, wt, b, op, c0, act, slope, out, outOff, os, n);
    }
    if (c0 < op) {
      first4x1(x, xOff, xs, slotBits, bitsOff, wt, b, op, c0, act, slope, out, outOff, os, n);
    }
  }

  /** The inputs 3s, 3s+1, 3s+2 of the set slots, in increasing order; returns their number. */
  private static int columns(int bits, int[] cols) {
    int k = 0;
    while (bits != 0) {
      int s = Integer.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      cols[k] = 3 * s;
      cols[k + 1] = 3 * s + 1;
      cols[k + 2] = 3 * s + 2;
      k += 3;
    }
    return k;
  }

  /**
   * 32 outputs from column c0, four rows at a time over the union of their slots (the inputs of another
   * row's slots are 0 in a row), then single rows. The visited inputs form one flat list: nested loops
   * carrying vectors defeat C2's box elimination (JDK 17).
   */
  private static void first4x2(float[] x, int xOff, int xs, int[] slotBits, int bitsOff, float[] wt, float[] b, int op,
      int c0, boolean act, float slope, float[] out, int outOff, int os, int n) {
    int[] cols = new int[3 * SLOTS];
    int e = 0;
    for (; e + 4 <= n; e += 4) {
      int bi = bitsOff + e;
      int k = columns(slotBits[bi] | slotBits[bi + 1] | slotBits[bi + 2] | slotBits[bi + 3], cols);
      int r0 = xOff + e * xs;
      int r1 = r0 + xs;
      int r2 = r1 + xs;
      int r3 = r2 + xs;
      FloatVector a00 = FloatVector.fromArray(F, b, c0);
      FloatVector a01 = FloatVector.fromArray(F, b, c0 + 16);
      FloatVector a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01;
      for (int j = 0; j < k; j++) {
        int i = cols[j];
        int w = i * op + c0;
        FloatVector w0 = FloatVector.fromArray(F, wt, w);
        FloatVector w1 = FloatVector.fromArray(F, wt, w + 16);
        FloatVector x0 = FloatVector.broadcast(F, x[r0 + i]);
        FloatVector x1 = FloatVector.broadcast(F, x[r1 + i]);
        FloatVector x2 = FloatVector.broadcast(F, x[r2 + i]);
        FloatVector x3 = FloatVector.broadcast(F, x[r3 + i]);
        a00 = w0.fma(x0, a00);
        a01 = w1.fma(x0, a01);
        a10 = w0.fma(x1, a10);
        a11 = w1.fma(x1, a11);
        a20 = w0.fma(x2, a20);
        a21 = w1.fma(x2, a21);
        a30 = w0.fma(x3, a30);
        a31 = w1.fma(x3, a31);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      int o = outOff + e * os + c0;
      a00.max(a00.mul(sl)).intoArray(out, o);
      a01.max(a01.mul(sl)).intoArray(out, o + 16);
      o += os;
      a10.max(a10.mul(sl)).intoArray(out, o);
      a11.max(a11.mul(sl)).intoArray(out, o + 16);
      o += os;
      a20.max(a20.mul(sl)).intoArray(out, o);
      a21.max(a21.mul(sl)).intoArray(out, o + 16);
      o += os;
      a30.max(a30.mul(sl)).intoArray(out, o);
      a31.max(a31.mul(sl)).intoArray(out, o + 16);
    }
    for (; e < n; e++) {
      int k = columns(slotBits[bitsOff + e], cols);
      int r0 = xOff + e * xs;
      FloatVector a0 = FloatVector.fromArray(F, b, c0);
      FloatVector a1 = FloatVector.fromArray(F, b, c0 + 16);
      for (int j = 0; j < k; j++) {
        int i = cols[j];
        int w = i * op + c0;
        FloatVector x0 = FloatVector.broadcast(F, x[r0 + i]);
        a0 = FloatVector.fromArray(F, wt, w).fma(x0, a0);
        a1 = FloatVector.fromArray(F, wt, w + 16).fma(x0, a1);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      int o = outOff + e * os + c0;
      a0.max(a0.mul(sl)).intoArray(out, o);
      a1.max(a1.mul(sl)).intoArray(out, o + 16);
    }
  }

  /** 16 outputs from column c0, four rows at a time, then single rows (as {@link #first4x2}). */
  private static void first4x1(float[] x, int xOff, int xs, int[] slotBits, int bitsOff, float[] wt, float[] b, int op,
      int c0, boolean act, float slope, float[] out, int outOff, int os, int n) {
    int[] cols = new int[3 * SLOTS];
    int e = 0;
    for (; e + 4 <= n; e += 4) {
      int bi = bitsOff + e;
      int k = columns(slotBits[bi] | slotBits[bi + 1] | slotBits[bi + 2] | slotBits[bi + 3], cols);
      int r0 = xOff + e * xs;
      int r1 = r0 + xs;
      int r2 = r1 + xs;
      int r3 = r2 + xs;
      FloatVector a0 = FloatVector.fromArray(F, b, c0);
      FloatVector a1 = a0, a2 = a0, a3 = a0;
      for (int j = 0; j < k; j++) {
        int i = cols[j];
        FloatVector w0 = FloatVector.fromArray(F, wt, i * op + c0);
        a0 = w0.fma(FloatVector.broadcast(F, x[r0 + i]), a0);
        a1 = w0.fma(FloatVector.broadcast(F, x[r1 + i]), a1);
        a2 = w0.fma(FloatVector.broadcast(F, x[r2 + i]), a2);
        a3 = w0.fma(FloatVector.broadcast(F, x[r3 + i]), a3);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      int o = outOff + e * os + c0;
      a0.max(a0.mul(sl)).intoArray(out, o);
      a1.max(a1.mul(sl)).intoArray(out, o + os);
      a2.max(a2.mul(sl)).intoArray(out, o + 2 * os);
      a3.max(a3.mul(sl)).intoArray(out, o + 3 * os);
    }
    for (; e < n; e++) {
      int k = columns(slotBits[bitsOff + e], cols);
      int r0 = xOff + e * xs;
      FloatVector a0 = FloatVector.fromArray(F, b, c0);
      for (int j = 0; j < k; j++) {
        int i = cols[j];
        a0 = FloatVector.fromArray(F, wt, i * op + c0).fma(FloatVector.broadcast(F, x[r0 + i]), a0);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      a0.max(a0.mul(sl)).intoArray(out, outOff + e * os + c0);
    }
  }

  // ---------------------------------------------------------------- reconstruction sums and loss
  // A row's 64 columns are eight groups of 8: 256-bit floats widened to 512-bit doubles (JDK 17's C2
  // intrinsifies conversions between species of equal lane counts), accumulated group after group; the
  // eight lane partials are then added in scalar code (no lane moves: rearrange kept heap boxes here).

  @Override
  public void reconstructionSums(float[] x, float[] r, float[] cm, int n, double[] sums) {
    sumsRows(x, r, cm, n, sums, new double[SUMS * 8]);
  }

  private static void sumsRows(float[] x, float[] r, float[] cm, int n, double[] sums, double[] part) {
    for (int e = 0; e < n; e++) {
      int o = e * ROW;
      DoubleVector met = DoubleVector.broadcast(D, 0.0);
      DoubleVector ele = met;
      DoubleVector mu = met;
      DoubleVector jet = met;
      DoubleVector seed = met;
      DoubleVector mask = met;
      // 16 floats at a time, converted to doubles in two halves (positions g..g+7, then g+8..g+15): the
      // same order of double additions as 8 at a time, with one float species only (a second one, e.g.
      // 256-bit, pollutes the JIT's type profiles of the shared vector methods, and kernels compiled after
      // that lose their intrinsics: measured 35x slower weight gradients)
      for (int g = 0; g < ROW; g += 16) {
        FloatVector d = FloatVector.fromArray(F, x, o + g).sub(FloatVector.fromArray(F, r, o + g));
        FloatVector c = FloatVector.fromArray(F, cm, o + g);
        FloatVector q = d.mul(d);
        FloatVector t = d.abs().fma(FloatVector.fromArray(F, PT_COLUMNS, g), q.mul(FloatVector.fromArray(F, NOT_PT, g)));
        FloatVector tc = t.mul(c);
        FloatVector qc = q.mul(c);
        for (int h = 0; h < 2; h++) {
          int gh = g + 8 * h;
          DoubleVector w = (DoubleVector) d.convertShape(VectorOperators.F2D, D, h);
          DoubleVector sq = w.mul(w);
          met = sq.fma(DoubleVector.fromArray(D, TYPE_MASKS, gh), met);
          ele = sq.fma(DoubleVector.fromArray(D, TYPE_MASKS, ROW + gh), ele);
          mu = sq.fma(DoubleVector.fromArray(D, TYPE_MASKS, 2 * ROW + gh), mu);
          jet = sq.fma(DoubleVector.fromArray(D, TYPE_MASKS, 3 * ROW + gh), jet);
          seed = seed.add((DoubleVector) tc.convertShape(VectorOperators.F2D, D, h));
          mask = mask.add((DoubleVector) qc.convertShape(VectorOperators.F2D, D, h));
        }
      }
      met.intoArray(part, 0);
      ele.intoArray(part, 8);
      mu.intoArray(part, 16);
      jet.intoArray(part, 24);
      seed.intoArray(part, 32);
      mask.intoArray(part, 40);
      for (int k = 0; k < SUMS; k++) {
        int a = 8 * k;
        sums[e * SUMS + k] = ((part[a] + part[a + 4]) + (part[a + 2] + part[a + 6]))
            + ((part[a + 1] + part[a + 5]) + (part[a + 3] + part[a + 7]));
      }
    }
  }

  @Override
  public void reconstructionGradient(float[] x, float[] r, float[] cm, int n, float coef, boolean masked, float[] dr,
      double[] loss) {
    gradientRows(x, r, cm, n, coef, masked ? 1f : 0f, dr, loss, new double[8]);
  }

  /**
   * Both losses in one loop: with masked = 0 the mask factors are replaced by 1 (exact: a branch would
   * merge vectors). g = (coef * d) * c with c = cm or 1; terms c * d^2 in double.
   */
  private static void gradientRows(float[] x, float[] r, float[] cm, int n, float coef, float masked, float[] dr,
      double[] loss, double[] part) {
    FloatVector k = FloatVector.broadcast(F, coef);
    FloatVector useMask = FloatVector.broadcast(F, masked);
    FloatVector noMask = FloatVector.broadcast(F, 1f - masked);
    for (int e = 0; e < n; e++) {
      int o = e * ROW;
      DoubleVector acc = DoubleVector.broadcast(D, 0.0);
      for (int g = 0; g < ROW; g += 16) { // one float species only: see sumsRows
        FloatVector d = FloatVector.fromArray(F, r, o + g).sub(FloatVector.fromArray(F, x, o + g));
        // c = cm * masked + (1 - masked): cm exactly when masked = 1, 1 exactly when masked = 0
        FloatVector c = FloatVector.fromArray(F, cm, o + g).fma(useMask, noMask);
        d.mul(k).mul(c).intoArray(dr, o + g);
        for (int h = 0; h < 2; h++) {
          DoubleVector w = (DoubleVector) d.convertShape(VectorOperators.F2D, D, h);
          acc = w.mul(w).fma((DoubleVector) c.convertShape(VectorOperators.F2D, D, h), acc);
        }
      }
      acc.intoArray(part, 0);
      loss[e] = ((part[0] + part[4]) + (part[2] + part[6])) + ((part[1] + part[5]) + (part[3] + part[7]));
    }
  }

  // ---------------------------------------------------------------- backward

  @Override
  public void leakyBackward(float[] g, int gOff, int gs, float[] post, int pOff, int ps, int op, float slope, int n) {
    // scalar: cheap next to the layers, and a vector compare-and-blend is one more box risk
    for (int e = 0; e < n; e++) {
      int go = gOff + e * gs;
      int po = pOff + e * ps;
      for (int o = 0; o < op; o++) {
        float v = g[go + o];
        g[go + o] = post[po + o] > 0f ? v : v * slope;
      }
    }
  }

  @Override
  public void weightGradient(float[] a, int aOff, int as, int nIn, float[] d, int dOff, int ds, int op, int n,
      float[] gwt, float[] gb) {
    int c0 = 0;
    for (; c0 + 32 <= op; c0 += 32) {
      int i = 0;
      for (; i + 4 <= nIn; i += 4) {
        grad4x2(a, aOff + i, as, d, dOff + c0, ds, n, gwt, i * op + c0, op);
      }
      for (; i < nIn; i++) {
        grad1x2(a, aOff + i, as, d, dOff + c0, ds, n, gwt, i * op + c0, gb, c0, false);
      }
      grad1x2(a, aOff, as, d, dOff + c0, ds, n, gwt, 0, gb, c0, true);
    }
    for (; c0 < op; c0 += 16) {
      int i = 0;
      for (; i + 8 <= nIn; i += 8) {
        grad8x1(a, aOff + i, as, d, dOff + c0, ds, n, gwt, i * op + c0, op);
      }
      for (; i < nIn; i++) {
        grad1x1(a, aOff + i, as, d, dOff + c0, ds, n, gwt, i * op + c0, gb, c0, false);
      }
      grad1x1(a, aOff, as, d, dOff + c0, ds, n, gwt, 0, gb, c0, true);
    }
  }

  /** Inputs i..i+3 x columns [c0, c0 + 32) over all rows. */
  private static void grad4x2(float[] a, int a0, int as, float[] d, int d0, int ds, int n, float[] gwt, int at,
      int op) {
    FloatVector z = FloatVector.broadcast(F, 0f);
    FloatVector s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
    for (int e = 0, ar = a0, dr = d0; e < n; e++, ar += as, dr += ds) {
      FloatVector v0 = FloatVector.fromArray(F, d, dr);
      FloatVector v1 = FloatVector.fromArray(F, d, dr + 16);
      FloatVector x0 = FloatVector.broadcast(F, a[ar]);
      FloatVector x1 = FloatVector.broadcast(F, a[ar + 1]);
      FloatVector x2 = FloatVector.broadcast(F, a[ar + 2]);
      FloatVector x3 = FloatVector.broadcast(F, a[ar + 3]);
      s00 = v0.fma(x0, s00);
      s01 = v1.fma(x0, s01);
      s10 = v0.fma(x1, s10);
      s11 = v1.fma(x1, s11);
      s20 = v0.fma(x2, s20);
      s21 = v1.fma(x2, s21);
      s30 = v0.fma(x3, s30);
      s31 = v1.fma(x3, s31);
    }
    s00.intoArray(gwt, at);
    s01.intoArray(gwt, at + 16);
    s10.intoArray(gwt, at + op);
    s11.intoArray(gwt, at + op + 16);
    s20.intoArray(gwt, at + 2 * op);
    s21.intoArray(gwt, at + 2 * op + 16);
    s30.intoArray(gwt, at + 3 * op);
    s31.intoArray(gwt, at + 3 * op + 16);
  }

  /**
   * One input x columns [c0, c0 + 32) over all rows, or (bias) the plain sum of the rows of d. One
   * method for both keeps it above the inlining size (no vector code lands in the callers).
   */
  private static void grad1x2(float[] a, int a0, int as, float[] d, int d0, int ds, int n, float[] gwt, int at,
      float[] gb, int c0, boolean bias) {
    FloatVector s0 = FloatVector.broadcast(F, 0f);
    FloatVector s1 = s0;
    if (bias) {
      for (int e = 0, dr = d0; e < n; e++, dr += ds) {
        s0 = s0.add(FloatVector.fromArray(F, d, dr));
        s1 = s1.add(FloatVector.fromArray(F, d, dr + 16));
      }
      s0.intoArray(gb, c0);
      s1.intoArray(gb, c0 + 16);
      return;
    }
    for (int e = 0, ar = a0, dr = d0; e < n; e++, ar += as, dr += ds) {
      FloatVector x0 = FloatVector.broadcast(F, a[ar]);
      s0 = FloatVector.fromArray(F, d, dr).fma(x0, s0);
      s1 = FloatVector.fromArray(F, d, dr + 16).fma(x0, s1);
    }
    s0.intoArray(gwt, at);
    s1.intoArray(gwt, at + 16);
  }

  /** Inputs i..i+7 x columns [c0, c0 + 16) over all rows. */
  private static void grad8x1(float[] a, int a0, int as, float[] d, int d0, int ds, int n, float[] gwt, int at,
      int op) {
    FloatVector z = FloatVector.broadcast(F, 0f);
    FloatVector s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z, s6 = z, s7 = z;
    for (int e = 0, ar = a0, dr = d0; e < n; e++, ar += as, dr += ds) {
      FloatVector v = FloatVector.fromArray(F, d, dr);
      s0 = v.fma(FloatVector.broadcast(F, a[ar]), s0);
      s1 = v.fma(FloatVector.broadcast(F, a[ar + 1]), s1);
      s2 = v.fma(FloatVector.broadcast(F, a[ar + 2]), s2);
      s3 = v.fma(FloatVector.broadcast(F, a[ar + 3]), s3);
      s4 = v.fma(FloatVector.broadcast(F, a[ar + 4]), s4);
      s5 = v.fma(FloatVector.broadcast(F, a[ar + 5]), s5);
      s6 = v.fma(FloatVector.broadcast(F, a[ar + 6]), s6);
      s7 = v.fma(FloatVector.broadcast(F, a[ar + 7]), s7);
    }
    s0.intoArray(gwt, at);
    s1.intoArray(gwt, at + op);
    s2.intoArray(gwt, at + 2 * op);
    s3.intoArray(gwt, at + 3 * op);
    s4.intoArray(gwt, at + 4 * op);
    s5.intoArray(gwt, at + 5 * op);
    s6.intoArray(gwt, at + 6 * op);
    s7.intoArray(gwt, at + 7 * op);
  }

  /** One input x columns [c0, c0 + 16) over all rows, or (bias) the plain sum of the rows of d. */
  private static void grad1x1(float[] a, int a0, int as, float[] d, int d0, int ds, int n, float[] gwt, int at,
      float[] gb, int c0, boolean bias) {
    FloatVector s0 = FloatVector.broadcast(F, 0f);
    if (bias) {
      for (int e = 0, dr = d0; e < n; e++, dr += ds) {
        s0 = s0.add(FloatVector.fromArray(F, d, dr));
      }
      s0.intoArray(gb, c0);
      return;
    }
    for (int e = 0, ar = a0, dr = d0; e < n; e++, ar += as, dr += ds) {
      s0 = FloatVector.fromArray(F, d, dr).fma(FloatVector.broadcast(F, a[ar]), s0);
    }
    s0.intoArray(gwt, at);
  }

  // ---------------------------------------------------------------- optimiser and sums

  @Override
  public void adam(float[] w, float[] g, float[] m, float[] v, int len, float wd, float beta1, float omb1, float beta2,
      float omb2, float stepSize, float c2, float eps) {
    int k = 0;
    FloatVector vwd = FloatVector.broadcast(F, wd);
    FloatVector vb1 = FloatVector.broadcast(F, beta1);
    FloatVector vo1 = FloatVector.broadcast(F, omb1);
    FloatVector vb2 = FloatVector.broadcast(F, beta2);
    FloatVector vo2 = FloatVector.broadcast(F, omb2);
    FloatVector vst = FloatVector.broadcast(F, -stepSize);
    FloatVector vc2 = FloatVector.broadcast(F, c2);
    FloatVector veps = FloatVector.broadcast(F, eps);
    FloatVector vz = FloatVector.zero(F);
    for (; k + LANES <= len; k += LANES) {
      FloatVector wk = FloatVector.fromArray(F, w, k);
      FloatVector gp = vwd.fma(wk, FloatVector.fromArray(F, g, k));
      FloatVector mk = vo1.fma(gp, FloatVector.fromArray(F, m, k).mul(vb1));
      FloatVector vk = vo2.mul(gp).fma(gp, FloatVector.fromArray(F, v, k).mul(vb2));
      FloatVector denom = vk.lanewise(VectorOperators.SQRT).div(vc2).add(veps);
      FloatVector wn = vst.fma(mk.div(denom), wk);
      mk.blend(vz, mk.abs().compare(VectorOperators.LT, Float.MIN_NORMAL)).intoArray(m, k);
      vk.blend(vz, vk.compare(VectorOperators.LT, Float.MIN_NORMAL)).intoArray(v, k);
      wn.blend(vz, wn.abs().compare(VectorOperators.LT, FastMath.GRADIENT_FLOOR)).intoArray(w, k);
    }
    for (; k < len; k++) {
      float gp = Math.fma(wd, w[k], g[k]);
      float mk = Math.fma(omb1, gp, m[k] * beta1);
      float vk = Math.fma(omb2 * gp, gp, v[k] * beta2);
      float denom = (float) Math.sqrt(vk) / c2 + eps;
      float wn = Math.fma(-stepSize, mk / denom, w[k]);
      m[k] = FastMath.flushSubnormal(mk);
      v[k] = FastMath.flushSubnormal(vk);
      w[k] = FastMath.flushTiny(wn);
    }
  }

  @Override
  public void accumulate(float[] acc, float[] add, int len) {
    int k = 0;
    for (; k + LANES <= len; k += LANES) {
      FloatVector.fromArray(F, acc, k).add(FloatVector.fromArray(F, add, k)).intoArray(acc, k);
    }
    for (; k < len; k++) {
      acc[k] = acc[k] + add[k];
    }
  }

  // ---------------------------------------------------------------- conv autoencoder: pool and LeakyReLU backward

  @Override
  public void avgPool3Rows(float[] src, int h, float[] dst, int ho, int row, int n) {
    FloatVector three = FloatVector.broadcast(F, 3f);
    FloatVector zero = FloatVector.zero(F);
    for (int e = 0; e < n; e++) {
      for (int r = 0; r < ho; r++) {
        int lo = Math.max(0, 3 * r - 1);
        int rows = Math.min(h - 1, 3 * r + 1) - lo + 1;
        int a = (e * h + lo) * row;
        int d = (e * ho + r) * row;
        // rows = 3 in the interior, 2 or 1 at the edges; the missing rows' terms are left out (as in the scalar
        // loop): the adds run on 0 + in[lo] first, then the further rows in order
        if (rows == 3) {
          for (int c = 0; c < row; c += LANES) {
            zero.add(FloatVector.fromArray(F, src, a + c)).add(FloatVector.fromArray(F, src, a + row + c))
                .add(FloatVector.fromArray(F, src, a + 2 * row + c)).div(three).intoArray(dst, d + c);
          }
        } else if (rows == 2) {
          for (int c = 0; c < row; c += LANES) {
            zero.add(FloatVector.fromArray(F, src, a + c)).add(FloatVector.fromArray(F, src, a + row + c)).div(three)
                .intoArray(dst, d + c);
          }
        } else {
          for (int c = 0; c < row; c += LANES) {
            zero.add(FloatVector.fromArray(F, src, a + c)).div(three).intoArray(dst, d + c);
          }
        }
      }
    }
  }

  @Override
  public void avgPool3RowsBackward(float[] g, int h, int ho, int row, float[] post, float slope, float[] dst, int n) {
    FloatVector three = FloatVector.broadcast(F, 3f);
    FloatVector sl = FloatVector.broadcast(F, slope);
    FloatVector zero = FloatVector.zero(F);
    // the input rows of pooled row r are 3r - 1 .. 3r + 1 (those inside the image): one division per pooled element
    for (int e = 0; e < n; e++) {
      for (int r = 0; r < ho; r++) {
        int lo = Math.max(0, 3 * r - 1);
        int hi = Math.min(h - 1, 3 * r + 1);
        int s = (e * ho + r) * row;
        for (int c = 0; c < row; c += LANES) {
          FloatVector v = FloatVector.fromArray(F, g, s + c).div(three);
          FloatVector vs = v.mul(sl);
          for (int hh = lo; hh <= hi; hh++) {
            int d = (e * h + hh) * row + c;
            vs.blend(v, FloatVector.fromArray(F, post, d).compare(VectorOperators.GT, zero)).intoArray(dst, d);
          }
        }
      }
    }
  }

  @Override
  public void leakyBackwardLanes(float[] g, int gOff, int gs, float[] post, int pOff, int ps, int op, float slope,
      int n) {
    FloatVector sl = FloatVector.broadcast(F, slope);
    FloatVector zero = FloatVector.zero(F);
    for (int e = 0; e < n; e++) {
      int go = gOff + e * gs;
      int po = pOff + e * ps;
      for (int o = 0; o < op; o += LANES) {
        FloatVector v = FloatVector.fromArray(F, g, go + o);
        FloatVector p = FloatVector.fromArray(F, post, po + o);
        v.mul(sl).blend(v, p.compare(VectorOperators.GT, zero)).intoArray(g, go + o);
      }
    }
  }

  @Override
  public void addRuns(float[] acc, int accOff, int accStride, float[] add, int addOff, int addStride, int runs, int len) {
    int body = len - len % LANES;
    for (int r = 0; r < runs; r++) {
      int a = accOff + r * accStride;
      int b = addOff + r * addStride;
      int j = 0;
      for (; j < body; j += LANES) {
        FloatVector.fromArray(F, acc, a + j).add(FloatVector.fromArray(F, add, b + j)).intoArray(acc, a + j);
      }
      for (; j < len; j++) {
        acc[a + j] = acc[a + j] + add[b + j];
      }
    }
  }
}
