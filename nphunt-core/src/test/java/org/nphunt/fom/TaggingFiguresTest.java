package org.nphunt.fom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nphunt.eval.Evaluation;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.eval.EvaluatorResult;
import org.nphunt.eval.Table;

/** {@link TaggingFigures}: the hand case of FiguresOfMeritTest through an Evaluation. */
class TaggingFiguresTest {
  // signal 1..10, background 0..4 and 5.5 (FiguresOfMeritTest.handCase)
  static final double[] SIG = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  static final double[] BKG = {0, 1, 2, 3, 4, 5.5};

  @Test
  void handCaseThroughAnEvaluation() {
    EvaluationResults r = new Evaluation(EvaluationConfig.defaults()).with(new TaggingFigures(0.55, 1))
        .background("m", "QCD", Map.of("s", BKG)).signal("m", "X", Map.of("s", SIG)).run();
    EvaluatorResult e = r.extra().get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> row = ((List<Map<String, Object>>) e.values().get("signals")).get(0);
    // AUC = (pairs with s > b + ties / 2) / 60: s = 1..4 beat 0..s-1 and tie s (1.5 + 2.5 + 3.5 + 4.5),
    // s = 5 beats 5, s = 6..10 beat all 6: 12 + 5 + 30 = 47
    assertEquals(47.0 / 60, (Double) row.get("auc"), 1e-15);
    // eps_S = 0.55 -> eps_B = 1/6 (interpolated between two points at 1/6), resolved with 1 event
    assertEquals(6.0, (Double) row.get("rejection"), 1e-12);
    assertEquals(true, row.get("rejectionResolved"));
    // SIC over points with >= 1 background event: t = 5.5: 0.5 / sqrt(1/6) = 1.22; t = 5: 0.6 / sqrt(1/6) = 1.47
    // (the maximum); t = 4: 0.7 / sqrt(2/6) = 1.21; t = 3: 0.8 / sqrt(3/6) = 1.13; then smaller
    assertEquals(0.6 / Math.sqrt(1.0 / 6), (Double) row.get("maxSic"), 1e-12);
    assertEquals(0.6, (Double) row.get("signalEfficiencyAtMaxSic"), 1e-15);
    Table t = r.extraTables().get(0);
    assertEquals(List.of("m", "s", "X", "0.7833", "6.00", "1.47 (0.600)"), t.rows().get(0));
  }

  @Test
  void unresolvedRejectionIsFlagged() {
    TaggingFigures f = TaggingFigures.defaults();
    TaggingFigures.Figures x = f.figures(BKG, SIG);
    // eps_S = 0.3 is reached with no background selected
    assertEquals(Double.POSITIVE_INFINITY, x.rejection().rejection());
    assertEquals("inf n/r (0 bkg)", TaggingFigures.rejection(x.rejection().rejection(), x.rejection().resolved(),
        x.rejection().backgroundSelected()));
    assertEquals("signalEfficiency must be in (0, 1], found 0.0",
        assertThrows(IllegalArgumentException.class, () -> new TaggingFigures(0, 10)).getMessage());
  }
}
