package org.nphunt.benchmark.hlt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.eval.BackgroundStream;
import org.nphunt.eval.BackgroundSummary;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.Format;
import org.nphunt.eval.OperatingPoint;
import org.nphunt.eval.OperatingPointConfig;
import org.nphunt.eval.RateStatus;
import org.nphunt.eval.SortedScores;
import org.nphunt.hlt.HighLevelFeatures;
import org.nphunt.hlt.Mixing;
import org.nphunt.model.HlfClassifierConfig;
import org.nphunt.model.HlfVaeConfig;
import org.nphunt.objective.Classification;
import org.nphunt.objective.HlfLikelihood;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.random.Seeds;
import org.nphunt.score.LoadedModel;

/**
 * The HLT study's own table (Cerri et al., arXiv:1811.10276, table of the VAE's selection at 30 SM
 * events per day; issue 14) on nphunt's generator: the HLF VAE's total loss and, as the upper
 * reference, one supervised HLF classifier per signal, each at the threshold that keeps 30 SM events
 * per day out of a 440 Hz single-lepton stream (FPR 7.9e-7), with the signal efficiency, the
 * cross-section giving 100 selected signal events per month and the one giving S/B = 1/3, at
 * 5 fb^-1 per month (the study's luminosity: its 7.1 pb x 2.8e-3 x 5000 pb^-1 = 100 events).
 *
 * <p>The FPR needs ~1.3e7 SM test events to resolve (10 above the threshold). They are generated and
 * scored in blocks and streamed into one exact {@link BackgroundStream} per score (the largest scores
 * kept exactly, so the threshold is the exact order statistic with its interval), as {@code nphunt run}
 * does; nothing is stored. The models are trained as in {@link HltStudy} (same seeds, same sizes by
 * default), the signal test samples are held in memory.
 *
 * <p>{@code java -cp nphunt.jar:nphunt-bench.jar org.nphunt.benchmark.hlt.HltOperatingPoint [smTrain]
 * [signalTrain] [smTestStreamed] [signalTest] [vaeEpochs] [classifierEpochs] [seed] [threads] [out.md]}
 * (defaults 40000, 10000, 13000000, 10000, 30, 15, 1, 2, none).
 */
public final class HltOperatingPoint {
  private HltOperatingPoint() {}

  /** SM events generated, featurised and scored per block. */
  static final int BLOCK = 200_000;
  /** The study's values (A->4l, LQ, h->tautau, h+->taunu): efficiency, xsec for 100/month, for S/B = 1/3. */
  static final Map<String, double[]> PUBLISHED = Map.of(
      "Ato4l", new double[] {2.8e-3, 7.1, 27},
      "LQ", new double[] {6.5e-4, 31, 120},
      "h0tautau", new double[] {3.6e-4, 56, 220},
      "hplustaunu", new double[] {1.2e-3, 17, 67});

