package org.nphunt.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.UniformRealDistribution;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.eval.Auc;
import org.nphunt.hlt.HighLevelFeatures;
import org.nphunt.model.Architectures;
import org.nphunt.model.HlfVaeConfig;
import org.nphunt.objective.HlfLikelihood;
import org.nphunt.physics.CocktailSpec;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The p-value score of the total loss: hand-derived values and the floor, the reference kept at the end
 * of training and through the model file, calibration (uniform p on fresh SM events) and the AUC, which
 * is the total's up to events in the same step.
 */
class PValueScoreTest {
  @TempDir Path tmp;
  static TrainingResult trained;
  static final String PSCORE = "hlf_vae_pvalue_mlog10";

  @BeforeAll
  static void train() {
    Events sm = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, 8000, 41, 1), HlfSchema.full());
    trained = new Trainer(TrainingConfig.defaults(HlfVaeConfig.defaults()).withEpochs(3).withBatchSize(256).withSeed(4)
        .withChunkEvents(4000)).fit(new InMemoryEventSource(sm, "sm"), null);
  }

  @AfterAll
  static void close() {
    trained.close();
  }

  @Test
  void handDerivedPValuesAndTheFloor() {
    ScoreReference r = ScoreReference.of("hlf_vae_total", new double[] {4, 2, Double.NaN, 3, 1});
    assertEquals(4, r.events(), "non-finite values are dropped");
    assertEquals(1.0, r.pValue(0.5));
    assertEquals(1.0, r.pValue(1.0), "values >= x count");
    assertEquals(0.75, r.pValue(2.0));
    assertEquals(0.5, r.pValue(2.5));
    assertEquals(0.25, r.pValue(4.0));
    assertEquals(0.2, r.pValue(4.5), "floor 1/(n+1) above every reference value");
    assertEquals(0.2, r.pValue(1e300));
    assertEquals(-Math.log10(0.5), r.score(2.5), 1e-15);
    assertTrue(Double.isNaN(r.pValue(Double.NaN)));
    assertEquals("hlf_vae_pvalue_mlog10", r.scoreName());
    assertEquals("vae_pvalue_mlog10", ScoreReference.scoreName("vae_total"));
    assertThrows(IllegalArgumentException.class, () -> ScoreReference.of("x", new double[] {Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> new ScoreReference("x", 2, new double[] {2, 1}));
  }

  @Test
  void aLargeValidationSampleIsKeptAsEvenlySpacedQuantiles() {
    int n = 3 * ScoreReference.MAX_VALUES + 17;
    double[] v = new double[n];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble();
    }
    ScoreReference ref = ScoreReference.of("t", v);
    assertEquals(ScoreReference.MAX_VALUES, ref.values().length);
    assertEquals(n, ref.events());
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    for (double x : new double[] {0.001, 0.1, 0.5, 0.9, 0.999}) {
      long above = Arrays.stream(sorted).filter(s -> s >= x).count();
      assertEquals((double) above / n, ref.pValue(x), 1.0 / ScoreReference.MAX_VALUES, "p(" + x + ")");
    }
  }

  @Test
  void trainingKeepsTheValidationLossesAndScoringAddsThePValue() {
    LoadedModel m = trained.model();
    ScoreReference ref = m.pValueReference();
    assertNotNull(ref);
    assertEquals(HlfLikelihood.TOTAL, ref.score());
    assertEquals(m.objective().scoreNames().size() + 1, m.scoreNames().size());
    assertEquals(PSCORE, m.scoreNames().get(m.scoreNames().size() - 1));
    // about the seeded 20% validation split of 8000 events
    assertTrue(ref.events() > 1400 && ref.events() < 1800, "validation events " + ref.events());
  }

  @Test
  void freshSmPValuesAreUniform() {
    LoadedModel m = trained.model();
    // fewer fresh events than reference events: the reference's own sampling noise (its empirical CDF is
    // ~1/sqrt(n) off the true one) is then within what the one-sample test allows
    Events fresh = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, 1000, 42, 1), HlfSchema.full());
    double[][] s = m.score(fresh);
    double[] p = Arrays.stream(s[m.scoreNames().indexOf(PSCORE)]).map(x -> Math.pow(10, -x)).toArray();
    double ks = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), p);
    assertTrue(ks > 0.01, "KS test of uniform p-values on fresh SM events: p = " + ks);
    // the exact statement: fresh totals and the reference come from one distribution (two-sample KS)
    double two = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(s[m.scoreNames().indexOf(HlfLikelihood.TOTAL)],
        m.pValueReference().values());
    assertTrue(two > 0.01, "two-sample KS of fresh totals vs the reference: p = " + two);
    // and a cut p < alpha keeps about alpha of them
    long below = Arrays.stream(p).filter(x -> x < 0.1).count();
    assertEquals(0.1, below / 1000.0, 0.035);
  }

  @Test
  void theAucIsTheTotalsUpToEventsInTheSameStep() {
    LoadedModel m = trained.model();
    Events bkg = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, 2000, 43, 1), HlfSchema.full());
    Events sig = HighLevelFeatures.compute(EventGenerator.generateBatch(CocktailSpec.single(Processes.LQ), 500, 44, 1),
        HlfSchema.full());
    int t = m.scoreNames().indexOf(HlfLikelihood.TOTAL);
    int q = m.scoreNames().indexOf(PSCORE);
    double[][] b = m.score(bkg);
    double[][] s = m.score(sig);
    // monotonic: ordering the events by total orders their p-value scores
    double[][] all = {concat(b[t], s[t]), concat(b[q], s[q])};
    Integer[] order = new Integer[all[0].length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (x, y) -> Double.compare(all[0][x], all[0][y]));
    for (int i = 1; i < order.length; i++) {
      assertTrue(all[1][order[i]] >= all[1][order[i - 1]], "p-value score non-decreasing in the total loss");
    }
    // AUC(p score) = AUC(total) - sum over (signal, background) pairs in the same step of (1[total_s > total_b] - 1/2)
    double correction = 0;
    for (int i = 0; i < s[t].length; i++) {
      for (int j = 0; j < b[t].length; j++) {
        if (s[q][i] == b[q][j]) {
          correction += (s[t][i] > b[t][j] ? 1 : s[t][i] == b[t][j] ? 0.5 : 0) - 0.5;
        }
      }
    }
    correction /= (double) s[t].length * b[t].length;
    double aucTotal = Auc.mannWhitney(b[t], s[t]);
    double aucP = Auc.mannWhitney(b[q], s[q]);
    assertEquals(aucTotal - correction, aucP, 1e-12);
    assertEquals(aucTotal, aucP, 0.02, "the steps are fine enough to keep the AUC");
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void theReferenceTravelsThroughTheModelFileAndOlderFilesLoadWithoutIt() throws Exception {
    LoadedModel m = trained.model();
    Path dir = tmp.resolve("m");
    m.save(dir, trained.history(), null, false);
    String json = Files.readString(dir.resolve(ModelFile.FILE_NAME));
    ModelFile mf = ModelFile.fromJson(json, "model.json");
    assertEquals(3, mf.formatVersion());
    assertEquals(m.pValueReference(), mf.pValueReference());
    assertTrue(mf.scores().contains(PSCORE));
    Events fresh = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, 300, 45, 1), HlfSchema.full());
    try (LoadedModel back = LoadedModel.load(dir)) {
      assertEquals(m.scoreNames(), back.scoreNames());
      double[][] a = m.score(fresh);
      double[][] b = back.score(fresh);
      for (int i = 0; i < a.length; i++) {
        assertArrayEquals(a[i], b[i], 0.0, m.scoreNames().get(i));
      }
    }
    // a version-2 model.json (no reference) still loads, without the p-value score
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) Architectures.mapper().readTree(json);
    node.put("formatVersion", 2);
    node.remove("pValueReference");
    ModelFile v2 = ModelFile.fromJson(node.toString(), "v2");
    assertEquals(null, v2.pValueReference());
    // a reference naming a score the model does not write is refused, in one line
    node.put("formatVersion", 3);
    node.set("pValueReference", Architectures.mapper().valueToTree(ScoreReference.of("mse", new double[] {1, 2})));
    Files.writeString(dir.resolve(ModelFile.FILE_NAME), node.toString());
    var x = assertThrows(org.nphunt.NphuntException.class, () -> LoadedModel.load(dir).close());
    assertTrue(x.getMessage().contains("p-value reference is for score mse"), x.getMessage());
  }
}
