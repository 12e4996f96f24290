package org.nphunt.kernel;

/**
 * The element-wise and row functions of the transformer on the kernels ({@link TransformerNet},
 * {@link TransformerTraining}): GELU and its backward, the attention's softmax over a head's rows and its
 * backward, LayerNorm over rows of d features and its backward, and the flushed adds of the attention's
 * q/k/v gradients, each defined operation by operation (fused multiply-adds, float32; row sums in the
 * fixed lane order of {@link #laneSum}), so that the Vector API implementation ({@code TransformerVectorOps})
 * and the scalar one ({@link #SCALAR}) give identical bits. {@link #of(Kernels)} follows the kernels'
 * choice: vector ops with the vector kernels.
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

  /**
   * Row-wise softmax of {@code rows} rows of {@code a} from {@code o} at stride {@code stride}, each over
   * its first n entries (n >= 1, pad(n) <= stride): {@code max} = the largest of them (an exact, order-free
   * maximum); {@code e_j = exp(a_j - max)} (0 below {@link FastMath#SOFTMAX_MIN}: the cut keeps the
   * attention weights at 0 or above ~1e-12, so that the backward pass does not multiply them into
   * subnormals) for j < n and {@code e_j = 0} for n <= j < pad(n); {@code sum = } {@link #laneSum} of the e_j; then
   * {@code a_j = e_j * (1 / sum)} for j < pad(n). Entries from pad(n) on are left alone. One call per
   * attention head: the rows' max, exp, sum and scale without a call per row, on whole vectors.
   */
  public abstract void softmax(float[] a, int o, int rows, int stride, int n);

  /**
   * The backward pass of {@link #softmax} over its rows, flushed: for each row i (the weights p at
   * {@code po + i * stride}, their gradients dp at {@code o + i * stride}, n entries), {@code dot = }
   * {@link #laneSum} of {@code p_j * dp_j} (j < n,
   * each product rounded, 0 from n to pad(n)), then {@code dp_j = flushTiny(p_j * (dp_j - dot))} for
   * j < pad(n) ({@link FastMath#flushTiny}; dp_j must be 0 and p_j finite for n <= j < pad(n)).
   */
  public abstract void softmaxBackward(float[] p, int po, float[] dp, int o, int rows, int stride, int n);

  /**
   * {@code dst[dOff + i * ds + c] += flushTiny(src[i * width + c] * scale)} for i < rows and c < width (a
   * multiple of {@value Kernels#LANES}; {@link FastMath#flushTiny}): the attention backward's per-head
   * gradients (rows of pad(dh), the lanes from dh on exactly +0) added into their dh columns of a zeroed
   * gradient row, where adding +0 to the neighbouring columns leaves them unchanged; dst must hold width
   * floats from each row's start.
   */
  public abstract void addFlushed(float[] src, int rows, int width, float scale, float[] dst, int dOff, int ds);

  /**
   * LayerNorm of the first d columns of {@code rows} rows (stride dp, a multiple of {@value Kernels#LANES};
   * columns d..dp - 1 of {@code in} must be 0): per row, with {@code invD = 1f / d},
   * {@code mu = } {@link #laneSum}{@code (x) * invD}, {@code xc_c = (x_c - mu) * colMask_c},
   * {@code var = } {@link #laneSum}{@code (xc * xc) * invD} (squares
   * rounded), {@code rs = 1 / (float) sqrt(var + eps)}, {@code out_c = fma(xc_c * rs, gamma_c, beta_c)}
   * over all dp columns; mean[i] = mu, rstd[i] = rs. {@code gamma}, {@code beta} and {@code colMask} hold
   * dp floats (0 beyond d; the mask 1 below d).
   */
  public abstract void layerNorm(float[] in, int rows, int d, int dp, float[] gamma, float[] beta, float[] colMask,
      float eps, float[] out, float[] mean, float[] rstd);

  /**
   * The backward pass of {@link #layerNorm} over rows of x (stride dp) with its mean and rstd: per row,
   * {@code xh_c = (x_c - mu) * rs * colMask_c}, {@code dg_c = dy_c * gamma_c},
   * {@code m1 = } {@link #laneSum}{@code (dg) * invD}, {@code m2 = } {@link #laneSum}{@code (dg * xh) * invD}
   * (products rounded), {@code dx_c += rs * ((dg_c - m1) - xh_c * m2) * colMask_c}, and over the rows in
   * order {@code gGamma_c = fma(dy_c, xh_c, gGamma_c)}, {@code gBeta_c += dy_c}. gamma, colMask, gGamma and
   * gBeta hold dp floats; columns d..dp - 1 of dy must be 0.
   */
  public abstract void layerNormBackward(float[] x, float[] mean, float[] rstd, float[] gamma, float[] colMask,
      float[] dy, int rows, int d, int dp, float[] dx, float[] gGamma, float[] gBeta);

  /** Events per group of the event-in-lanes layout of {@link #attentionLanes}: one vector of lanes. */
  public static final int LANE_EVENTS = Kernels.LANES;

  /**
   * Self-attention over all T = {@value Kernels#SLOTS} tokens of {@value #LANE_EVENTS} events at once (no
   * key mask: the decoder), with the events in the lanes, so that a head of dh = 8 channels and 19 keys,
   * which fill rows of 16 and 32 lanes half, fill every lane. Layouts (G = {@value #LANE_EVENTS}, lane l =
   * event l of the group):
   * <ul>
   *   <li>{@code xt} from xo: [T tokens][3d channels][G], each token's projection [q scaled | k | v];
   *   <li>{@code pt} from po: [heads][T queries][T keys][G], the softmax weights (written, kept for the
   *       backward pass);
   *   <li>{@code at} from ao: [T][d][G], the attended values (head h on channels h dh .. h dh + dh - 1).
   * </ul>
   * Per lane, head h and query i, the operations of the per-head dense-kernel path
   * ({@code TransformerNet}'s attention over an event's rows): the scores {@code s_j = } fma over the
   * head's channels c in order from +0, {@code acc = fma(k_jc, q_ic, acc)}; {@link #softmax} of
   * s_0 .. s_{T-1} (n = T: the max, exp with the cut, {@link #laneSum} over pad(T) entries, 0 from T on,
   * times 1 / sum); {@code a_ic = } fma over keys j in order from +0, {@code acc = fma(v_jc, p_ij, acc)}.
   * So the bits equal that path's.
   */
  public abstract void attentionLanes(float[] xt, int xo, int d, int heads, float[] pt, int po, float[] at, int ao);

  /**
   * Copies columns [0, width) of the T rows (stride rs) of events [e0, e0 + ne) of {@code rows} (event e's
   * token t at row e T + t) into the lane layout {@code lanes[lo + (t width + c) G + l]} (event e0 + l in
   * lane l, G = {@value #LANE_EVENTS}); lanes from ne on get 0. Pure data movement: every implementation
   * gives the same bits.
   */
  public abstract void toLanes(float[] rows, int rs, int width, int e0, int ne, float[] lanes, int lo);

  /** The inverse of {@link #toLanes} for lanes [0, ne): {@code rows[((e0 + l) T + t) rs + c] = lanes[...]}. */
  public abstract void fromLanes(float[] lanes, int lo, int width, int e0, int ne, float[] rows, int rs);

  /**
   * A linear layer in the lane layout: for each of the T tokens, output o < nOut and lane l,
   * {@code out[oo + (t nOut + o) G + l] = acc} with {@code acc = b[o]}, then
   * {@code acc = fma(wt[i op + o], in[io + (t nIn + i) G + l], acc)} for i < nIn in order: per lane the
   * operations of {@link Kernels#dense} without activation (wt is in x op as the kernels hold it).
   */
  public abstract void denseLanes(float[] in, int io, int nIn, float[] wt, float[] b, int op, int nOut, float[] out,
      int oo);

  /**
   * LayerNorm in the lane layout ([T][d][G], d a multiple of {@value Kernels#LANES}, no padding): per token
   * and lane the operations of {@link #layerNorm} with dp = d (the mask all 1): {@code mu = } {@link #laneSum}
   * {@code (x) * invD}, {@code xc = x - mu}, {@code rs = 1 / (float) sqrt(laneSum(xc * xc) * invD + eps)},
   * {@code out = fma(xc * rs, gamma, beta)}.
   */
  public abstract void layerNormLanes(float[] in, int d, float[] gamma, float[] beta, float eps, float[] out);

  /**
   * The backward pass of {@link #attentionLanes} (same layouts) from the gradient of the attended values
   * ({@code dat} from dao, [T][d][G]) into {@code dxt} from dxo ([T][3d][G], every entry written: the
   * gradients of q (unscaled: times {@code scale}), k and v). Per lane and head, the operations of
   * {@code TransformerTraining}'s per-head path: {@code dP_ij = } fma over c in order from +0 of
   * {@code da_ic v_jc}; {@code dV_jc = } fma over queries i in order from +0 of {@code p_ij da_ic};
   * {@code dS = } {@link #softmaxBackward} of dP (n = T); {@code dQ_ic = } fma over j in order from +0 of
   * {@code dS_ij k_jc}; {@code dK_jc = } fma over i in order from +0 of {@code dS_ij q_ic} (q scaled); then
   * {@code flushTiny(dQ * scale)}, {@code flushTiny(dK * 1)}, {@code flushTiny(dV * 1)}
   * ({@link FastMath#flushTiny}). {@code ds} is scratch of T T G floats.
   */
  public abstract void attentionLanesBackward(float[] xt, int xo, float[] pt, int po, float[] dat, int dao, int d,
      int heads, float scale, float[] dxt, int dxo, float[] ds);

  /**
   * The fixed summation order of a row of terms t_0 .. t_{len-1} (len a multiple of {@value Kernels#LANES}):
   * lane partials {@code q_l = ((0 + t_l) + t_{16+l}) + ...} (from +0), then halves folded pairwise,
   * {@code q_l + q_{l+8}}, then {@code + q_{l+4}}, {@code + q_{l+2}}, {@code + q_{l+1}} (a tree of depth 4
   * over the 16 lanes), which the vector code reproduces with one vector add per group of 16 and the
   * scalar tree over the lanes.
   */
  static float laneSum(float[] t, int o, int len) {
    float[] q = new float[Kernels.LANES];
    for (int g = 0; g < len; g += Kernels.LANES) {
      for (int l = 0; l < Kernels.LANES; l++) {
        q[l] = q[l] + t[o + g + l];
      }
    }
    return fold16(q, 0);
  }

  /** The tree of {@link #laneSum} over 16 lane partials q[o .. o + 15]. */
  static float fold16(float[] q, int o) {
    float a0 = q[o] + q[o + 8];
    float a1 = q[o + 1] + q[o + 9];
    float a2 = q[o + 2] + q[o + 10];
    float a3 = q[o + 3] + q[o + 11];
    float a4 = q[o + 4] + q[o + 12];
    float a5 = q[o + 5] + q[o + 13];
    float a6 = q[o + 6] + q[o + 14];
    float a7 = q[o + 7] + q[o + 15];
    float b0 = a0 + a4;
    float b1 = a1 + a5;
    float b2 = a2 + a6;
    float b3 = a3 + a7;
    return (b0 + b2) + (b1 + b3);
  }

  /** The largest of q[o .. o + 15] (order-free; a tree, for a short dependency chain). */
  static float max16(float[] q, int o) {
    float a0 = Math.max(q[o], q[o + 8]);
    float a1 = Math.max(q[o + 1], q[o + 9]);
    float a2 = Math.max(q[o + 2], q[o + 10]);
    float a3 = Math.max(q[o + 3], q[o + 11]);
    float a4 = Math.max(q[o + 4], q[o + 12]);
    float a5 = Math.max(q[o + 5], q[o + 13]);
    float a6 = Math.max(q[o + 6], q[o + 14]);
    float a7 = Math.max(q[o + 7], q[o + 15]);
    return Math.max(Math.max(Math.max(a0, a4), Math.max(a2, a6)), Math.max(Math.max(a1, a5), Math.max(a3, a7)));
  }

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
    public void denseLanes(float[] in, int io, int nIn, float[] wt, float[] b, int op, int nOut, float[] out,
        int oo) {
      int g = LANE_EVENTS;
      for (int t = 0; t < Kernels.SLOTS; t++) {
        for (int o = 0; o < nOut; o++) {
          for (int l = 0; l < g; l++) {
            float acc = b[o];
            for (int i = 0; i < nIn; i++) {
              acc = Math.fma(wt[i * op + o], in[io + (t * nIn + i) * g + l], acc);
            }
            out[oo + (t * nOut + o) * g + l] = acc;
          }
        }
      }
    }

    @Override
    public void layerNormLanes(float[] in, int d, float[] gamma, float[] beta, float eps, float[] out) {
      int g = LANE_EVENTS;
      float[] x = new float[d];
      float[] sq = new float[d];
      float invD = 1f / d;
      for (int t = 0; t < Kernels.SLOTS; t++) {
        for (int l = 0; l < g; l++) {
          int o = t * d * g + l;
          for (int c = 0; c < d; c++) {
            x[c] = in[o + c * g];
          }
          float mu = laneSum(x, 0, d) * invD;
          for (int c = 0; c < d; c++) {
            float xc = x[c] - mu;
            sq[c] = xc * xc;
          }
          float rs = 1f / (float) Math.sqrt(laneSum(sq, 0, d) * invD + eps);
          for (int c = 0; c < d; c++) {
            out[o + c * g] = Math.fma((x[c] - mu) * rs, gamma[c], beta[c]);
          }
        }
      }
    }

    @Override
    public void toLanes(float[] rows, int rs, int width, int e0, int ne, float[] lanes, int lo) {
      int t = Kernels.SLOTS;
      int g = LANE_EVENTS;
      for (int l = 0; l < g; l++) {
        if (l < ne) {
          for (int tk = 0; tk < t; tk++) {
            int src = ((e0 + l) * t + tk) * rs;
            int dst = lo + tk * width * g + l;
            for (int c = 0; c < width; c++) {
              lanes[dst + c * g] = rows[src + c];
            }
          }
        } else {
          for (int i = l; i < t * width * g; i += g) {
            lanes[lo + i] = 0f;
          }
        }
      }
    }

    @Override
    public void fromLanes(float[] lanes, int lo, int width, int e0, int ne, float[] rows, int rs) {
      int t = Kernels.SLOTS;
      int g = LANE_EVENTS;
      for (int l = 0; l < ne; l++) {
        for (int tk = 0; tk < t; tk++) {
          int dst = ((e0 + l) * t + tk) * rs;
          int src = lo + tk * width * g + l;
          for (int c = 0; c < width; c++) {
            rows[dst + c] = lanes[src + c * g];
          }
        }
      }
    }

    @Override
    public void attentionLanes(float[] xt, int xo, int d, int heads, float[] pt, int po, float[] at, int ao) {
      int t = Kernels.SLOTS;
      int g = LANE_EVENTS;
      int dh = d / heads;
      int w = 3 * d;
      int len = Kernels.pad(t);
      float[] e = new float[len];
      for (int l = 0; l < g; l++) {
        for (int h = 0; h < heads; h++) {
          for (int i = 0; i < t; i++) {
            int row = po + ((h * t + i) * t) * g + l;
            for (int j = 0; j < t; j++) {
              float acc = 0f;
              for (int c = 0; c < dh; c++) {
                acc = Math.fma(xt[xo + (j * w + d + h * dh + c) * g + l], xt[xo + (i * w + h * dh + c) * g + l], acc);
              }
              pt[row + j * g] = acc;
            }
            float max = pt[row];
            for (int j = 1; j < t; j++) {
              max = Math.max(max, pt[row + j * g]);
            }
            for (int j = 0; j < len; j++) {
              float x = j < t ? pt[row + j * g] - max : 0f;
              e[j] = j >= t || x < FastMath.SOFTMAX_MIN ? 0f : exp(x);
            }
            float inv = 1f / laneSum(e, 0, len);
            for (int j = 0; j < t; j++) {
              pt[row + j * g] = e[j] * inv;
            }
            for (int c = 0; c < dh; c++) {
              float acc = 0f;
              for (int j = 0; j < t; j++) {
                acc = Math.fma(xt[xo + (j * w + 2 * d + h * dh + c) * g + l], pt[row + j * g], acc);
              }
              at[ao + (i * d + h * dh + c) * g + l] = acc;
            }
          }
        }
      }
    }

    @Override
    public void attentionLanesBackward(float[] xt, int xo, float[] pt, int po, float[] dat, int dao, int d, int heads,
        float scale, float[] dxt, int dxo, float[] ds) {
      int t = Kernels.SLOTS;
      int g = LANE_EVENTS;
      int dh = d / heads;
      int w = 3 * d;
      int len = Kernels.pad(t);
      float[] tt = new float[len];
      for (int l = 0; l < g; l++) {
        for (int h = 0; h < heads; h++) {
          int ph = po + h * t * t * g + l;
          for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
              float acc = 0f;
              for (int c = 0; c < dh; c++) {
                acc = Math.fma(xt[xo + (j * w + 2 * d + h * dh + c) * g + l], dat[dao + (i * d + h * dh + c) * g + l],
                    acc);
              }
              ds[(i * t + j) * g + l] = acc;
            }
            for (int j = 0; j < len; j++) {
              tt[j] = j < t ? pt[ph + (i * t + j) * g] * ds[(i * t + j) * g + l] : 0f;
            }
            float dot = laneSum(tt, 0, len);
            for (int j = 0; j < t; j++) {
              int at = (i * t + j) * g + l;
              ds[at] = FastMath.flushTiny(pt[ph + (i * t + j) * g] * (ds[at] - dot));
            }
          }
          for (int j = 0; j < t; j++) {
            for (int c = 0; c < dh; c++) {
              float acc = 0f;
              for (int i = 0; i < t; i++) {
                acc = Math.fma(pt[ph + (i * t + j) * g], dat[dao + (i * d + h * dh + c) * g + l], acc);
              }
              dxt[dxo + (j * w + 2 * d + h * dh + c) * g + l] = FastMath.flushTiny(acc * 1f);
            }
          }
          for (int i = 0; i < t; i++) {
            for (int c = 0; c < dh; c++) {
              float acc = 0f;
              for (int j = 0; j < t; j++) {
                acc = Math.fma(xt[xo + (j * w + d + h * dh + c) * g + l], ds[(i * t + j) * g + l], acc);
              }
              dxt[dxo + (i * w + h * dh + c) * g + l] = FastMath.flushTiny(acc * scale);
            }
          }
          for (int j = 0; j < t; j++) {
            for (int c = 0; c < dh; c++) {
              float acc = 0f;
              for (int i = 0; i < t; i++) {
                acc = Math.fma(ds[(i * t + j) * g + l], xt[xo + (i * w + h * dh + c) * g + l], acc);
              }
              dxt[dxo + (j * w + d + h * dh + c) * g + l] = FastMath.flushTiny(acc * 1f);
            }
          }
        }
      }
    }

    @Override
    public void softmax(float[] a, int o, int rows, int stride, int n) {
      int len = Kernels.pad(n);
      float[] e = new float[len];
      for (int i = 0; i < rows; i++) {
        int r = o + i * stride;
        float max = a[r];
        for (int j = 1; j < n; j++) {
          max = Math.max(max, a[r + j]);
        }
        for (int j = 0; j < len; j++) {
          float x = a[r + j] - max;
          e[j] = j >= n || x < FastMath.SOFTMAX_MIN ? 0f : exp(x);
        }
        float inv = 1f / laneSum(e, 0, len);
        for (int j = 0; j < len; j++) {
          a[r + j] = e[j] * inv;
        }
      }
    }

    @Override
    public void softmaxBackward(float[] p, int po, float[] dp, int o, int rows, int stride, int n) {
      int len = Kernels.pad(n);
      float[] t = new float[len];
      for (int i = 0; i < rows; i++) {
        int r = o + i * stride;
        int rp = po + i * stride;
        for (int j = 0; j < len; j++) {
          t[j] = j < n ? p[rp + j] * dp[r + j] : 0f;
        }
        float dot = laneSum(t, 0, len);
        for (int j = 0; j < len; j++) {
          dp[r + j] = FastMath.flushTiny(p[rp + j] * (dp[r + j] - dot));
        }
      }
    }

    @Override
    public void addFlushed(float[] src, int rows, int width, float scale, float[] dst, int dOff, int ds) {
      for (int i = 0; i < rows; i++) {
        for (int c = 0; c < width; c++) {
          int at = dOff + i * ds + c;
          dst[at] = dst[at] + FastMath.flushTiny(src[i * width + c] * scale);
        }
      }
    }

    @Override
    public void layerNorm(float[] in, int rows, int d, int dp, float[] gamma, float[] beta, float[] colMask, float eps,
        float[] out, float[] mean, float[] rstd) {
      float[] t = new float[dp];
      float invD = 1f / d;
      for (int i = 0; i < rows; i++) {
        int o = i * dp;
        float mu = laneSum(in, o, dp) * invD;
        for (int c = 0; c < dp; c++) {
          float xc = (in[o + c] - mu) * colMask[c];
          t[c] = xc * xc;
        }
        float rs = 1f / (float) Math.sqrt(laneSum(t, 0, dp) * invD + eps);
        mean[i] = mu;
        rstd[i] = rs;
        for (int c = 0; c < dp; c++) {
          float xc = (in[o + c] - mu) * colMask[c];
          out[o + c] = Math.fma(xc * rs, gamma[c], beta[c]);
        }
      }
    }

    @Override
    public void layerNormBackward(float[] x, float[] mean, float[] rstd, float[] gamma, float[] colMask, float[] dy,
        int rows, int d, int dp, float[] dx, float[] gGamma, float[] gBeta) {
      float[] t1 = new float[dp];
      float[] t2 = new float[dp];
      float invD = 1f / d;
      for (int i = 0; i < rows; i++) {
        int o = i * dp;
        float mu = mean[i];
        float rs = rstd[i];
        for (int c = 0; c < dp; c++) {
          float xh = (x[o + c] - mu) * rs * colMask[c];
          float dg = dy[o + c] * gamma[c];
          t1[c] = dg;
          t2[c] = dg * xh;
          gGamma[c] = Math.fma(dy[o + c], xh, gGamma[c]);
          gBeta[c] = gBeta[c] + dy[o + c];
        }
        float m1 = laneSum(t1, 0, dp) * invD;
        float m2 = laneSum(t2, 0, dp) * invD;
        for (int c = 0; c < dp; c++) {
          float xh = (x[o + c] - mu) * rs * colMask[c];
          float dg = dy[o + c] * gamma[c];
          dx[o + c] = dx[o + c] + rs * ((dg - m1) - xh * m2) * colMask[c];
        }
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
