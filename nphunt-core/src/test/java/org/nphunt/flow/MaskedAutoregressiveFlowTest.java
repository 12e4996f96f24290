package org.nphunt.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.json.Json;

/**
 * The MAF against truth: analytic gradients against central differences, the autoregressive structure
 * (triangular Jacobian), normalisation (exp log p integrated over a grid is 1 in one and two dimensions,
 * for several conditions), and the recovery of a known conditional Gaussian's log-density by training.
 */
class MaskedAutoregressiveFlowTest {

  /** A flow whose parameters are all far from the near-identity start, so every path matters. */
  static MaskedAutoregressiveFlow randomFlow(int d, int nc, int blocks, int width, double scale, long seed) {
    MaskedAutoregressiveFlow f = new MaskedAutoregressiveFlow(d, nc, new FlowConfig(blocks, 2, width, 1, 16, 1e-3, 0),
        new SplittableRandom(seed));
    double[] p = f.parameters();
    double[] m = f.mask();
    SplittableRandom r = new SplittableRandom(seed + 1);
    for (int i = 0; i < p.length; i++) {
      p[i] = m[i] * scale * r.nextGaussian();
    }
    return f;
  }

  @Test
  void analyticGradientMatchesCentralDifferences() {
    MaskedAutoregressiveFlow f = randomFlow(3, 2, 3, 7, 0.4, 5);
    double[] x = {0.3, -1.2, 0.8};
    double[] c = {0.5, -0.7};
    double[] g = f.gradient(x, c);
    double[] p = f.parameters();
    double[] m = f.mask();
    int checked = 0;
    double worst = 0;
    for (int i = 0; i < p.length; i++) {
      if (m[i] == 0) {
        assertEquals(0, g[i], 0.0, "masked parameter " + i);
        continue;
      }
      double h = 1e-6;
      double keep = p[i];
      p[i] = keep + h;
      double up = -f.logDensity(x, c);
      p[i] = keep - h;
      double down = -f.logDensity(x, c);
      p[i] = keep;
      double num = (up - down) / (2 * h);
      double err = Math.abs(num - g[i]) / Math.max(1e-3, Math.abs(num) + Math.abs(g[i]));
      worst = Math.max(worst, err);
      checked++;
    }
    assertTrue(checked > 200, "free parameters checked: " + checked);
    assertTrue(worst < 1e-6, "worst relative error of the analytic gradient: " + worst);
  }

  @Test
  void eachBlockIsAutoregressiveInItsOrder() {
    // one block: u_i may depend on x_j only for j earlier in the order (or j = i)
    MaskedAutoregressiveFlow f = randomFlow(4, 1, 1, 9, 0.7, 8);
    int[] deg = f.inputDegrees(0);
    double[] x = {0.1, -0.4, 1.3, 0.6};
    double[] c = {0.2};
    MaskedAutoregressiveFlow.Work w0 = f.work();
    f.forward(w0, x, c);
    for (int j = 0; j < 4; j++) {
      double[] xp = x.clone();
      xp[j] += 0.37;
      MaskedAutoregressiveFlow.Work w = f.work();
      f.forward(w, xp, c);
      for (int i = 0; i < 4; i++) {
        boolean mayDepend = deg[j] < deg[i] || i == j;
        double change = Math.abs(w.x[1][i] - w0.x[1][i]);
        if (!mayDepend) {
          assertEquals(0, change, 0.0, "u_" + i + " must not depend on x_" + j);
        } else {
          assertTrue(change > 1e-9, "u_" + i + " should depend on x_" + j);
        }
      }
    }
    // the second block's order is reversed
    assertArrayEquals(new int[] {4, 3, 2, 1}, randomFlow(4, 1, 2, 9, 0.7, 8).inputDegrees(1));
  }

  @Test
  void densityIntegratesToOneIn1d() {
    MaskedAutoregressiveFlow f = randomFlow(1, 1, 4, 8, 0.5, 11);
    for (double c : new double[] {-1.5, 0, 2}) {
      // Simpson's rule on [-40, 40]
      int n = 40_000;
      double a = -40;
      double h = 80.0 / n;
      double s = 0;
      for (int i = 0; i <= n; i++) {
        double wgt = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
        s += wgt * Math.exp(f.logDensity(new double[] {a + i * h}, new double[] {c}));
      }
      assertEquals(1, s * h / 3, 1e-6, "integral of p(x | c = " + c + ")");
    }
  }

