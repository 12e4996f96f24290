package org.nphunt.kernel;

/**
 * Float activations of the recurrent kernels ({@link RecurrentNet}), written with single roundings of
 * {@code +, -, *, /, min, max} only, so that they give the same bits on every thread, tile and
 * JIT tier (no transcendental library call whose result could depend on the code path).
 *
 * <p>{@link #tanh} is the rational minimax approximation of Eigen's {@code generic_fast_tanh_float}
 * (degree 13/6 on [-7.905, 7.905], saturating beyond): maximum absolute error ~2e-7 against the exact
 * tanh over the float range (tested in {@code FastMathTest}); {@link #sigmoid} is
 * {@code 0.5 tanh(x / 2) + 0.5} (absolute error below 2e-7). libtorch evaluates both with its own
 * vectorised code (SLEEF), so the recurrent autoencoder's Java and DJL outputs differ at the 1e-7 level.
 */
public final class FastMath {
  private FastMath() {}

  private static final float CLAMP = 7.90531110763549805f;
  private static final float A1 = 4.89352455891786e-03f;
  private static final float A3 = 6.37261928875436e-04f;
  private static final float A5 = 1.48572235717979e-05f;
  private static final float A7 = 5.12229709037114e-08f;
  private static final float A9 = -8.60467152213735e-11f;
  private static final float A11 = 2.00018790482477e-13f;
  private static final float A13 = -2.76076847742355e-16f;
  private static final float B0 = 4.89352518554385e-03f;
  private static final float B2 = 2.26843463243900e-03f;
  private static final float B4 = 1.18534705686654e-04f;
  private static final float B6 = 1.19825839466702e-06f;

  /** tanh(x) in float (NaN stays NaN; saturates to +-0.99999976 beyond |x| = 7.905). */
  public static float tanh(float v) {
    float x = Math.max(-CLAMP, Math.min(CLAMP, v));
    float x2 = x * x;
    float p = x2 * A13 + A11;
    p = x2 * p + A9;
    p = x2 * p + A7;
    p = x2 * p + A5;
    p = x2 * p + A3;
    p = x2 * p + A1;
    p = x * p;
    float q = x2 * B6 + B4;
    q = x2 * q + B2;
    q = x2 * q + B0;
    return p / q;
  }

  /** The logistic function 1 / (1 + exp(-x)) as 0.5 tanh(x / 2) + 0.5. */
  public static float sigmoid(float x) {
    return 0.5f * tanh(0.5f * x) + 0.5f;
  }
}
