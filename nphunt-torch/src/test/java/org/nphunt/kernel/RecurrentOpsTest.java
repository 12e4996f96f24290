package org.nphunt.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The element-wise kernels of the recurrent autoencoder: {@link FastMath#tanh} and
 * {@link FastMath#sigmoid} against the exact functions, and the Vector API {@link RecurrentOps} bit for
 * bit against the scalar definition, on whole blocks and on event ranges [e0, e1) that start inside a
 * vector and end in a scalar tail.
 */
class RecurrentOpsTest {
  private static final RecurrentOps S = RecurrentOps.scalar();

  private static RecurrentOps vector() {
    Kernels k = Kernels.vector();
    assertNotNull(k, "the tests run with --add-modules jdk.incubator.vector (pom.xml argLine)");
    RecurrentOps v = RecurrentOps.of(k);
    assertTrue(v != S, "vector ops loaded");
    return v;
  }

  private static float[] random(SplittableRandom r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  @Test
  void tanhAndSigmoidAgainstTheExactFunctions() {
    double worstTanh = 0;
    double worstSigmoid = 0;
    for (int i = -2_000_000; i <= 2_000_000; i++) {
      float x = i * 1e-5f;
      worstTanh = Math.max(worstTanh, Math.abs(FastMath.tanh(x) - Math.tanh(x)));
      worstSigmoid = Math.max(worstSigmoid, Math.abs(FastMath.sigmoid(x) - 1 / (1 + Math.exp(-x))));
    }
    assertTrue(worstTanh < 3e-7, "tanh error " + worstTanh);
    assertTrue(worstSigmoid < 3e-7, "sigmoid error " + worstSigmoid);
    assertEquals(-FastMath.tanh(0.37f), FastMath.tanh(-0.37f));
    assertEquals(0f, FastMath.tanh(0f));
    assertEquals(FastMath.tanh(7.9054f), FastMath.tanh(1e30f));
    assertTrue(FastMath.tanh(1e30f) > 0.9999997f && FastMath.tanh(1e30f) < 1f);
    assertTrue(Float.isNaN(FastMath.tanh(Float.NaN)));
  }

  @Test
  void vectorGruMatchesScalarBits() {
    RecurrentOps v = vector();
    SplittableRandom r = new SplittableRandom(3);
    for (int h : new int[] {32, 7, 20}) {
      int g3 = Kernels.pad(3 * h);
      int n = 11;
      float[] gx = random(r, 2 * n * g3, 4);
      float[] gh = random(r, n * g3, 4);
      float[] prev = random(r, 2 * n * h, 1);
      float[] mask = new float[2 * n];
      for (int e = 0; e < mask.length; e++) {
        mask[e] = e % 3 == 0 ? 0f : e % 5 == 0 ? 0.5f : 1f;
      }
      for (boolean masked : new boolean[] {false, true}) {
        float[][] out = new float[2][2 * n * h];
        float[][] gates = new float[2][2 * n * 4 * h];
        RecurrentOps[] ops = {S, v};
        for (int o = 0; o < 2; o++) {
          ops[o].gru(gx, g3, gh, g3, prev, h, out[o], h, gates[o], 4 * h, masked ? mask : null, 1, 2, h, n - 1);
        }
        assertArrayEquals(out[0], out[1], "gru h " + h);
        assertArrayEquals(gates[0], gates[1], "gru gates h " + h);
        float[] dOut = random(r, n * h, 1);
        float[][] dgx = new float[2][2 * n * g3];
        float[][] dgh = new float[2][2 * n * g3];
        float[][] dPrev = new float[2][n * h];
        for (int o = 0; o < 2; o++) {
          ops[o].gruBack(dOut, gates[0], 4 * h, prev, h, masked ? mask : null, 1, 2, dgx[o], g3, dgh[o], g3, g3,
              dPrev[o], h, n - 1);
        }
        assertArrayEquals(dgx[0], dgx[1], "gruBack dgx h " + h);
        assertArrayEquals(dgh[0], dgh[1], "gruBack dgh h " + h);
        assertArrayEquals(dPrev[0], dPrev[1], "gruBack dPrev h " + h);
      }
    }
  }

  @Test
  void vectorAttentionMatchesScalarBitsOnEveryRange() {
    RecurrentOps v = vector();
    SplittableRandom r = new SplittableRandom(5);
    for (int a : new int[] {20, 32, 48}) {
      int ap = Kernels.pad(a);
      int n = 7;
      int rows = 23;
      int xs = 48;
      int ys = 16;
      int[] ev = new int[rows];
      for (int q = 0; q < rows; q++) {
        ev[q] = r.nextInt(n);
      }
      float[] keys = padded(random(r, rows * ap, 3), rows, a, ap);
      float[] q = padded(random(r, 2 * n * ap, 3), 2 * n, a, ap);
      float[] vp = java.util.Arrays.copyOf(random(r, a, 1), ap);
      float[] de = random(r, rows + 3, 1);
      de[5] = 0f;
      float[] x = random(r, 2 * n * xs, 1);
      float[] y = random(r, 2 * n * ys, 1);
      float[] p = random(r, rows * (xs + ys), 1);
      int[][] ranges = {{0, rows}, {0, 1}, {4, 17}, {22, 23}};
      for (int[] rg : ranges) {
        float[][] sc = new float[2][rows + 2];
        float[][] dv = new float[2][ap];
        float[][] dk = new float[2][rows * ap];
        float[][] dq = new float[2][2 * n * ap];
        float[][] dots = new float[2][rows + 2];
        float[][] th = new float[2][1 + rows * ap];
        RecurrentOps[] ops = {S, v};
        for (int o = 0; o < 2; o++) {
          java.util.Arrays.fill(sc[o], 0.25f);
          ops[o].rowScores(keys, q, n * ap, ev, vp, ap, sc[o], 2, th[o], 1, rg[0], rg[1]);
          ops[o].rowScoresBack(th[o], 1, n * ap, ev, vp, ap, de, 3, dv[o], dk[o], dq[o], rg[0], rg[1]);
          java.util.Arrays.fill(dots[o], 9f);
          ops[o].rowDots(x, n * xs, xs, y, n * ys, ys, ev, p, dots[o], 1, rg[0], rg[1]);
        }
        String what = " a " + a + " [" + rg[0] + ", " + rg[1] + ")";
        assertArrayEquals(sc[0], sc[1], "rowScores" + what);
        assertArrayEquals(th[0], th[1], "rowScores tanh" + what);
        for (int c = 0; c < ap; c++) {
          int r0 = rg[0];
          assertEquals(FastMath.tanh(keys[r0 * ap + c] + q[n * ap + ev[r0] * ap + c]), th[0][1 + r0 * ap + c]);
        }
        assertArrayEquals(dv[0], dv[1], "rowScoresBack dv" + what);
        assertArrayEquals(dk[0], dk[1], "rowScoresBack dkeys" + what);
        assertArrayEquals(dq[0], dq[1], "rowScoresBack dq" + what);
        assertArrayEquals(dots[0], dots[1], "rowDots" + what);
        for (int q0 = 0; q0 < rows; q0++) {
          boolean in = q0 >= rg[0] && q0 < rg[1];
          assertEquals(in, sc[0][2 + q0] != 0.25f, "rowScores touch only the range" + what + " at " + q0);
          assertEquals(in, dots[0][1 + q0] != 9f, "rowDots touch only the range" + what + " at " + q0);
          boolean moved = false;
          for (int c = 0; c < ap; c++) {
            moved |= dk[0][q0 * ap + c] != 0f;
          }
          assertEquals(in && de[3 + q0] != 0f, moved, "rowScoresBack touches the range's rows with de != 0" + what);
        }
        for (int c = a; c < ap; c++) {
          assertEquals(0f, Math.abs(dv[0][c]), "padding lanes stay zero");
        }
      }
    }
  }

  @Test
  void vectorContextMatchesScalarBits() {
    RecurrentOps v = vector();
    SplittableRandom r = new SplittableRandom(9);
    int n = 6;
    int xs = 96;
    int ys = 16;
    int pw = xs + ys;
    int[] evStart = {0, 3, 3, 4, 8, 9, 12};
    int[] rows = {5, 0, 7, 2, 11, 1, 3, 9, 4, 6, 8, 10};
    float[] alpha = random(r, 14, 1);
    alpha[2 + 7] = 0f;
    float[] p = random(r, 12 * pw, 2);
    float[] x0 = random(r, (n + 1) * xs, 1);
    float[][] x = {x0.clone(), x0.clone()};
    float[][] y = {new float[(n + 1) * ys], new float[(n + 1) * ys]};
    RecurrentOps[] ops = {S, v};
    for (int o = 0; o < 2; o++) {
      java.util.Arrays.fill(y[o], 7f);
      ops[o].context(alpha, 2, evStart, rows, p, x[o], xs, xs, y[o], ys, ys, n);
    }
    assertArrayEquals(x[0], x[1], "context x");
    assertArrayEquals(y[0], y[1], "context y");
    assertEquals(x0[2 * xs + 5], x[0][2 * xs + 5], "an event without rows adds +0");
    assertEquals(0f, y[0][2 * ys + 3], "an event without rows stores +0");
    assertEquals(7f, y[0][3], "outside the events untouched");
    double want = 0;
    for (int q = 4; q < 8; q++) {
      want += (double) alpha[2 + rows[q]] * p[rows[q] * pw + xs + 1];
    }
    assertEquals(want, y[0][(1 + 3) * ys + 1], 1e-5);
  }

  @Test
  void vectorProjectionGradientMatchesScalarBits() {
    RecurrentOps v = vector();
    SplittableRandom r = new SplittableRandom(10);
    int steps = 5;
    int n = 4;
    int rows = 9;
    int as = 11;
    int xs = 96;
    int ys = 16;
    int[] ev = {0, 1, 3, 0, 2, 3, 1, 1, 0};
    float[] alpha = random(r, steps * as, 1);
    alpha[2 * as + 4] = 0f;
    float[] x = random(r, steps * n * xs, 1);
    float[] y = random(r, steps * n * ys, 1);
    float[][] dp = {new float[rows * (xs + ys)], new float[rows * (xs + ys)]};
    RecurrentOps[] ops = {S, v};
    for (int o = 0; o < 2; o++) {
      java.util.Arrays.fill(dp[o], 5f);
      ops[o].projectionGradient(alpha, as, steps, x, xs, y, ys, n, ev, dp[o], 1, 8);
    }
    assertArrayEquals(dp[0], dp[1], "projectionGradient");
    assertEquals(5f, dp[0][3], "rows outside the range untouched");
    assertEquals(5f, dp[0][8 * (xs + ys) + 3], "rows outside the range untouched");
    double want = 0;
    for (int i = 0; i < steps; i++) {
      want += (double) alpha[i * as + 4] * y[(i * n + ev[4]) * ys + 2];
    }
    assertEquals(want, dp[0][4 * (xs + ys) + xs + 2], 1e-5);
  }

  /** The terms of the row operations against a double-precision sum (their order only rounds). */
  @Test
  void rowOperationsAgreeWithDoubleSums() {
    SplittableRandom r = new SplittableRandom(8);
    int ap = 32;
    float[] keys = random(r, ap, 2);
    float[] q = random(r, ap, 2);
    float[] vp = random(r, ap, 1);
    double want = 0;
    for (int c = 0; c < ap; c++) {
      want += vp[c] * Math.tanh((double) keys[c] + q[c]);
    }
    float[] out = new float[1];
    S.rowScores(keys, q, 0, new int[] {0}, vp, ap, out, 0, new float[ap], 0, 0, 1);
    assertEquals(want, out[0], 1e-5);
    float[] x = random(r, 48, 1);
    float[] y = random(r, 16, 1);
    float[] p = random(r, 64, 1);
    double dot = 0;
    for (int c = 0; c < 48; c++) {
      dot += (double) x[c] * p[c];
    }
    for (int c = 0; c < 16; c++) {
      dot += (double) y[c] * p[48 + c];
    }
    S.rowDots(x, 0, 48, y, 0, 16, new int[] {0}, p, out, 0, 0, 1);
    assertEquals(dot, out[0], 1e-5);
  }

  private static float[] padded(float[] a, int rows, int width, int stride) {
    float[] o = new float[rows * stride];
    for (int q = 0; q < rows; q++) {
      System.arraycopy(a, q * stride, o, q * stride, width);
    }
    return o;
  }
}