  public static void main(String[] args) throws IOException {
    int smTrain = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
    int sigTrain = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    long smTest = args.length > 2 ? Long.parseLong(args[2]) : 13_000_000L;
    int sigTest = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    int vaeEpochs = args.length > 4 ? Integer.parseInt(args[4]) : 30;
    int clsEpochs = args.length > 5 ? Integer.parseInt(args[5]) : 15;
    long seed = args.length > 6 ? Long.parseLong(args[6]) : 1;
    int threads = args.length > 7 ? Integer.parseInt(args[7]) : 2;
    Path out = args.length > 8 ? Path.of(args[8]) : null;
    long t0 = System.nanoTime();

    OperatingPointConfig op = OperatingPointConfig.of(440, OperatingPointConfig.perDayToHz(30), 5000.0);
    EvaluationConfig config = EvaluationConfig.defaults();
    Events smTr = HltStudy.hlf(Processes.SM, smTrain, Seeds.derive(seed, "hlt-study/sm/train"));
    Map<String, Events> sigTr = new LinkedHashMap<>();
    Map<String, Events> sigTe = new LinkedHashMap<>();
    for (String s : Processes.signalNames()) {
      sigTr.put(s, HltStudy.hlf(Processes.builtIn(s), sigTrain, Seeds.derive(seed, "hlt-study/" + s + "/train")));
      sigTe.put(s, HltStudy.hlf(Processes.builtIn(s), sigTest, Seeds.derive(seed, "hlt-study/" + s + "/test")));
    }
    // models: the VAE (total loss) against every signal, one classifier per signal against its own
    List<String> names = new ArrayList<>();
    List<LoadedModel> models = new ArrayList<>();
    List<String> scoreNames = new ArrayList<>();
    List<List<String>> signalsOf = new ArrayList<>();
    names.add("hlf-vae (" + HlfLikelihood.TOTAL + ")");
    models.add(HltStudy.train(HlfVaeConfig.defaults(), smTr, vaeEpochs, seed, "hlf-vae"));
    scoreNames.add(HlfLikelihood.TOTAL);
    signalsOf.add(List.copyOf(sigTe.keySet()));
    for (String s : sigTe.keySet()) {
      Events mixed = Mixing.mix(List.of(smTr, sigTr.get(s)), Seeds.derive(seed, "hlt-study/mix/" + s));
      names.add("hlf-classifier " + s + " (supervised)");
      models.add(HltStudy.train(HlfClassifierConfig.defaults(), mixed, clsEpochs, seed, "hlf-classifier " + s));
      scoreNames.add(Classification.SCORE);
      signalsOf.add(List.of(s));
    }
    List<BackgroundStream> streams = new ArrayList<>();
    List<List<SortedScores>> signalScores = new ArrayList<>();
    for (int m = 0; m < models.size(); m++) {
      List<SortedScores> sig = new ArrayList<>();
      for (String s : signalsOf.get(m)) {
        sig.add(SortedScores.of(HltStudy.score(models.get(m), sigTe.get(s), scoreNames.get(m)), s));
      }
      signalScores.add(sig);
      // exact down to 1e-5 (the threshold at 7.9e-7 lies among the kept scores)
      streams.add(new BackgroundStream(names.get(m) + ", SM", smTest, 1e-5, sig, 0, 0));
    }
    long done = 0;
    for (int block = 0; done < smTest; block++) {
      int n = (int) Math.min(BLOCK, smTest - done);
      Events e = HighLevelFeatures.compute(EventGenerator.generateBatch(Processes.SM, n,
          Seeds.derive(seed, "hlt-op/sm/test/" + block), threads), HlfSchema.full());
      for (int m = 0; m < models.size(); m++) {
        double[] v = HltStudy.score(models.get(m), e, scoreNames.get(m));
        streams.get(m).add(v, 0, v.length);
      }
      done += n;
      System.err.printf(Locale.ROOT, "%,d / %,d SM events streamed (%.1f min)%n", done, smTest, (System.nanoTime() - t0) / 60e9);
    }
    List<BackgroundSummary> summaries = streams.stream().map(BackgroundStream::finish).toList();
    double minutes = (System.nanoTime() - t0) / 60e9;

    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "The HLT study's operating point on nphunt's generator (%s): 30 SM events/day of a"
        + " 440 Hz stream (FPR %s), 5 fb^-1/month; SM train %,d, signal train %,d each, SM test %,d streamed, signal test"
        + " %,d each; VAE %d epochs, classifiers %d epochs, seed %d; %.1f min.%n%n", EventGenerator.VERSION,
        Format.compact(op.targetFpr()), smTrain, sigTrain, smTest, sigTest, vaeEpochs, clsEpochs, seed, minutes));
    md.append("| signal | model | SM events above threshold | signal efficiency | xsec for 100 events/month [pb] |"
        + " xsec for S/B = 1/3 [pb] | study (VAE): efficiency, xsec 100/month, xsec S/B = 1/3 |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (String s : sigTe.keySet()) {
      for (int m = 0; m < models.size(); m++) {
        int j = signalsOf.get(m).indexOf(s);
        if (j < 0) {
          continue;
        }
        BackgroundSummary b = summaries.get(m);
        OperatingPoint p = OperatingPoint.measure(b, signalScores.get(m).get(j), op, config);
        double[] pub = PUBLISHED.get(s);
        String study = m == 0 && pub != null ? String.format(Locale.ROOT, "%s, %s, %s", Format.number(pub[0]),
            Format.number(pub[1]), Format.number(pub[2])) : "";
        if (p.rate().status() != RateStatus.OK) {
          md.append(String.format(Locale.ROOT, "| %s | %s | - | %s | - | - | %s |%n", s, names.get(m),
              p.rate().display(), study));
          continue;
        }
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s |%n", s, names.get(m),
            p.rate().backgroundSelected(), p.rate().display(),
            xsec(p.xsecForEventsPb(), p.xsecForEventsLowerLimitPb(op)),
            xsec(p.xsecForSignalToBackgroundPb(), p.xsecForSignalToBackgroundLowerLimitPb(op)), study));
      }
    }
    md.append(String.format(Locale.ROOT, "%nSignal efficiency with %.1f%% intervals that include the threshold's"
        + " order-statistic uncertainty; '> x': no signal event selected, x from the efficiency's upper bound.%n",
        100 * config.confidenceLevel()));
    models.forEach(LoadedModel::close);
    System.out.print(md);
    if (out != null) {
      Files.writeString(out, md.toString());
    }
  }

  private static String xsec(Double value, Double lowerLimit) {
    if (value != null) {
      return Format.number(value);
    }
    return lowerLimit == null ? "-" : "> " + Format.number(lowerLimit);
  }
}
