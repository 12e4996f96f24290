package org.nphunt.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.discrete.PoissonDistribution;
import org.junit.jupiter.api.Test;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.hlt.HighLevelFeatures;
import org.nphunt.model.Tensors;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.preprocess.HlfStandardizer;

/** The per-feature likelihood terms against closed forms, their normalisation, and loss = mean of the scores. */
class HlfLikelihoodTest {
  static final int F = HlfSchema.ALL.size();

  /** Offsets 0 and scales 1: the decoder's outputs are the physical parameters (up to the activations). */
  static HlfStandardizer unit() {
    double[] zeros = new double[F];
    double[] ones = new double[F];
    Arrays.fill(ones, 1);
    return new HlfStandardizer(HlfSchema.ALL, HlfStandardizer.modelOrder(HlfSchema.ALL), zeros, ones, zeros, ones, 1);
  }

  /** Raw outputs (a, b, c) for location mu, width sigma (> 1.005), fraction f, for model-order feature k. */
  static float[] params(int k, double a, double sigma, double frac) {
    float[] p = new float[3 * F];
    p[k] = (float) a;
    p[F + k] = (float) (sigma - 1.005); // 1.005 + ISRLU(b) = sigma for b >= 0
    p[2 * F + k] = (float) atanh((2 * frac - 1) / 0.999);
    return p;
  }

  static double atanh(double x) {
    return 0.5 * Math.log((1 + x) / (1 - x));
  }

  static int k(HlfStandardizer pre, String feature) {
    return pre.order().indexOf(feature);
  }

  /** The full NLL of value v (network part + parameter-free part) as the scores compute it. */
  static double nll(HlfLikelihood l, HlfStandardizer pre, int k, double v, float[] p) {
    return l.nll(k, v, p, 0) + pre.nllConst(k, v);
  }

  @Test
  void termsMatchClosedForms() {
    HlfStandardizer pre = unit();
    HlfLikelihood l = new HlfLikelihood(pre, 4, 1.0);
    float[] p;
    // zero-inflated log-normal (LepIsoCh): f at 0, (1 - f) LogNormal(mu, sigma) above
    int iso = k(pre, "LepIsoCh");
    p = params(iso, -2.0, 1.5, 0.3);
    double mu = (float) -2.0;
    double sigma = 1.005 + p[F + iso];
    double frac = 0.5 * (1 + 0.999 * Math.tanh(p[2 * F + iso]));
    assertEquals(-Math.log(frac), nll(l, pre, iso, 0.0, p), 1e-9);
    double v = 0.07;
    double lognormal = (1 - frac) / (v * sigma * Math.sqrt(2 * Math.PI)) * Math.exp(-Math.pow(Math.log(v) - mu, 2) / (2 * sigma * sigma));
    assertEquals(-Math.log(lognormal), nll(l, pre, iso, v, p), 1e-9);
    // Gaussian (METp)
    int metp = k(pre, "METp");
    p = params(metp, 12.5, 20, 0.5);
    NormalDistribution g = new NormalDistribution(p[metp], 1.005 + p[F + metp]);
    assertEquals(-g.logDensity(-7.0), nll(l, pre, metp, -7.0, p), 1e-9);
    // truncated Gaussian (MT)
    int mt = k(pre, "MT");
    p = params(mt, 10, 30, 0.5);
    g = new NormalDistribution(p[mt], 1.005 + p[F + mt]);
    assertEquals(-(g.logDensity(55) - Math.log(1 - g.cumulativeProbability(0))), nll(l, pre, mt, 55, p), 1e-9);
    // discrete Gaussian (nJets)
    int nj = k(pre, "nJets");
    p = params(nj, 0.7, 1.3, 0.5);
    g = new NormalDistribution(p[nj], 1.005 + p[F + nj]);
    for (int n = 0; n < 4; n++) {
      double prob = (g.cumulativeProbability(n + 0.5) - g.cumulativeProbability(n - 0.5)) / (1 - g.cumulativeProbability(-0.5));
      assertEquals(-Math.log(prob), nll(l, pre, nj, n, p), 1e-9, "n = " + n);
    }
    // Bernoulli (LepCharge: +1 is the "1" outcome)
    int q = k(pre, "LepCharge");
    p = params(q, atanh((2 * 0.6 - 1) / 0.98), 1.5, 0.5);
    assertEquals(-Math.log(0.6), nll(l, pre, q, 1, p), 1e-6);
    assertEquals(-Math.log(0.4), nll(l, pre, q, -1, p), 1e-6);
    // Poisson (nChHad): lambda = 1 + ISRLU(a)
    int ch = k(pre, "nChHad");
    p = params(ch, 41.0, 1.5, 0.5);
    PoissonDistribution pois = new PoissonDistribution(42.0);
    for (int n : new int[] {0, 17, 42, 90}) {
      assertEquals(-pois.logProbability(n), nll(l, pre, ch, n, p), 1e-9, "n = " + n);
    }
  }

