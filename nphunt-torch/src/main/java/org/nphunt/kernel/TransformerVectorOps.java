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
