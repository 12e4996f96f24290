package org.nphunt.kernel;

/**
 * The element-wise parts of {@link RecurrentNet}: GRU gates (forward and backward) and the Bahdanau
 * attention scores, in plain Java ({@link #scalar()}) and with the Java Vector API (loaded when
 * {@code jdk.incubator.vector} is present). Both use only single-rounding {@code +, -, *, /, min, max}
 * and fused multiply-adds in the same order per element ({@link FastMath}), so they give identical bits.
 * The attention operations work on the real (slot, event) rows in row layout (one key, query, projection
 * per row of padded width), each row's sum over features in the fixed order of {@link #laneSum}, so that
 * only real rows are visited and no transposes are needed.
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
   * Attention scores of the real rows r0 <= r < r1 (row layout: the key of row r at keys[r ap], the query
   * of its event e = ev[r] at q[qo + e ap], vp the attention vector padded with zeros to ap lanes, ap a
   * multiple of {@value Kernels#LANES}): out[oo + r] = {@link #laneSum} of the terms
   * vp[c] tanh(key_r[c] + q_e[c]), c < ap; the tanh values are kept at th[to + r ap + c] for the backward pass.
   */
  abstract void rowScores(float[] keys, float[] q, int qo, int[] ev, float[] vp, int ap, float[] out, int oo,
      float[] th, int to, int r0, int r1);

  /**
   * Attention backward of the real rows r0 <= r < r1 (layouts as {@link #rowScores}), with de = de[deo + r]
   * and th = th[to + r ap + c] (kept by {@link #rowScores}): dv[c] += de th, dp = (de vp[c]) (1 - th^2),
   * dkeys[r ap + c] += dp, dq[qo + e ap + c] += dp for c < ap, rows in increasing order. A row with de = 0
   * adds only zeros and is skipped.
   */
  abstract void rowScoresBack(float[] th, int to, int qo, int[] ev, float[] vp, int ap, float[] de, int deo,
      float[] dv, float[] dkeys, float[] dq, int r0, int r1);

  /**
   * For r0 <= r < r1 with G_r the row [x[xo + e xs ..) (xs lanes) | y[yo + e ys ..) (ys lanes)] of event
   * e = ev[r] (xs, ys multiples of {@value Kernels#LANES}): out[oo + r] = {@link #laneSum} of the products
   * of G_r with the row p[r (xs + ys) ..) (the attention's dL/dalpha of one decoder step).
   */
  abstract void rowDots(float[] x, int xo, int xs, float[] y, int yo, int ys, int[] ev, float[] p, float[] out, int oo,
      int r0, int r1);

  /**
   * dL/dP of the real rows r0 <= r < r1 over all decoder steps: for every lane c < pw = xs + ys (multiples
   * of {@value Kernels#LANES}), acc = +0, then acc = acc + al G_(i,e)[c] (multiply, then add) for the steps
   * i = steps - 1 down to 0, with al = alpha[i as + r], e = ev[r] and G_(i,e) the row [x[(i n + e) xs ..) |
   * y[(i n + e) ys ..)]; dp[r pw + c] = acc (stored). (A step with al = 0 and finite G adds an exact zero;
   * acc starts at +0 and cannot become -0, so the sums equal those that leave such steps out.)
   */
  abstract void projectionGradient(float[] alpha, int as, int steps, float[] x, int xs, float[] y, int ys, int n,
      int[] ev, float[] dp, int r0, int r1);

  /**
   * The attention context through the projections for events 0 <= e < n of one decoder step: for every
   * lane c < pw (pw = xs + ys, multiples of {@value Kernels#LANES}), acc = +0, then acc = acc + al P_r[c]
   * (multiply, then add) for the rows r = rows[q], evStart[e] <= q < evStart[e + 1] in order, with
   * al = alpha[ao + r] and P_r = p[r pw ..); then x[xo + e xs + c] += acc for c < xs, and
   * y[yo + e ys + c - xs] = acc for xs <= c < pw (stored). (A row with al = 0 and finite P_r adds an exact zero;
   * acc starts at +0 and cannot become -0, so the sums equal those that leave such rows out.)
   */
  abstract void context(float[] alpha, int ao, int[] evStart, int[] rows, float[] p, float[] x, int xo, int xs,
      float[] y, int yo, int ys, int n);

  /** y[yo + c] += a x[xo + c] for c < len (multiply, then add). */
  abstract void axpy(float a, float[] x, int xo, float[] y, int yo, int len);

  private static final class Scalar extends RecurrentOps {
    @Override
    void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
      axpyTail(a, x, xo, y, yo, len, 0);
    }

    @Override
    void rowDots(float[] x, int xo, int xs, float[] y, int yo, int ys, int[] ev, float[] p, float[] out, int oo,
        int r0, int r1) {
      float[] part = new float[Kernels.LANES];
      for (int r = r0; r < r1; r++) {
        out[oo + r] = rowDot(x, xo, xs, y, yo, ys, ev[r], p, r, part);
      }
    }

    @Override
    void projectionGradient(float[] alpha, int as, int steps, float[] x, int xs, float[] y, int ys, int n, int[] ev,
        float[] dp, int r0, int r1) {
      int pw = xs + ys;
      for (int r = r0; r < r1; r++) {
        int e = ev[r];
        for (int c = 0; c < pw; c++) {
          float acc = 0f;
          for (int i = steps - 1; i >= 0; i--) {
            float g = c < xs ? x[(i * n + e) * xs + c] : y[(i * n + e) * ys + c - xs];
            acc += alpha[i * as + r] * g;
          }
          dp[r * pw + c] = acc;
        }
      }
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
    void context(float[] alpha, int ao, int[] evStart, int[] rows, float[] p, float[] x, int xo, int xs, float[] y,
        int yo, int ys, int n) {
      int pw = xs + ys;
      for (int e = 0; e < n; e++) {
        for (int c = 0; c < pw; c++) {
          float acc = 0f;
          for (int q = evStart[e]; q < evStart[e + 1]; q++) {
            int r = rows[q];
            acc += alpha[ao + r] * p[r * pw + c];
          }
          if (c < xs) {
            x[xo + e * xs + c] += acc;
          } else {
            y[yo + e * ys + c - xs] = acc;
          }
        }
      }
    }

    @Override
    void rowScores(float[] keys, float[] q, int qo, int[] ev, float[] vp, int ap, float[] out, int oo,
        float[] th, int to, int r0, int r1) {
      float[] part = new float[Kernels.LANES];
      for (int r = r0; r < r1; r++) {
        out[oo + r] = rowScore(keys, r * ap, q, qo + ev[r] * ap, vp, ap, th, to + r * ap, part);
      }
    }

    @Override
    void rowScoresBack(float[] th, int to, int qo, int[] ev, float[] vp, int ap, float[] de, int deo,
        float[] dv, float[] dkeys, float[] dq, int r0, int r1) {
      for (int r = r0; r < r1; r++) {
        float d = de[deo + r];
        if (d != 0f) {
          rowScoreBack(th, to + r * ap, r * ap, qo + ev[r] * ap, vp, ap, d, dv, dkeys, dq);
        }
      }
    }
  }

  static void axpyTail(float a, float[] x, int xo, float[] y, int yo, int len, int c0) {
    for (int c = c0; c < len; c++) {
      y[yo + c] += a * x[xo + c];
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

  /**
   * The summation order of the row operations: the products a_c b_c (c < len, len a multiple of {@value
   * Kernels#LANES}) are accumulated into 16 lane partials, P_l = +0, then P_l = fma(a_c, b_c, P_l) for
   * c = l, 16 + l, 32 + l, ... in order; then this sum of the partials in {@code part} halves them:
   * s_l = P_l + P_(l+8) for l < 8, t_l = s_l + s_(l+4) for l < 4, then (t_0 + t_2) + (t_1 + t_3).
   */
  static float laneSum(float[] part) {
    return laneSum(part, 0);
  }

  /**
   * {@link #laneSum(float[])} of the 16 partials at part[off ..): the same tree as the transformer's row
   * sums ({@link TransformerOps#fold16}), so one definition serves both.
   */
  static float laneSum(float[] part, int off) {
    return TransformerOps.fold16(part, off);
  }

  /** One row of {@link #rowScores} (the scalar definition); part: 16 floats of scratch. */
  static float rowScore(float[] keys, int ko, float[] q, int qo, float[] vp, int ap, float[] th, int to,
      float[] part) {
    java.util.Arrays.fill(part, 0f);
    for (int c = 0; c < ap; c++) {
      int l = c % Kernels.LANES;
      float t = FastMath.tanh(keys[ko + c] + q[qo + c]);
      th[to + c] = t;
      part[l] = Math.fma(vp[c], t, part[l]);
    }
    return laneSum(part);
  }

  /** One row of {@link #rowScoresBack} (the scalar definition). */
  static void rowScoreBack(float[] ths, int to, int ko, int qo, float[] vp, int ap, float d, float[] dv,
      float[] dkeys, float[] dq) {
    for (int c = 0; c < ap; c++) {
      float th = ths[to + c];
      dv[c] += d * th;
      float dp = d * vp[c] * (1f - th * th);
      dkeys[ko + c] += dp;
      dq[qo + c] += dp;
    }
  }

  /** One row of {@link #rowDots} for event e and projection row r (the scalar definition). */
  static float rowDot(float[] x, int xo, int xs, float[] y, int yo, int ys, int e, float[] p, int r, float[] part) {
    int pb = r * (xs + ys);
    int xb = xo + e * xs;
    int yb = yo + e * ys;
    java.util.Arrays.fill(part, 0f);
    for (int c = 0; c < xs; c++) {
      int l = c % Kernels.LANES;
      part[l] = Math.fma(x[xb + c], p[pb + c], part[l]);
    }
    for (int c = 0; c < ys; c++) {
      int l = c % Kernels.LANES;
      part[l] = Math.fma(y[yb + c], p[pb + xs + c], part[l]);
    }
    return laneSum(part);
  }
}
