package org.nphunt.kernel;

/**
 * The CPU kernels of nphunt's small dense networks, defined element by element so that the Vector API
 * implementation and the scalar one give identical bits (see the package documentation for layouts).
 *
 * <p>Conventions: {@code n} examples (rows), row strides in floats; {@code op} (a layer's padded
 * output width) is a positive multiple of {@value #LANES}; every array holds the whole strided range it
 * is asked to read or write (rows are padded, so vector loads and stores never leave them).
 * "fma(a, b, c)" is {@link Math#fma(float, float, float)}: a * b + c rounded once.
 *
 * <p>Selection ({@link #get()}): the Vector API implementation when the module {@code
 * jdk.incubator.vector} is in the boot layer (the {@code nphunt} launcher adds it) and the system
 * property {@code nphunt.kernels} is not {@code scalar}; otherwise {@link ScalarKernels}.
 */
public abstract class Kernels {
  /** Floats per vector register (512 bits); padded widths are multiples of it. */
  public static final int LANES = 16;
  /**
   * Floats per row of the ADC2021 inputs and reconstructions in the kernels' layout: the 57 inputs
   * (slot s, feature f at 3s + f) padded with zeros to 64.
   */
  public static final int ROW = 64;
  /** Slots of an ADC2021 event. */
  public static final int SLOTS = 19;
  /** Doubles per raw ADC2021 event (19 slots x pT, eta, phi, class). */
  public static final int RAW = 76;
  /** Per-event sums written by {@link #reconstructionSums}. */
  public static final int SUMS = 6;
  /** Index of the MET, electron, muon, jet squared-error sums, the seed-004 sum and the masked sum. */
  public static final int MET = 0;
  public static final int ELECTRON = 1;
  public static final int MUON = 2;
  public static final int JET = 3;
  public static final int SEED = 4;
  public static final int MASKED = 5;
  /** The position in a {@link #ROW} row of ADC2021 input c (slot c / 3, feature c % 3). */
  public static int position(int c) {
    return c;
  }

  /** Slot bits of an event whose every slot is treated as real (the dense first layer). */
  public static final int ALL_SLOTS = (1 << SLOTS) - 1;

  private static final Kernels SELECTED = select();

  /** The kernels of this JVM (Vector API when available, else scalar). */
  public static Kernels get() {
    return SELECTED;
  }

  /** The scalar implementation (always available; same results). */
  public static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /** The Vector API implementation, or null when {@code jdk.incubator.vector} is not in the boot layer. */
  public static Kernels vector() {
    return VectorHolder.INSTANCE;
  }

  /** Whether {@code jdk.incubator.vector} is resolved in this JVM. */
  public static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  private static Kernels select() {
    if ("scalar".equals(System.getProperty("nphunt.kernels"))) {
      return ScalarKernels.INSTANCE;
    }
    Kernels v = vector();
    return v != null ? v : ScalarKernels.INSTANCE;
  }

  /** Loads the Vector API class only when its module is present (reflection keeps the verifier away). */
  private static final class VectorHolder {
    static final Kernels INSTANCE = load();

    private static Kernels load() {
      if (!vectorModulePresent()) {
        return null;
      }
      try {
        return (Kernels) Class.forName("org.nphunt.kernel.VectorKernels").getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        return null;
      }
    }
  }

  /** {@code n} rounded up to a multiple of {@value #LANES}. */
  public static int pad(int n) {
    return (n + LANES - 1) / LANES * LANES;
  }

  /** "vector" or "scalar". */
  public abstract String name();

  /**
   * A dense layer: for every row e and output o < op,
   * {@code acc = b[o]} (0 when {@code b} is null), then {@code acc = fma(wt[i * op + o], in[inOff + e * is
   * + i], acc)} for i = 0, 1, ..., nIn - 1 in that order, then LeakyReLU {@code acc = max(acc, acc *
   * slope)} when {@code act} (exact for 0 <= slope < 1), stored at {@code out[outOff + e * os + o]}.
   */
  public abstract void dense(float[] in, int inOff, int is, int nIn, float[] wt, float[] b, int op, boolean act,
      float slope, float[] out, int outOff, int os, int n);

  /**
   * The first layer on the 57 ADC2021 inputs (x rows in the {@link #ROW} layout at stride {@code xs}),
   * visiting only the slots set in {@code slotBits[bitsOff + e]} (bit s = slot s): {@code acc = b[o]},
   * then for every set slot s in increasing order and f = 0, 1, 2:
   * {@code acc = fma(wt[(3s + f) * op + o], x[3s + f], acc)};
   * then the activation as in {@link #dense}. An implementation may also visit slots of other rows of
   * its tile: their inputs must be 0 in this row (as {@link #preprocess} writes empty slots), and then
   * {@code fma(w, 0, acc) = acc} leaves every value unchanged (up to the sign of an exact zero). With
   * {@link #ALL_SLOTS} this is exactly {@link #dense} over the 57 inputs.
   */
  public abstract void firstLayer(float[] x, int xOff, int xs, int[] slotBits, int bitsOff, float[] wt, float[] b,
      int op, boolean act, float slope, float[] out, int outOff, int os, int n);

