package org.nphunt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ThresholdTest {
  @Test
  void thresholdIsTheKPlusFirstLargestBackground() {
    // 10 background events 1..10: FPR 0.2 -> k = 2 -> threshold = 3rd largest = 8; selected: 9, 10
    SortedScores b = SortedScores.of(new double[] {4, 2, 9, 1, 10, 3, 5, 8, 6, 7}, "b");
    assertEquals(8, b.thresholdAtFpr(0.2));
    assertEquals(2, b.countAbove(8));
    // FPR 0.25 -> k = floor(2.5) = 2 again: never above target
    assertEquals(8, b.thresholdAtFpr(0.25));
    // FPR below 1/n: nothing selected, threshold at the maximum
    assertEquals(10, b.thresholdAtFpr(0.05));
    assertEquals(0, b.countAbove(10));
  }

  @Test
  void roundingOfAlphaTimesNDoesNotLoseAnEvent() {
    double[] v = new double[100];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    SortedScores b = SortedScores.of(v, "b");
    // 0.29 * 100 = 28.999999999999996 in doubles; 29 events must be selected
    assertEquals(29, b.countAbove(b.thresholdAtFpr(0.29)));
  }

  @Test
  void tiesAtTheThresholdLowerTheAchievedFpr() {
    // background 1,2,3,3,3,4 (n=6); FPR 0.5 -> k=3 -> threshold = 4th largest = 3; only 4 is above
    SortedScores b = SortedScores.of(new double[] {1, 2, 3, 3, 3, 4}, "b");
    SortedScores s = SortedScores.of(new double[] {3, 3.5, 5}, "s");
    EvaluationConfig cfg = new EvaluationConfig(java.util.List.of(0.5), 0.68, 1, 10, null);
    TprAtFpr t = TprAtFpr.measure(b, s, 0.5, cfg);
    assertEquals(RateStatus.OK, t.status());
    assertEquals(3, t.threshold());
    assertEquals(1.0 / 6, t.fpr(), 1e-15);
    assertEquals(2.0 / 3, t.tpr(), 1e-15);
    assertEquals(1, t.backgroundSelected());
    assertEquals(2, t.signalSelected());
    assertEquals(ClopperPearson.interval(2, 3, 0.68), t.tprInterval());
  }

  @Test
  void tooLittleBackgroundSaysSo() {
    SortedScores b = SortedScores.of(new double[99_999], "b");
    SortedScores s = SortedScores.of(new double[] {1}, "s");
    TprAtFpr t = TprAtFpr.measure(b, s, 1e-4, EvaluationConfig.defaults());
    assertEquals(RateStatus.INSUFFICIENT_BACKGROUND, t.status());
    assertEquals(100_000, t.minBackground());
    assertNull(t.tpr());
    assertEquals("n/a (needs >= 1e5 bkg)", t.display());
    TprAtFpr ok = TprAtFpr.measure(b, s, 1e-3, EvaluationConfig.defaults());
    assertEquals(RateStatus.OK, ok.status());
  }
}
