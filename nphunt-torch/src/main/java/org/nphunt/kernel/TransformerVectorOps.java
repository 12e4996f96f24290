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

  @Override
  public void expShifted(float[] a, int o, int len, float max) {
    FloatVector m = FloatVector.broadcast(F, max);
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
    for (int j = 0; j < len; j += F.length()) {
      FloatVector x = FloatVector.fromArray(F, a, o + j).sub(m);
      VectorMask<Float> low = x.compare(VectorOperators.LT, FastMath.SOFTMAX_MIN);
      FloatVector t = x.fma(log2e, round);
      FloatVector n = t.sub(round);
      FloatVector r = n.fma(c1, x);
      r = n.fma(c2, r);
      FloatVector q = e5.fma(r, e4);
      q = q.fma(r, e3);
      q = q.fma(r, e2);
      q = q.fma(r, e1);
      q = q.fma(r, e0);
      FloatVector y = q.mul(r).fma(r, r).add(one);
      IntVector bits = (IntVector) t.reinterpretAsInts();
      FloatVector scale = bits.sub(ROUND_BITS_MINUS_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      y.mul(scale).blend(zero, low).intoArray(a, o + j);
    }
  }

  /** 0, 1, ..., 15: lane j of a group is valid when j < n - group start. */
  private static final float[] IOTA = {0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f};

  @Override
  public void softmax(float[] a, int o, int rows, int stride, int n) {
    int len = Kernels.pad(n);
    float[] q = new float[16];
    FloatVector iota = FloatVector.fromArray(F, IOTA, 0);
    FloatVector ninf = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
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
      FloatVector mx = ninf;
      for (int g = 0; g < len; g += 16) {
        VectorMask<Float> valid = iota.compare(VectorOperators.LT, (float) (n - g));
        mx = mx.max(ninf.blend(FloatVector.fromArray(F, a, r + g), valid));
      }
      mx.intoArray(q, 0);
      FloatVector m = FloatVector.broadcast(F, max16(q));
      FloatVector sum = zero;
      for (int g = 0; g < len; g += 16) {
        FloatVector x = FloatVector.fromArray(F, a, r + g).sub(m);
        VectorMask<Float> drop = x.compare(VectorOperators.LT, FastMath.SOFTMAX_MIN)
            .or(iota.compare(VectorOperators.GE, (float) (n - g)));
        FloatVector t = x.fma(log2e, round);
        FloatVector nn = t.sub(round);
        FloatVector rr = nn.fma(c1, x);
        rr = nn.fma(c2, rr);
        FloatVector p = e5.fma(rr, e4);
        p = p.fma(rr, e3);
        p = p.fma(rr, e2);
        p = p.fma(rr, e1);
        p = p.fma(rr, e0);
        FloatVector y = p.mul(rr).fma(rr, rr).add(one);
        IntVector bits = (IntVector) t.reinterpretAsInts();
        FloatVector scale = bits.sub(ROUND_BITS_MINUS_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = y.mul(scale).blend(zero, drop);
        e.intoArray(a, r + g);
        sum = sum.add(e);
      }
      sum.intoArray(q, 0);
      FloatVector inv = FloatVector.broadcast(F, 1f / fold16(q));
      for (int g = 0; g < len; g += 16) {
        FloatVector.fromArray(F, a, r + g).mul(inv).intoArray(a, r + g);
      }
    }
  }

  @Override
  public void softmaxBackward(float[] p, int po, float[] dp, int o, int rows, int stride, int n, float[] dpT, int oT,
      int strideT) {
    int len = Kernels.pad(n);
    float[] q = new float[16];
    FloatVector iota = FloatVector.fromArray(F, IOTA, 0);
    FloatVector zero = FloatVector.zero(F);
    for (int i = 0; i < rows; i++) {
      int r = o + i * stride;
      int rp = po + i * stride;
      FloatVector sum = zero;
      for (int g = 0; g < len; g += 16) {
        VectorMask<Float> valid = iota.compare(VectorOperators.LT, (float) (n - g));
        FloatVector t = zero.blend(FloatVector.fromArray(F, p, rp + g).mul(FloatVector.fromArray(F, dp, r + g)), valid);
        sum = sum.add(t);
      }
      sum.intoArray(q, 0);
      FloatVector dot = FloatVector.broadcast(F, fold16(q));
      for (int g = 0; g < len; g += 16) {
        FloatVector ds = FloatVector.fromArray(F, p, rp + g).mul(FloatVector.fromArray(F, dp, r + g).sub(dot));
        ds.blend(zero, ds.abs().compare(VectorOperators.LT, FastMath.GRADIENT_FLOOR)).intoArray(dp, r + g);
      }
      for (int j = 0; j < n; j++) {
        dpT[oT + j * strideT + i] = dp[r + j];
      }
    }
  }

  @Override
  public void layerNorm(float[] in, int rows, int d, int dp, float[] gamma, float[] beta, float[] colMask, float eps,
      float[] out, float[] mean, float[] rstd) {
    float[] q = new float[16];
    for (int i = 0; i < rows; i++) {
      int o = i * dp;
      FloatVector s = FloatVector.zero(F);
      for (int c = 0; c < dp; c += 16) {
        s = s.add(FloatVector.fromArray(F, in, o + c));
      }
      s.intoArray(q, 0);
      float mu = fold16(q) / d;
      FloatVector m = FloatVector.broadcast(F, mu);
      FloatVector s2 = FloatVector.zero(F);
      for (int c = 0; c < dp; c += 16) {
        FloatVector xc = FloatVector.fromArray(F, in, o + c).sub(m).mul(FloatVector.fromArray(F, colMask, c));
        s2 = s2.add(xc.mul(xc));
      }
      s2.intoArray(q, 0);
      float rs = 1f / (float) Math.sqrt(fold16(q) / d + eps);
      mean[i] = mu;
      rstd[i] = rs;
      FloatVector vr = FloatVector.broadcast(F, rs);
      for (int c = 0; c < dp; c += 16) {
        FloatVector xc = FloatVector.fromArray(F, in, o + c).sub(m).mul(FloatVector.fromArray(F, colMask, c));
        xc.mul(vr).fma(FloatVector.fromArray(F, gamma, c), FloatVector.fromArray(F, beta, c)).intoArray(out, o + c);
      }
    }
  }

  @Override
  public void layerNormBackward(float[] x, float[] mean, float[] rstd, float[] gamma, float[] colMask, float[] dy,
      int rows, int d, int dp, float[] dx, float[] gGamma, float[] gBeta) {
    float[] q1 = new float[16];
    float[] q2 = new float[16];
    for (int i = 0; i < rows; i++) {
      int o = i * dp;
      FloatVector m = FloatVector.broadcast(F, mean[i]);
      FloatVector vr = FloatVector.broadcast(F, rstd[i]);
      FloatVector s1 = FloatVector.zero(F);
      FloatVector s2 = s1;
      for (int c = 0; c < dp; c += 16) {
        FloatVector xh = FloatVector.fromArray(F, x, o + c).sub(m).mul(vr).mul(FloatVector.fromArray(F, colMask, c));
        FloatVector y = FloatVector.fromArray(F, dy, o + c);
        FloatVector dg = y.mul(FloatVector.fromArray(F, gamma, c));
        FloatVector p = dg.mul(xh);
        s1 = s1.add(dg);
        s2 = s2.add(p);
        y.fma(xh, FloatVector.fromArray(F, gGamma, c)).intoArray(gGamma, c);
        FloatVector.fromArray(F, gBeta, c).add(y).intoArray(gBeta, c);
      }
      s1.intoArray(q1, 0);
      s2.intoArray(q2, 0);
      FloatVector m1 = FloatVector.broadcast(F, fold16(q1) / d);
      FloatVector m2 = FloatVector.broadcast(F, fold16(q2) / d);
      for (int c = 0; c < dp; c += 16) {
        FloatVector mk = FloatVector.fromArray(F, colMask, c);
        FloatVector xh = FloatVector.fromArray(F, x, o + c).sub(m).mul(vr).mul(mk);
        FloatVector dg = FloatVector.fromArray(F, dy, o + c).mul(FloatVector.fromArray(F, gamma, c));
        FloatVector t = vr.mul(dg.sub(m1).sub(xh.mul(m2))).mul(mk);
        FloatVector.fromArray(F, dx, o + c).add(t).intoArray(dx, o + c);
      }
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
