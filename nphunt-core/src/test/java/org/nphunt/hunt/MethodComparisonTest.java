package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;

/**
 * The supervised reference and the per-method curves on CWoLa hunting's planted case (two features,
 * N(0, 1) background, N(2, 0.5) signal at 3.5 TeV): the supervised classifier beats a random score by far
 * and is at least as good as CWoLa (which never sees a label); the SIC and ROC curves are consistent with
 * their definitions and with a hand-computed case.
 */
class MethodComparisonTest {

  @Test
  void supervisedBeatsRandomAndIsAtLeastAsGoodAsCwola() {
    CwolaHuntingTest.events(12_000, 250, 3);
    double[][] x = CwolaHuntingTest.features;
    double[] m = CwolaHuntingTest.mJJ;
    int[] label = CwolaHuntingTest.label;
    int[] window = IntStream.range(0, m.length).filter(i -> m[i] >= 3300 && m[i] < 3700).toArray();
    double[] sup = SupervisedReference.run(x, label, window, 5, 2, 16, 15, 7);
    CwolaHunting.Result cw = CwolaHunting.run(x, m, 3300, 3700, 400, 5, 2, 16, 15, 7);
    SplittableRandom r = new SplittableRandom(1);
    double[] random = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      random[i] = r.nextDouble();
    }
    MethodCurves s = curves("supervised", sup, window, label);
    MethodCurves c = curves("CWoLa", cw.score(), window, label);
    MethodCurves n = curves("random", random, window, label);
    assertTrue(s.auc() > 0.95, "supervised AUC " + s.auc());
    assertEquals(0.5, n.auc(), 0.06, "random AUC");
    assertTrue(s.auc() >= c.auc() - 0.005, "supervised AUC " + s.auc() + " vs CWoLa " + c.auc());
    assertTrue(s.maxSic() > 3 * n.maxSic(), "max SIC supervised " + s.maxSic() + " vs random " + n.maxSic());
    // the maximum SIC sits where only ~10-30 background events pass: its statistical error is ~20%, so the
    // ordering is asserted within that error (the AUC, over all events, carries the strict ordering)
    assertTrue(s.maxSic() >= 0.75 * c.maxSic(), "max SIC supervised " + s.maxSic() + " vs CWoLa " + c.maxSic());
    for (int i = 0; i < window.length; i++) {
      assertTrue(sup[window[i]] > 0 && sup[window[i]] < 1);
    }
    assertTrue(Double.isNaN(sup[CwolaHuntingTest.indexOutside()]));
  }

  @Test
  void bumpHuntAfterTheCwolaCutFindsTheSignalTheInclusiveFitMisses() {
    // CWoLa's planted case: 250 events at 3.5 TeV in 12,000; after keeping the 10% most window-like events the
    // 3.5 TeV fit is significant, more than without the cut, and its mu is of the order of the injected signal
    CwolaHuntingTest.events(12_000, 250, 3);
    double[] m = CwolaHuntingTest.mJJ;
    CwolaHunting.Result cw = CwolaHunting.run(CwolaHuntingTest.features, m, 3300, 3700, 400, 5, 2, 16, 15, 7);
    CutBumpHunt.Result r = CutBumpHunt.run(m, cw.score(), 0.1, 2900, 4100, 12, 3500, 0.05);
    assertEquals(IntStream.range(0, m.length).filter(i -> m[i] >= 2900 && m[i] < 4100).count(), r.scored());
    assertEquals(Math.ceil(0.1 * r.scored()), r.selected(), 1.0);
    assertTrue(r.afterCut().localSignificance() > 3, "Z after the cut " + r.afterCut());
    assertTrue(r.afterCut().localSignificance() > r.withoutCut().localSignificance(),
        "Z after the cut " + r.afterCut().localSignificance() + " vs without " + r.withoutCut().localSignificance());
    long injected = IntStream.range(0, m.length).filter(i -> CwolaHuntingTest.label[i] == 1 && m[i] >= 2900 && m[i] < 4100)
        .count();
    assertTrue(r.afterCut().muHat() > 0.3 * injected && r.afterCut().muHat() < 2 * injected,
        "mu after the cut " + r.afterCut().muHat() + " of " + injected + " signal events in range");
    assertThrows(NphuntException.class, () -> CutBumpHunt.run(m, cw.score(), 0.0, 2900, 4100, 12, 3500, 0.05));
  }

  static MethodCurves curves(String name, double[] score, int[] rows, int[] label) {
    double[] b = IntStream.of(rows).filter(i -> label[i] == 0).mapToDouble(i -> score[i]).toArray();
    double[] s = IntStream.of(rows).filter(i -> label[i] == 1).mapToDouble(i -> score[i]).toArray();
    MethodCurves c = MethodCurves.of(name, b, s, 150);
    assertTrue(c.signalEfficiency().length <= 150 && c.signalEfficiency().length > 10);
    for (int i = 0; i < c.sic().length; i++) {
      assertEquals(c.signalEfficiency()[i] / Math.sqrt(c.backgroundEfficiency()[i]), c.sic()[i], 1e-12);
      assertTrue(c.sic()[i] <= c.maxSic() + 1e-12);
      if (i > 0) {
        assertTrue(c.backgroundEfficiency()[i] > c.backgroundEfficiency()[i - 1]);
      }
    }
    return c;
  }

  @Test
  void handComputedCurve() {
    // 100 background at scores 0..99, 4 signal at 200..203: the first kept point (25 background) has
    // eps_S = 1, eps_B = 0.25, SIC = 2
    double[] b = IntStream.range(0, 100).asDoubleStream().toArray();
    double[] s = {200, 201, 202, 203};
    MethodCurves c = MethodCurves.of("hand", b, s, 1000);
    assertEquals(1.0, c.auc(), 0.0);
    assertEquals(2.0, c.maxSic(), 1e-12);
    assertEquals(1.0, c.signalEfficiencyAtMaxSic(), 0.0);
    // 76 resolved points (25..100 background events), thinned evenly in log eps_B to fewer distinct ones
    assertTrue(c.signalEfficiency().length > 40 && c.signalEfficiency().length <= 76, "points " + c.signalEfficiency().length);
    assertEquals(0.25, c.backgroundEfficiency()[0], 1e-15);
    assertEquals(1.0, c.backgroundEfficiency()[c.backgroundEfficiency().length - 1], 1e-15);
    assertThrows(NphuntException.class, () -> MethodCurves.of("empty", new double[0], s, 10));
    NphuntException e = assertThrows(NphuntException.class, () -> MethodCurves.of("nan", new double[] {Double.NaN}, s, 10));
    assertTrue(e.getMessage().startsWith("nan: "), e.getMessage());
  }

  @Test
  void maxSicNeedsTwentyFiveBackgroundEvents() {
    // CATHODE's floor (arXiv:2109.00546): eps_B with a relative statistical error <= 20%, i.e. >= 25 events
    assertEquals(0.2, 1 / Math.sqrt(MethodCurves.MIN_BACKGROUND_EVENTS), 1e-15);
    // 100 background at 0..99, signal at 200, 97.5, 80.5, 40.5. A cut above score t passes the background
    // events >= t: the signal at 97.5 joins with the 2 background events 98, 99; the one at 80.5 with 19
    // (81..99); the one at 40.5 with 59.
    double[] b = IntStream.range(0, 100).asDoubleStream().toArray();
    double[] s = {200, 97.5, 80.5, 40.5};
    // without a floor the maximum is set by 2 background events: eps_S = 0.5, eps_B = 0.02, SIC = 3.54
    org.nphunt.fom.RocPoints roc = org.nphunt.fom.RocPoints.of(s, null, b, null);
    assertEquals(0.5 / Math.sqrt(0.02), org.nphunt.fom.FiguresOfMerit.sic(roc, 1).maxSic(), 1e-12);
    // with the old 10-event floor: 19 background events at eps_S = 0.75, SIC = 0.75 / sqrt(0.19) = 1.72
    assertEquals(0.75 / Math.sqrt(0.19), org.nphunt.fom.FiguresOfMerit.sic(roc, 10).maxSic(), 1e-12);
    // with 25: the first point with 25 background events still has eps_S = 0.75: SIC = 0.75 / sqrt(0.25) = 1.5
    // (the next candidate, all signal at 59 background events, gives 1 / sqrt(0.59) = 1.30)
    MethodCurves c = MethodCurves.of("floor", b, s, 1000);
    assertEquals(1.5, c.maxSic(), 1e-12);
    assertEquals(0.75, c.signalEfficiencyAtMaxSic(), 0.0);
    for (double eb : c.backgroundEfficiency()) {
      assertTrue(eb >= 0.25, "eps_B " + eb + " below the 25-event floor");
    }
  }

  @Test
  void supervisedNeedsBothClasses() {
    double[][] x = {{0}, {1}, {2}, {3}};
    NphuntException e = assertThrows(NphuntException.class, () -> SupervisedReference.run(x, new int[] {0, 0, 0, 1},
        new int[] {0, 1, 2, 3}, 2, 1, 4, 1, 1));
    assertEquals("supervised reference needs >= 2 signal and background events, found 1 and 3", e.getMessage());
  }
}
