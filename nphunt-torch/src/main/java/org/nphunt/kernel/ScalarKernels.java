package org.nphunt.kernel;

import java.util.Arrays;

/**
 * The kernels in plain Java: the reference definition of every operation of {@link Kernels}, used when
 * the Vector API module is absent. Loops run over output columns innermost with the accumulators in
 * arrays, so that HotSpot's auto-vectoriser can use SIMD fused multiply-adds; the arithmetic per
 * element is exactly the one documented in {@link Kernels} and implemented by {@code VectorKernels}.
 */
public final class ScalarKernels extends Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void dense(float[] in, int inOff, int is, int nIn, float[] wt, float[] b, int op, boolean act, float slope,
      float[] out, int outOff, int os, int n) {
    float[] acc = new float[op];
    for (int e = 0; e < n; e++) {
      if (b != null) {
        System.arraycopy(b, 0, acc, 0, op);
      } else {
        Arrays.fill(acc, 0f);
      }
      int row = inOff + e * is;
      for (int i = 0; i < nIn; i++) {
        float a = in[row + i];
        int w = i * op;
        for (int o = 0; o < op; o++) {
          acc[o] = Math.fma(wt[w + o], a, acc[o]);
        }
      }
      store(acc, act, slope, out, outOff + e * os, op);
    }
  }

  private static void store(float[] acc, boolean act, float slope, float[] out, int at, int op) {
    for (int o = 0; o < op; o++) {
      float v = acc[o];
      out[at + o] = act ? Math.max(v, v * slope) : v;
    }
  }

  @Override
  public void firstLayer(float[] x, int xOff, int xs, int[] slotBits, int bitsOff, float[] wt, float[] b, int op,
      boolean act, float slope, float[] out, int outOff, int os, int n) {
    float[] acc = new float[op];
    for (int e = 0; e < n; e++) {
      System.arraycopy(b, 0, acc, 0, op);
      int row = xOff + e * xs;
      int bits = slotBits[bitsOff + e];
      while (bits != 0) {
        int s = Integer.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        for (int f = 0; f < 3; f++) {
          float a = x[row + 3 * s + f];
          int w = (3 * s + f) * op;
          for (int o = 0; o < op; o++) {
            acc[o] = Math.fma(wt[w + o], a, acc[o]);
          }
        }
      }
      store(acc, act, slope, out, outOff + e * os, op);
    }
  }

  @Override
  public void reconstructionSums(float[] x, float[] r, float[] cm, int n, double[] sums) {
    double[][] t = new double[SUMS][ROW];
    for (int e = 0; e < n; e++) {
      int o = e * ROW;
      for (int c = 0; c < ROW; c++) {
        float d = x[o + c] - r[o + c];
        double sq = (double) d * (double) d;
        t[MET][c] = c < 3 ? sq : 0.0;
        t[ELECTRON][c] = c >= 3 && c < 15 ? sq : 0.0;
        t[MUON][c] = c >= 15 && c < 27 ? sq : 0.0;
        t[JET][c] = c >= 27 ? sq : 0.0;
        t[SEED][c] = cm[o + c] * (c % 3 == 0 ? Math.abs(d) : d * d);
        t[MASKED][c] = cm[o + c] * (d * d);
      }
      for (int k = 0; k < SUMS; k++) {
        sums[e * SUMS + k] = rowSum(t[k], 0);
      }
    }
  }

  @Override
  public void reconstructionGradient(float[] x, float[] r, float[] cm, int n, float coef, boolean masked, float[] dr,
      double[] loss) {
    double[] t = new double[ROW];
    for (int e = 0; e < n; e++) {
      int o = e * ROW;
      for (int c = 0; c < ROW; c++) {
        float d = r[o + c] - x[o + c];
        float g = coef * d;
        double sq = (double) d * (double) d;
        if (masked) {
          g = g * cm[o + c];
          sq = cm[o + c] * sq;
        }
        dr[o + c] = g;
        t[c] = sq;
      }
      loss[e] = rowSum(t, 0);
    }
  }

  @Override
  public void leakyBackward(float[] g, int gOff, int gs, float[] post, int pOff, int ps, int op, float slope, int n) {
    for (int e = 0; e < n; e++) {
      int go = gOff + e * gs;
      int po = pOff + e * ps;
      for (int o = 0; o < op; o++) {
        float v = g[go + o];
        g[go + o] = post[po + o] > 0f ? v : v * slope;
      }
    }
  }

  @Override
  public void weightGradient(float[] a, int aOff, int as, int nIn, float[] d, int dOff, int ds, int op, int n,
      float[] gwt, float[] gb) {
    Arrays.fill(gwt, 0, nIn * op, 0f);
    Arrays.fill(gb, 0, op, 0f);
    for (int e = 0; e < n; e++) {
      int ar = aOff + e * as;
      int dr = dOff + e * ds;
      for (int i = 0; i < nIn; i++) {
        float v = a[ar + i];
        int w = i * op;
        for (int o = 0; o < op; o++) {
          gwt[w + o] = Math.fma(v, d[dr + o], gwt[w + o]);
        }
      }
      for (int o = 0; o < op; o++) {
        gb[o] = gb[o] + d[dr + o];
      }
    }
  }

  @Override
  public void adam(float[] w, float[] g, float[] m, float[] v, int len, float wd, float beta1, float omb1, float beta2,
      float omb2, float stepSize, float c2, float eps) {
    for (int k = 0; k < len; k++) {
      float gp = Math.fma(wd, w[k], g[k]);
      float mk = Math.fma(omb1, gp, m[k] * beta1);
      float vk = Math.fma(omb2 * gp, gp, v[k] * beta2);
      float denom = (float) Math.sqrt(vk) / c2 + eps;
      float wn = Math.fma(-stepSize, mk / denom, w[k]);
      m[k] = FastMath.flushSubnormal(mk);
      v[k] = FastMath.flushSubnormal(vk);
      w[k] = FastMath.flushTiny(wn);
    }
  }

  @Override
  public void accumulate(float[] acc, float[] add, int len) {
    for (int k = 0; k < len; k++) {
      acc[k] = acc[k] + add[k];
    }
  }

  @Override
  public void avgPool3Rows(float[] src, int h, float[] dst, int ho, int row, int n) {
    for (int e = 0; e < n; e++) {
      for (int r = 0; r < ho; r++) {
        int lo = Math.max(0, 3 * r - 1);
        int hi = Math.min(h - 1, 3 * r + 1);
        int d = (e * ho + r) * row;
        for (int c = 0; c < row; c++) {
          float acc = 0f;
          for (int k = lo; k <= hi; k++) {
            acc = acc + src[(e * h + k) * row + c];
          }
          dst[d + c] = acc / 3f;
        }
      }
    }
  }

  @Override
  public void avgPool3RowsBackward(float[] g, int h, int ho, int row, float[] post, float slope, float[] dst, int n) {
    for (int e = 0; e < n; e++) {
      for (int hh = 0; hh < h; hh++) {
        int s = (e * ho + (hh + 1) / 3) * row;
        int d = (e * h + hh) * row;
        for (int c = 0; c < row; c++) {
          float v = g[s + c] / 3f;
          dst[d + c] = post[d + c] > 0f ? v : v * slope;
        }
      }
    }
  }

  @Override
  public void leakyBackwardLanes(float[] g, int gOff, int gs, float[] post, int pOff, int ps, int op, float slope,
      int n) {
    leakyBackward(g, gOff, gs, post, pOff, ps, op, slope, n);
  }

  @Override
  public void addRuns(float[] acc, int accOff, int accStride, float[] add, int addOff, int addStride, int runs, int len) {
    for (int r = 0; r < runs; r++) {
      int a = accOff + r * accStride;
      int b = addOff + r * addStride;
      for (int j = 0; j < len; j++) {
        acc[a + j] = acc[a + j] + add[b + j];
      }
    }
  }
}
