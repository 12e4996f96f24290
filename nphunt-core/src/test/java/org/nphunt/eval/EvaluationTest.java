package org.nphunt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.json.Json;
import org.nphunt.random.Seeds;

class EvaluationTest {
  private static double[] uniform(int n, double shift, long index) {
    SplittableRandom r = Seeds.random(7, "test/evaluation", index);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = shift + r.nextDouble();
    }
    return v;
  }

  private static EvaluationResults sample() {
    EvaluationConfig cfg = EvaluationConfig.defaults().withOperatingPoint(OperatingPointConfig.of(1000, 1, 5000.0));
    return new Evaluation(cfg)
        .background("dense", "SM", Map.of("mse", uniform(20_000, 0, 0)))
        .signal("dense", "easy", Map.of("mse", uniform(1000, 0.9, 1)))
        .signal("dense", "none", Map.of("mse", uniform(1000, 0, 2)))
        .run();
  }

  @Test
  void resultsPerModelScoreSignal() {
    EvaluationResults r = sample();
    assertEquals(List.of("dense"), r.models());
    assertEquals(List.of("easy", "none"), r.signals());
    SignalResult easy = r.of("dense", "mse").get(0);
    // uniform(0.9,1.9) vs uniform(0,1): AUC = 1 - 0.1^2/2 = 0.995
    assertEquals(0.995, easy.auc(), 0.003);
    assertEquals(0.5, r.of("dense", "mse").get(1).auc(), 0.03);
    // 20k background resolves 1e-3 and 1e-2 but not 1e-5, 1e-4
    assertEquals(List.of(RateStatus.INSUFFICIENT_BACKGROUND, RateStatus.INSUFFICIENT_BACKGROUND, RateStatus.OK, RateStatus.OK),
        easy.tprAtFpr().stream().map(TprAtFpr::status).toList());
    assertEquals(2, r.thresholds("dense", "mse").size() - 1, "1e-3, 1e-2 and the operating point");
  }

  @Test
  void jsonRoundTrip() {
    EvaluationResults r = sample();
    String json = Json.write(r);
    assertFalse(json.contains("Infinity") || json.contains("NaN"), "plain JSON that any reader accepts");
    EvaluationResults back = Json.read(json, EvaluationResults.class, "results.json");
    assertEquals(r, back);
    assertArrayEquals(r.results().get(0).roc().fpr(), back.results().get(0).roc().fpr(), 0);
  }

  @Test
  void markdownTables() {
    String md = ResultsTables.markdown(sample(), "nphunt results");
    assertTrue(md.contains("| model | score | easy | none |"), md);
    assertTrue(md.contains("n/a (needs >= 1e6 bkg)"), md);
    assertTrue(md.contains("## Operating point"), md);
    assertTrue(md.contains("xsec for 100 events/month [pb]"), md);
    assertTrue(md.contains("xsec for S/B = 1/3 [pb]"), md);
  }

  @Test
  void unresolvedOperatingPointSaysSoOnce() {
    EvaluationConfig cfg = EvaluationConfig.defaults().withOperatingPoint(OperatingPointConfig.of(1e6, 1, 100.0));
    EvaluationResults r = new Evaluation(cfg)
        .background("dense", "SM", Map.of("mse", uniform(1000, 0, 3)))
        .signal("dense", "easy", Map.of("mse", uniform(100, 0.5, 4)))
        .run();
    assertEquals(RateStatus.INSUFFICIENT_BACKGROUND, r.results().get(0).operatingPoint().rate().status());
    assertTrue(ResultsTables.operatingPoint(r).markdown().contains("| dense | mse | easy | n/a (needs >= 1e7 bkg) | - | - | - | - |"));
  }

  @Test
  void errorsAreOneLineUserErrors() {
    Evaluation noSignal = new Evaluation(EvaluationConfig.defaults()).background("vae", "SM", Map.of("kl", new double[] {1}));
    assertEquals("model vae: no signal scores given (an ROC curve needs both classes)",
        assertThrows(NphuntException.class, noSignal::run).getMessage());
    Evaluation missing = new Evaluation(EvaluationConfig.defaults())
        .background("vae", "SM", Map.of("kl", new double[] {1}))
        .signal("vae", "LQ", Map.of("mse", new double[] {1}));
    assertEquals("model vae, LQ, score kl: missing (signal scores: [mse])",
        assertThrows(NphuntException.class, missing::run).getMessage());
    Evaluation orphan = new Evaluation(EvaluationConfig.defaults())
        .background("vae", "SM", Map.of("kl", new double[] {1}))
        .signal("dense", "LQ", Map.of("kl", new double[] {1}));
    assertThrows(NphuntException.class, orphan::run);
  }

  @Test
  void configValidation() {
    assertEquals("fprTargets must be in (0, 1), found 1.5", assertThrows(IllegalArgumentException.class,
        () -> EvaluationConfig.defaults().withFprTargets(List.of(1.5))).getMessage());
    EvaluationConfig c = EvaluationConfig.defaults();
    assertEquals(c, Json.read(Json.write(c), EvaluationConfig.class, "cfg"));
  }
}
