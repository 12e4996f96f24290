package org.nphunt.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TransformerOps} on the Java Vector API (512-bit vectors): the same operations lane by lane, so
 * the same bits as the scalar definition. Loaded reflectively, only when the incubator module is present
 * and the vector kernels are in use. Each method keeps all its vector values inside one compilation (see
 * the note in {@code VectorKernels}).
 */
final class TransformerVectorOps extends TransformerOps {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;

  TransformerVectorOps() {
    if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < 512) {
      throw new UnsupportedOperationException("512-bit vectors not supported on this CPU");
    }
  }

  // The row ops below keep no vector across an inner loop (JDK 17's C2 boxes vectors carried by nested
  // loops, see VectorKernels): a row of at most 16 or 32 lanes is straight-line code, and wider rows, which
  // the transformer does not use (19 keys, d = 32 by default), follow the scalar definition. Each op runs in
  // phases over all its rows (vector lane partials into a scratch array, then the scalar trees of every row,
  // then the vector step that uses them): the rows are independent, so each phase overlaps consecutive rows,
  // where one row at a time was a chain of vector store, scalar tree and broadcast (measured 1.5x slower).
  // As in VectorKernels, all phases of an op sit in one method above the inlining size, compiled on its own:
  // small vector methods inlined into callers that C2 had not compiled yet ran the Vector API's Java
  // fallback (measured: some runs 40% slower).

  /**
   * Per-thread scratch arrays of the row ops (lane partials, per-row scalars), grown on demand: every entry
   * a call reads it has written first. Allocated per call they were zeroed anew, ~30 KB per scored event.
   */
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

  /** Scratch array k of at least n floats (contents undefined). */
  private static float[] scratch(int k, int n) {
    float[][] s = SCRATCH.get();
    if (s[k].length < n) {
      s[k] = new float[n];
    }
    return s[k];
  }

  /** 0, 1, ..., 15: lane j of a group is valid when j < n - group start. */
  private static final float[] IOTA = {0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f};

  @Override
  public void softmax(float[] a, int o, int rows, int stride, int n) {
    if (n > 32) {
      SCALAR.softmax(a, o, rows, stride, n);
    } else {
      softmaxRows(a, o, rows, stride, n, n > 16, scratch(0, rows * 16), scratch(1, rows));
    }
  }

  /**
   * Rows of one vector (n <= 16) or two (n <= 32): lanes from n on enter as -inf, so they drop out of the
   * maximum and exp(-inf - max) falls below the cut (0); without a second group the first is loaded twice
   * and the copy masked out entirely. Phases: lane maxima into q, row maxima into s, exp in place with the
   * lane partials of the sums, (0 + w0) + w1, into q (w1 is +0 throughout for a single group), the inverse
   * sums into s, the scaling.
   */
  private static void softmaxRows(float[] a, int o, int rows, int stride, int n, boolean two, float[] q, float[] s) {
    FloatVector iota = FloatVector.fromArray(F, IOTA, 0);
    FloatVector ninf = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    VectorMask<Float> valid0 = iota.compare(VectorOperators.LT, (float) n);
    VectorMask<Float> valid1 = iota.compare(VectorOperators.LT, (float) (n - 16));
    int hi = two ? 16 : 0;
    for (int i = 0; i < rows; i++) {
      int r = o + i * stride;
      FloatVector x0 = ninf.blend(FloatVector.fromArray(F, a, r), valid0);
      FloatVector x1 = ninf.blend(FloatVector.fromArray(F, a, r + hi), valid1);
      x0.max(x1).intoArray(q, 16 * i);
    }
    for (int i = 0; i < rows; i++) {
      s[i] = max16(q, 16 * i);
    }
    FloatVector log2e = FloatVector.broadcast(F, LOG2E);
    FloatVector round = FloatVector.broadcast(F, ROUND);
    FloatVector c1 = FloatVector.broadcast(F, -C1);
    FloatVector c2 = FloatVector.broadcast(F, -C2);
    FloatVector e4 = FloatVector.broadcast(F, E4);
    FloatVector e3 = FloatVector.broadcast(F, E3);
    FloatVector e2 = FloatVector.broadcast(F, E2);
    FloatVector e1 = FloatVector.broadcast(F, E1);
    FloatVector e0 = FloatVector.broadcast(F, E0);
    FloatVector e5 = FloatVector.broadcast(F, E5);
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector zero = FloatVector.zero(F);
    for (int i = 0; i < rows; i++) {
      int r = o + i * stride;
      FloatVector m = FloatVector.broadcast(F, s[i]);
      FloatVector y0 = ninf.blend(FloatVector.fromArray(F, a, r), valid0).sub(m);
      VectorMask<Float> low0 = y0.compare(VectorOperators.LT, FastMath.SOFTMAX_MIN);
      FloatVector t0 = y0.fma(log2e, round);
      FloatVector n0 = t0.sub(round);
      FloatVector r0 = n0.fma(c1, y0);
      r0 = n0.fma(c2, r0);
      FloatVector p0 = e5.fma(r0, e4);
      p0 = p0.fma(r0, e3);
      p0 = p0.fma(r0, e2);
      p0 = p0.fma(r0, e1);
      p0 = p0.fma(r0, e0);
      FloatVector z0 = p0.mul(r0).fma(r0, r0).add(one);
      FloatVector s0 = ((IntVector) t0.reinterpretAsInts()).sub(ROUND_BITS_MINUS_BIAS)
          .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector w0 = z0.mul(s0).blend(zero, low0);
      FloatVector y1 = ninf.blend(FloatVector.fromArray(F, a, r + hi), valid1).sub(m);
      VectorMask<Float> low1 = y1.compare(VectorOperators.LT, FastMath.SOFTMAX_MIN);
      FloatVector t1 = y1.fma(log2e, round);
      FloatVector n1 = t1.sub(round);
      FloatVector r1 = n1.fma(c1, y1);
      r1 = n1.fma(c2, r1);
      FloatVector p1 = e5.fma(r1, e4);
      p1 = p1.fma(r1, e3);
      p1 = p1.fma(r1, e2);
      p1 = p1.fma(r1, e1);
      p1 = p1.fma(r1, e0);
      FloatVector z1 = p1.mul(r1).fma(r1, r1).add(one);
      FloatVector s1 = ((IntVector) t1.reinterpretAsInts()).sub(ROUND_BITS_MINUS_BIAS)
          .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector w1 = z1.mul(s1).blend(zero, low1);
      zero.add(w0).add(w1).intoArray(q, 16 * i);
      w0.intoArray(a, r);
      if (two) {
        w1.intoArray(a, r + 16);
      }
    }
    for (int i = 0; i < rows; i++) {
      s[i] = 1f / fold16(q, 16 * i);
    }
    for (int i = 0; i < rows; i++) {
      int r = o + i * stride;
      FloatVector v = FloatVector.broadcast(F, s[i]);
      FloatVector.fromArray(F, a, r).mul(v).intoArray(a, r);
      if (two) {
        FloatVector.fromArray(F, a, r + 16).mul(v).intoArray(a, r + 16);
      }
    }
  }

  @Override
  public void softmaxBackward(float[] p, int po, float[] dp, int o, int rows, int stride, int n) {
    if (n > 32) {
      SCALAR.softmaxBackward(p, po, dp, o, rows, stride, n);
    } else {
      softmaxBackwardRows(p, po, dp, o, rows, stride, n, n > 16, scratch(0, rows * 16), scratch(1, rows));
    }
  }

  /**
   * Rows of one vector (n <= 16) or two (n <= 32), loaded as {@link #softmaxRows} loads them. Phases: lane
   * partials of each row's sum of p * dp over its n entries into q, the dots into dot, then
   * {@code dp = flushTiny(p * (dp - dot[i]))} in place.
   */
  private static void softmaxBackwardRows(float[] p, int po, float[] dp, int o, int rows, int stride, int n,
      boolean two, float[] q, float[] dot) {
    FloatVector iota = FloatVector.fromArray(F, IOTA, 0);
    FloatVector zero = FloatVector.zero(F);
    VectorMask<Float> valid0 = iota.compare(VectorOperators.LT, (float) n);
    VectorMask<Float> valid1 = iota.compare(VectorOperators.LT, (float) (n - 16));
    int hi = two ? 16 : 0;
    for (int i = 0; i < rows; i++) {
      int r = o + i * stride;
      int rp = po + i * stride;
      FloatVector t0 = zero.blend(FloatVector.fromArray(F, p, rp).mul(FloatVector.fromArray(F, dp, r)), valid0);
      FloatVector t1 = zero.blend(FloatVector.fromArray(F, p, rp + hi).mul(FloatVector.fromArray(F, dp, r + hi)),
          valid1);
      zero.add(t0).add(t1).intoArray(q, 16 * i);
    }
    for (int i = 0; i < rows; i++) {
      dot[i] = fold16(q, 16 * i);
    }
    FloatVector floor = FloatVector.broadcast(F, FastMath.GRADIENT_FLOOR);
    for (int i = 0; i < rows; i++) {
      int r = o + i * stride;
      int rp = po + i * stride;
      FloatVector d = FloatVector.broadcast(F, dot[i]);
      FloatVector s0 = FloatVector.fromArray(F, p, rp).mul(FloatVector.fromArray(F, dp, r).sub(d));
      s0.blend(zero, s0.abs().compare(VectorOperators.LT, floor)).intoArray(dp, r);
      if (two) {
        FloatVector s1 = FloatVector.fromArray(F, p, rp + 16).mul(FloatVector.fromArray(F, dp, r + 16).sub(d));
        s1.blend(zero, s1.abs().compare(VectorOperators.LT, floor)).intoArray(dp, r + 16);
      }
    }
  }

  @Override
  public void addFlushed(float[] src, int rows, int width, float scale, float[] dst, int dOff, int ds) {
    FloatVector zero = FloatVector.zero(F);
    FloatVector floor = FloatVector.broadcast(F, FastMath.GRADIENT_FLOOR);
    FloatVector f = FloatVector.broadcast(F, scale);
    for (int i = 0; i < rows; i++) {
      for (int c = 0; c < width; c += 16) {
        int at = dOff + i * ds + c;
        FloatVector v = FloatVector.fromArray(F, src, i * width + c).mul(f);
        FloatVector.fromArray(F, dst, at).add(v.blend(zero, v.abs().compare(VectorOperators.LT, floor)))
            .intoArray(dst, at);
      }
    }
  }

  @Override
  public void layerNorm(float[] in, int rows, int d, int dp, float[] gamma, float[] beta, float[] colMask, float eps,
      float[] out, float[] mean, float[] rstd) {
    if (dp != 32) {
      SCALAR.layerNorm(in, rows, d, dp, gamma, beta, colMask, eps, out, mean, rstd);
    } else {
      layerNorm32(in, rows, d, gamma, beta, colMask, eps, out, mean, rstd, scratch(0, rows * 16));
    }
  }

  /**
   * Rows of 32. Phases: lane partials (0 + x_l) + x_{16+l} into q, the means, lane partials of the squares
   * of (x - mean) * colMask into q, the rstds, then {@code out = fma((x - mean) * colMask * rstd, gamma, beta)}.
   */
  private static void layerNorm32(float[] in, int rows, int d, float[] gamma, float[] beta, float[] colMask, float eps,
      float[] out, float[] mean, float[] rstd, float[] q) {
    float invD = 1f / d;
    FloatVector zero = FloatVector.zero(F);
    for (int i = 0; i < rows; i++) {
      int o = i * 32;
      zero.add(FloatVector.fromArray(F, in, o)).add(FloatVector.fromArray(F, in, o + 16)).intoArray(q, 16 * i);
    }
    for (int i = 0; i < rows; i++) {
      mean[i] = fold16(q, 16 * i) * invD;
    }
    FloatVector k0 = FloatVector.fromArray(F, colMask, 0);
    FloatVector k1 = FloatVector.fromArray(F, colMask, 16);
    for (int i = 0; i < rows; i++) {
      int o = i * 32;
      FloatVector m = FloatVector.broadcast(F, mean[i]);
      FloatVector c0 = FloatVector.fromArray(F, in, o).sub(m).mul(k0);
      FloatVector c1 = FloatVector.fromArray(F, in, o + 16).sub(m).mul(k1);
      zero.add(c0.mul(c0)).add(c1.mul(c1)).intoArray(q, 16 * i);
    }
    for (int i = 0; i < rows; i++) {
      rstd[i] = 1f / (float) Math.sqrt(fold16(q, 16 * i) * invD + eps);
    }
    FloatVector g0 = FloatVector.fromArray(F, gamma, 0);
    FloatVector g1 = FloatVector.fromArray(F, gamma, 16);
    FloatVector b0 = FloatVector.fromArray(F, beta, 0);
    FloatVector b1 = FloatVector.fromArray(F, beta, 16);
    for (int i = 0; i < rows; i++) {
      int o = i * 32;
      FloatVector m = FloatVector.broadcast(F, mean[i]);
      FloatVector vr = FloatVector.broadcast(F, rstd[i]);
      FloatVector.fromArray(F, in, o).sub(m).mul(k0).mul(vr).fma(g0, b0).intoArray(out, o);
      FloatVector.fromArray(F, in, o + 16).sub(m).mul(k1).mul(vr).fma(g1, b1).intoArray(out, o + 16);
    }
  }

  @Override
  public void layerNormBackward(float[] x, float[] mean, float[] rstd, float[] gamma, float[] colMask, float[] dy,
      int rows, int d, int dp, float[] dx, float[] gGamma, float[] gBeta) {
    if (dp != 32) {
      SCALAR.layerNormBackward(x, mean, rstd, gamma, colMask, dy, rows, d, dp, dx, gGamma, gBeta);
    } else {
      layerNormBackward32(x, mean, rstd, gamma, colMask, dy, rows, d, dx, gGamma, gBeta, scratch(0, rows * 16),
          scratch(1, rows * 16), scratch(2, rows), scratch(3, rows));
    }
  }

  /**
   * Rows of 32. Phases: per row, lane partials of dg = dy * gamma and of dg * xh into q1 and q2
   * (xh = (x - mean) * rstd * colMask), with gGamma (fma(dy, xh, .)) and gBeta (+ dy) accumulated over the
   * rows in order; the means m1 and m2; then {@code dx += rstd * ((dg - m1) - xh * m2) * colMask}.
   */
  private static void layerNormBackward32(float[] x, float[] mean, float[] rstd, float[] gamma, float[] colMask,
      float[] dy, int rows, int d, float[] dx, float[] gGamma, float[] gBeta, float[] q1, float[] q2, float[] m1,
      float[] m2) {
    FloatVector zero = FloatVector.zero(F);
    FloatVector k0 = FloatVector.fromArray(F, colMask, 0);
    FloatVector k1 = FloatVector.fromArray(F, colMask, 16);
    FloatVector g0 = FloatVector.fromArray(F, gamma, 0);
    FloatVector g1 = FloatVector.fromArray(F, gamma, 16);
    FloatVector gg0 = FloatVector.fromArray(F, gGamma, 0);
    FloatVector gg1 = FloatVector.fromArray(F, gGamma, 16);
    FloatVector gb0 = FloatVector.fromArray(F, gBeta, 0);
    FloatVector gb1 = FloatVector.fromArray(F, gBeta, 16);
    for (int i = 0; i < rows; i++) {
      int o = i * 32;
      FloatVector m = FloatVector.broadcast(F, mean[i]);
      FloatVector vr = FloatVector.broadcast(F, rstd[i]);
      FloatVector h0 = FloatVector.fromArray(F, x, o).sub(m).mul(vr).mul(k0);
      FloatVector h1 = FloatVector.fromArray(F, x, o + 16).sub(m).mul(vr).mul(k1);
      FloatVector y0 = FloatVector.fromArray(F, dy, o);
      FloatVector y1 = FloatVector.fromArray(F, dy, o + 16);
      FloatVector dg0 = y0.mul(g0);
      FloatVector dg1 = y1.mul(g1);
      gg0 = y0.fma(h0, gg0);
      gg1 = y1.fma(h1, gg1);
      gb0 = gb0.add(y0);
      gb1 = gb1.add(y1);
      zero.add(dg0).add(dg1).intoArray(q1, 16 * i);
      zero.add(dg0.mul(h0)).add(dg1.mul(h1)).intoArray(q2, 16 * i);
    }
    gg0.intoArray(gGamma, 0);
    gg1.intoArray(gGamma, 16);
    gb0.intoArray(gBeta, 0);
    gb1.intoArray(gBeta, 16);
    float invD = 1f / d;
    for (int i = 0; i < rows; i++) {
      m1[i] = fold16(q1, 16 * i) * invD;
      m2[i] = fold16(q2, 16 * i) * invD;
    }
    for (int i = 0; i < rows; i++) {
      int o = i * 32;
      FloatVector m = FloatVector.broadcast(F, mean[i]);
      FloatVector vr = FloatVector.broadcast(F, rstd[i]);
      FloatVector a1 = FloatVector.broadcast(F, m1[i]);
      FloatVector a2 = FloatVector.broadcast(F, m2[i]);
      FloatVector h0 = FloatVector.fromArray(F, x, o).sub(m).mul(vr).mul(k0);
      FloatVector h1 = FloatVector.fromArray(F, x, o + 16).sub(m).mul(vr).mul(k1);
      FloatVector dg0 = FloatVector.fromArray(F, dy, o).mul(g0);
      FloatVector dg1 = FloatVector.fromArray(F, dy, o + 16).mul(g1);
      FloatVector.fromArray(F, dx, o).add(vr.mul(dg0.sub(a1).sub(h0.mul(a2))).mul(k0)).intoArray(dx, o);
      FloatVector.fromArray(F, dx, o + 16).add(vr.mul(dg1.sub(a1).sub(h1.mul(a2))).mul(k1)).intoArray(dx, o + 16);
    }
  }

  @Override
  public void gelu(float[] in, float[] out, int len) {
    FloatVector hi = FloatVector.broadcast(F, 4f);
    FloatVector lo = FloatVector.broadcast(F, -4f);
    FloatVector s = FloatVector.broadcast(F, SQRT1_2);
    FloatVector a13 = FloatVector.broadcast(F, A13);
    FloatVector a11 = FloatVector.broadcast(F, A11);
    FloatVector a9 = FloatVector.broadcast(F, A9);
    FloatVector a7 = FloatVector.broadcast(F, A7);
    FloatVector a5 = FloatVector.broadcast(F, A5);
    FloatVector a3 = FloatVector.broadcast(F, A3);
    FloatVector a1 = FloatVector.broadcast(F, A1);
    FloatVector b8 = FloatVector.broadcast(F, B8);
    FloatVector b6 = FloatVector.broadcast(F, B6);
    FloatVector b4 = FloatVector.broadcast(F, B4);
    FloatVector b2 = FloatVector.broadcast(F, B2);
    FloatVector b0 = FloatVector.broadcast(F, B0);
    FloatVector half = FloatVector.broadcast(F, 0.5f);
    FloatVector one = FloatVector.broadcast(F, 1f);
    for (int j = 0; j < len; j += F.length()) {
      FloatVector v = FloatVector.fromArray(F, in, j);
      FloatVector x = v.mul(s).min(hi).max(lo);
      FloatVector x2 = x.mul(x);
      FloatVector p = x2.fma(a13, a11);
      p = x2.fma(p, a9);
      p = x2.fma(p, a7);
      p = x2.fma(p, a5);
      p = x2.fma(p, a3);
      p = x2.fma(p, a1);
      p = x.mul(p);
      FloatVector q = x2.fma(b8, b6);
      q = x2.fma(q, b4);
      q = x2.fma(q, b2);
      q = x2.fma(q, b0);
      half.mul(v).mul(one.add(p.div(q))).intoArray(out, j);
    }
  }

  @Override
  public void geluBackward(float[] in, float[] g, int len) {
    FloatVector hi = FloatVector.broadcast(F, 4f);
    FloatVector lo = FloatVector.broadcast(F, -4f);
    FloatVector s = FloatVector.broadcast(F, SQRT1_2);
    FloatVector a13 = FloatVector.broadcast(F, A13);
    FloatVector a11 = FloatVector.broadcast(F, A11);
    FloatVector a9 = FloatVector.broadcast(F, A9);
    FloatVector a7 = FloatVector.broadcast(F, A7);
    FloatVector a5 = FloatVector.broadcast(F, A5);
    FloatVector a3 = FloatVector.broadcast(F, A3);
    FloatVector a1 = FloatVector.broadcast(F, A1);
    FloatVector b8 = FloatVector.broadcast(F, B8);
    FloatVector b6 = FloatVector.broadcast(F, B6);
    FloatVector b4 = FloatVector.broadcast(F, B4);
    FloatVector b2 = FloatVector.broadcast(F, B2);
    FloatVector b0 = FloatVector.broadcast(F, B0);
    FloatVector half = FloatVector.broadcast(F, 0.5f);
    FloatVector mhalf = FloatVector.broadcast(F, -0.5f);
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector isq = FloatVector.broadcast(F, INV_SQRT_2PI);
    FloatVector log2e = FloatVector.broadcast(F, LOG2E);
    FloatVector round = FloatVector.broadcast(F, ROUND);
    FloatVector c1 = FloatVector.broadcast(F, -C1);
    FloatVector c2 = FloatVector.broadcast(F, -C2);
    FloatVector e5 = FloatVector.broadcast(F, E5);
    FloatVector e4 = FloatVector.broadcast(F, E4);
    FloatVector e3 = FloatVector.broadcast(F, E3);
    FloatVector e2 = FloatVector.broadcast(F, E2);
    FloatVector e1 = FloatVector.broadcast(F, E1);
    FloatVector e0 = FloatVector.broadcast(F, E0);
    FloatVector zero = FloatVector.zero(F);
    for (int j = 0; j < len; j += F.length()) {
      FloatVector v = FloatVector.fromArray(F, in, j);
      // cdf = (1 + erf(v / sqrt 2)) / 2
      FloatVector x = v.mul(s).min(hi).max(lo);
      FloatVector x2 = x.mul(x);
      FloatVector p = x2.fma(a13, a11);
      p = x2.fma(p, a9);
      p = x2.fma(p, a7);
      p = x2.fma(p, a5);
      p = x2.fma(p, a3);
      p = x2.fma(p, a1);
      p = x.mul(p);
      FloatVector q = x2.fma(b8, b6);
      q = x2.fma(q, b4);
      q = x2.fma(q, b2);
      q = x2.fma(q, b0);
      FloatVector cdf = half.mul(one.add(p.div(q)));
      // pdf = exp(-v^2 / 2) / sqrt(2 pi)
      FloatVector ex = mhalf.mul(v).mul(v);
      VectorMask<Float> low = ex.compare(VectorOperators.LT, EXP_MIN);
      FloatVector t = ex.fma(log2e, round);
      FloatVector n = t.sub(round);
      FloatVector r = n.fma(c1, ex);
      r = n.fma(c2, r);
      FloatVector e = e5.fma(r, e4);
      e = e.fma(r, e3);
      e = e.fma(r, e2);
      e = e.fma(r, e1);
      e = e.fma(r, e0);
      FloatVector y = e.mul(r).fma(r, r).add(one);
      IntVector bits = (IntVector) t.reinterpretAsInts();
      FloatVector scale = bits.sub(ROUND_BITS_MINUS_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector pdf = y.mul(scale).blend(zero, low).mul(isq);
      FloatVector out = FloatVector.fromArray(F, g, j).mul(v.fma(pdf, cdf));
      out.blend(zero, out.abs().compare(VectorOperators.LT, FastMath.GRADIENT_FLOOR)).intoArray(g, j);
    }
  }

  // ---------------------------------------------------------------- attention with the events in the lanes
  // dh = 8 and T = 19 (the default transformer); other shapes take the scalar definition. Heads' channels
  // are unrolled (8 accumulators or 8 query vectors), so that no vector is carried by a loop that contains
  // another loop (see the note at the top).

  private static final int G = LANE_EVENTS;
  private static final int LT = 19;

  @Override
  public void attentionLanes(float[] xt, int xo, int d, int heads, float[] pt, int po, float[] at, int ao) {
    if (d != 8 * heads || Kernels.SLOTS != LT) {
      SCALAR.attentionLanes(xt, xo, d, heads, pt, po, at, ao);
      return;
    }
    for (int h = 0; h < heads; h++) {
      float[] mxs = scratch(0, LT * G);
      laneScores(xt, xo, d, h, pt, po + h * LT * LT * G, mxs);
      laneExp(pt, po + h * LT * LT * G, mxs);
      laneNormalise(pt, po + h * LT * LT * G);
      laneValues(xt, xo, d, h, pt, po + h * LT * LT * G, at, ao);
    }
  }

  /**
   * Head h's scores for all queries into pt (from ph: [T][T][G]) and each query's maximum into mx ([T][G]).
   * The softmax runs in three methods (scores, exp, normalise): as one method C2 ran out of its inlining
   * budget and left Vector API calls to the Java fallback (measured: a third of the samples).
   */
  private static void laneScores(float[] xt, int xo, int d, int h, float[] pt, int ph, float[] mxs) {
    int w = 3 * d * G;
    FloatVector zero = FloatVector.zero(F);
    for (int i = 0; i < LT; i++) {
      int qb = xo + i * w + h * 8 * G;
      FloatVector q0 = FloatVector.fromArray(F, xt, qb);
      FloatVector q1 = FloatVector.fromArray(F, xt, qb + G);
      FloatVector q2 = FloatVector.fromArray(F, xt, qb + 2 * G);
      FloatVector q3 = FloatVector.fromArray(F, xt, qb + 3 * G);
      FloatVector q4 = FloatVector.fromArray(F, xt, qb + 4 * G);
      FloatVector q5 = FloatVector.fromArray(F, xt, qb + 5 * G);
      FloatVector q6 = FloatVector.fromArray(F, xt, qb + 6 * G);
      FloatVector q7 = FloatVector.fromArray(F, xt, qb + 7 * G);
      int row = ph + i * LT * G;
      FloatVector mx = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
      for (int j = 0, k = xo + d * G + h * 8 * G; j < LT; j++, k += w) {
        FloatVector acc = FloatVector.fromArray(F, xt, k).fma(q0, zero);
        acc = FloatVector.fromArray(F, xt, k + G).fma(q1, acc);
        acc = FloatVector.fromArray(F, xt, k + 2 * G).fma(q2, acc);
        acc = FloatVector.fromArray(F, xt, k + 3 * G).fma(q3, acc);
        acc = FloatVector.fromArray(F, xt, k + 4 * G).fma(q4, acc);
        acc = FloatVector.fromArray(F, xt, k + 5 * G).fma(q5, acc);
        acc = FloatVector.fromArray(F, xt, k + 6 * G).fma(q6, acc);
        acc = FloatVector.fromArray(F, xt, k + 7 * G).fma(q7, acc);
        acc.intoArray(pt, row + j * G);
        mx = mx.max(acc);
      }
      mx.intoArray(mxs, i * G);
    }
  }

  /** exp(s - max) with the cut, in place over head h's [T][T][G] scores. */
  private static void laneExp(float[] pt, int ph, float[] mxs) {
    FloatVector zero = FloatVector.zero(F);
    FloatVector log2e = FloatVector.broadcast(F, LOG2E);
    FloatVector round = FloatVector.broadcast(F, ROUND);
    FloatVector c1 = FloatVector.broadcast(F, -C1);
    FloatVector c2 = FloatVector.broadcast(F, -C2);
    FloatVector e4 = FloatVector.broadcast(F, E4);
    FloatVector e3 = FloatVector.broadcast(F, E3);
    FloatVector e2 = FloatVector.broadcast(F, E2);
    FloatVector e1 = FloatVector.broadcast(F, E1);
    FloatVector e0 = FloatVector.broadcast(F, E0);
    FloatVector e5 = FloatVector.broadcast(F, E5);
    FloatVector one = FloatVector.broadcast(F, 1f);
    for (int i = 0; i < LT; i++) {
      int row = ph + i * LT * G;
      FloatVector mx = FloatVector.fromArray(F, mxs, i * G);
      for (int j = 0; j < LT; j++) {
        FloatVector y = FloatVector.fromArray(F, pt, row + j * G).sub(mx);
        VectorMask<Float> low = y.compare(VectorOperators.LT, FastMath.SOFTMAX_MIN);
        FloatVector tt = y.fma(log2e, round);
        FloatVector nn = tt.sub(round);
        FloatVector r = nn.fma(c1, y);
        r = nn.fma(c2, r);
        FloatVector pp = e5.fma(r, e4);
        pp = pp.fma(r, e3);
        pp = pp.fma(r, e2);
        pp = pp.fma(r, e1);
        pp = pp.fma(r, e0);
        FloatVector z = pp.mul(r).fma(r, r).add(one);
        FloatVector sc = ((IntVector) tt.reinterpretAsInts()).sub(ROUND_BITS_MINUS_BIAS)
            .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector ex = z.mul(sc).blend(zero, low);
        ex.intoArray(pt, row + j * G);
      }
    }
  }

  /** Each query's weights times 1 / their sum ({@link #laneSum}'s tree over pad(T) entries, 0 from T on). */
  private static void laneNormalise(float[] pt, int ph) {
    FloatVector zero = FloatVector.zero(F);
    FloatVector one = FloatVector.broadcast(F, 1f);
    for (int i = 0; i < LT; i++) {
      int row = ph + i * LT * G;
      FloatVector s0 = zero
          .add(FloatVector.fromArray(F, pt, row + 0 * G))
          .add(FloatVector.fromArray(F, pt, row + 16 * G));
      FloatVector s1 = zero
          .add(FloatVector.fromArray(F, pt, row + 1 * G))
          .add(FloatVector.fromArray(F, pt, row + 17 * G));
      FloatVector s2 = zero
          .add(FloatVector.fromArray(F, pt, row + 2 * G))
          .add(FloatVector.fromArray(F, pt, row + 18 * G));
      FloatVector s3 = zero.add(FloatVector.fromArray(F, pt, row + 3 * G)).add(zero);
      FloatVector s4 = zero.add(FloatVector.fromArray(F, pt, row + 4 * G)).add(zero);
      FloatVector s5 = zero.add(FloatVector.fromArray(F, pt, row + 5 * G)).add(zero);
      FloatVector s6 = zero.add(FloatVector.fromArray(F, pt, row + 6 * G)).add(zero);
      FloatVector s7 = zero.add(FloatVector.fromArray(F, pt, row + 7 * G)).add(zero);
      FloatVector s8 = zero.add(FloatVector.fromArray(F, pt, row + 8 * G)).add(zero);
      FloatVector s9 = zero.add(FloatVector.fromArray(F, pt, row + 9 * G)).add(zero);
      FloatVector s10 = zero.add(FloatVector.fromArray(F, pt, row + 10 * G)).add(zero);
      FloatVector s11 = zero.add(FloatVector.fromArray(F, pt, row + 11 * G)).add(zero);
      FloatVector s12 = zero.add(FloatVector.fromArray(F, pt, row + 12 * G)).add(zero);
      FloatVector s13 = zero.add(FloatVector.fromArray(F, pt, row + 13 * G)).add(zero);
      FloatVector s14 = zero.add(FloatVector.fromArray(F, pt, row + 14 * G)).add(zero);
      FloatVector s15 = zero.add(FloatVector.fromArray(F, pt, row + 15 * G)).add(zero);
      s0 = s0.add(s8);
      s1 = s1.add(s9);
      s2 = s2.add(s10);
      s3 = s3.add(s11);
      s4 = s4.add(s12);
      s5 = s5.add(s13);
      s6 = s6.add(s14);
      s7 = s7.add(s15);
      s0 = s0.add(s4);
      s1 = s1.add(s5);
      s2 = s2.add(s6);
      s3 = s3.add(s7);
      FloatVector ssum = s0.add(s2).add(s1.add(s3));
      FloatVector inv = one.div(ssum);
      for (int j = 0; j < LT; j++) {
        FloatVector.fromArray(F, pt, row + j * G).mul(inv).intoArray(pt, row + j * G);
      }
    }
  }

  /** Head h's attended values {@code a_ic = sum_j p_ij v_jc} for all queries into at. */
  private static void laneValues(float[] xt, int xo, int d, int h, float[] pt, int ph, float[] at, int ao) {
    int w = 3 * d * G;
    FloatVector zero = FloatVector.zero(F);
    for (int i = 0; i < LT; i++) {
      int row = ph + i * LT * G;
      FloatVector a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero, a5 = zero, a6 = zero, a7 = zero;
      for (int j = 0, v = xo + 2 * d * G + h * 8 * G; j < LT; j++, v += w) {
        FloatVector p = FloatVector.fromArray(F, pt, row + j * G);
        a0 = FloatVector.fromArray(F, xt, v).fma(p, a0);
        a1 = FloatVector.fromArray(F, xt, v + G).fma(p, a1);
        a2 = FloatVector.fromArray(F, xt, v + 2 * G).fma(p, a2);
        a3 = FloatVector.fromArray(F, xt, v + 3 * G).fma(p, a3);
        a4 = FloatVector.fromArray(F, xt, v + 4 * G).fma(p, a4);
        a5 = FloatVector.fromArray(F, xt, v + 5 * G).fma(p, a5);
        a6 = FloatVector.fromArray(F, xt, v + 6 * G).fma(p, a6);
        a7 = FloatVector.fromArray(F, xt, v + 7 * G).fma(p, a7);
      }
      int o = ao + (i * d + h * 8) * G;
      a0.intoArray(at, o);
      a1.intoArray(at, o + G);
      a2.intoArray(at, o + 2 * G);
      a3.intoArray(at, o + 3 * G);
      a4.intoArray(at, o + 4 * G);
      a5.intoArray(at, o + 5 * G);
      a6.intoArray(at, o + 6 * G);
      a7.intoArray(at, o + 7 * G);
    }
  }

  @Override
  public void attentionLanesBackward(float[] xt, int xo, float[] pt, int po, float[] dat, int dao, int d, int heads,
      float scale, float[] dxt, int dxo, float[] ds) {
    if (d != 8 * heads || Kernels.SLOTS != LT) {
      SCALAR.attentionLanesBackward(xt, xo, pt, po, dat, dao, d, heads, scale, dxt, dxo, ds);
      return;
    }
    for (int h = 0; h < heads; h++) {
      int ph = po + h * LT * LT * G;
      laneScoreGradient(xt, xo, dat, dao, d, h, ds);
      laneSoftmaxGradient(pt, ph, ds);
      int w = 3 * d * G;
      laneProducts(pt, ph, dat, dao + h * 8 * G, d * G, 1, dxt, dxo + (2 * d + h * 8) * G, w, 1f);
      laneProducts(ds, 0, xt, xo + (d + h * 8) * G, w, 0, dxt, dxo + h * 8 * G, w, scale);
      laneProducts(ds, 0, xt, xo + h * 8 * G, w, 1, dxt, dxo + (d + h * 8) * G, w, 1f);
    }
  }

  /** Head h's dP = dA V^T into ds ([T][T][G]); {@link #laneSoftmaxGradient} then makes it dS. */
  private static void laneScoreGradient(float[] xt, int xo, float[] dat, int dao, int d, int h, float[] ds) {
    int w = 3 * d * G;
    FloatVector zero = FloatVector.zero(F);
    for (int i = 0; i < LT; i++) {
      int ab = dao + (i * d + h * 8) * G;
      FloatVector g0 = FloatVector.fromArray(F, dat, ab);
      FloatVector g1 = FloatVector.fromArray(F, dat, ab + G);
      FloatVector g2 = FloatVector.fromArray(F, dat, ab + 2 * G);
      FloatVector g3 = FloatVector.fromArray(F, dat, ab + 3 * G);
      FloatVector g4 = FloatVector.fromArray(F, dat, ab + 4 * G);
      FloatVector g5 = FloatVector.fromArray(F, dat, ab + 5 * G);
      FloatVector g6 = FloatVector.fromArray(F, dat, ab + 6 * G);
      FloatVector g7 = FloatVector.fromArray(F, dat, ab + 7 * G);
      int row = i * LT * G;
      for (int j = 0, v = xo + 2 * d * G + h * 8 * G; j < LT; j++, v += w) {
        FloatVector acc = FloatVector.fromArray(F, xt, v).fma(g0, zero);
        acc = FloatVector.fromArray(F, xt, v + G).fma(g1, acc);
        acc = FloatVector.fromArray(F, xt, v + 2 * G).fma(g2, acc);
        acc = FloatVector.fromArray(F, xt, v + 3 * G).fma(g3, acc);
        acc = FloatVector.fromArray(F, xt, v + 4 * G).fma(g4, acc);
        acc = FloatVector.fromArray(F, xt, v + 5 * G).fma(g5, acc);
        acc = FloatVector.fromArray(F, xt, v + 6 * G).fma(g6, acc);
        acc = FloatVector.fromArray(F, xt, v + 7 * G).fma(g7, acc);
        acc.intoArray(ds, row + j * G);
      }
    }
  }

  /**
   * dS = flushTiny(P (dP - rowsum(P dP))) in place over ds (the rowsum {@link #laneSum}'s tree over pad(T)
   * products, 0 from T on); a method of its own for C2's inlining budget (see {@link #laneScores}).
   */
  private static void laneSoftmaxGradient(float[] pt, int ph, float[] ds) {
    FloatVector zero = FloatVector.zero(F);
    FloatVector floor = FloatVector.broadcast(F, FastMath.GRADIENT_FLOOR);
    for (int i = 0; i < LT; i++) {
      int row = i * LT * G;
      int prow = ph + row;
      FloatVector t0 = zero
          .add(FloatVector.fromArray(F, pt, prow + 0 * G).mul(FloatVector.fromArray(F, ds, row + 0 * G)))
          .add(FloatVector.fromArray(F, pt, prow + 16 * G).mul(FloatVector.fromArray(F, ds, row + 16 * G)));
      FloatVector t1 = zero
          .add(FloatVector.fromArray(F, pt, prow + 1 * G).mul(FloatVector.fromArray(F, ds, row + 1 * G)))
          .add(FloatVector.fromArray(F, pt, prow + 17 * G).mul(FloatVector.fromArray(F, ds, row + 17 * G)));
      FloatVector t2 = zero
          .add(FloatVector.fromArray(F, pt, prow + 2 * G).mul(FloatVector.fromArray(F, ds, row + 2 * G)))
          .add(FloatVector.fromArray(F, pt, prow + 18 * G).mul(FloatVector.fromArray(F, ds, row + 18 * G)));
      FloatVector t3 = zero
          .add(FloatVector.fromArray(F, pt, prow + 3 * G).mul(FloatVector.fromArray(F, ds, row + 3 * G)))
          .add(zero);
      FloatVector t4 = zero
          .add(FloatVector.fromArray(F, pt, prow + 4 * G).mul(FloatVector.fromArray(F, ds, row + 4 * G)))
          .add(zero);
      FloatVector t5 = zero
          .add(FloatVector.fromArray(F, pt, prow + 5 * G).mul(FloatVector.fromArray(F, ds, row + 5 * G)))
          .add(zero);
      FloatVector t6 = zero
          .add(FloatVector.fromArray(F, pt, prow + 6 * G).mul(FloatVector.fromArray(F, ds, row + 6 * G)))
          .add(zero);
      FloatVector t7 = zero
          .add(FloatVector.fromArray(F, pt, prow + 7 * G).mul(FloatVector.fromArray(F, ds, row + 7 * G)))
          .add(zero);
      FloatVector t8 = zero
          .add(FloatVector.fromArray(F, pt, prow + 8 * G).mul(FloatVector.fromArray(F, ds, row + 8 * G)))
          .add(zero);
      FloatVector t9 = zero
          .add(FloatVector.fromArray(F, pt, prow + 9 * G).mul(FloatVector.fromArray(F, ds, row + 9 * G)))
          .add(zero);
      FloatVector t10 = zero
          .add(FloatVector.fromArray(F, pt, prow + 10 * G).mul(FloatVector.fromArray(F, ds, row + 10 * G)))
          .add(zero);
      FloatVector t11 = zero
          .add(FloatVector.fromArray(F, pt, prow + 11 * G).mul(FloatVector.fromArray(F, ds, row + 11 * G)))
          .add(zero);
      FloatVector t12 = zero
          .add(FloatVector.fromArray(F, pt, prow + 12 * G).mul(FloatVector.fromArray(F, ds, row + 12 * G)))
          .add(zero);
      FloatVector t13 = zero
          .add(FloatVector.fromArray(F, pt, prow + 13 * G).mul(FloatVector.fromArray(F, ds, row + 13 * G)))
          .add(zero);
      FloatVector t14 = zero
          .add(FloatVector.fromArray(F, pt, prow + 14 * G).mul(FloatVector.fromArray(F, ds, row + 14 * G)))
          .add(zero);
      FloatVector t15 = zero
          .add(FloatVector.fromArray(F, pt, prow + 15 * G).mul(FloatVector.fromArray(F, ds, row + 15 * G)))
          .add(zero);
      t0 = t0.add(t8);
      t1 = t1.add(t9);
      t2 = t2.add(t10);
      t3 = t3.add(t11);
      t4 = t4.add(t12);
      t5 = t5.add(t13);
      t6 = t6.add(t14);
      t7 = t7.add(t15);
      t0 = t0.add(t4);
      t1 = t1.add(t5);
      t2 = t2.add(t6);
      t3 = t3.add(t7);
      FloatVector tsum = t0.add(t2).add(t1.add(t3));
      for (int j = 0; j < LT; j++) {
        FloatVector sv = FloatVector.fromArray(F, pt, prow + j * G)
            .mul(FloatVector.fromArray(F, ds, row + j * G).sub(tsum));
        sv.blend(zero, sv.abs().compare(VectorOperators.LT, floor)).intoArray(ds, row + j * G);
      }
    }
  }

  /**
   * For r < T and c < 8: {@code out[r][c] = flushTiny(scale * } the sum over s < T in order, from +0, of
   * {@code fma(m_rs, b[s][c], acc))}, where m_rs is {@code m[mo + (s T + r) G]} when {@code transposed}
   * (dV = P^T dA, dK = dS^T Q) else {@code m[mo + (r T + s) G]} (dQ = dS K); b[s][c] at
   * {@code b[bo + s bs + c G]}, out[r][c] at {@code out[oo + r os + c G]}.
   * Every product multiplies the same two numbers as the scalar definition (fma is symmetric in them).
   */
  private static void laneProducts(float[] m, int mo, float[] b, int bo, int bs, int transposed, float[] out, int oo,
      int os, float scale) {
    FloatVector zero = FloatVector.zero(F);
    FloatVector floor = FloatVector.broadcast(F, FastMath.GRADIENT_FLOOR);
    FloatVector sc = FloatVector.broadcast(F, scale);
    int ms = transposed == 1 ? LT * G : G;
    int mr = transposed == 1 ? G : LT * G;
    for (int r = 0; r < LT; r++) {
      FloatVector a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero, a5 = zero, a6 = zero, a7 = zero;
      for (int s = 0, mi = mo + r * mr, bi = bo; s < LT; s++, mi += ms, bi += bs) {
        FloatVector p = FloatVector.fromArray(F, m, mi);
        a0 = p.fma(FloatVector.fromArray(F, b, bi), a0);
        a1 = p.fma(FloatVector.fromArray(F, b, bi + G), a1);
        a2 = p.fma(FloatVector.fromArray(F, b, bi + 2 * G), a2);
        a3 = p.fma(FloatVector.fromArray(F, b, bi + 3 * G), a3);
        a4 = p.fma(FloatVector.fromArray(F, b, bi + 4 * G), a4);
        a5 = p.fma(FloatVector.fromArray(F, b, bi + 5 * G), a5);
        a6 = p.fma(FloatVector.fromArray(F, b, bi + 6 * G), a6);
        a7 = p.fma(FloatVector.fromArray(F, b, bi + 7 * G), a7);
      }
      int o = oo + r * os;
      a0 = a0.mul(sc);
      a0.blend(zero, a0.abs().compare(VectorOperators.LT, floor)).intoArray(out, o);
      a1 = a1.mul(sc);
      a1.blend(zero, a1.abs().compare(VectorOperators.LT, floor)).intoArray(out, o + G);
      a2 = a2.mul(sc);
      a2.blend(zero, a2.abs().compare(VectorOperators.LT, floor)).intoArray(out, o + 2 * G);
      a3 = a3.mul(sc);
      a3.blend(zero, a3.abs().compare(VectorOperators.LT, floor)).intoArray(out, o + 3 * G);
      a4 = a4.mul(sc);
      a4.blend(zero, a4.abs().compare(VectorOperators.LT, floor)).intoArray(out, o + 4 * G);
      a5 = a5.mul(sc);
      a5.blend(zero, a5.abs().compare(VectorOperators.LT, floor)).intoArray(out, o + 5 * G);
      a6 = a6.mul(sc);
      a6.blend(zero, a6.abs().compare(VectorOperators.LT, floor)).intoArray(out, o + 6 * G);
      a7 = a7.mul(sc);
      a7.blend(zero, a7.abs().compare(VectorOperators.LT, floor)).intoArray(out, o + 7 * G);
    }
  }

  /** {@code {0, G, 2 G, ..., 15 G}}: a lane's 16 consecutive channels in the lane layout. */
  private static final int[] CHANNEL_STRIDE = {0, G, 2 * G, 3 * G, 4 * G, 5 * G, 6 * G, 7 * G, 8 * G, 9 * G, 10 * G,
      11 * G, 12 * G, 13 * G, 14 * G, 15 * G};

  /** Full groups by 16-lane gathers (one per token and channel), a partial group by the scalar definition. */
  @Override
  public void toLanes(float[] rows, int rs, int width, int e0, int ne, float[] lanes, int lo) {
    if (ne < G) {
      SCALAR.toLanes(rows, rs, width, e0, ne, lanes, lo);
      return;
    }
    int[] idx = new int[G];
    for (int l = 0; l < G; l++) {
      idx[l] = l * LT * rs;
    }
    gatherRows(rows, e0 * LT * rs, rs, width, idx, lanes, lo);
  }

  private static void gatherRows(float[] rows, int base, int rs, int width, int[] idx, float[] lanes, int lo) {
    for (int t = 0; t < LT; t++) {
      int src = base + t * rs;
      int dst = lo + t * width * G;
      for (int c = 0; c < width; c++) {
        FloatVector.fromArray(F, rows, src + c, idx, 0).intoArray(lanes, dst + c * G);
      }
    }
  }

  /** Per event and token, 16-lane gathers of 16 channels (width a multiple of 16), else the scalar definition. */
  @Override
  public void fromLanes(float[] lanes, int lo, int width, int e0, int ne, float[] rows, int rs) {
    if (width % 16 != 0) {
      SCALAR.fromLanes(lanes, lo, width, e0, ne, rows, rs);
      return;
    }
    gatherLanes(lanes, lo, width, e0, ne, rows, rs, CHANNEL_STRIDE);
  }

  private static void gatherLanes(float[] lanes, int lo, int width, int e0, int ne, float[] rows, int rs, int[] idx) {
    for (int l = 0; l < ne; l++) {
      for (int t = 0; t < LT; t++) {
        int dst = ((e0 + l) * LT + t) * rs;
        int src = lo + t * width * G + l;
        for (int c = 0; c < width; c += 16) {
          FloatVector.fromArray(F, lanes, src + c * G, idx, 0).intoArray(rows, dst + c);
        }
      }
    }
  }

  /** Tokens by 8 outputs at a time (8 accumulators over the inputs), the remaining outputs one at a time. */
  @Override
  public void denseLanes(float[] in, int io, int nIn, float[] wt, float[] b, int op, int nOut, float[] out, int oo) {
    int n8 = nOut / 8 * 8;
    if (n8 > 0) {
      denseLanes8(in, io, nIn, wt, b, op, n8, nOut, out, oo);
    }
    if (n8 < nOut) {
      denseLanes1(in, io, nIn, wt, b, op, n8, nOut, out, oo);
    }
  }

  private static void denseLanes8(float[] in, int io, int nIn, float[] wt, float[] b, int op, int n8, int nOut,
      float[] out, int oo) {
    for (int t = 0; t < LT; t++) {
      int x = io + t * nIn * G;
      for (int o = 0; o < n8; o += 8) {
        FloatVector a0 = FloatVector.broadcast(F, b[o]);
        FloatVector a1 = FloatVector.broadcast(F, b[o + 1]);
        FloatVector a2 = FloatVector.broadcast(F, b[o + 2]);
        FloatVector a3 = FloatVector.broadcast(F, b[o + 3]);
        FloatVector a4 = FloatVector.broadcast(F, b[o + 4]);
        FloatVector a5 = FloatVector.broadcast(F, b[o + 5]);
        FloatVector a6 = FloatVector.broadcast(F, b[o + 6]);
        FloatVector a7 = FloatVector.broadcast(F, b[o + 7]);
        for (int i = 0, w = o; i < nIn; i++, w += op) {
          FloatVector v = FloatVector.fromArray(F, in, x + i * G);
          a0 = v.fma(FloatVector.broadcast(F, wt[w]), a0);
          a1 = v.fma(FloatVector.broadcast(F, wt[w + 1]), a1);
          a2 = v.fma(FloatVector.broadcast(F, wt[w + 2]), a2);
          a3 = v.fma(FloatVector.broadcast(F, wt[w + 3]), a3);
          a4 = v.fma(FloatVector.broadcast(F, wt[w + 4]), a4);
          a5 = v.fma(FloatVector.broadcast(F, wt[w + 5]), a5);
          a6 = v.fma(FloatVector.broadcast(F, wt[w + 6]), a6);
          a7 = v.fma(FloatVector.broadcast(F, wt[w + 7]), a7);
        }
        int r = oo + (t * nOut + o) * G;
        a0.intoArray(out, r);
        a1.intoArray(out, r + G);
        a2.intoArray(out, r + 2 * G);
        a3.intoArray(out, r + 3 * G);
        a4.intoArray(out, r + 4 * G);
        a5.intoArray(out, r + 5 * G);
        a6.intoArray(out, r + 6 * G);
        a7.intoArray(out, r + 7 * G);
      }
    }
  }

  private static void denseLanes1(float[] in, int io, int nIn, float[] wt, float[] b, int op, int n8, int nOut,
      float[] out, int oo) {
    for (int t = 0; t < LT; t++) {
      int x = io + t * nIn * G;
      for (int o = n8; o < nOut; o++) {
        FloatVector a = FloatVector.broadcast(F, b[o]);
        for (int i = 0, w = o; i < nIn; i++, w += op) {
          a = FloatVector.fromArray(F, in, x + i * G).fma(FloatVector.broadcast(F, wt[w]), a);
        }
        a.intoArray(out, oo + (t * nOut + o) * G);
      }
    }
  }

  /** d = 32 (the default), else the scalar definition. */
  @Override
  public void layerNormLanes(float[] in, int d, float[] gamma, float[] beta, float eps, float[] out) {
    if (d != 32) {
      SCALAR.layerNormLanes(in, d, gamma, beta, eps, out);
      return;
    }
    float[] stats = scratch(0, 2 * LT * G);
    layerNormLanesStats(in, eps, stats);
    layerNormLanesOut(in, gamma, beta, stats, out);
  }

  /** Per token the mean (stats[t G ..]) and 1 / sqrt(var + eps) (stats[(T + t) G ..]) of the 32 channels. */
  private static void layerNormLanesStats(float[] in, float eps, float[] stats) {
    FloatVector zero = FloatVector.zero(F);
    FloatVector invD = FloatVector.broadcast(F, 1f / 32);
    FloatVector ep = FloatVector.broadcast(F, eps);
    FloatVector one = FloatVector.broadcast(F, 1f);
    for (int t = 0; t < LT; t++) {
      int o = t * 32 * G;
      FloatVector s0 = zero.add(FloatVector.fromArray(F, in, o + 0 * G)).add(FloatVector.fromArray(F, in, o + 16 * G));
      FloatVector s1 = zero.add(FloatVector.fromArray(F, in, o + 1 * G)).add(FloatVector.fromArray(F, in, o + 17 * G));
      FloatVector s2 = zero.add(FloatVector.fromArray(F, in, o + 2 * G)).add(FloatVector.fromArray(F, in, o + 18 * G));
      FloatVector s3 = zero.add(FloatVector.fromArray(F, in, o + 3 * G)).add(FloatVector.fromArray(F, in, o + 19 * G));
      FloatVector s4 = zero.add(FloatVector.fromArray(F, in, o + 4 * G)).add(FloatVector.fromArray(F, in, o + 20 * G));
      FloatVector s5 = zero.add(FloatVector.fromArray(F, in, o + 5 * G)).add(FloatVector.fromArray(F, in, o + 21 * G));
      FloatVector s6 = zero.add(FloatVector.fromArray(F, in, o + 6 * G)).add(FloatVector.fromArray(F, in, o + 22 * G));
      FloatVector s7 = zero.add(FloatVector.fromArray(F, in, o + 7 * G)).add(FloatVector.fromArray(F, in, o + 23 * G));
      FloatVector s8 = zero.add(FloatVector.fromArray(F, in, o + 8 * G)).add(FloatVector.fromArray(F, in, o + 24 * G));
      FloatVector s9 = zero.add(FloatVector.fromArray(F, in, o + 9 * G)).add(FloatVector.fromArray(F, in, o + 25 * G));
      FloatVector s10 = zero
          .add(FloatVector.fromArray(F, in, o + 10 * G))
          .add(FloatVector.fromArray(F, in, o + 26 * G));
      FloatVector s11 = zero
          .add(FloatVector.fromArray(F, in, o + 11 * G))
          .add(FloatVector.fromArray(F, in, o + 27 * G));
      FloatVector s12 = zero
          .add(FloatVector.fromArray(F, in, o + 12 * G))
          .add(FloatVector.fromArray(F, in, o + 28 * G));
      FloatVector s13 = zero
          .add(FloatVector.fromArray(F, in, o + 13 * G))
          .add(FloatVector.fromArray(F, in, o + 29 * G));
      FloatVector s14 = zero
          .add(FloatVector.fromArray(F, in, o + 14 * G))
          .add(FloatVector.fromArray(F, in, o + 30 * G));
      FloatVector s15 = zero
          .add(FloatVector.fromArray(F, in, o + 15 * G))
          .add(FloatVector.fromArray(F, in, o + 31 * G));
      s0 = s0.add(s8);
      s1 = s1.add(s9);
      s2 = s2.add(s10);
      s3 = s3.add(s11);
      s4 = s4.add(s12);
      s5 = s5.add(s13);
      s6 = s6.add(s14);
      s7 = s7.add(s15);
      s0 = s0.add(s4);
      s1 = s1.add(s5);
      s2 = s2.add(s6);
      s3 = s3.add(s7);
      FloatVector mu = s0.add(s2).add(s1.add(s3)).mul(invD);
      mu.intoArray(stats, t * G);
      FloatVector c0 = FloatVector.fromArray(F, in, o + 0 * G).sub(mu);
      FloatVector d0 = FloatVector.fromArray(F, in, o + 16 * G).sub(mu);
      FloatVector v0 = zero.add(c0.mul(c0)).add(d0.mul(d0));
      FloatVector c1 = FloatVector.fromArray(F, in, o + 1 * G).sub(mu);
      FloatVector d1 = FloatVector.fromArray(F, in, o + 17 * G).sub(mu);
      FloatVector v1 = zero.add(c1.mul(c1)).add(d1.mul(d1));
      FloatVector c2 = FloatVector.fromArray(F, in, o + 2 * G).sub(mu);
      FloatVector d2 = FloatVector.fromArray(F, in, o + 18 * G).sub(mu);
      FloatVector v2 = zero.add(c2.mul(c2)).add(d2.mul(d2));
      FloatVector c3 = FloatVector.fromArray(F, in, o + 3 * G).sub(mu);
      FloatVector d3 = FloatVector.fromArray(F, in, o + 19 * G).sub(mu);
      FloatVector v3 = zero.add(c3.mul(c3)).add(d3.mul(d3));
      FloatVector c4 = FloatVector.fromArray(F, in, o + 4 * G).sub(mu);
      FloatVector d4 = FloatVector.fromArray(F, in, o + 20 * G).sub(mu);
      FloatVector v4 = zero.add(c4.mul(c4)).add(d4.mul(d4));
      FloatVector c5 = FloatVector.fromArray(F, in, o + 5 * G).sub(mu);
      FloatVector d5 = FloatVector.fromArray(F, in, o + 21 * G).sub(mu);
      FloatVector v5 = zero.add(c5.mul(c5)).add(d5.mul(d5));
      FloatVector c6 = FloatVector.fromArray(F, in, o + 6 * G).sub(mu);
      FloatVector d6 = FloatVector.fromArray(F, in, o + 22 * G).sub(mu);
      FloatVector v6 = zero.add(c6.mul(c6)).add(d6.mul(d6));
      FloatVector c7 = FloatVector.fromArray(F, in, o + 7 * G).sub(mu);
      FloatVector d7 = FloatVector.fromArray(F, in, o + 23 * G).sub(mu);
      FloatVector v7 = zero.add(c7.mul(c7)).add(d7.mul(d7));
      FloatVector c8 = FloatVector.fromArray(F, in, o + 8 * G).sub(mu);
      FloatVector d8 = FloatVector.fromArray(F, in, o + 24 * G).sub(mu);
      FloatVector v8 = zero.add(c8.mul(c8)).add(d8.mul(d8));
      FloatVector c9 = FloatVector.fromArray(F, in, o + 9 * G).sub(mu);
      FloatVector d9 = FloatVector.fromArray(F, in, o + 25 * G).sub(mu);
      FloatVector v9 = zero.add(c9.mul(c9)).add(d9.mul(d9));
      FloatVector c10 = FloatVector.fromArray(F, in, o + 10 * G).sub(mu);
      FloatVector d10 = FloatVector.fromArray(F, in, o + 26 * G).sub(mu);
      FloatVector v10 = zero.add(c10.mul(c10)).add(d10.mul(d10));
      FloatVector c11 = FloatVector.fromArray(F, in, o + 11 * G).sub(mu);
      FloatVector d11 = FloatVector.fromArray(F, in, o + 27 * G).sub(mu);
      FloatVector v11 = zero.add(c11.mul(c11)).add(d11.mul(d11));
      FloatVector c12 = FloatVector.fromArray(F, in, o + 12 * G).sub(mu);
      FloatVector d12 = FloatVector.fromArray(F, in, o + 28 * G).sub(mu);
      FloatVector v12 = zero.add(c12.mul(c12)).add(d12.mul(d12));
      FloatVector c13 = FloatVector.fromArray(F, in, o + 13 * G).sub(mu);
      FloatVector d13 = FloatVector.fromArray(F, in, o + 29 * G).sub(mu);
      FloatVector v13 = zero.add(c13.mul(c13)).add(d13.mul(d13));
      FloatVector c14 = FloatVector.fromArray(F, in, o + 14 * G).sub(mu);
      FloatVector d14 = FloatVector.fromArray(F, in, o + 30 * G).sub(mu);
      FloatVector v14 = zero.add(c14.mul(c14)).add(d14.mul(d14));
      FloatVector c15 = FloatVector.fromArray(F, in, o + 15 * G).sub(mu);
      FloatVector d15 = FloatVector.fromArray(F, in, o + 31 * G).sub(mu);
      FloatVector v15 = zero.add(c15.mul(c15)).add(d15.mul(d15));
      v0 = v0.add(v8);
      v1 = v1.add(v9);
      v2 = v2.add(v10);
      v3 = v3.add(v11);
      v4 = v4.add(v12);
      v5 = v5.add(v13);
      v6 = v6.add(v14);
      v7 = v7.add(v15);
      v0 = v0.add(v4);
      v1 = v1.add(v5);
      v2 = v2.add(v6);
      v3 = v3.add(v7);
      one.div(v0.add(v2).add(v1.add(v3)).mul(invD).add(ep).sqrt()).intoArray(stats, (LT + t) * G);
    }
  }

  private static void layerNormLanesOut(float[] in, float[] gamma, float[] beta, float[] stats, float[] out) {
    for (int t = 0; t < LT; t++) {
      int o = t * 32 * G;
      FloatVector mu = FloatVector.fromArray(F, stats, t * G);
      FloatVector rs = FloatVector.fromArray(F, stats, (LT + t) * G);
      for (int c = 0; c < 32; c++) {
        FloatVector.fromArray(F, in, o + c * G).sub(mu).mul(rs)
            .fma(FloatVector.broadcast(F, gamma[c]), FloatVector.broadcast(F, beta[c])).intoArray(out, o + c * G);
      }
    }
  }
}
