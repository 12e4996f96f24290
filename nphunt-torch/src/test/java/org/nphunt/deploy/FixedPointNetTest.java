package org.nphunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.data.EventBatch;
import org.nphunt.deploy.ApFixed.Overflow;
import org.nphunt.deploy.ApFixed.Rounding;
import org.nphunt.deploy.FixedPointNet.Kind;
import org.nphunt.deploy.FixedPointNet.Layer;
import org.nphunt.deploy.FixedPointNet.Precision;
import org.nphunt.model.DenseAeConfig;
import org.nphunt.model.VaeConfig;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.Scores;
import org.nphunt.testing.TestEvents;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/** hls4ml's fixed-point dense layer by hand, and the float path against nphunt's own scores. */
class FixedPointNetTest {
  /** A dense AE and a VAE trained 2 epochs on synthetic events, shared by the tests on trained models. */
  private static final java.util.Map<String, TrainingResult> TRAINED = new java.util.LinkedHashMap<>();

  @org.junit.jupiter.api.BeforeAll
  static void train() {
    EventBatch train = TestEvents.cluster(1500, 1, 0, 14);
    for (var arch : List.of(DenseAeConfig.defaults(), VaeConfig.defaults())) {
      TrainingConfig cfg = TrainingConfig.defaults(arch).withEpochs(2).withBatchSize(256).withSeed(3);
      TRAINED.put(arch.architecture(), new Trainer(cfg).fit(TestEvents.source(train, "train"), null));
    }
  }

  @org.junit.jupiter.api.AfterAll
  static void close() {
    TRAINED.values().forEach(TrainingResult::close);
    TRAINED.clear();
  }

  private static List<Precision> all(int layers, ApFixed t) {
    return Collections.nCopies(layers, Precision.uniform(t));
  }

  @Test
  void oneLayerByHand() {
    // r = W x + b with W = diag(0.5, 0.25), b = (0.1, 0), x = (1, 1)
    FixedPointNet net = new FixedPointNet(List.of(new Layer(new float[] {0.5f, 0, 0, 0.25f}, new float[] {0.1f, 0}, 2, 2,
        false, 0)), Kind.AUTOENCODER);
    float[] x = {1, 1};
    double fl = net.scores(x, 1, null, null)[0];
    double r0 = 0.5 + (double) 0.1f;
    assertEquals(((1 - r0) * (1 - r0) + 0.75 * 0.75) / 2, fl, 1e-15);
    // ap_fixed<8,3>, truncation: b0 = floor(0.1 * 32) / 32 = 3/32, r0 = 19/32
    ApFixed t = ApFixed.of(8, 3);
    double fx = net.scores(x, 1, t, all(1, t))[0];
    assertEquals(((13.0 / 32) * (13.0 / 32) + 0.75 * 0.75) / 2, fx, 0.0);
  }

  @Test
  void accumulatorOverflowSaturatesOrWraps() {
    // one output: 2.0 * 3.0 = 6 does not fit ap_fixed<8,3> (max 127/32)
    FixedPointNet net = new FixedPointNet(List.of(new Layer(new float[] {2f}, new float[] {0f}, 1, 1, false, 0)),
        Kind.VAE_ENCODER);
    float[] x = {3};
    ApFixed sat = new ApFixed(8, 3, Rounding.TRN, Overflow.SAT);
    ApFixed wrap = ApFixed.of(8, 3);
    assertEquals(36.0, net.scores(x, 1, null, null)[0], 0.0);
    assertEquals((127.0 / 32) * (127.0 / 32), net.scores(x, 1, sat, all(1, sat))[0], 0.0);
    assertEquals(4.0, net.scores(x, 1, wrap, all(1, wrap))[0], 0.0); // k = 192 -> -64: -2.0
  }

  @Test
  void leakyReluUsesTheQuantisedSlope() {
    // y = -1 -> alpha y with alpha = 0.3 in ap_fixed<8,3>: floor(9.6) / 32 = 9/32; then a unit layer
    FixedPointNet net = new FixedPointNet(List.of(new Layer(new float[] {-1f}, new float[] {0f}, 1, 1, true, 0.3),
        new Layer(new float[] {1f}, new float[] {0f}, 1, 1, false, 0)), Kind.VAE_ENCODER);
    ApFixed t = ApFixed.of(8, 3);
    assertEquals((9.0 / 32) * (9.0 / 32), net.scores(new float[] {1}, 1, t, all(2, t))[0], 0.0);
    assertEquals(0.09, net.scores(new float[] {1}, 1, null, null)[0], 1e-15);
  }

