package org.nphunt.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nphunt.data.Adc2021;
import org.nphunt.data.ObjectType;
import org.nphunt.eval.Evaluation;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.eval.OperatingPointConfig;
import org.nphunt.manifest.Manifest;
import org.nphunt.random.Seeds;
import org.nphunt.training.history.EpochRecord;
import org.nphunt.training.history.TrainingHistory;

/** A complete, seeded synthetic report input: every section filled. */
final class SyntheticReport {
  static final List<String> SIGNALS = List.of("A->4l", "LQ->b tau", "h0->tau tau", "h+->tau nu");
  private static final double[] SHIFT = {2.0, 1.3, 0.6, 0.9};

  private SyntheticReport() {}

  private static double gauss(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** Log-normal scores: SM around 1, signals shifted up in log. */
  private static double[] scores(int n, double shift, SplittableRandom r) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.exp(0.8 * gauss(r) + shift);
    }
    return v;
  }

  static ReportInput build(int smEvents, int signalEvents) {
    EvaluationConfig cfg = EvaluationConfig.defaults()
        .withOperatingPoint(OperatingPointConfig.of(440, OperatingPointConfig.perDayToHz(30 * 200), 5000.0));
    Evaluation ev = new Evaluation(cfg);
    List<ScoreDistribution> dists = new ArrayList<>();
    for (String model : List.of("dense", "vae")) {
      SplittableRandom r = Seeds.random(1, "synthetic/" + model);
      Map<String, double[]> sm = new LinkedHashMap<>();
      sm.put("mse", scores(smEvents, 0, r));
      if (model.equals("vae")) {
        sm.put("kl", scores(smEvents, 0.5, r));
      }
      ev.background(model, "SM", sm);
      sm.forEach((score, v) -> dists.add(new ScoreDistribution(model, score, "SM", v)));
      for (int s = 0; s < SIGNALS.size(); s++) {
        Map<String, double[]> sig = new LinkedHashMap<>();
        for (String score : sm.keySet()) {
          sig.put(score, scores(signalEvents, SHIFT[s] * (score.equals("kl") ? 0.5 : 1), r));
        }
        ev.signal(model, SIGNALS.get(s), sig);
        String name = SIGNALS.get(s);
        sig.forEach((score, v) -> dists.add(new ScoreDistribution(model, score, name, v)));
      }
    }
    EvaluationResults results = ev.run();

    Map<String, TrainingHistory> training = new LinkedHashMap<>();
    for (String model : List.of("dense", "vae")) {
      List<EpochRecord> ep = new ArrayList<>();
      for (int e = 1; e <= 20; e++) {
        ep.add(new EpochRecord(e, 0.2 + 2.0 / e, 0.25 + 2.0 / e + 0.002 * e, 1e-3, 1.5, 40_000));
      }
      training.put(model, new TrainingHistory(ep, 17, "max epochs"));
    }

    SplittableRandom r = Seeds.random(1, "synthetic/objects");
    List<FeatureComparison> reco = new ArrayList<>();
    for (String process : List.of("SM", "A->4l")) {
      for (ObjectType t : ObjectType.values()) {
        for (int f : new int[] {Adc2021.PT, Adc2021.ETA, Adc2021.PHI}) {
          if (t == ObjectType.MET && f == Adc2021.ETA) {
            continue; // MET has no eta
          }
          int n = 3000;
          double[] in = new double[n];
          double[] out = new double[n];
          for (int i = 0; i < n; i++) {
            in[i] = f == Adc2021.PT ? 23 + 30 * -Math.log(1 - r.nextDouble())
                : f == Adc2021.ETA ? 1.6 * gauss(r) : Math.PI * (2 * r.nextDouble() - 1);
            out[i] = f == Adc2021.PHI ? 0.6 * in[i] + 0.3 * gauss(r) : in[i] * 0.9 + 0.1 * gauss(r) * (f == Adc2021.PT ? 20 : 1);
          }
          reco.add(FeatureComparison.adc2021("dense", process, t, f, in, out));
        }
      }
    }

    List<LatentSample> latent = new ArrayList<>();
    for (int s = -1; s < SIGNALS.size(); s++) {
      int n = s < 0 ? 20_000 : 3000;
      double[] z0 = new double[n];
      double[] z1 = new double[n];
      for (int i = 0; i < n; i++) {
        z0[i] = gauss(r) + (s < 0 ? 0 : SHIFT[s]);
        z1[i] = gauss(r) - (s < 0 ? 0 : 0.5 * SHIFT[s]);
      }
      latent.add(new LatentSample("vae", s < 0 ? "SM" : SIGNALS.get(s), z0, z1));
    }
    Manifest manifest = Manifest.create("report-test", 1L, cfg, List.of());
    return new ReportInput("nphunt report (synthetic test data)", manifest, results, dists, training, reco, latent, null);
  }
}
