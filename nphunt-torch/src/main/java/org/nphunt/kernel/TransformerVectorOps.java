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
}
