package org.nphunt.hunt;

/**
 * The pinball (quantile) loss of quantile regression (Koenker and Bassett, Econometrica 46 (1978) 33):
 * L_alpha(y, y^) = alpha (y - y^) if y &gt;= y^, else (alpha - 1)(y - y^). Its expectation over y is
 * minimised by y^ = the alpha-quantile of y, so a network trained with it predicts the conditional
 * quantile; here alpha is the background acceptance of the cut "score &lt;= y^" (0.9: 90% of the
 * background falls below the threshold).
 */
public final class PinballLoss {
  private PinballLoss() {}

  /** L_alpha(y, yHat); alpha in (0, 1). */
  public static double loss(double y, double yHat, double alpha) {
    double d = y - yHat;
    return d >= 0 ? alpha * d : (alpha - 1) * d;
  }

  /** dL / d yHat: -alpha for y &gt; yHat, 1 - alpha for y &lt; yHat (the subgradient -alpha at y = yHat). */
  public static double gradient(double y, double yHat, double alpha) {
    return y >= yHat ? -alpha : 1 - alpha;
  }

  /** Mean loss over values y for one constant prediction yHat. */
  public static double mean(double[] y, double yHat, double alpha) {
    double s = 0;
    for (double v : y) {
      s += loss(v, yHat, alpha);
    }
    return s / y.length;
  }
}
