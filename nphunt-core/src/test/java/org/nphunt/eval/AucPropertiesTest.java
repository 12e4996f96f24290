package org.nphunt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** ROC and AUC properties on small integer-valued samples (many ties). */
class AucPropertiesTest {
  private static double[] arr(List<@IntRange(min = -5, max = 5) Integer> v) {
    return v.stream().mapToDouble(Integer::doubleValue).toArray();
  }

  private static double[] neg(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = -v[i];
    }
    return out;
  }

  @Property(tries = 300)
  void trapezoidEqualsMannWhitneyAndLiesInUnitInterval(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -5, max = 5) Integer> b,
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -5, max = 5) Integer> s) {
    SortedScores bs = SortedScores.of(arr(b), "b");
    SortedScores ss = SortedScores.of(arr(s), "s");
    double trap = RocCurve.of(bs, ss).auc();
    assertEquals(Auc.mannWhitney(bs, ss), trap, 1e-12);
    assertTrue(trap >= 0 && trap <= 1);
  }

  @Property(tries = 300)
  void rocIsMonotoneFromOriginToOne(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -5, max = 5) Integer> b,
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -5, max = 5) Integer> s) {
    RocCurve roc = RocCurve.of(SortedScores.of(arr(b), "b"), SortedScores.of(arr(s), "s"));
    assertEquals(0, roc.fpr()[0]);
    assertEquals(0, roc.tpr()[0]);
    assertEquals(1, roc.fpr()[roc.size() - 1]);
    assertEquals(1, roc.tpr()[roc.size() - 1]);
    for (int i = 1; i < roc.size(); i++) {
      assertTrue(roc.fpr()[i] >= roc.fpr()[i - 1]);
      assertTrue(roc.tpr()[i] >= roc.tpr()[i - 1]);
      assertTrue(roc.threshold()[i] < roc.threshold()[i - 1]);
      assertTrue(roc.fpr()[i] > roc.fpr()[i - 1] || roc.tpr()[i] > roc.tpr()[i - 1], "each point moves");
    }
  }

  @Property(tries = 300)
  void negatingScoresComplementsTheAuc(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -5, max = 5) Integer> b,
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -5, max = 5) Integer> s) {
    double auc = Auc.mannWhitney(arr(b), arr(s));
    double flipped = RocCurve.of(SortedScores.of(neg(arr(b)), "b"), SortedScores.of(neg(arr(s)), "s")).auc();
    assertEquals(1 - auc, flipped, 1e-12);
  }

  @Property(tries = 200)
  void invariantUnderPermutation(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -5, max = 5) Integer> b,
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -5, max = 5) Integer> s,
      @ForAll long shuffleSeed) {
    List<Integer> b2 = new ArrayList<>(b);
    List<Integer> s2 = new ArrayList<>(s);
    Collections.shuffle(b2, new Random(shuffleSeed));
    Collections.shuffle(s2, new Random(shuffleSeed + 1));
    assertEquals(Auc.mannWhitney(arr(b), arr(s)), Auc.mannWhitney(arr(b2), arr(s2)), 0);
  }
}