  @Test
  void densityIntegratesToOneIn2d() {
    MaskedAutoregressiveFlow f = randomFlow(2, 1, 3, 8, 0.35, 12);
    for (double c : new double[] {-1, 1.5}) {
      int n = 600;
      double lim = 30;
      double h = 2 * lim / n;
      double s = 0;
      MaskedAutoregressiveFlow.Work w = f.work();
      double[] x = new double[2];
      double[] cc = {c};
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          x[0] = -lim + (i + 0.5) * h;
          x[1] = -lim + (j + 0.5) * h;
          s += Math.exp(f.forward(w, x, cc));
        }
      }
      assertEquals(1, s * h * h, 2e-3, "integral of p(x | c = " + c + ") over the plane");
    }
  }

  @Test
  void recoversAConditionalGaussian() {
    // x1 = c + 0.5 e1, x2 = -0.5 c + 0.3 x1 + 0.8 e2: a correlated Gaussian whose mean moves with c
    int n = 6000;
    double[][] x = new double[n][];
    double[][] c = new double[n][];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      double ci = 2 * r.nextDouble() - 1;
      double x1 = ci + 0.5 * r.nextGaussian();
      double x2 = -0.5 * ci + 0.3 * x1 + 0.8 * r.nextGaussian();
      x[i] = new double[] {x1, x2};
      c[i] = new double[] {ci};
    }
    int[] rows = new int[n / 2];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    MaskedAutoregressiveFlow f = new MaskedAutoregressiveFlow(2, 1, new FlowConfig(3, 2, 16, 25, 128, 3e-3, 0.1),
        new SplittableRandom(4));
    MaskedAutoregressiveFlow.Training t = f.train(x, c, rows, new SplittableRandom(5));
    assertTrue(t.trainLoss()[t.trainLoss().length - 1] < t.trainLoss()[0], "the loss falls");
    // on the held-out half: the learned log-density against the true one, event by event
    double diff = 0;
    double absDiff = 0;
    for (int i = n / 2; i < n; i++) {
      double ci = c[i][0];
      double z1 = (x[i][0] - ci) / 0.5;
      double z2 = (x[i][1] + 0.5 * ci - 0.3 * x[i][0]) / 0.8;
      double truth = -0.5 * (z1 * z1 + z2 * z2) - Math.log(2 * Math.PI) - Math.log(0.5 * 0.8);
      double learned = f.logDensity(x[i], c[i]);
      diff += learned - truth;
      absDiff += Math.abs(learned - truth);
    }
    int m = n - n / 2;
    // the mean difference estimates -KL(truth || learned) on the test sample
    assertTrue(Math.abs(diff / m) < 0.03, "mean log p learned - true: " + diff / m);
    assertTrue(absDiff / m < 0.1, "mean |log p learned - true|: " + absDiff / m);
  }

  @Test
  void sameSeedSameFlow() {
    double[][] x = new double[300][];
    double[][] c = new double[300][];
    SplittableRandom r = new SplittableRandom(1);
    int[] rows = new int[300];
    for (int i = 0; i < 300; i++) {
      x[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
      c[i] = new double[] {r.nextDouble()};
      rows[i] = i;
    }
    FlowConfig cfg = new FlowConfig(2, 1, 8, 3, 32, 1e-3, 0.2);
    MaskedAutoregressiveFlow a = new MaskedAutoregressiveFlow(2, 1, cfg, new SplittableRandom(9));
    MaskedAutoregressiveFlow b = new MaskedAutoregressiveFlow(2, 1, cfg, new SplittableRandom(9));
    a.train(x, c, rows, new SplittableRandom(10));
    b.train(x, c, rows, new SplittableRandom(10));
    assertArrayEquals(a.parameters(), b.parameters());
  }

  @Test
  void configValidatesAndRoundTrips() {
    FlowConfig cfg = FlowConfig.defaults();
    assertEquals(cfg, Json.read(Json.write(cfg), FlowConfig.class, "test"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FlowConfig(0, 2, 32, 40, 256, 2e-3, 0.1));
    assertEquals("blocks must be in [1, 50], found 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FlowConfig(5, 2, 32, 40, 256, 0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new FlowConfig(5, 2, 32, 40, 256, 1e-3, 0.7));
    MaskedAutoregressiveFlow f = new MaskedAutoregressiveFlow(2, 1, cfg, new SplittableRandom(1));
    assertThrows(IllegalArgumentException.class, () -> f.logDensity(new double[] {1}, new double[] {0}));
    assertThrows(NphuntException.class, () -> f.train(new double[][] {{0, 0}}, new double[][] {{0}}, new int[] {0},
        new SplittableRandom(1)));
  }
}
