package org.nphunt.kernel;

/**
 * The element-wise functions of the transformer on the kernels ({@link TransformerNet}): exp on the
 * softmax's range and GELU, each defined operation by operation (fused multiply-adds, float32), so that
 * the Vector API implementation ({@code TransformerVectorOps}) and the scalar one ({@link #SCALAR}) give
 * identical bits. {@link #of(Kernels)} follows the kernels' choice: vector ops with the vector kernels.
 *
 * <p>exp(x) for x <= 0: Cody-Waite reduction x = n ln 2 + r with n = rint(x log2 e) (by adding and
 * subtracting 1.5 2^23), r = x - n C1 - n C2 (C1 + C2 = ln 2), the degree-6 polynomial of Cephes'
 * {@code expf}, times 2^n built from the exponent bits; 0 for x < -87.3 (|relative error| < 3e-7,
 * tested). GELU: x / 2 (1 + erf(x / sqrt 2)) with erf from the rational approximation of Eigen's
 * {@code generic_fast_erf_float} (clamped to [-4, 4]; |error| < 4e-7, tested).
 */
public abstract class TransformerOps {
  static final float LOG2E = 1.44269504088896341f;
  static final float ROUND = 12582912f; // 1.5 * 2^23
  static final int ROUND_BITS_MINUS_BIAS = 0x4B400000 - 127;
  static final float C1 = 0.693359375f;
  static final float C2 = -2.12194440e-4f;
  static final float E5 = 1.9875691500E-4f;
  static final float E4 = 1.3981999507E-3f;
  static final float E3 = 8.3334519073E-3f;
  static final float E2 = 4.1665795894E-2f;
  static final float E1 = 1.6666665459E-1f;
  static final float E0 = 5.0000001201E-1f;
  static final float EXP_MIN = -87.3f;
  static final float SQRT1_2 = (float) (1 / Math.sqrt(2));
  static final float A13 = -2.72614225801306e-10f;
  static final float A11 = 2.77068142495902e-08f;
  static final float A9 = -2.10102402082508e-06f;
  static final float A7 = -5.69250639462346e-05f;
  static final float A5 = -7.34990630326855e-04f;
  static final float A3 = -2.95459980854025e-03f;
  static final float A1 = -1.60960333262415e-02f;
  static final float B8 = -1.45660718464996e-05f;
  static final float B6 = -2.13374055278905e-04f;
  static final float B4 = -1.68282697438203e-03f;
  static final float B2 = -7.37332916720468e-03f;
  static final float B0 = -1.42647390514189e-02f;

  /** The scalar implementation (the reference definition). */
  public static final TransformerOps SCALAR = new Scalar();

  /** The vector ops when {@code k} is the Vector API kernels and they load, else {@link #SCALAR}. */
  public static TransformerOps of(Kernels k) {
    return k != null && "vector".equals(k.name()) && VectorHolder.INSTANCE != null ? VectorHolder.INSTANCE : SCALAR;
  }

  private static final class VectorHolder {
    static final TransformerOps INSTANCE = load();

    private static TransformerOps load() {
      try {
        return (TransformerOps) Class.forName("org.nphunt.kernel.TransformerVectorOps").getDeclaredConstructor()
            .newInstance();
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        return null;
      }
    }
  }

  /**
   * {@code a[o + j] = exp(a[o + j] - max)} for j < len, and 0 where {@code a[o + j] - max} is below
   * {@link FastMath#SOFTMAX_MIN}; len a multiple of {@value Kernels#LANES}. The cut keeps the attention
   * weights at 0 or above ~1e-12, so that the backward pass does not multiply them into subnormals.
   */
  public abstract void expShifted(float[] a, int o, int len, float max);

  /** {@code out[j] = gelu(in[j])} for j < len; len a multiple of {@value Kernels#LANES}. */
  public abstract void gelu(float[] in, float[] out, int len);

  /**
   * The backward pass of GELU in place: {@code g[j] *= Phi(x) + x phi(x)} with {@code x = in[j]},
   * {@code Phi(x) = (1 + erf(x / sqrt 2)) / 2} and {@code phi(x) = exp(-x^2 / 2) / sqrt(2 pi)} (the
   * functions above); len a multiple of {@value Kernels#LANES}. Each product below
   * {@link FastMath#GRADIENT_FLOOR} in absolute value is flushed to +0: a unit whose pre-activation sits
   * near -12 has phi(x) ~ 1e-31 and Phi(x) = 0 in float, so its gradient lands near or in the subnormal
   * range, and the two products that consume it (the first feed-forward layer's weight and input
   * gradients) slow down as training pushes more units there.
   */
  public abstract void geluBackward(float[] in, float[] g, int len);

  static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

  /** d GELU / dx, as {@link #geluBackward} defines it. */
  public static float geluDerivative(float x) {
    float cdf = 0.5f * (1f + erf(x * SQRT1_2));
    float pdf = exp(-0.5f * x * x) * INV_SQRT_2PI;
    return Math.fma(x, pdf, cdf);
  }

  /** exp(x) for x <= 0, as defined in the class comment. */
  public static float exp(float x) {
    if (x < EXP_MIN) {
      return 0f;
    }
    float t = Math.fma(x, LOG2E, ROUND);
    float n = t - ROUND;
    float r = Math.fma(n, -C1, x);
    r = Math.fma(n, -C2, r);
    float q = Math.fma(E5, r, E4);
    q = Math.fma(q, r, E3);
    q = Math.fma(q, r, E2);
    q = Math.fma(q, r, E1);
    q = Math.fma(q, r, E0);
    float y = Math.fma(q * r, r, r) + 1f;
    return y * Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUND_BITS_MINUS_BIAS) << 23);
  }

  /** erf, as defined in the class comment. */
  public static float erf(float a) {
    float x = Math.max(-4f, Math.min(4f, a));
    float x2 = x * x;
    float p = Math.fma(x2, A13, A11);
    p = Math.fma(x2, p, A9);
    p = Math.fma(x2, p, A7);
    p = Math.fma(x2, p, A5);
    p = Math.fma(x2, p, A3);
    p = Math.fma(x2, p, A1);
    p = x * p;
    float q = Math.fma(x2, B8, B6);
    q = Math.fma(x2, q, B4);
    q = Math.fma(x2, q, B2);
    q = Math.fma(x2, q, B0);
    return p / q;
  }

  /** GELU, exact form: x / 2 (1 + erf(x / sqrt 2)). */
  public static float gelu(float x) {
    return 0.5f * x * (1f + erf(x * SQRT1_2));
  }

  private static final class Scalar extends TransformerOps {
    @Override
    public void expShifted(float[] a, int o, int len, float max) {
      for (int j = 0; j < len; j++) {
        float x = a[o + j] - max;
        a[o + j] = x < FastMath.SOFTMAX_MIN ? 0f : exp(x);
      }
    }

    @Override
    public void gelu(float[] in, float[] out, int len) {
      for (int j = 0; j < len; j++) {
        out[j] = gelu(in[j]);
      }
    }

    @Override
    public void geluBackward(float[] in, float[] g, int len) {
      for (int j = 0; j < len; j++) {
        g[j] = FastMath.flushTiny(g[j] * geluDerivative(in[j]));
      }
    }
  }
}
