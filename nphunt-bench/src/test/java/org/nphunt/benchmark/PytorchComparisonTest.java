package org.nphunt.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nphunt.json.Json;

class PytorchComparisonTest {
  @Test
  void hanleyMcNeilHandComputed() throws Exception {
    // a = 0.5: Q1 = Q2 = 1/3; n = 10 each: var = (0.25 + 2 * 9 * (1/3 - 1/4)) / 100 = 0.0175
    assertEquals(Math.sqrt(0.0175), PytorchComparison.hanleyMcNeil(0.5, 10, 10), 1e-12);
    // a = 0.8, nPos 50, nNeg 200: Q1 = 0.8/1.2, Q2 = 1.28/1.8
    double q1 = 0.8 / 1.2;
    double q2 = 1.28 / 1.8;
    double v = (0.16 + 49 * (q1 - 0.64) + 199 * (q2 - 0.64)) / (50.0 * 200);
    assertEquals(Math.sqrt(v), PytorchComparison.hanleyMcNeil(0.8, 50, 200), 1e-12);
    assertEquals(0, PytorchComparison.hanleyMcNeil(1.0, 50, 200), 1e-12);
  }

  static PytorchComparison.Side side(String tool, int round, double train, double score1024, double latency) {
    return new PytorchComparison.Side(tool, round, round, train, List.of(train), Map.of("1024", score1024), latency,
        Map.of("A", 0.9), Map.of("A", 0.003), 0.1, 1, 0, 0, 100.0);
  }

  @Test
  void ratiosArePerRoundThenMedian() {
    List<PytorchComparison.Side> sides = List.of(
        side("nphunt", 1, 200, 1000, 10), side("PyTorch", 1, 100, 2000, 30),
        side("PyTorch", 2, 400, 1000, 20), side("nphunt", 2, 200, 1000, 10),
        side("nphunt", 3, 300, 4000, 10), side("PyTorch", 3, 100, 1000, 10));
    PytorchComparison.Ratios r = PytorchComparison.ratios(sides, 3);
    assertEquals(List.of(2.0, 0.5, 3.0), r.trainPerRound());
    assertEquals(2.0, r.train(), 1e-12);
    assertEquals(List.of(0.5, 1.0, 4.0), r.scorePerRound().get("1024"));
    assertEquals(1.0, r.score().get("1024"), 1e-12);
    assertEquals(2.0, r.latencyPytorchOverNphunt(), 1e-12); // 3, 2, 1
  }

  static PytorchComparison.Side aucSide(String tool, int round, double auc, double err) {
    return new PytorchComparison.Side(tool, round, round, 1, List.of(1.0), Map.of(), 1, Map.of("A", auc),
        Map.of("A", err), 0, 0, 0, 0, 0.0);
  }

  @Test
  void aucRowAveragesRoundsAndCombinesErrors() {
    ComparisonConfig cfg = new ComparisonConfig(java.nio.file.Path.of("t"), java.nio.file.Path.of("v"),
        Map.of("A", java.nio.file.Path.of("a")), 1, 1024, 1, 2, 1, 1, "python3", java.nio.file.Path.of("s"));
    // one round: no seed spread; sigma = sqrt(0.003^2 + 0.004^2) = 0.005
    PytorchComparison.AucRow one = PytorchComparison.aucRows(
        List.of(aucSide("nphunt", 1, 0.905, 0.003), aucSide("PyTorch", 1, 0.9, 0.004)), cfg).get(0);
    assertEquals(0.005, one.difference(), 1e-12);
    assertEquals(0.005, one.sigma(), 1e-12);
    assertEquals(1.0, one.pulls(), 1e-9);
    assertEquals(0, one.nphuntSeedSd());
    // two rounds: nphunt 0.90, 0.92 (mean 0.91, sd 0.02/sqrt 2); PyTorch 0.90, 0.90
    PytorchComparison.AucRow two = PytorchComparison.aucRows(List.of(aucSide("nphunt", 1, 0.90, 0.003),
        aucSide("PyTorch", 1, 0.90, 0.004), aucSide("PyTorch", 2, 0.90, 0.004), aucSide("nphunt", 2, 0.92, 0.003)),
        cfg).get(0);
    assertEquals(0.91, two.nphunt(), 1e-12);
    assertEquals(Math.sqrt(0.0002), two.nphuntSeedSd(), 1e-12);
    assertEquals(0.01, two.difference(), 1e-12);
    assertEquals(Math.sqrt(0.000025 + 0.0002 / 2), two.sigma(), 1e-12);
  }

  @Test
  void readsTheReferenceSchema() throws Exception {
    String json = """
        {"schema": "nphunt-reference-dense/1",
         "summary": {"train_events_per_s": 390000.0,
                     "score_events_per_s": {"1": 30000.0, "64": 1e6, "1024": 4.1e6, "16384": 1.5e6},
                     "latency_us": 42.0, "auc": {"Ato4l": 0.9}, "auc_stderr": {"Ato4l": 0.002}},
         "machine": {"loadavg_start": [1.5, 1, 1], "loadavg_end": [2.5, 1, 1]},
         "training": {"load_seconds": 1.0, "train_seconds": 4.0, "final_val_loss": 0.25,
                      "history": [{"events_per_s": 380000.0}, {"events_per_s": 390000.0}]},
         "peak_rss_mb": 690.0}
        """;
    JsonNode j = Json.mapper().readTree(json);
    PytorchComparison.Side s = PytorchComparison.pythonSide(j, 2, 7);
    assertEquals(7, s.seed());
    assertEquals("PyTorch", s.tool());
    assertEquals(2, s.round());
    assertEquals(390000.0, s.trainEventsPerSecond());
    assertEquals(List.of(380000.0, 390000.0), s.epochEventsPerSecond());
    assertEquals(4.1e6, s.scoreEventsPerSecond().get("1024"));
    assertEquals(42.0, s.latencyUs());
    assertEquals(0.9, s.auc().get("Ato4l"));
    assertEquals(0.002, s.aucStderr().get("Ato4l"));
    assertEquals(0.25, s.finalValLoss());
    assertEquals(5.0, s.seconds());
    assertEquals(1.5, s.loadStart());
    assertEquals(2.5, s.loadEnd());
    assertEquals(null, s.peakRssMiB(), "ru_maxrss of a child of the JVM is the JVM's");
  }
}