  @Test
  void errorShrinksWithTheWidth() {
    SplittableRandom r = new SplittableRandom(5);
    float[] w1 = new float[57 * 8];
    float[] w2 = new float[8 * 57];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = (float) (r.nextGaussian() * 0.2);
      w2[i] = (float) (r.nextGaussian() * 0.2);
    }
    FixedPointNet net = new FixedPointNet(List.of(new Layer(w1, new float[8], 57, 8, true, 0.3),
        new Layer(w2, new float[57], 8, 57, false, 0)), Kind.AUTOENCODER);
    int n = 200;
    float[] x = new float[n * 57];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    double[] fl = net.scores(x, n, null, null);
    double prev = Double.POSITIVE_INFINITY;
    for (int bits : new int[] {8, 12, 16, 20, 24}) {
      ApFixed t = new ApFixed(bits, 6, Rounding.RND, Overflow.SAT);
      double[] fx = net.scores(x, n, t, all(2, t));
      double err = 0;
      for (int e = 0; e < n; e++) {
        err = Math.max(err, Math.abs(fx[e] - fl[e]) / fl[e]);
      }
      assertTrue(err < prev, bits + " bits: error " + err + " not below " + prev);
      prev = err;
    }
    assertTrue(prev < 1e-4, "24 bits: " + prev);
  }

  @Test
  void floatPathReproducesNphuntsScores() {
    EventBatch test = TestEvents.cluster(300, 9, 0.3, 14);
    for (var arch : List.of(DenseAeConfig.defaults(), VaeConfig.defaults())) {
      {
        LoadedModel m = TRAINED.get(arch.architecture()).model();
        FixedPointNet net = FixedPointNet.of(m.block());
        float[] x = new float[test.size() * 57];
        float[] mask = new float[test.size() * 19];
        ((Standardizer) m.preprocessing()).apply(test, 0, test.size(), x, mask, 0);
        double[] mine = net.scores(x, test.size(), null, null);
        String name = arch.variational() ? Scores.VAE_MU2 : Scores.MSE;
        double[] theirs = m.score(test)[m.scoreNames().indexOf(name)];
        for (int e = 0; e < test.size(); e++) {
          assertEquals(theirs[e], mine[e], 1e-5 * Math.abs(theirs[e]) + 1e-9, name + " event " + e);
        }
        ModelCost c = ModelCost.of(m.block(), null);
        ModelCost.Trigger t = c.trigger();
        long dense = 57 * 32 + 32 * 16 + 16 * 3 + 3 * 16 + 16 * 32 + 32 * 57;
        if (arch.variational()) {
          // deployed: trunk 57-32-16 and the mu head 16-3; the whole model adds the logvar head and the decoder
          assertEquals(57 * 32 + 32 * 16 + 16 * 3, t.macs());
          assertEquals(t.macs() + 32 + 16 + 3, t.parameters());
          assertEquals(dense + 16 * 3, c.macs());
          assertEquals(c.macs() + 32 + 16 + 3 + 3 + 16 + 32 + 57, c.parameters());
          assertEquals("vae_mu2", t.score());
        } else {
          assertEquals(dense, t.macs());
          assertEquals(t.macs() + 32 + 16 + 3 + 16 + 32 + 57, t.parameters());
          assertEquals(t.macs(), c.macs());
          assertEquals(t.parameters(), c.parameters());
          assertEquals((t.parameters() * 10 + 7) / 8, t.weightBytes(10));
          assertEquals((t.parameters() * 16 + 7) / 8, t.weightBytes().get("16"));
          assertEquals("mse", t.score());
        }
      }
    }
  }

  @Test
  void inputsBeyondTheIntegerRangeWrapOrSaturate() {
    // a standardised input of 40 in ap_fixed<16,6> (range [-32, 32)): WRAP gives 40 - 64 = -24, SAT 32 - 2^-10
    FixedPointNet net = new FixedPointNet(List.of(new Layer(new float[] {1f}, new float[] {0f}, 1, 1, false, 0)),
        Kind.VAE_ENCODER);
    float[] x = {40};
    ApFixed wide = ApFixed.of(24, 10);
    List<Precision> layers = all(1, wide);
    assertEquals(24.0 * 24.0, net.scores(x, 1, ApFixed.of(16, 6), layers)[0], 0.0);
    double max = 32 - Math.scalb(1.0, -10);
    assertEquals(max * max, net.scores(x, 1, new ApFixed(16, 6, Rounding.TRN, Overflow.SAT), layers)[0], 0.0);
  }

  @Test
  void sixteenBitsSaturatedFollowFloatOnATrainedModel() {
    EventBatch bkg = TestEvents.cluster(1200, 9, 0, 14);
    EventBatch sig = TestEvents.cluster(300, 10, 1.5, 14);
    for (var arch : List.of(DenseAeConfig.defaults(), VaeConfig.defaults())) {
      {
        TrainingResult tr = TRAINED.get(arch.architecture());
        List<PrecisionConfig> configs = List.of(
            new PrecisionConfig(new ApFixed(16, 1, Rounding.RND, Overflow.SAT), null, null, true),
            new PrecisionConfig(new ApFixed(16, 1, Rounding.TRN, Overflow.SAT), null, null, true),
            PrecisionConfig.uniform(new ApFixed(16, 6, Rounding.TRN, Overflow.SAT)),
            PrecisionConfig.uniform(new ApFixed(6, 1, Rounding.TRN, Overflow.SAT)));
        QuantizationStudy.Result r = QuantizationStudy.run(tr.model(), bkg, java.util.Map.of("shifted", sig), configs,
            List.of(1e-5, 1e-2), 1e-2);
        String name = arch.architecture();
        QuantizationStudy.Row fl = r.rows().get(0);
        assertEquals("float32", fl.label());
        assertEquals(1.0, fl.pearson(), 1e-12);
        assertEquals(0.0, fl.flips());
        for (int i = 1; i <= 3; i++) {
          QuantizationStudy.Row q = r.rows().get(i);
          assertTrue(q.pearson() > 0.99, name + " " + q.label() + ": r = " + q.pearson());
          assertTrue(q.spearman() > 0.99, name + " " + q.label() + ": rho = " + q.spearman());
          assertEquals(fl.auc().get("shifted"), q.auc().get("shifted"), 0.01, name + " " + q.label());
        }
        // 6 bits lose: the correlation is below every 16-bit row's
        assertTrue(r.rows().get(4).pearson() < r.rows().get(3).pearson(), name + " 6 bits: " + r.rows().get(4).pearson());
        // FPR 1e-5 needs 10^6 background events: not measured, said so; FPR 1e-2 with 1200 events is
        var tpr = fl.tpr().get("shifted");
        assertEquals(org.nphunt.eval.RateStatus.INSUFFICIENT_BACKGROUND, tpr.get(1e-5).status());
        assertEquals(org.nphunt.eval.RateStatus.OK, tpr.get(1e-2).status());
        String table = r.table("t").markdown();
        assertTrue(table.contains("n/a (background sample too small: 1200)"), table);
        assertTrue(table.contains("| ap_fixed<16,auto,AP_RND,AP_SAT> |"), table);
      }
    }
  }

  @Test
  void aBrokenDenseDeploymentShowsInTheMedianDeviation() {
    EventBatch bkg = TestEvents.cluster(1200, 9, 0, 14);
    EventBatch sig = TestEvents.cluster(300, 10, 1.5, 14);
    TrainingResult tr = TRAINED.get(DenseAeConfig.defaults().architecture());
    List<PrecisionConfig> configs = List.of(
        new PrecisionConfig(new ApFixed(16, 1, Rounding.RND, Overflow.SAT), null, null, true),
        new PrecisionConfig(new ApFixed(2, 1, Rounding.RND, Overflow.SAT), null, null, true));
    QuantizationStudy.Result r = QuantizationStudy.run(tr.model(), bkg, java.util.Map.of("shifted", sig), configs,
        List.of(1e-2), 1e-2);
    QuantizationStudy.Row good = r.rows().get(1);
    QuantizationStudy.Row broken = r.rows().get(2);
    assertEquals(0.0, r.rows().get(0).medianRelativeDeviation());
    // 16 bits: the typical event's score is within a percent of float; all 2 bits: off by order one
    assertTrue(good.medianRelativeDeviation() < 0.01, "16 bits: " + good.medianRelativeDeviation());
    assertTrue(broken.medianRelativeDeviation() > 0.3, "2 bits: " + broken.medianRelativeDeviation()
        + " (Pearson " + broken.pearson() + ")");
    assertTrue(r.table("t").markdown().contains("| median rel. deviation | max rel. deviation |"));
  }
}
