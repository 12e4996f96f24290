package org.nphunt.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on the Java Vector API ({@code jdk.incubator.vector}) with 512-bit vectors: register
 * tiles of 4 rows x 3 vectors (or 4 x 2, 8 x 1) of accumulators for the layers (4 x 4 tiles, 16
 * accumulators, measured 20x slower with JDK 17's C2: its vectors are not kept in registers), so that a weight row
 * is loaded once per tile and an input value broadcast once per row; the first layer visits only the
 * real slots of each event; preprocessing and score sums work on whole rows. Every operation is
 * element-wise (fma, add, mul, max, blend, sqrt, conversions) or an explicit rearrangement; no
 * {@code reduceLanes}, whose order may differ between the interpreter and compiled code. Results are
 * therefore identical to {@link ScalarKernels}.
 *
 * <p>Loaded reflectively by {@link Kernels} only when the module is present; methods are small so that
 * C2 compiles each tile with its vectors in registers.
 */
final class VectorKernels extends Kernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

  /** The bias of a layer without one. */
  private static final float[] ZEROS = new float[4096];
  /** 1 on the columns of MET, electrons, muons, jets (four rows of 64). */
  private static final double[] TYPE_MASKS = typeMasks();
  /** 1 on pT positions (c % 4 == 0, c < 76), and its complement. */
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
      int t = c < 4 ? 0 : c < 20 ? 1 : c < 36 ? 2 : 3;
      m[t * ROW + c] = 1.0;
    }
    return m;
  }

  private static float[] ptColumns(boolean pt) {
    float[] m = new float[ROW];
    for (int c = 0; c < ROW; c++) {
      m[c] = (c % 4 == 0 && c < RAW) == pt ? 1f : 0f;
    }
    return m;
  }

  @Override
  public String name() {
    return "vector";
  }


  // ---------------------------------------------------------------- dense layers

  @Override
  public void dense(float[] in, int inOff, int is, int nIn, float[] wt, float[] bias, int op, boolean act, float slope,
      float[] out, int outOff, int os, int n) {
    float[] b = bias != null ? bias : op <= ZEROS.length ? ZEROS : new float[op];
    for (int c0 = 0; c0 < op; ) {
      int g = Math.min(3, (op - c0) / LANES);
      int e;
      if (g == 3) {
        e = dense4x3(in, inOff, is, nIn, wt, b, op, c0, act, slope, out, outOff, os, n);
      } else if (g == 2) {
        e = dense4x2(in, inOff, is, nIn, wt, b, op, c0, act, slope, out, outOff, os, n);
      } else {
        e = dense8x1(in, inOff, is, nIn, wt, b, op, c0, act, slope, out, outOff, os, n);
      }
      for (; e < n; e++) {
        for (int v = 0; v < g; v++) {
          denseRow(in, inOff + e * is, nIn, wt, b, op, c0 + v * LANES, act, slope, out, outOff + e * os);
        }
      }
      c0 += g * LANES;
    }
  }

  private static void denseRow(float[] in, int row, int nIn, float[] wt, float[] b, int op, int c, boolean act,
      float slope, float[] out, int at) {
    FloatVector acc = FloatVector.fromArray(F, b, c);
    for (int i = 0, w = c; i < nIn; i++, w += op) {
      acc = FloatVector.fromArray(F, wt, w).fma(FloatVector.broadcast(F, in[row + i]), acc);
    }
    acc = acc.max(acc.mul(FloatVector.broadcast(F, act ? slope : 1f)));
    acc.intoArray(out, at + c);
  }

  private static int dense4x3(float[] in, int inOff, int is, int nIn, float[] wt, float[] b, int op, int c0,
      boolean act, float slope, float[] out, int outOff, int os, int n) {
    int e = 0;
    for (; e + 4 <= n; e += 4) {
      int r0 = inOff + e * is;
      int r1 = r0 + is;
      int r2 = r1 + is;
      int r3 = r2 + is;
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
        FloatVector x1 = FloatVector.broadcast(F, in[r1 + i]);
        FloatVector x2 = FloatVector.broadcast(F, in[r2 + i]);
        FloatVector x3 = FloatVector.broadcast(F, in[r3 + i]);
        a00 = w0.fma(x0, a00);
        a01 = w1.fma(x0, a01);
        a02 = w2.fma(x0, a02);
        a10 = w0.fma(x1, a10);
        a11 = w1.fma(x1, a11);
        a12 = w2.fma(x1, a12);
        a20 = w0.fma(x2, a20);
        a21 = w1.fma(x2, a21);
        a22 = w2.fma(x2, a22);
        a30 = w0.fma(x3, a30);
        a31 = w1.fma(x3, a31);
        a32 = w2.fma(x3, a32);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      a00 = a00.max(a00.mul(sl));
      a01 = a01.max(a01.mul(sl));
      a02 = a02.max(a02.mul(sl));
      a10 = a10.max(a10.mul(sl));
      a11 = a11.max(a11.mul(sl));
      a12 = a12.max(a12.mul(sl));
      a20 = a20.max(a20.mul(sl));
      a21 = a21.max(a21.mul(sl));
      a22 = a22.max(a22.mul(sl));
      a30 = a30.max(a30.mul(sl));
      a31 = a31.max(a31.mul(sl));
      a32 = a32.max(a32.mul(sl));
      int o = outOff + e * os + c0;
      a00.intoArray(out, o);
      a01.intoArray(out, o + 16);
      a02.intoArray(out, o + 32);
      o += os;
      a10.intoArray(out, o);
      a11.intoArray(out, o + 16);
      a12.intoArray(out, o + 32);
      o += os;
      a20.intoArray(out, o);
      a21.intoArray(out, o + 16);
      a22.intoArray(out, o + 32);
      o += os;
      a30.intoArray(out, o);
      a31.intoArray(out, o + 16);
      a32.intoArray(out, o + 32);
    }
    return e;
  }

  private static int dense4x2(float[] in, int inOff, int is, int nIn, float[] wt, float[] b, int op, int c0,
      boolean act, float slope, float[] out, int outOff, int os, int n) {
    int e = 0;
    for (; e + 4 <= n; e += 4) {
      int r0 = inOff + e * is;
      int r1 = r0 + is;
      int r2 = r1 + is;
      int r3 = r2 + is;
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
        FloatVector x1 = FloatVector.broadcast(F, in[r1 + i]);
        FloatVector x2 = FloatVector.broadcast(F, in[r2 + i]);
        FloatVector x3 = FloatVector.broadcast(F, in[r3 + i]);
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
      a00 = a00.max(a00.mul(sl));
      a01 = a01.max(a01.mul(sl));
      a10 = a10.max(a10.mul(sl));
      a11 = a11.max(a11.mul(sl));
      a20 = a20.max(a20.mul(sl));
      a21 = a21.max(a21.mul(sl));
      a30 = a30.max(a30.mul(sl));
      a31 = a31.max(a31.mul(sl));
      int o = outOff + e * os + c0;
      a00.intoArray(out, o);
      a01.intoArray(out, o + 16);
      o += os;
      a10.intoArray(out, o);
      a11.intoArray(out, o + 16);
      o += os;
      a20.intoArray(out, o);
      a21.intoArray(out, o + 16);
      o += os;
      a30.intoArray(out, o);
      a31.intoArray(out, o + 16);
    }
    return e;
  }

  private static int dense8x1(float[] in, int inOff, int is, int nIn, float[] wt, float[] b, int op, int c0,
      boolean act, float slope, float[] out, int outOff, int os, int n) {
    FloatVector b0 = FloatVector.fromArray(F, b, c0);
    int e = 0;
    for (; e + 8 <= n; e += 8) {
      int r0 = inOff + e * is;
      FloatVector a0 = b0, a1 = b0, a2 = b0, a3 = b0, a4 = b0, a5 = b0, a6 = b0, a7 = b0;
      for (int i = 0, w = c0; i < nIn; i++, w += op) {
        FloatVector w0 = FloatVector.fromArray(F, wt, w);
        a0 = w0.fma(FloatVector.broadcast(F, in[r0 + i]), a0);
        a1 = w0.fma(FloatVector.broadcast(F, in[r0 + is + i]), a1);
        a2 = w0.fma(FloatVector.broadcast(F, in[r0 + 2 * is + i]), a2);
        a3 = w0.fma(FloatVector.broadcast(F, in[r0 + 3 * is + i]), a3);
        a4 = w0.fma(FloatVector.broadcast(F, in[r0 + 4 * is + i]), a4);
        a5 = w0.fma(FloatVector.broadcast(F, in[r0 + 5 * is + i]), a5);
        a6 = w0.fma(FloatVector.broadcast(F, in[r0 + 6 * is + i]), a6);
        a7 = w0.fma(FloatVector.broadcast(F, in[r0 + 7 * is + i]), a7);
      }
      FloatVector sl = FloatVector.broadcast(F, act ? slope : 1f);
      a0 = a0.max(a0.mul(sl));
      a1 = a1.max(a1.mul(sl));
      a2 = a2.max(a2.mul(sl));
      a3 = a3.max(a3.mul(sl));
      a4 = a4.max(a4.mul(sl));
      a5 = a5.max(a5.mul(sl));
      a6 = a6.max(a6.mul(sl));
      a7 = a7.max(a7.mul(sl));
      int o = outOff + e * os + c0;
      a0.intoArray(out, o);
      a1.intoArray(out, o + os);
      a2.intoArray(out, o + 2 * os);
      a3.intoArray(out, o + 3 * os);
      a4.intoArray(out, o + 4 * os);
      a5.intoArray(out, o + 5 * os);
      a6.intoArray(out, o + 6 * os);
      a7.intoArray(out, o + 7 * os);
    }
    return e;
  }

  // ---------------------------------------------------------------- first layer (real slots only)

  @Override
  public void firstLayer(float[] x, int xOff, int xs, int[] slotBits, int bitsOff, float[] wt, float[] b, int op,
      boolean act, float slope, float[] out, int outOff, int os, int n) {
    // the visited inputs as one flat list: nested loops carrying vectors defeat C2's box elimination (JDK 17)
    int[] cols = new int[3 * SLOTS];
    int e = 0;
    for (; e + 4 <= n; e += 4) {
      int bits = slotBits[bitsOff + e] | slotBits[bitsOff + e + 1] | slotBits[bitsOff + e + 2] | slotBits[bitsOff + e + 3];
      int k = columns(bits, cols);
      int c0 = 0;
      for (; c0 + 32 <= op; c0 += 32) {
        first4x2(x, xOff + e * xs, xs, cols, k, wt, b, op, c0, act, slope, out, outOff + e * os, os);
      }
      for (; c0 < op; c0 += 16) {
        for (int r = 0; r < 4; r++) {
          first1(x, xOff + (e + r) * xs, cols, k, wt, b, op, c0, act, slope, out, outOff + (e + r) * os);
        }
      }
    }
    for (; e < n; e++) {
      int k = columns(slotBits[bitsOff + e], cols);
      for (int c0 = 0; c0 < op; c0 += 16) {
        first1(x, xOff + e * xs, cols, k, wt, b, op, c0, act, slope, out, outOff + e * os);
      }
    }
  }

  /** The row positions 4s, 4s+1, 4s+2 of the set slots, in increasing order; returns their number. */
  private static int columns(int bits, int[] cols) {
    int k = 0;
    while (bits != 0) {
      int s = Integer.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      cols[k] = 4 * s;
      cols[k + 1] = 4 * s + 1;
      cols[k + 2] = 4 * s + 2;
      k += 3;
    }
    return k;
  }

  /** Four rows, 32 outputs, over the listed columns (inputs of another row's slots are 0 in a row). */
  private static void first4x2(float[] x, int row, int xs, int[] cols, int k, float[] wt, float[] b, int op, int c0,
      boolean act, float slope, float[] out, int at, int os) {
    FloatVector a00 = FloatVector.fromArray(F, b, c0);
    FloatVector a01 = FloatVector.fromArray(F, b, c0 + 16);
    FloatVector a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01;
    int r1 = row + xs;
    int r2 = r1 + xs;
    int r3 = r2 + xs;
    for (int j = 0; j < k; j++) {
      int i = cols[j];
      int w = (i - (i >> 2)) * op + c0;
      FloatVector w0 = FloatVector.fromArray(F, wt, w);
      FloatVector w1 = FloatVector.fromArray(F, wt, w + 16);
      FloatVector x0 = FloatVector.broadcast(F, x[row + i]);
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
    a00 = a00.max(a00.mul(sl));
    a01 = a01.max(a01.mul(sl));
    a10 = a10.max(a10.mul(sl));
    a11 = a11.max(a11.mul(sl));
    a20 = a20.max(a20.mul(sl));
    a21 = a21.max(a21.mul(sl));
    a30 = a30.max(a30.mul(sl));
    a31 = a31.max(a31.mul(sl));
    int o = at + c0;
    a00.intoArray(out, o);
    a01.intoArray(out, o + 16);
    o += os;
    a10.intoArray(out, o);
    a11.intoArray(out, o + 16);
    o += os;
    a20.intoArray(out, o);
    a21.intoArray(out, o + 16);
    o += os;
    a30.intoArray(out, o);
    a31.intoArray(out, o + 16);
  }

  private static void first1(float[] x, int row, int[] cols, int k, float[] wt, float[] b, int op, int c0, boolean act,
      float slope, float[] out, int at) {
    FloatVector acc = FloatVector.fromArray(F, b, c0);
    for (int j = 0; j < k; j++) {
      int i = cols[j];
      acc = FloatVector.fromArray(F, wt, (i - (i >> 2)) * op + c0).fma(FloatVector.broadcast(F, x[row + i]), acc);
    }
    acc = acc.max(acc.mul(FloatVector.broadcast(F, act ? slope : 1f)));
    acc.intoArray(out, at + c0);
  }

  // ---------------------------------------------------------------- preprocessing

  // ---------------------------------------------------------------- reconstruction sums and loss
  // A row's 64 columns are eight groups of 8: 256-bit floats widened to 512-bit doubles (JDK 17's C2
  // intrinsifies conversions between species of equal lane counts), accumulated group after group in a
  // loop. Methods stay small: C2 stops inlining a compilation past NodeCountInliningCutoff and the
  // vectors of a call that is not inlined live in heap boxes (measured 10-20x slower).


  @Override
  public void reconstructionSums(float[] x, float[] r, float[] cm, int n, double[] sums) {
    double[] part = new double[SUMS * 8];
    for (int e = 0; e < n; e++) {
      sumsRow(x, r, cm, e * ROW, part);
      for (int k = 0; k < SUMS; k++) {
        sums[e * SUMS + k] = lanes(part, 8 * k);
      }
    }
  }

  /** The six 8-lane partial sums of one row into part[k * 8 ..]. */
  private static void sumsRow(float[] x, float[] r, float[] cm, int o, double[] part) {
    DoubleVector met = DoubleVector.zero(D);
    DoubleVector ele = met;
    DoubleVector mu = met;
    DoubleVector jet = met;
    DoubleVector seed = met;
    DoubleVector mask = met;
    for (int g = 0; g < ROW; g += 8) {
      FloatVector d = FloatVector.fromArray(F8, x, o + g).sub(FloatVector.fromArray(F8, r, o + g));
      DoubleVector w = (DoubleVector) d.convertShape(VectorOperators.F2D, D, 0);
      DoubleVector sq = w.mul(w);
      met = sq.fma(DoubleVector.fromArray(D, TYPE_MASKS, g), met);
      ele = sq.fma(DoubleVector.fromArray(D, TYPE_MASKS, ROW + g), ele);
      mu = sq.fma(DoubleVector.fromArray(D, TYPE_MASKS, 2 * ROW + g), mu);
      jet = sq.fma(DoubleVector.fromArray(D, TYPE_MASKS, 3 * ROW + g), jet);
      FloatVector c = FloatVector.fromArray(F8, cm, o + g);
      FloatVector q = d.mul(d);
      FloatVector t = d.abs().fma(FloatVector.fromArray(F8, PT_COLUMNS, g), q.mul(FloatVector.fromArray(F8, NOT_PT, g)));
      seed = seed.add((DoubleVector) t.mul(c).convertShape(VectorOperators.F2D, D, 0));
      mask = mask.add((DoubleVector) q.mul(c).convertShape(VectorOperators.F2D, D, 0));
    }
    met.intoArray(part, 0);
    ele.intoArray(part, 8);
    mu.intoArray(part, 16);
    jet.intoArray(part, 24);
    seed.intoArray(part, 32);
    mask.intoArray(part, 40);
  }

  /** The final tree of eight lane partials p[at..at+8): ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7)). */
  private static double lanes(double[] p, int at) {
    return ((p[at] + p[at + 4]) + (p[at + 2] + p[at + 6])) + ((p[at + 1] + p[at + 5]) + (p[at + 3] + p[at + 7]));
  }

  @Override
  public void reconstructionGradient(float[] x, float[] r, float[] cm, int n, float coef, boolean masked, float[] dr,
      double[] loss) {
    double[] scratch = new double[8];
    for (int e = 0; e < n; e++) {
      if (masked) {
        gradientRowMasked(x, r, cm, e * ROW, coef, dr, scratch);
      } else {
        gradientRow(x, r, e * ROW, coef, dr, scratch);
      }
      loss[e] = lanes(scratch, 0);
    }
  }

  private static void gradientRow(float[] x, float[] r, int o, float coef, float[] dr, double[] scratch) {
    FloatVector k = FloatVector.broadcast(F8, coef);
    DoubleVector acc = DoubleVector.zero(D);
    for (int g = 0; g < ROW; g += 8) {
      FloatVector d = FloatVector.fromArray(F8, r, o + g).sub(FloatVector.fromArray(F8, x, o + g));
      d.mul(k).intoArray(dr, o + g);
      DoubleVector w = (DoubleVector) d.convertShape(VectorOperators.F2D, D, 0);
      acc = w.fma(w, acc);
    }
    acc.intoArray(scratch, 0);
  }

  private static void gradientRowMasked(float[] x, float[] r, float[] cm, int o, float coef, float[] dr,
      double[] scratch) {
    FloatVector k = FloatVector.broadcast(F8, coef);
    DoubleVector acc = DoubleVector.zero(D);
    for (int g = 0; g < ROW; g += 8) {
      FloatVector d = FloatVector.fromArray(F8, r, o + g).sub(FloatVector.fromArray(F8, x, o + g));
      FloatVector c = FloatVector.fromArray(F8, cm, o + g);
      d.mul(k).mul(c).intoArray(dr, o + g);
      DoubleVector w = (DoubleVector) d.convertShape(VectorOperators.F2D, D, 0);
      acc = w.mul(w).fma((DoubleVector) c.convertShape(VectorOperators.F2D, D, 0), acc);
    }
    acc.intoArray(scratch, 0);
  }

  // ---------------------------------------------------------------- backward

  @Override
  public void leakyBackward(float[] g, int gOff, int gs, float[] post, int pOff, int ps, int op, float slope, int n) {
    FloatVector sl = FloatVector.broadcast(F, slope);
    for (int e = 0; e < n; e++) {
      int go = gOff + e * gs;
      int po = pOff + e * ps;
      for (int o = 0; o < op; o += LANES) {
        FloatVector v = FloatVector.fromArray(F, g, go + o);
        VectorMask<Float> pos = FloatVector.fromArray(F, post, po + o).compare(VectorOperators.GT, 0f);
        v.mul(sl).blend(v, pos).intoArray(g, go + o);
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
        grad1x2(a, aOff + i, as, d, dOff + c0, ds, n, gwt, i * op + c0);
      }
    }
    if (c0 < op) {
      int i = 0;
      for (; i + 8 <= nIn; i += 8) {
        grad8x1(a, aOff + i, as, d, dOff + c0, ds, n, gwt, i * op + c0, op);
      }
      for (; i < nIn; i++) {
        grad1x1(a, aOff + i, as, d, dOff + c0, ds, n, gwt, i * op + c0);
      }
    }
    for (int c = 0; c < op; c += LANES) {
      FloatVector acc = FloatVector.zero(F);
      for (int e = 0, at = dOff + c; e < n; e++, at += ds) {
        acc = acc.add(FloatVector.fromArray(F, d, at));
      }
      acc.intoArray(gb, c);
    }
  }

  private static void grad4x2(float[] a, int a0, int as, float[] d, int d0, int ds, int n, float[] gwt, int at,
      int op) {
    FloatVector z = FloatVector.zero(F);
    FloatVector s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
    for (int e = 0, ar = a0, dr = d0; e < n; e++, ar += as, dr += ds) {
      FloatVector v0 = FloatVector.fromArray(F, d, dr);
      FloatVector v1 = FloatVector.fromArray(F, d, dr + 16);
      FloatVector x0 = FloatVector.broadcast(F, a[ar]);
      FloatVector x1 = FloatVector.broadcast(F, a[ar + 1]);
      FloatVector x2 = FloatVector.broadcast(F, a[ar + 2]);
      FloatVector x3 = FloatVector.broadcast(F, a[ar + 3]);
      s00 = x0.fma(v0, s00);
      s01 = x0.fma(v1, s01);
      s10 = x1.fma(v0, s10);
      s11 = x1.fma(v1, s11);
      s20 = x2.fma(v0, s20);
      s21 = x2.fma(v1, s21);
      s30 = x3.fma(v0, s30);
      s31 = x3.fma(v1, s31);
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

  private static void grad1x2(float[] a, int a0, int as, float[] d, int d0, int ds, int n, float[] gwt, int at) {
    FloatVector s0 = FloatVector.zero(F);
    FloatVector s1 = s0;
    for (int e = 0, ar = a0, dr = d0; e < n; e++, ar += as, dr += ds) {
      FloatVector x0 = FloatVector.broadcast(F, a[ar]);
      s0 = x0.fma(FloatVector.fromArray(F, d, dr), s0);
      s1 = x0.fma(FloatVector.fromArray(F, d, dr + 16), s1);
    }
    s0.intoArray(gwt, at);
    s1.intoArray(gwt, at + 16);
  }

  private static void grad8x1(float[] a, int a0, int as, float[] d, int d0, int ds, int n, float[] gwt, int at,
      int op) {
    FloatVector z = FloatVector.zero(F);
    FloatVector s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z, s6 = z, s7 = z;
    for (int e = 0, ar = a0, dr = d0; e < n; e++, ar += as, dr += ds) {
      FloatVector v = FloatVector.fromArray(F, d, dr);
      s0 = FloatVector.broadcast(F, a[ar]).fma(v, s0);
      s1 = FloatVector.broadcast(F, a[ar + 1]).fma(v, s1);
      s2 = FloatVector.broadcast(F, a[ar + 2]).fma(v, s2);
      s3 = FloatVector.broadcast(F, a[ar + 3]).fma(v, s3);
      s4 = FloatVector.broadcast(F, a[ar + 4]).fma(v, s4);
      s5 = FloatVector.broadcast(F, a[ar + 5]).fma(v, s5);
      s6 = FloatVector.broadcast(F, a[ar + 6]).fma(v, s6);
      s7 = FloatVector.broadcast(F, a[ar + 7]).fma(v, s7);
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

  private static void grad1x1(float[] a, int a0, int as, float[] d, int d0, int ds, int n, float[] gwt, int at) {
    FloatVector s0 = FloatVector.zero(F);
    for (int e = 0, ar = a0, dr = d0; e < n; e++, ar += as, dr += ds) {
      s0 = FloatVector.broadcast(F, a[ar]).fma(FloatVector.fromArray(F, d, dr), s0);
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
    for (; k + LANES <= len; k += LANES) {
      FloatVector wk = FloatVector.fromArray(F, w, k);
      FloatVector gp = vwd.fma(wk, FloatVector.fromArray(F, g, k));
      FloatVector mk = vo1.fma(gp, FloatVector.fromArray(F, m, k).mul(vb1));
      FloatVector vk = vo2.mul(gp).fma(gp, FloatVector.fromArray(F, v, k).mul(vb2));
      FloatVector denom = vk.lanewise(VectorOperators.SQRT).div(vc2).add(veps);
      mk.intoArray(m, k);
      vk.intoArray(v, k);
      vst.fma(mk.div(denom), wk).intoArray(w, k);
    }
    for (; k < len; k++) {
      float gp = Math.fma(wd, w[k], g[k]);
      float mk = Math.fma(omb1, gp, m[k] * beta1);
      float vk = Math.fma(omb2 * gp, gp, v[k] * beta2);
      float denom = (float) Math.sqrt(vk) / c2 + eps;
      m[k] = mk;
      v[k] = vk;
      w[k] = Math.fma(-stepSize, mk / denom, w[k]);
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
}
