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
    int a = 20;
    int n = 37;
    int d = 24;
    float[] keysT = random(r, 2 * a * n, 3);
    float[] qT = random(r, a * n, 3);
    float[] vv = random(r, a, 1);
    float[] de = random(r, 2 * n, 1);
    float[] hsT = random(r, 2 * d * n, 1);
    float[] dcT = random(r, d * n, 1);
    int[][] ranges = {{0, n}, {0, 16}, {16, 32}, {32, n}, {5, 30}, {3, 4}};
    for (int[] rg : ranges) {
      float[][] sc = new float[2][2 * n];
      float[][] dv = new float[2][a * n];
      float[][] dk = new float[2][2 * a * n];
      float[][] dq = new float[2][a * n];
      float[][] dots = new float[2][2 * n];
      RecurrentOps[] ops = {S, v};
      for (int o = 0; o < 2; o++) {
        java.util.Arrays.fill(sc[o], 0.25f);
        ops[o].scores(keysT, a * n, qT, 0, vv, a, sc[o], n, n, rg[0], rg[1]);
        ops[o].scoresBack(keysT, a * n, qT, 0, vv, a, de, n, dv[o], dk[o], dq[o], n, rg[0], rg[1]);
        java.util.Arrays.fill(dots[o], 9f);
        ops[o].dots(hsT, d * n, dcT, 0, d, dots[o], n, n, rg[0], rg[1]);
      }
      String what = " [" + rg[0] + ", " + rg[1] + ")";
      assertArrayEquals(sc[0], sc[1], "scores" + what);
      assertArrayEquals(dv[0], dv[1], "scoresBack dv" + what);
      assertArrayEquals(dk[0], dk[1], "scoresBack dkeys" + what);
      assertArrayEquals(dq[0], dq[1], "scoresBack dq" + what);
      assertArrayEquals(dots[0], dots[1], "dots" + what);
      for (int e = 0; e < n; e++) {
        boolean in = e >= rg[0] && e < rg[1];
        assertEquals(in, sc[0][n + e] != 0.25f, "scores touch only the range" + what + " at " + e);
        assertEquals(in, dots[0][n + e] != 9f, "dots touch only the range" + what + " at " + e);
        assertEquals(0.25f, sc[0][e], "other slot untouched");
      }
    }
  }
}
