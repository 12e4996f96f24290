package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The k-fold quantile regression recovers the known quantiles of a score whose distribution depends on
 * mJJ: score = (mJJ / 3 TeV)^1.5 x Exp(1), so q_alpha(mJJ) = -(mJJ / 3 TeV)^1.5 ln(1 - alpha).
 */
class QuantileRegressionTest {
  static final HuntConfig CONFIG = HuntConfig.defaults().withFitRange(2700, 5000, 20);
  static final HuntEvents EVENTS = new ToyResonance(3500, 0.05).background(6000, 2700, 5000, 5);
  static final int[] ALL = IntStream.range(0, 6000).toArray();
  static final QuantileRegression.Result QR = QuantileRegression.fit(EVENTS.mJJ(), EVENTS.score(), ALL, CONFIG);

  static double truth(double m, double alpha) {
    return -Math.pow(m / 3000, 1.5) * Math.log(1 - alpha);
  }

  @Test
  void recoversKnownQuantiles() {
    List<Double> qs = CONFIG.quantiles();
    for (double m : new double[] {2800, 3200, 3700}) {
      double[] t = QR.meanThresholds(m);
      for (int k = 0; k < qs.size() - 1; k++) {
        double want = truth(m, qs.get(k));
        assertEquals(want, t[k], 0.12 * want, "quantile " + qs.get(k) + " at " + m + " GeV");
      }
      // the 0.99 quantile has only ~1% of the events above it: looser
      double want = truth(m, 0.99);
      assertEquals(want, t[qs.size() - 1], 0.25 * want, "quantile 0.99 at " + m + " GeV");
    }
  }

  @Test
  void acceptanceIsFlatInMass() {
    int[] cat = QuantileRegression.categories(EVENTS.score(), ALL, QR.thresholds());
    // fraction above the 0.7 threshold (categories >= 3), below and above the median mass
    double[] above = new double[2];
    double[] all = new double[2];
    for (int i = 0; i < ALL.length; i++) {
      int half = EVENTS.mJJ()[i] < 3050 ? 0 : 1;
      all[half]++;
      if (cat[i] >= 3) {
        above[half]++;
      }
    }
    for (int h = 0; h < 2; h++) {
      double f = above[h] / all[h];
      double se = Math.sqrt(0.3 * 0.7 / all[h]);
      assertEquals(0.3, f, 4 * se + 0.02, "half " + h + " of " + all[h] + " events");
    }
  }

  @Test
  void noEventIsCutByANetworkThatSawIt() {
    // an event's threshold depends only on the other folds: changing its own score leaves it unchanged
    double[] score = EVENTS.score().clone();
    int i = 17;
    score[i] = 1e3;
    HuntConfig fast = CONFIG.withQrEpochs(3);
    QuantileRegression.Result a = QuantileRegression.fit(EVENTS.mJJ(), EVENTS.score(), ALL, fast);
    QuantileRegression.Result b = QuantileRegression.fit(EVENTS.mJJ(), score, ALL, fast);
    assertArrayEquals(a.thresholds()[i], b.thresholds()[i], 0.0);
    // while events of the other folds see a changed network
    int other = IntStream.range(0, ALL.length).filter(j -> a.fold()[j] != a.fold()[i]).findFirst().orElseThrow();
    assertTrue(a.thresholds()[other][0] != b.thresholds()[other][0]);
    // and the same seed gives bit-identical thresholds
    QuantileRegression.Result c = QuantileRegression.fit(EVENTS.mJJ(), EVENTS.score(), ALL, fast);
    for (int j = 0; j < ALL.length; j += 97) {
      assertArrayEquals(a.thresholds()[j], c.thresholds()[j], 0.0);
    }
  }

  @Test
  void thresholdsAscend() {
    for (double[] t : QR.thresholds()) {
      for (int k = 1; k < t.length; k++) {
        assertTrue(t[k] >= t[k - 1]);
      }
    }
  }
}