  /**
   * ADC2021 preprocessing of raw events {@code [event0, event0 + n)} of {@code p} (76 doubles per event:
   * 19 slots x (pT, eta, phi, class)) into rows of {@link #ROW}: for a real slot s (class != 0) and
   * f < 3, {@code x[3s + f] = (float) ((v - mean76[4s + f]) * inv76[4s + f] * 1.0 + 0.0)} with v the raw
   * value (or log1p(pT) when {@code logPt}) and {@code cm[3s + f] = 1}; every other position (empty
   * slots, 57..63) is +0 in both. {@code slotBits[e]} gets the real slots.
   * {@code mean76} and {@code inv76} hold 76 values (0 in the class positions). {@code tmp} (at least
   * 76 n doubles) is scratch for the log1p pass.
   */
  public final void preprocess(double[] p, int event0, int n, double[] mean76, double[] inv76, boolean logPt,
      double[] tmp, float[] x, float[] cm, int[] slotBits) {
    // scalar over the real slots only (a few per event) after zero-filling the rows: measured faster than
    // whole-row vectors with JDK 17's C2, whose double-to-float conversions here kept heap boxes
    double[] src = p;
    int first = event0;
    if (logPt) {
      logPtPass(p, event0, n, tmp);
      src = tmp;
      first = 0;
    }
    java.util.Arrays.fill(x, 0, n * ROW, 0f);
    java.util.Arrays.fill(cm, 0, n * ROW, 0f);
    for (int e = 0; e < n; e++) {
      int q0 = (first + e) * RAW;
      int xo = e * ROW;
      int bits = 0;
      for (int s = 0; s < SLOTS; s++) {
        // branch-free (a branch mispredicts on most events): bit 63 of (l | -l) is set iff l != 0, and
        // the class id's bits are 0 exactly for +0.0 (ids are validated integers 0..4)
        long l = Double.doubleToRawLongBits(src[q0 + 4 * s + 3]);
        bits |= (int) ((l | -l) >>> 63) << s;
      }
      slotBits[e] = bits;
      for (int b = bits; b != 0; b &= b - 1) {
        int s = Integer.numberOfTrailingZeros(b);
        int q = 4 * s;
        int c = xo + 3 * s;
        x[c] = (float) ((src[q0 + q] - mean76[q]) * inv76[q] * 1.0 + 0.0);
        x[c + 1] = (float) ((src[q0 + q + 1] - mean76[q + 1]) * inv76[q + 1] * 1.0 + 0.0);
        x[c + 2] = (float) ((src[q0 + q + 2] - mean76[q + 2]) * inv76[q + 2] * 1.0 + 0.0);
        cm[c] = 1f;
        cm[c + 1] = 1f;
        cm[c + 2] = 1f;
      }
    }
  }

  /**
   * Per-row sums of the reconstruction error of rows of {@code x} and {@code r} (stride {@link #ROW},
   * positions 57..63 zero in both) with column mask {@code cm}: {@code d = x - r} in float; the squared
   * errors {@code (double) d * (double) d} (exact) over the columns of MET (0-2), electrons (3-14), muons
   * (15-26) and jets (27-63); the seed-004 terms {@code (double) (cm * (|d| on pT columns (c % 3 == 0),
   * d * d otherwise))} and the masked terms {@code (double) (cm * (d * d))} over all columns. Every sum uses one
   * order ({@link #rowSum}). Results at {@code sums[e * 6 + k]}, k in {@link #MET}, ..., {@link #MASKED}.
   */
  public abstract void reconstructionSums(float[] x, float[] r, float[] cm, int n, double[] sums);

  /**
   * The gradient of a reconstruction loss and its per-row value: for positions c < {@link #ROW} of row
   * e, {@code d = r - x} (float), {@code g = coef * d}, times {@code cm} when {@code masked};
   * {@code dr[e * ROW + c] = g}; {@code loss[e] = } the {@link #rowSum} of {@code (double) d * (double) d}
   * (times cm when masked).
   */
  public abstract void reconstructionGradient(float[] x, float[] r, float[] cm, int n, float coef, boolean masked,
      float[] dr, double[] loss);

  /**
   * The backward pass of LeakyReLU in place: {@code g = post > 0 ? g : g * slope} for columns o < op
   * of n rows (gradient rows at stride {@code gs}, post-activation rows at stride {@code ps}).
   */
  public abstract void leakyBackward(float[] g, int gOff, int gs, float[] post, int pOff, int ps, int op, float slope,
      int n);

  /**
   * Weight and bias gradients of a dense layer over n rows: {@code gwt[i * op + o] = } the sum over e
   * (from 0, in order, {@code acc = fma(a[aOff + e * as + i], d[dOff + e * ds + o], acc)}) for
   * i < nIn, o < op; {@code gb[o] = } the sum over e of {@code d} ({@code acc = acc + d}, in order).
   * Overwrites both.
   */
  public abstract void weightGradient(float[] a, int aOff, int as, int nIn, float[] d, int dOff, int ds, int op,
      int n, float[] gwt, float[] gb);