  @Test
  void distributionsAreNormalised() {
    HlfStandardizer pre = unit();
    HlfLikelihood l = new HlfLikelihood(pre, 4, 1.0);
    // discrete: sum over n
    int nj = k(pre, "nJets");
    float[] p = params(nj, -0.3, 2.1, 0.5);
    double sum = 0;
    for (int n = 0; n < 13; n++) { // beyond (6 sigma), the probabilities reach the 1e-10 floor
      sum += Math.exp(-nll(l, pre, nj, n, p));
    }
    assertEquals(1, sum, 3e-9, "discrete Gaussian (tail beyond n = 12 left out: 1e-9)");
    int ch = k(pre, "nChHad");
    p = params(ch, 6.5, 1.5, 0.5);
    sum = 0;
    for (int n = 0; n < 200; n++) {
      sum += Math.exp(-nll(l, pre, ch, n, p));
    }
    assertEquals(1, sum, 1e-9, "Poisson");
    // continuous: midpoint rule on a log or linear grid
    int mt = k(pre, "MT");
    float[] pt = params(mt, 5, 20, 0.5);
    assertEquals(1, integrate(x -> Math.exp(-nll(l, pre, mt, x, pt)), 0, 300, 300_000), 1e-6, "truncated Gaussian");
    int st = k(pre, "ST");
    float[] q = params(st, 4.0, 1.2, 0.2);
    double above = integrate(t -> Math.exp(t) * Math.exp(-nll(l, pre, st, Math.exp(t), q)), Math.log(HlfKind.CLIP), 20, 400_000);
    assertEquals(1, Math.exp(-nll(l, pre, st, 0, q)) + above, 1e-5, "zero-inflated log-normal");
  }

  private static double integrate(java.util.function.DoubleUnaryOperator f, double a, double b, int n) {
    double h = (b - a) / n;
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += f.applyAsDouble(a + (i + 0.5) * h);
    }
    return s * h;
  }

  @Test
  void trainingLossIsTheMeanOfTheScoredTotal() {
    Events table = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, 64, 2, 1), HlfSchema.full());
    HlfStandardizer pre = HlfStandardizer.fit(new org.nphunt.data.InMemoryEventSource(table, "t"), null, 1000);
    HlfLikelihood l = new HlfLikelihood(pre, 4, 0.7);
    int n = table.size();
    float[][] in = {new float[n * F], new float[n * F], new float[n * F]};
    pre.apply(table, 0, n, in, 0);
    SplittableRandom r = new SplittableRandom(3);
    float[] params = new float[n * 3 * F];
    float[] mu = new float[n * 4];
    float[] lv = new float[n * 4];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) (0.5 * r.nextGaussian());
    }
    for (int i = 0; i < mu.length; i++) {
      mu[i] = (float) r.nextGaussian();
      lv[i] = (float) (0.3 * r.nextGaussian());
    }
    double[][] scores = new double[l.scoreNames().size()][n];
    l.scores(in, new float[][] {params.clone(), mu, lv}, n, scores, 0);
    double mean = Arrays.stream(scores[0]).average().orElseThrow();
    // the per-feature terms add up to the NLL, and total = NLL + beta KL
    for (int e = 0; e < n; e++) {
      double s = 0;
      for (int i = 3; i < scores.length; i++) {
        s += scores[i][e];
      }
      assertEquals(scores[1][e], s, 1e-9);
      assertEquals(scores[1][e] + 0.7 * scores[2][e], scores[0][e], 1e-9);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> inputs = new LinkedHashMap<>();
      List<String> names = List.of("x", "target", "nllConst");
      for (int i = 0; i < 3; i++) {
        inputs.put(names.get(i), Tensors.owned(m, in[i], new Shape(n, F)));
      }
      NDList out = new NDList(Tensors.owned(m, params, new Shape(n, 3 * F)), Tensors.owned(m, mu, new Shape(n, 4)),
          Tensors.owned(m, lv, new Shape(n, 4)));
      double loss = l.loss(out, inputs, n, m).getFloat();
      assertEquals(mean, loss, 1e-4 * Math.abs(mean), "NDArray loss vs Java scores");
    }
  }
}
