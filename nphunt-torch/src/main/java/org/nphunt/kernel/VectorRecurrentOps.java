package org.nphunt.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RecurrentOps} with 512-bit vectors of the Java Vector API (the one species of
 * {@code VectorKernels}): 16 units (GRU, rows) or 16 events (attention, slot-feature-event layout) per
 * vector, the remainder by the scalar definition; the same arithmetic per element.
 */
final class VectorRecurrentOps extends RecurrentOps {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final int L = 16;
  private static final float CLAMP = FastMath.CLAMP; // tanh's clamp and coefficients: FastMath's, so the scalar and vector bits agree

  // tanh is written out in every loop (FastMath.tanh's operations): as a method taking vectors, C2 often
  // declined to inline it into the large loops ("callee is too large"), and the vectors were then boxed and
  // computed by the Vector API's Java fallback (measured: a third of the training time)
  // the polynomial coefficients are broadcast once per call, before the loops (locals a13 .. b0)

  @Override
  void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
    int c = 0;
    for (; c + L <= len; c += L) {
      FloatVector.fromArray(F, y, yo + c).add(FloatVector.fromArray(F, x, xo + c).mul(a)).intoArray(y, yo + c);
    }
    if (c < len) {
      axpyTail(a, x, xo, y, yo, len, c);
    }
  }

  @Override
  void rowDots(float[] x, int xo, int xs, float[] y, int yo, int ys, int[] ev, float[] p, float[] out, int oo, int r0,
      int r1) {
    float[] part = new float[L * L];
    int pw = xs + ys;
    for (int rb = r0; rb < r1; rb += L) {
      int re = Math.min(r1, rb + L);
      for (int r = rb; r < re; r++) {
        int e = ev[r];
        int pb = r * pw;
        int xb = xo + e * xs;
        int yb = yo + e * ys;
        FloatVector acc = FloatVector.zero(F);
        for (int c = 0; c < xs; c += L) {
          acc = FloatVector.fromArray(F, x, xb + c).fma(FloatVector.fromArray(F, p, pb + c), acc);
        }
        for (int c = 0; c < ys; c += L) {
          acc = FloatVector.fromArray(F, y, yb + c).fma(FloatVector.fromArray(F, p, pb + xs + c), acc);
        }
        acc.intoArray(part, (r - rb) * L);
      }
      // the lane sums after the block's stores (a wide store read back at once by scalar loads stalls)
      for (int r = rb; r < re; r++) {
        out[oo + r] = laneSum(part, (r - rb) * L);
      }
    }
  }

  @Override
  void projectionGradient(float[] alpha, int as, int steps, float[] x, int xs, float[] y, int ys, int n, int[] ev,
      float[] dp, int r0, int r1) {
    int pw = xs + ys;
    for (int r = r0; r < r1; r++) {
      int e = ev[r];
      for (int c = 0; c < xs; c += L) {
        FloatVector acc = FloatVector.zero(F);
        for (int i = steps - 1; i >= 0; i--) {
          acc = acc.add(FloatVector.fromArray(F, x, (i * n + e) * xs + c).mul(alpha[i * as + r]));
        }
        acc.intoArray(dp, r * pw + c);
      }
      for (int c = 0; c < ys; c += L) {
        FloatVector acc = FloatVector.zero(F);
        for (int i = steps - 1; i >= 0; i--) {
          acc = acc.add(FloatVector.fromArray(F, y, (i * n + e) * ys + c).mul(alpha[i * as + r]));
        }
        acc.intoArray(dp, r * pw + xs + c);
      }
    }
  }

  @Override
  void context(float[] alpha, int ao, int[] evStart, int[] rows, float[] p, float[] x, int xo, int xs, float[] y,
      int yo, int ys, int n) {
    int pw = xs + ys;
    for (int e = 0; e < n; e++) {
      int q0 = evStart[e];
      int q1 = evStart[e + 1];
      for (int c = 0; c < pw; c += L) {
        FloatVector acc = FloatVector.zero(F);
        for (int q = q0; q < q1; q++) {
          int r = rows[q];
          acc = acc.add(FloatVector.fromArray(F, p, r * pw + c).mul(alpha[ao + r]));
        }
        if (c < xs) {
          int o = xo + e * xs + c;
          FloatVector.fromArray(F, x, o).add(acc).intoArray(x, o);
        } else {
          acc.intoArray(y, yo + e * ys + c - xs);
        }
      }
    }
  }

  @Override
  void gru(float[] gx, int gxOff, float[] gh, int g3, float[] prev, int prevOff, float[] out, int outOff,
      float[] gates, int gOff, float[] mask, int maskOff, int maskStride, int h, int n) {
    FloatVector a13 = FloatVector.broadcast(F, FastMath.A13);
    FloatVector a11 = FloatVector.broadcast(F, FastMath.A11);
    FloatVector a9 = FloatVector.broadcast(F, FastMath.A9);
    FloatVector a7 = FloatVector.broadcast(F, FastMath.A7);
    FloatVector a5 = FloatVector.broadcast(F, FastMath.A5);
    FloatVector a3 = FloatVector.broadcast(F, FastMath.A3);
    FloatVector a1 = FloatVector.broadcast(F, FastMath.A1);
    FloatVector b6 = FloatVector.broadcast(F, FastMath.B6);
    FloatVector b4 = FloatVector.broadcast(F, FastMath.B4);
    FloatVector b2 = FloatVector.broadcast(F, FastMath.B2);
    FloatVector b0 = FloatVector.broadcast(F, FastMath.B0);
    for (int e = 0; e < n; e++) {
      int gxr = gxOff + e * g3;
      int ghr = e * g3;
      int pr = prevOff + e * h;
      int or = outOff + e * h;
      int gr = gOff + e * 4 * h;
      boolean masked = mask != null;
      float m = masked ? mask[maskOff + e * maskStride] : 1f;
      int c = 0;
      for (; c + L <= h; c += L) {
        FloatVector rx = (FloatVector.fromArray(F, gx, gxr + c).add(FloatVector.fromArray(F, gh, ghr + c)).mul(0.5f)).min(CLAMP).max(-CLAMP);
        FloatVector rx2 = rx.mul(rx);
        FloatVector rp = rx2.fma(a13, a11);
        rp = rx2.fma(rp, a9);
        rp = rx2.fma(rp, a7);
        rp = rx2.fma(rp, a5);
        rp = rx2.fma(rp, a3);
        rp = rx2.fma(rp, a1);
        rp = rx.mul(rp);
        FloatVector rq = rx2.fma(b6, b4);
        rq = rx2.fma(rq, b2);
        rq = rx2.fma(rq, b0);
        FloatVector tr = rp.div(rq);
        FloatVector r = tr.mul(0.5f).add(0.5f);
        FloatVector ux = (FloatVector.fromArray(F, gx, gxr + h + c).add(FloatVector.fromArray(F, gh, ghr + h + c)).mul(0.5f)).min(CLAMP).max(-CLAMP);
        FloatVector ux2 = ux.mul(ux);
        FloatVector up = ux2.fma(a13, a11);
        up = ux2.fma(up, a9);
        up = ux2.fma(up, a7);
        up = ux2.fma(up, a5);
        up = ux2.fma(up, a3);
        up = ux2.fma(up, a1);
        up = ux.mul(up);
        FloatVector uq = ux2.fma(b6, b4);
        uq = ux2.fma(uq, b2);
        uq = ux2.fma(uq, b0);
        FloatVector tu = up.div(uq);
        FloatVector u = tu.mul(0.5f).add(0.5f);
        FloatVector ghn = FloatVector.fromArray(F, gh, ghr + 2 * h + c);
        FloatVector nx = (FloatVector.fromArray(F, gx, gxr + 2 * h + c).add(r.mul(ghn))).min(CLAMP).max(-CLAMP);
        FloatVector nx2 = nx.mul(nx);
        FloatVector np = nx2.fma(a13, a11);
        np = nx2.fma(np, a9);
        np = nx2.fma(np, a7);
        np = nx2.fma(np, a5);
        np = nx2.fma(np, a3);
        np = nx2.fma(np, a1);
        np = nx.mul(np);
        FloatVector nq = nx2.fma(b6, b4);
        nq = nx2.fma(nq, b2);
        nq = nx2.fma(nq, b0);
        FloatVector nn = np.div(nq);
        FloatVector hp = FloatVector.fromArray(F, prev, pr + c);
        FloatVector next = u.neg().add(1f).mul(nn).add(u.mul(hp));
        if (masked) {
          next = next.mul(m).add(hp.mul(1f - m));
        }
        next.intoArray(out, or + c);
        r.intoArray(gates, gr + c);
        u.intoArray(gates, gr + h + c);
        nn.intoArray(gates, gr + 2 * h + c);
        ghn.intoArray(gates, gr + 3 * h + c);
      }
      if (c < h) {
        gruRow(gx, gxr, gh, ghr, prev, pr, out, or, gates, gr, masked, m, h, c);
      }
    }
  }

  @Override
  void gruBack(float[] dOut, float[] gates, int gOff, float[] prev, int prevOff, float[] mask, int maskOff,
      int maskStride, float[] dgx, int dgxOff, float[] dgh, int dghOff, int g3, float[] dPrev, int h, int n) {
    for (int e = 0; e < n; e++) {
      int gr = gOff + e * 4 * h;
      int pr = prevOff + e * h;
      int xr = dgxOff + e * g3;
      int hr = dghOff + e * g3;
      int dr = e * h;
      boolean masked = mask != null;
      float m = masked ? mask[maskOff + e * maskStride] : 1f;
      int c = 0;
      for (; c + L <= h; c += L) {
        FloatVector r = FloatVector.fromArray(F, gates, gr + c);
        FloatVector u = FloatVector.fromArray(F, gates, gr + h + c);
        FloatVector nn = FloatVector.fromArray(F, gates, gr + 2 * h + c);
        FloatVector ghn = FloatVector.fromArray(F, gates, gr + 3 * h + c);
        FloatVector dt = FloatVector.fromArray(F, dOut, dr + c);
        FloatVector dnext = masked ? dt.mul(m) : dt;
        FloatVector dn = dnext.mul(u.neg().add(1f));
        FloatVector du = dnext.mul(FloatVector.fromArray(F, prev, pr + c).sub(nn));
        FloatVector dan = dn.mul(nn.mul(nn).neg().add(1f));
        FloatVector dar = dan.mul(ghn).mul(r.mul(r.neg().add(1f)));
        FloatVector dau = du.mul(u.mul(u.neg().add(1f)));
        dar.intoArray(dgx, xr + c);
        dau.intoArray(dgx, xr + h + c);
        dan.intoArray(dgx, xr + 2 * h + c);
        dar.intoArray(dgh, hr + c);
        dau.intoArray(dgh, hr + h + c);
        dan.mul(r).intoArray(dgh, hr + 2 * h + c);
        FloatVector direct = masked ? dt.mul(1f - m) : FloatVector.zero(F);
        direct.add(dnext.mul(u)).intoArray(dPrev, dr + c);
      }
      if (c < h) {
        gruBackRow(dOut, dr, gates, gr, prev, pr, masked, m, dgx, xr, dgh, hr, dPrev, dr, h, c);
      }
      for (int k = 3 * h; k < g3; k++) {
        dgx[xr + k] = 0f;
        dgh[hr + k] = 0f;
      }
    }
  }

  @Override
  void rowScores(float[] keys, float[] q, int qo, int[] ev, float[] vp, int ap, float[] out, int oo, float[] th,
      int to, int r0, int r1) {
    FloatVector a13 = FloatVector.broadcast(F, FastMath.A13);
    FloatVector a11 = FloatVector.broadcast(F, FastMath.A11);
    FloatVector a9 = FloatVector.broadcast(F, FastMath.A9);
    FloatVector a7 = FloatVector.broadcast(F, FastMath.A7);
    FloatVector a5 = FloatVector.broadcast(F, FastMath.A5);
    FloatVector a3 = FloatVector.broadcast(F, FastMath.A3);
    FloatVector a1 = FloatVector.broadcast(F, FastMath.A1);
    FloatVector b6 = FloatVector.broadcast(F, FastMath.B6);
    FloatVector b4 = FloatVector.broadcast(F, FastMath.B4);
    FloatVector b2 = FloatVector.broadcast(F, FastMath.B2);
    FloatVector b0 = FloatVector.broadcast(F, FastMath.B0);
    float[] part = new float[L * L];
    for (int rb = r0; rb < r1; rb += L) {
      int re = Math.min(r1, rb + L);
      for (int r = rb; r < re; r++) {
        int kb = r * ap;
        int qb = qo + ev[r] * ap;
        FloatVector acc = FloatVector.zero(F);
        for (int c = 0; c < ap; c += L) {
          FloatVector ax = (FloatVector.fromArray(F, keys, kb + c).add(FloatVector.fromArray(F, q, qb + c))).min(CLAMP).max(-CLAMP);
          FloatVector ax2 = ax.mul(ax);
          FloatVector ap1 = ax2.fma(a13, a11);
          ap1 = ax2.fma(ap1, a9);
          ap1 = ax2.fma(ap1, a7);
          ap1 = ax2.fma(ap1, a5);
          ap1 = ax2.fma(ap1, a3);
          ap1 = ax2.fma(ap1, a1);
          ap1 = ax.mul(ap1);
          FloatVector aq = ax2.fma(b6, b4);
          aq = ax2.fma(aq, b2);
          aq = ax2.fma(aq, b0);
          FloatVector t = ap1.div(aq);
          t.intoArray(th, to + kb + c);
          acc = FloatVector.fromArray(F, vp, c).fma(t, acc);
        }
        acc.intoArray(part, (r - rb) * L);
      }
      // the lane sums after the block's stores (a wide store read back at once by scalar loads stalls)
      for (int r = rb; r < re; r++) {
        out[oo + r] = laneSum(part, (r - rb) * L);
      }
    }
  }

  @Override
  void rowScoresBack(float[] ths, int to, int qo, int[] ev, float[] vp, int ap, float[] de, int deo, float[] dv,
      float[] dkeys, float[] dq, int r0, int r1) {
    for (int r = r0; r < r1; r++) {
      float ds = de[deo + r];
      if (ds == 0f) {
        continue;
      }
      int kb = r * ap;
      int qb = qo + ev[r] * ap;
      for (int c = 0; c < ap; c += L) {
        FloatVector th = FloatVector.fromArray(F, ths, to + kb + c);
        FloatVector.fromArray(F, dv, c).add(th.mul(ds)).intoArray(dv, c);
        FloatVector dp = FloatVector.fromArray(F, vp, c).mul(ds).mul(th.mul(th).neg().add(1f));
        FloatVector.fromArray(F, dkeys, kb + c).add(dp).intoArray(dkeys, kb + c);
        FloatVector.fromArray(F, dq, qb + c).add(dp).intoArray(dq, qb + c);
      }
    }
  }
}
