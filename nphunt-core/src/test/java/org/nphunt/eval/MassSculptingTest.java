package org.nphunt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;

class MassSculptingTest {
  /** Values from scipy.spatial.distance.jensenshannon(p, q, base=2) ** 2 (SciPy 1.10). */
  @Test
  void jensenShannonMatchesScipy() {
    assertEquals(0.3112781244591328, MassSculpting.jensenShannon(new double[] {1, 0}, new double[] {0.5, 0.5}), 1e-15);
    assertEquals(0.4369921108667294, MassSculpting.jensenShannon(new double[] {3, 1, 2, 0}, new double[] {1, 1, 1, 5}), 1e-15);
    assertEquals(0.0, MassSculpting.jensenShannon(new double[] {2, 4}, new double[] {1, 2}), 0.0, "normalisation-free");
    assertEquals(1.0, MassSculpting.jensenShannon(new double[] {1, 0}, new double[] {0, 7}), 1e-15, "disjoint");
  }

  private static Evaluation evaluation(double[] bkgScore, double[] mass) {
    double[] sig = new double[100];
    java.util.Arrays.fill(sig, 10);
    return new Evaluation(EvaluationConfig.defaults()).with(MassSculpting.of("mJJ"))
        .background("m", "QCD", Map.of("s", bkgScore), Map.of("mJJ", mass))
        .signal("m", "X", Map.of("s", sig), Map.of("mJJ", new double[100]));
  }

  @SuppressWarnings("unchecked")
  private static double js(EvaluationResults r, int cut) {
    List<Map<String, Object>> cuts = (List<Map<String, Object>>) r.extra().get(0).values().get("cuts");
    return (Double) cuts.get(cut).get("jensenShannon");
  }

  @Test
  void aScoreIndependentOfMassDoesNotSculptAndAMassScoreDoes() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 200_000;
    double[] mass = new double[n];
    double[] independent = new double[n];
    for (int i = 0; i < n; i++) {
      mass[i] = 1500 * Math.exp(0.3 * r.nextGaussian());
      independent[i] = r.nextDouble();
    }
    EvaluationResults flat = evaluation(independent, mass).run();
    // statistical floor: about (bins - 1) / (2 ln 2 N) with N = 20000 and 2000 events after the cuts
    assertTrue(js(flat, 0) < 0.003, "10% cut: " + js(flat, 0));
    assertTrue(js(flat, 1) < 0.03, "1% cut: " + js(flat, 1));
    EvaluationResults sculpted = evaluation(mass.clone(), mass).run();
    assertTrue(js(sculpted, 0) > 0.5, "a cut on the mass itself keeps the top 10% of the spectrum: " + js(sculpted, 0));
    assertTrue(js(sculpted, 1) > js(sculpted, 0), "tighter cut, more sculpting");
    Table t = sculpted.extraTables().get(0);
    assertEquals(List.of("model", "score", "JS @ eps_B 0.1 (N after)", "JS @ eps_B 1e-2 (N after)"), t.header());
    assertTrue(ResultsTables.markdown(sculpted, "x").contains("Mass sculpting (mJJ)"));
  }

  @Test
  void aMissingObservableIsAOneLineError() {
    Evaluation e = new Evaluation(EvaluationConfig.defaults()).with(MassSculpting.of("mJJ"))
        .background("m", "QCD", Map.of("s", new double[] {1, 2, 3}))
        .signal("m", "X", Map.of("s", new double[] {4}));
    NphuntException ex = assertThrows(NphuntException.class, e::run);
    assertEquals("model m, QCD: the mass-sculpting evaluation needs the per-event observable mJJ, which this sample"
        + " does not have", ex.getMessage());
  }

  @Test
  void configIsValidated() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MassSculpting("mJJ", List.of(1.5), 30));
    assertEquals("efficiencies must be in (0, 1), found 1.5", e.getMessage());
  }
}