  /**
   * Adam with coupled L2 (torch.optim.Adam(weight_decay=wd), arXiv:1412.6980) on {@code len} floats:
   * {@code g' = fma(wd, w, g)}, {@code m = fma(omb1, g', m * beta1)}, {@code v = fma(omb2 * g', g', v * beta2)},
   * {@code w = fma(-stepSize, m / (sqrt(v) / c2 + eps), w)} in float, where omb1 and omb2 are 1 - beta1
   * and 1 - beta2 (rounded from double, as PyTorch passes them), {@code stepSize = lr / (1 - beta1^t)}
   * and {@code c2 = sqrt(1 - beta2^t)}.
   * <p>The new weight is flushed to +0 when below {@link FastMath#GRADIENT_FLOOR} in absolute value, and
   * the moments when subnormal: a weight without gradient decays geometrically under the coupled L2 term
   * (its update is ~ lr wd w / eps once sqrt(v) is far below eps) and passes through the tiny and
   * subnormal range; counted on the transformer, unused query/key weights reached 1e-30 and below after ~14
   * epochs and made the attention's products subnormal (epochs 20 s -> 100 s; BENCHMARKS.md, "The
   * transformer's epoch-time growth").
   */
  public abstract void adam(float[] w, float[] g, float[] m, float[] v, int len, float wd, float beta1, float omb1,
      float beta2, float omb2, float stepSize, float c2, float eps);

  /** Element-wise {@code acc[i] += add[i]} for i < len (the fixed-order sum of slice gradients). */
  public abstract void accumulate(float[] acc, float[] add, int len);

  /**
   * The average pool of the conv autoencoder's blocks (kernel 3, stride 3, one row of zero padding above
   * and below, counted in the divisor) along the rows of n images of {@code h} rows of {@code row} floats
   * each ({@code row} a multiple of {@value #LANES}; image e at {@code src[e * h * row]}), into images of
   * {@code ho} rows at {@code dst[e * ho * row]}: output row r, column c =
   * {@code (((0 + in[3r - 1]) + in[3r]) + in[3r + 1]) / 3} with the rows outside [0, h) left out of the sum
   * (libtorch's order and divisor with count_include_pad).
   */
  public abstract void avgPool3Rows(float[] src, int h, float[] dst, int ho, int row, int n);

  /**
   * The adjoint of {@link #avgPool3Rows} followed by the LeakyReLU backward pass of the pooled activation:
   * input row hh, column c of image e gets {@code v = g[(e * ho + (hh + 1) / 3) * row + c] / 3}, stored as
   * {@code post[...] > 0 ? v : v * slope} at {@code dst[(e * h + hh) * row + c]} ({@code post} in the layout of
   * {@code dst}; a NaN post takes {@code v * slope}, as {@link #leakyBackward}).
   */
  public abstract void avgPool3RowsBackward(float[] g, int h, int ho, int row, float[] post, float slope, float[] dst,
      int n);

  /**
   * {@link #leakyBackward} for {@code op} a multiple of {@value #LANES}, same results (implementations may
   * vectorise it without branches: the sign of the activations is a coin toss, so a branch mispredicts).
   */
  public abstract void leakyBackwardLanes(float[] g, int gOff, int gs, float[] post, int pOff, int ps, int op,
      float slope, int n);

  /**
   * Element-wise {@code acc[accOff + r * accStride + j] += add[addOff + r * addStride + j]} for runs r < runs
   * (in that order) and j < len (the conv autoencoder's col2im: runs of channels added back at their pixels).
   */
  public abstract void addRuns(float[] acc, int accOff, int accStride, float[] add, int addOff, int addStride, int runs,
      int len);

  // ---------------------------------------------------------------- shared scalar helpers

  /** log1p of the pT of real slots of events [event0, event0 + n) into {@code tmp} (76 per event). */
  static void logPtPass(double[] p, int event0, int n, double[] tmp) {
    for (int e = 0; e < n; e++) {
      int src = (event0 + e) * RAW;
      int dst = e * RAW;
      System.arraycopy(p, src, tmp, dst, RAW);
      for (int s = 0; s < SLOTS; s++) {
        if (tmp[dst + 4 * s + 3] != 0.0) {
          tmp[dst + 4 * s] = Math.log1p(tmp[dst + 4 * s]);
        }
      }
    }
  }

  /**
   * The summation order of a row's {@link #ROW} terms t (zero outside the summed positions): eight lane
   * partials {@code P_j = ((0 + t_j) + t_{8+j}) + ... + t_{56+j}} (the groups of 8 positions
   * added one after the other, from 0), then {@code ((P0 + P4) + (P2 + P6)) + ((P1 + P5) + (P3 + P7))}.
   */
  public static double rowSum(double[] t, int off) {
    double[] p = new double[8];
    for (int j = 0; j < 8; j++) {
      double acc = 0.0 + t[off + j];
      for (int g = 1; g < ROW / 8; g++) {
        acc = acc + t[off + 8 * g + j];
      }
      p[j] = acc;
    }
    return ((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7]));
  }
}
