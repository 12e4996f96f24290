package org.nphunt.kernel;

/**
 * The element-wise parts of {@link RecurrentNet}: GRU gates (forward and backward) and the Bahdanau
 * attention scores, in plain Java ({@link #scalar()}) and with the Java Vector API (loaded when
 * {@code jdk.incubator.vector} is present). Both use only single-rounding {@code +, -, *, /, min, max}
 * and fused multiply-adds in the same order per element ({@link FastMath}), so they give identical bits.
 * The attention operations take an event range [e0, e1) of a (feature, event) block, so that the caller
 * can skip groups of events that have nothing to compute.
 */
abstract class RecurrentOps {
  private static final RecurrentOps SCALAR = new Scalar();
  private static final RecurrentOps VECTOR = loadVector();

  private static RecurrentOps loadVector() {
    if (!Kernels.vectorModulePresent()) {
      return null;
    }
    try {
      return (RecurrentOps) Class.forName("org.nphunt.kernel.VectorRecurrentOps").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  static RecurrentOps scalar() {
    return SCALAR;
  }

  /** The implementation matching the kernels: vector ops with the vector kernels, else scalar. */
  static RecurrentOps of(Kernels k) {
    return VECTOR != null && k == Kernels.vector() ? VECTOR : SCALAR;
  }

  /**
   * GRU forward of n rows of h units: r = sigma(gx_r + gh_r), u = sigma(gx_u + gh_u),
   * nn = tanh(gx_n + r gh_n), next = (1 - u) nn + u prev; stored as next m + prev (1 - m) with the row's
   * occupancy m (mask null: next). gx, gh rows of g3 (gates r, u, n at 0, h, 2h); gates saved as rows of
   * 4h: r, u, nn, gh_n.
   */
  abstract void gru(float[] gx, int gxOff, float[] gh, int g3, float[] prev, int prevOff, float[] out, int outOff,
      float[] gates, int gOff, float[] mask, int maskOff, int maskStride, int h, int n);

  /**
   * GRU backward of n rows from dOut (rows of h), see {@link RecurrentNet}: writes dgx, dgh (rows of g3,
   * lanes 3h..g3 zero) and dPrev = dOut (1 - m) + dOut m u.
   */
  abstract void gruBack(float[] dOut, float[] gates, int gOff, float[] prev, int prevOff, float[] mask, int maskOff,
      int maskStride, float[] dgx, int dgxOff, float[] dgh, int dghOff, int g3, float[] dPrev, int h, int n);

  /**
   * sc[so + e] += v[c] tanh(keysT[kb + c n + e] + qT[qb + c n + e]) for c = 0..a-1 in order, for the events
   * e0 <= e < e1 of a (feature, event) block with n events per feature row (keysT: one slot's a x n block).
   */
  abstract void scores(float[] keysT, int kb, float[] qT, int qb, float[] v, int a, float[] sc, int so, int n, int e0,
      int e1);

  /**
   * Attention backward over one slot for the events e0 <= e < e1 (blocks as in {@link #scores}):
   * th = tanh(key + q), dv[c n + e] += de th, dp = de v_c (1 - th^2), dkeysT += dp, dqT[c n + e] += dp,
   * with de = de[so + e].
   */
  abstract void scoresBack(float[] keysT, int kb, float[] qT, int qb, float[] v, int a, float[] de, int so,
      float[] dv, float[] dkeysT, float[] dqT, int n, int e0, int e1);

  /** y[yo + c] += a x[xo + c] for c < len (multiply, then add). */
  abstract void axpy(float a, float[] x, int xo, float[] y, int yo, int len);

  /**
   * out[oo + e] = sum over c < len, in order from 0, of x[xb + c n + e] y[yb + c n + e] (multiply, then
   * add), for e0 <= e < e1 (a dot product per event of two (feature, event) blocks of n events per row).
   */
  abstract void dots(float[] x, int xb, float[] y, int yb, int len, float[] out, int oo, int n, int e0, int e1);

  private static final class Scalar extends RecurrentOps {
    @Override
    void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
      axpyTail(a, x, xo, y, yo, len, 0);
    }

    @Override
    void dots(float[] x, int xb, float[] y, int yb, int len, float[] out, int oo, int n, int e0, int e1) {
      dotsTail(x, xb, y, yb, len, out, oo, n, e0, e1);
    }

    @Override
    void gru(float[] gx, int gxOff, float[] gh, int g3, float[] prev, int prevOff, float[] out, int outOff,
        float[] gates, int gOff, float[] mask, int maskOff, int maskStride, int h, int n) {
      for (int e = 0; e < n; e++) {
        float m = mask == null ? 1f : mask[maskOff + e * maskStride];
        gruRow(gx, gxOff + e * g3, gh, e * g3, prev, prevOff + e * h, out, outOff + e * h, gates, gOff + e * 4 * h,
            mask != null, m, h, 0);
      }
    }

    @Override
    void gruBack(float[] dOut, float[] gates, int gOff, float[] prev, int prevOff, float[] mask, int maskOff,
        int maskStride, float[] dgx, int dgxOff, float[] dgh, int dghOff, int g3, float[] dPrev, int h, int n) {
      for (int e = 0; e < n; e++) {
        float m = mask == null ? 1f : mask[maskOff + e * maskStride];
        gruBackRow(dOut, e * h, gates, gOff + e * 4 * h, prev, prevOff + e * h, mask != null, m, dgx, dgxOff + e * g3,
            dgh, dghOff + e * g3, dPrev, e * h, h, 0);
        for (int c = 3 * h; c < g3; c++) {
          dgx[dgxOff + e * g3 + c] = 0f;
          dgh[dghOff + e * g3 + c] = 0f;
        }
      }
    }

    @Override
    void scores(float[] keysT, int kb, float[] qT, int qb, float[] v, int a, float[] sc, int so, int n, int e0,
        int e1) {
      scoresTail(keysT, kb, qT, qb, v, a, sc, so, n, e0, e1);
    }

    @Override
    void scoresBack(float[] keysT, int kb, float[] qT, int qb, float[] v, int a, float[] de, int so, float[] dv,
        float[] dkeysT, float[] dqT, int n, int e0, int e1) {
      scoresBackTail(keysT, kb, qT, qb, v, a, de, so, dv, dkeysT, dqT, n, e0, e1);
    }
  }

  static void axpyTail(float a, float[] x, int xo, float[] y, int yo, int len, int c0) {
    for (int c = c0; c < len; c++) {
      y[yo + c] += a * x[xo + c];
    }
  }

  static void dotsTail(float[] x, int xb, float[] y, int yb, int len, float[] out, int oo, int n, int e0, int e1) {
    for (int e = e0; e < e1; e++) {
      out[oo + e] = 0f;
    }
    for (int c = 0; c < len; c++) {
      for (int e = e0; e < e1; e++) {
        out[oo + e] += x[xb + c * n + e] * y[yb + c * n + e];
      }
    }
  }

  /** Units c0..h-1 of one GRU row (the scalar definition). */
  static void gruRow(float[] gx, int gxr, float[] gh, int ghr, float[] prev, int pr, float[] out, int or,
      float[] gates, int gr, boolean masked, float m, int h, int c0) {
    for (int c = c0; c < h; c++) {
      float r = FastMath.sigmoid(gx[gxr + c] + gh[ghr + c]);
      float u = FastMath.sigmoid(gx[gxr + h + c] + gh[ghr + h + c]);
      float ghn = gh[ghr + 2 * h + c];
      float nn = FastMath.tanh(gx[gxr + 2 * h + c] + r * ghn);
      float hp = prev[pr + c];
      float next = (1f - u) * nn + u * hp;
      out[or + c] = masked ? next * m + hp * (1f - m) : next;
      gates[gr + c] = r;
      gates[gr + h + c] = u;
      gates[gr + 2 * h + c] = nn;
      gates[gr + 3 * h + c] = ghn;
    }
  }

  /** Units c0..h-1 of one GRU row backward (the scalar definition). */
  static void gruBackRow(float[] dOut, int dr, float[] gates, int gr, float[] prev, int pr, boolean masked, float m,
      float[] dgx, int xr, float[] dgh, int hr, float[] dPrev, int dpr, int h, int c0) {
    for (int c = c0; c < h; c++) {
      float r = gates[gr + c];
      float u = gates[gr + h + c];
      float nn = gates[gr + 2 * h + c];
      float ghn = gates[gr + 3 * h + c];
      float dt = dOut[dr + c];
      float dnext = masked ? dt * m : dt;
      float dn = dnext * (1f - u);
      float du = dnext * (prev[pr + c] - nn);
      float dan = dn * (1f - nn * nn);
      float dar = (dan * ghn) * (r * (1f - r));
      float dau = du * (u * (1f - u));
      dgx[xr + c] = dar;
      dgx[xr + h + c] = dau;
      dgx[xr + 2 * h + c] = dan;
      dgh[hr + c] = dar;
      dgh[hr + h + c] = dau;
      dgh[hr + 2 * h + c] = dan * r;
      dPrev[dpr + c] = (masked ? dt * (1f - m) : 0f) + dnext * u;
    }
  }

  /** Events e0..e1-1 of {@link #scores} (the scalar definition). */
  static void scoresTail(float[] keysT, int kb, float[] qT, int qb, float[] v, int a, float[] sc, int so, int n,
      int e0, int e1) {
    for (int c = 0; c < a; c++) {
      int k = kb + c * n;
      int q = qb + c * n;
      float vc = v[c];
      for (int e = e0; e < e1; e++) {
        sc[so + e] += vc * FastMath.tanh(keysT[k + e] + qT[q + e]);
      }
    }
  }

  /** Events e0..e1-1 of {@link #scoresBack} (the scalar definition). */
  static void scoresBackTail(float[] keysT, int kb, float[] qT, int qb, float[] v, int a, float[] de, int so,
      float[] dv, float[] dkeysT, float[] dqT, int n, int e0, int e1) {
    for (int c = 0; c < a; c++) {
      int k = kb + c * n;
      int q = qb + c * n;
      int db = c * n;
      float vc = v[c];
      for (int e = e0; e < e1; e++) {
        float th = FastMath.tanh(keysT[k + e] + qT[q + e]);
        float d = de[so + e];
        dv[db + e] += d * th;
        float dp = d * vc * (1f - th * th);
        dkeysT[k + e] += dp;
        dqT[db + e] += dp;
      }
    }
  }
}
