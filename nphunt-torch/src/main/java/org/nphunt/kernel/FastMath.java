package org.nphunt.kernel;

/**
 * Float activations of the recurrent kernels ({@link RecurrentNet}), written with single roundings of
 * {@code +, -, *, /, min, max} and fused multiply-adds ({@link Math#fma(float, float, float)}, one
 * rounding, also in the Vector API copies) only, so that they give the same bits on every thread, tile
 * and JIT tier (no transcendental library call whose result could depend on the code path).
 *
 * <p>{@link #tanh} is the rational minimax approximation of Eigen's {@code generic_fast_tanh_float}
 * (degree 13/6 on [-7.905, 7.905], saturating beyond), both polynomials in Horner form with fused
 * multiply-adds as Eigen evaluates them (pmadd; 10 roundings instead of 19 with separate multiply and
 * add, and fewer operations in the attention's inner loops, issue 17): maximum absolute error below 3e-7
 * against the exact tanh (tested in {@code RecurrentOpsTest}); {@link #sigmoid} is
 * {@code 0.5 tanh(x / 2) + 0.5} (absolute error below 2e-7). libtorch evaluates both with its own
 * vectorised code (SLEEF), so the recurrent autoencoder's Java and DJL outputs differ at the 1e-7 level.
 */
public final class FastMath {
  private FastMath() {}

  /** tanh's clamp and rational coefficients (also read by the vector copies in {@code VectorRecurrentOps}). */
  static final float CLAMP = 7.90531110763549805f;
  static final float A1 = 4.89352455891786e-03f;
  static final float A3 = 6.37261928875436e-04f;
  static final float A5 = 1.48572235717979e-05f;
  static final float A7 = 5.12229709037114e-08f;
  static final float A9 = -8.60467152213735e-11f;
  static final float A11 = 2.00018790482477e-13f;
  static final float A13 = -2.76076847742355e-16f;
  static final float B0 = 4.89352518554385e-03f;
  static final float B2 = 2.26843463243900e-03f;
  static final float B4 = 1.18534705686654e-04f;
  static final float B6 = 1.19825839466702e-06f;

  /** tanh(x) in float (NaN stays NaN; saturates to +-0.99999976 beyond |x| = 7.905). */
  public static float tanh(float v) {
    float x = Math.max(-CLAMP, Math.min(CLAMP, v));
    float x2 = x * x;
    float p = Math.fma(x2, A13, A11);
    p = Math.fma(x2, p, A9);
    p = Math.fma(x2, p, A7);
    p = Math.fma(x2, p, A5);
    p = Math.fma(x2, p, A3);
    p = Math.fma(x2, p, A1);
    p = x * p;
    float q = Math.fma(x2, B6, B4);
    q = Math.fma(x2, q, B2);
    q = Math.fma(x2, q, B0);
    return p / q;
  }

  /**
   * The softmaxes' cut on the fused kernels (transformer and rnn-attention attention weights):
   * exp(x - max) is taken as 0 for x - max below ln 2^-40 = -27.73, a weight below 2^-40 of the row's
   * largest (which is 1). At most 19 such terms cannot change a row's float32 sum (half an ulp of 1 is
   * 2^-24), so the attention is the same function up to float rounding. Without the cut, sharp attention
   * gives weights down to 1e-38 and the backward pass products with subnormal operands or results, which
   * cost a microcode assist per multiply-add on x86. A secondary measure: the main cause of the
   * transformer's epoch-time growth was decayed weights, flushed in {@link Kernels#adam} (BENCHMARKS.md,
   * "The transformer's epoch-time growth: found and removed").
   */
  public static final float SOFTMAX_MIN = -27.73f;

  /**
   * Gradient values below 2^-100 (7.9e-31) in absolute value are flushed to +0 where the fused engines'
   * backward passes multiply small factors together (GELU's derivative in its tail, the softmax's backward,
   * the attention's q/k gradients, whose rows cancel by construction). Left alone, such chains reach the
   * subnormal range (below 1.2e-38) and every multiply-add with a subnormal operand or result costs a
   * microcode assist on x86 (neither Java nor libtorch flushes to zero by default). {@link Kernels#adam}
   * uses the same floor for the weights themselves, the main cause of the transformer's epoch-time growth
   * (20 s -> 50-100 s per epoch after ~15 epochs; BENCHMARKS.md, "The transformer's epoch-time growth: found
   * and removed"). A parameter whose gradient is that small moves by at most lr 2^-100 / epsilon (Adam's
   * epsilon 1e-8): ~1e-25, nothing in float32; mixed with ordinary gradients it vanishes in rounding.
   */
  public static final float GRADIENT_FLOOR = 0x1p-100f;

  /** {@code v}, or +0 when |v| is below {@link #GRADIENT_FLOOR}. */
  public static float flushTiny(float v) {
    return Math.abs(v) < GRADIENT_FLOOR ? 0f : v;
  }

  /** {@code v}, or +0 when |v| is below {@link Float#MIN_NORMAL} (flush-to-zero of one value). */
  public static float flushSubnormal(float v) {
    return Math.abs(v) < Float.MIN_NORMAL ? 0f : v;
  }

  /** The logistic function 1 / (1 + exp(-x)) as 0.5 tanh(x / 2) + 0.5. */
  public static float sigmoid(float x) {
    return 0.5f * tanh(0.5f * x) + 0.5f;
  }
}
