package org.nphunt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;

/** The streamed background gives the exact numbers of the in-memory evaluation, for any block size. */
class StreamingEvaluationTest {
  /** Rounded Gaussians: many ties, as real scores of discrete inputs have. */
  static double[] sample(long seed, int n, double shift, double round) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.round((shift + r.nextGaussian()) / round) * round;
    }
    return v;
  }

  static BackgroundSummary stream(double[] bkg, List<SortedScores> sig, int block, double largestFpr) {
    BackgroundStream s = new BackgroundStream("b", bkg.length, largestFpr, sig, 1000, 1);
    for (int i = 0; i < bkg.length; i += block) {
      s.add(bkg, i, Math.min(block, bkg.length - i));
    }
    return s.finish();
  }

  @Test
  void aucRocAndThresholdsEqualTheInMemoryOnes() {
    double[] bkg = sample(1, 20_000, 0, 0.05);
    double[] sg = sample(2, 3_000, 1.2, 0.05);
    SortedScores b = SortedScores.of(bkg, "b");
    SortedScores s = SortedScores.of(sg, "s");
    BackgroundSummary sum = stream(bkg, List.of(s), 777, 0.01);
    assertEquals(Auc.mannWhitney(b, s), sum.auc(0, s.size()), 1e-14);
    assertEquals(RocCurve.of(b, s).auc(), sum.auc(0, s.size()), 1e-12);
    for (double fpr : new double[] {5e-4, 1e-3, 1e-2}) {
      assertEquals(b.thresholdAtFpr(fpr), sum.thresholdAtFpr(fpr), 0.0, "threshold at " + fpr);
      assertEquals(b.countAbove(b.thresholdAtFpr(fpr)), sum.countAbove(sum.thresholdAtFpr(fpr)));
    }
    // every vertex of the streamed ROC is a point of the full curve (the rest lie on its straight segments)
    RocCurve full = RocCurve.of(b, s);
    Set<String> points = new HashSet<>();
    for (int i = 0; i < full.size(); i++) {
      points.add(full.fpr()[i] + "," + full.tpr()[i]);
    }
    RocCurve streamed = sum.roc(0, s);
    for (int i = 0; i < streamed.size(); i++) {
      assertTrue(points.contains(streamed.fpr()[i] + "," + streamed.tpr()[i]), "point " + i + " on the full curve");
    }
    assertEquals(full.auc(), streamed.auc(), 1e-12, "the vertices carry the whole area");
  }

  @Test
  void theBlockSizeChangesNothing() {
    double[] bkg = sample(3, 10_000, 0, 0.1);
    SortedScores s = SortedScores.of(sample(4, 500, 1, 0.1), "s");
    BackgroundSummary one = stream(bkg, List.of(s), bkg.length, 0.01);
    for (int block : new int[] {1, 7, 4096}) {
      BackgroundSummary other = stream(bkg, List.of(s), block, 0.01);
      assertEquals(one.auc(0, s.size()), other.auc(0, s.size()), 0.0);
      assertEquals(one.aucError(0, s), other.aucError(0, s), 0.0);
      assertEquals(one.roc(0, s), other.roc(0, s));
      assertEquals(one.thresholdAtFpr(1e-3), other.thresholdAtFpr(1e-3), 0.0);
    }
  }

  /** DeLong's variance on a small sample with ties, against a direct O(n^2) evaluation in NumPy. */
  @Test
  void delongStandardErrorMatchesTheDefinition() {
    double[] b = {0.0, 0.3, -0.3, -0.9, -0.5, -1.0, 0.1, 1.3, -0.5, -0.6, 0.5, 0.4, 0.1, -0.9, -0.0, 0.7, -1.3, -0.5,
        -1.9, -1.3, -1.8, -0.2, -1.3, 0.3, 0.2, -0.2, -2.5, -0.5, -0.0, 0.1, -1.5, -0.5, -1.0, -0.8, 1.1, -0.8, -0.0,
        0.9, -0.6, -0.1};
    double[] s = {0.9, 0.9, -0.4, 0.9, 2.2, -0.7, 1.7, 0.9, 0.2, 2.8, 1.6, -0.4, 0.9, 1.4, 0.6, 1.5, 0.7, 1.5, 2.2,
        0.1, 1.0, 0.3, 0.9, -0.4, 0.2};
    SortedScores sig = SortedScores.of(s, "s");
    BackgroundSummary sum = stream(b, List.of(sig), 3, 0.5);
    assertEquals(0.8540000000000001, sum.auc(0, sig.size()), 1e-15);
    assertEquals(0.04802898764127923, sum.aucError(0, sig), 1e-14);
  }

  @Test
  void theTprIntervalIncludesTheThresholdsUncertainty() {
    double[] bkg = sample(5, 1_000_000, 0, 1e-9);
    SortedScores s = SortedScores.of(sample(6, 5_000, 3.0, 1e-9), "s");
    BackgroundSummary sum = stream(bkg, List.of(s), 65_536, 1e-2);
    TprAtFpr t = TprAtFpr.measure(sum, s, 1e-5, EvaluationConfig.defaults());
    assertEquals(RateStatus.OK, t.status());
    assertEquals(10, t.backgroundSelected(), "10 background events above the 1e-5 threshold of 1e6");
    assertTrue(t.thresholdInterval().lower() < t.threshold() && t.threshold() < t.thresholdInterval().upper(),
        "the 10th-11th largest of 1e6 has an order-statistic interval of several ranks: " + t.thresholdInterval());
    assertTrue(t.tprTotalInterval().lower() < t.tprInterval().lower() && t.tprTotalInterval().upper() > t.tprInterval().upper(),
        "wider than the signal's binomial interval alone: " + t.tprTotalInterval() + " vs " + t.tprInterval());
    assertTrue(t.display().contains(Format.number(t.tprTotalInterval().lower())));
  }

  @Test
  void theSampleStandsForTheRestOfTheBackground() {
    double[] bkg = sample(7, 50_000, 0, 1e-9);
    SortedScores s = SortedScores.of(sample(8, 100, 1, 1e-9), "s");
    BackgroundSummary sum = stream(bkg, List.of(s), 1000, 1e-2);
    double represented = sum.sample().length * sum.sampleWeight() + sum.largest().length;
    assertEquals(50_000, represented, 1e-6);
    assertTrue(sum.sample().length > 900 && sum.sample().length <= 1000, "about 1000 sampled: " + sum.sample().length);
    assertEquals(stream(bkg, List.of(s), 333, 1e-2).sample().length, sum.sample().length, "deterministic");
  }

  @Test
  void streamedEvaluationEqualsTheArrayEvaluation() {
    double[] bkg = sample(9, 30_000, 0, 0.01);
    double[] sig = sample(10, 2_000, 1.5, 0.01);
    EvaluationConfig cfg = EvaluationConfig.defaults();
    EvaluationResults arrays = new Evaluation(cfg).background("m", "SM", Map.of("x", bkg)).signal("m", "S", Map.of("x", sig)).run();
    StreamingEvaluation ev = new StreamingEvaluation(cfg, 1);
    ev.signal("m", "S", Map.of("x", sig));
    StreamingEvaluation.Feed f = ev.background("m", "SM", List.of("x"), bkg.length, 100);
    for (int i = 0; i < bkg.length; i += 4000) {
      int n = Math.min(4000, bkg.length - i);
      f.add(new double[][] {java.util.Arrays.copyOfRange(bkg, i, i + n)}, n);
    }
    EvaluationResults streamed = ev.finish();
    SignalResult a = arrays.results().get(0);
    SignalResult b = streamed.results().get(0);
    assertEquals(a.auc(), b.auc(), 0.0);
    assertEquals(a.aucError(), b.aucError(), 0.0);
    assertEquals(a.roc(), b.roc());
    assertEquals(a.tprAtFpr(), b.tprAtFpr());
  }

  @Test
  void aNonFiniteBackgroundScoreNamesItsEvent() {
    BackgroundStream s = new BackgroundStream("model m, SM, score mse", 10, 0.1, List.of(SortedScores.of(new double[] {1}, "s")), 0, 1);
    s.add(new double[] {1, 2, 3}, 0, 3);
    NphuntException e = assertThrows(NphuntException.class, () -> s.add(new double[] {1, Double.NaN}, 0, 2));
    assertEquals("model m, SM, score mse: score at event 4 is NaN (scores must be finite)", e.getMessage());
  }
}
