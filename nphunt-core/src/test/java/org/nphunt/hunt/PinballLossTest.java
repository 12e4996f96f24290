package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pinball loss against its definition and its defining property (minimised by the quantile). */
class PinballLossTest {
  @Test
  void handValues() {
    assertEquals(0.9 * 2, PinballLoss.loss(3, 1, 0.9), 1e-15);
    assertEquals(0.1 * 2, PinballLoss.loss(1, 3, 0.9), 1e-15);
    assertEquals(0.0, PinballLoss.loss(2, 2, 0.3), 0.0);
    assertEquals(-0.3, PinballLoss.gradient(5, 1, 0.3), 0.0);
    assertEquals(0.7, PinballLoss.gradient(1, 5, 0.3), 0.0);
  }

  @Test
  void gradientIsTheDerivative() {
    for (double alpha : new double[] {0.3, 0.5, 0.99}) {
      for (double y : new double[] {-1.5, 0.2, 4}) {
        for (double yHat : new double[] {-2, 0.1, 3.3}) {
          double h = 1e-6;
          double num = (PinballLoss.loss(y, yHat + h, alpha) - PinballLoss.loss(y, yHat - h, alpha)) / (2 * h);
          assertEquals(num, PinballLoss.gradient(y, yHat, alpha), 1e-8);
        }
      }
    }
  }

  /**
   * The mean loss over a sample is smallest at the sample alpha-quantile; for y ~ Exp(1) the expected
   * loss at the true quantile q = -ln(1 - alpha) has the closed form
   * E L(q) = alpha (E y - q) + q F(q) - E[y 1{y &lt; q}] = alpha - (1 - (1 + q) e^-q).
   */
  @Test
  void minimisedByTheQuantile() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 200_001;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = -Math.log(1 - r.nextDouble());
    }
    double[] sorted = y.clone();
    Arrays.sort(sorted);
    for (double alpha : new double[] {0.3, 0.5, 0.7, 0.9, 0.99}) {
      double q = sorted[(int) Math.ceil(alpha * n) - 1];
      double at = PinballLoss.mean(y, q, alpha);
      assertTrue(at <= PinballLoss.mean(y, q * 1.01, alpha) && at <= PinballLoss.mean(y, q * 0.99, alpha), "alpha " + alpha);
      double qTrue = -Math.log(1 - alpha);
      double expected = alpha - (1 - (1 + qTrue) * Math.exp(-qTrue));
      assertEquals(expected, PinballLoss.mean(y, qTrue, alpha), 0.01, "alpha " + alpha);
      assertEquals(qTrue, q, 0.05 * qTrue + 0.01);
    }
  }
}
