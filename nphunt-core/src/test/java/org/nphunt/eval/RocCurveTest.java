package org.nphunt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.random.Seeds;

class RocCurveTest {
  private static SortedScores s(double... v) {
    return SortedScores.of(v, "test");
  }

  @Test
  void handBuiltCurveWithTies() {
    // background 1,2,3,3 ; signal 3,4 -> thresholds 4,3,2,1
    RocCurve roc = RocCurve.of(s(1, 2, 3, 3), s(3, 4));
    assertArrayEquals(new double[] {0, 0, 0.5, 0.75, 1}, roc.fpr(), 0);
    assertArrayEquals(new double[] {0, 0.5, 1, 1, 1}, roc.tpr(), 0);
    assertArrayEquals(new double[] {Math.nextUp(4.0), 4, 3, 2, 1}, roc.threshold(), 0);
    // area: (0.5 wide, 0.5..1 tall) = 0.375, then 0.5 at height 1 -> 0.875
    assertEquals(0.875, roc.auc(), 1e-15);
    // P(s>b) + P(s=b)/2 = (4 + 3 + 0.5*2)/8 ... signal 3 beats 1,2 and ties 3,3; signal 4 beats all
    assertEquals((2 + 0.5 * 2 + 4) / 8.0, Auc.mannWhitney(s(1, 2, 3, 3), s(3, 4)), 1e-15);
  }

  @Test
  void allTiedIsTheDiagonal() {
    RocCurve roc = RocCurve.of(s(5, 5, 5), s(5, 5));
    assertArrayEquals(new double[] {0, 1}, roc.fpr(), 0);
    assertArrayEquals(new double[] {0, 1}, roc.tpr(), 0);
    assertEquals(0.5, roc.auc(), 0);
    assertEquals(0.5, Auc.mannWhitney(s(5, 5, 5), s(5, 5)), 0);
  }

  @Test
  void perfectAndInvertedSeparation() {
    assertEquals(1.0, RocCurve.of(s(0, 1, 2), s(3, 4)).auc(), 0);
    assertEquals(0.0, RocCurve.of(s(3, 4), s(0, 1, 2)).auc(), 0);
    assertEquals(0.0, Auc.mannWhitney(s(3, 4), s(0, 1, 2)), 0);
  }

  @Test
  void emptyClassIsAnErrorNotOneHalf() {
    NphuntException e = assertThrows(NphuntException.class, () -> SortedScores.of(new double[0], "model dense, SM, score mse"));
    assertTrue(e.getMessage().contains("model dense, SM, score mse: no events"), e.getMessage());
  }

  @Test
  void nanIsRejectedWithItsIndex() {
    NphuntException e = assertThrows(NphuntException.class, () -> SortedScores.of(new double[] {1, 2, Double.NaN}, "sig"));
    assertEquals("sig: score at event 2 is NaN (scores must be finite)", e.getMessage());
    assertThrows(NphuntException.class, () -> SortedScores.of(new double[] {Double.POSITIVE_INFINITY}, "sig"));
  }

  @Test
  void callerArrayIsNotModified() {
    double[] v = {3, 1, 2};
    SortedScores.of(v, "x");
    assertArrayEquals(new double[] {3, 1, 2}, v, 0);
  }

  @Test
  void downsampleKeepsEndsMonotonicityAndShape() {
    SplittableRandom r = Seeds.random(1, "test/roc", 0);
    double[] b = new double[50_000];
    double[] sg = new double[20_000];
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextDouble();
    }
    for (int i = 0; i < sg.length; i++) {
      sg[i] = Math.sqrt(r.nextDouble());
    }
    RocCurve full = RocCurve.of(s(b), s(sg));
    RocCurve small = full.downsample(100);
    assertTrue(small.size() <= 302, "points " + small.size());
    assertEquals(0, small.fpr()[0]);
    assertEquals(1, small.fpr()[small.size() - 1]);
    for (int i = 1; i < small.size(); i++) {
      assertTrue(small.fpr()[i] >= small.fpr()[i - 1] && small.tpr()[i] >= small.tpr()[i - 1]);
    }
    // with all three bucketings the reduced curve's area differs from the full one by < 1/bins^2-ish
    assertEquals(full.auc(), small.auc(), 2e-3);
    // sqrt(U) against U: AUC = P(sqrt(u1) > u2) = 2/3
    assertEquals(2.0 / 3, full.auc(), 0.01);
    // the single-pass reduction equals reducing the full curve, and keeps the full curve's area
    RocCurve.Reduced streamed = RocCurve.reduced(s(b), s(sg), 100);
    assertEquals(small, streamed.roc());
    assertEquals(full.auc(), streamed.auc(), 1e-15);
  }
}
