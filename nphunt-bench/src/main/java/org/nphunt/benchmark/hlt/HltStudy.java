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
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.eval.Auc;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.Format;
import org.nphunt.eval.OperatingPointConfig;
import org.nphunt.eval.RateStatus;
import org.nphunt.eval.SortedScores;
import org.nphunt.eval.TprAtFpr;
import org.nphunt.hlt.FeatureDistances;
import org.nphunt.hlt.HighLevelFeatures;
import org.nphunt.hlt.Mixing;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.HlfClassifierConfig;
import org.nphunt.model.HlfVaeConfig;
import org.nphunt.objective.Classification;
import org.nphunt.objective.HlfLikelihood;
import org.nphunt.physics.CocktailSpec;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.random.Seeds;
import org.nphunt.score.HlfSampler;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * The HLT study's comparison (Cerri et al., arXiv:1811.10276, issue 14) on nphunt's generator: the HLF
 * VAE ({@code hlf-vae}, per-feature likelihoods) trained on the lepton-triggered SM stream (built-in
 * cocktail {@code sm}: W 59.2%, QCD 33.8%, Z 6.7%, ttbar 0.3% after the single e/mu pT &gt; 23 GeV
 * trigger) against the supervised references ({@code hlf-classifier}, one per signal, trained on the
 * same 21 features with the truth labels, signal vs the SM cocktail with equal class weights), per
 * signal: the AUC and the signal efficiency (TPR) at fixed SM efficiencies (FPR), with Clopper-Pearson
 * 68% intervals (the VAE's total loss and its KL term as scores). Then the VAE as a generator: as many
 * events as the SM test sample drawn from the latent prior and decoded ({@link HlfSampler}), compared
 * with the SM test events feature by feature ({@link FeatureDistances}: KS, Wasserstein-1).
 *
 * <p>Every sample comes from the generator with its own seed ({@link Seeds#derive}); the test samples
 * are independent of the training samples. Prints a Markdown report (and writes it to {@code out} when
 * given).
 *
 * <p>{@code java -cp nphunt.jar:nphunt-bench.jar org.nphunt.benchmark.hlt.HltStudy [smTrain]
 * [signalTrain] [smTest] [signalTest] [vaeEpochs] [classifierEpochs] [seed] [out.md]} (defaults 40000,
 * 10000, 40000, 10000, 30, 15, 1, none).
 */
public final class HltStudy {
  private HltStudy() {}

  /** FPRs at which the TPR is quoted (resolvable with the default SM test sample). */
  static final List<Double> FPRS = List.of(1e-2, 1e-3);
  /**
   * The study's operating point: 30 selected SM events per day out of the single-lepton stream at
   * nphunt run's default input rate of 440 Hz, i.e. FPR = 30 / 86400 / 440.
   */
  static final double STUDY_FPR = OperatingPointConfig.perDayToHz(30) / 440;

  /** One model's result on one signal. */
  record Row(String signal, String model, double auc, List<TprAtFpr> rates) {}

  static Events hlf(CocktailSpec spec, int n, long seed) {
    return HighLevelFeatures.compute(EventGenerator.generateBatch(spec, n, seed, 2), HlfSchema.full());
  }

  static LoadedModel train(ArchitectureConfig arch, Events train, int epochs, long seed, String name) {
    TrainingConfig cfg = TrainingConfig.defaults(arch).withEpochs(epochs).withBatchSize(256).withSeed(seed)
        .withChunkEvents(train.size());
    TrainingResult r = new Trainer(cfg).fit(new InMemoryEventSource(train, name), null);
    System.err.printf(Locale.ROOT, "%s: %d epochs (%s), best %d, losses %s%n", name, r.history().epochs().size(),
        r.history().stopReason(), r.history().bestEpoch(), r.history().epochs().stream()
            .map(x -> String.format(Locale.ROOT, "%.4g/%.4g@%.2g", x.trainLoss(), x.valLoss(), x.learningRate())).toList());
    return r.model();
  }

  static double[] score(LoadedModel m, Events e, String name) {
    return m.score(e)[m.scoreNames().indexOf(name)];
  }

  static Row row(String signal, String model, double[] background, double[] sig) {
    SortedScores b = SortedScores.of(background, "SM");
    SortedScores s = SortedScores.of(sig, signal);
    List<TprAtFpr> rates = new ArrayList<>();
    for (double f : FPRS) {
      rates.add(TprAtFpr.measure(b, s, f, EvaluationConfig.defaults()));
    }
    return new Row(signal, model, Auc.mannWhitney(b, s), rates);
  }

  static String rate(TprAtFpr t) {
    return t.status() == RateStatus.OK ? Format.rate(t.tpr(), t.tprInterval()) : Format.notAvailable(t.minBackground());
  }

  public static void main(String[] args) throws IOException {
    int smTrain = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
    int sigTrain = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int smTest = args.length > 2 ? Integer.parseInt(args[2]) : 40_000;
    int sigTest = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    int vaeEpochs = args.length > 4 ? Integer.parseInt(args[4]) : 30;
    int clsEpochs = args.length > 5 ? Integer.parseInt(args[5]) : 15;
    long seed = args.length > 6 ? Long.parseLong(args[6]) : 1;
    Path out = args.length > 7 ? Path.of(args[7]) : null;
    long t0 = System.nanoTime();

    Events smTr = hlf(Processes.SM, smTrain, Seeds.derive(seed, "hlt-study/sm/train"));
    Events smTe = hlf(Processes.SM, smTest, Seeds.derive(seed, "hlt-study/sm/test"));
    Map<String, Events> sigTr = new LinkedHashMap<>();
    Map<String, Events> sigTe = new LinkedHashMap<>();
    for (String s : Processes.signalNames()) {
      sigTr.put(s, hlf(Processes.builtIn(s), sigTrain, Seeds.derive(seed, "hlt-study/" + s + "/train")));
      sigTe.put(s, hlf(Processes.builtIn(s), sigTest, Seeds.derive(seed, "hlt-study/" + s + "/test")));
    }

    List<Row> rows = new ArrayList<>();
    List<FeatureDistances.Distance> generated;
    try (LoadedModel vae = train(HlfVaeConfig.defaults(), smTr, vaeEpochs, seed, "hlf-vae")) {
      for (String score : List.of(HlfLikelihood.TOTAL, HlfLikelihood.KL)) {
        double[] b = score(vae, smTe, score);
        for (String s : sigTe.keySet()) {
          rows.add(row(s, "hlf-vae (" + score + ")", b, score(vae, sigTe.get(s), score)));
        }
      }
      generated = FeatureDistances.compare(smTe, HlfSampler.sample(vae, smTest, Seeds.derive(seed, "hlt-study/sample")));
    }
    for (String s : sigTe.keySet()) {
      Events mixed = Mixing.mix(List.of(smTr, sigTr.get(s)), Seeds.derive(seed, "hlt-study/mix/" + s));
      try (LoadedModel cls = train(HlfClassifierConfig.defaults(), mixed, clsEpochs, seed, "hlf-classifier " + s)) {
        rows.add(row(s, "hlf-classifier (supervised, " + Classification.SCORE + ")", score(cls, smTe, Classification.SCORE),
            score(cls, sigTe.get(s), Classification.SCORE)));
      }
    }
    double minutes = (System.nanoTime() - t0) / 60e9;

    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "HLF VAE vs supervised HLF classifiers on nphunt's generator (%s): SM train %,d,"
        + " signal train %,d each, SM test %,d, signal test %,d each; VAE %d epochs, classifiers %d epochs, seed %d;"
        + " %.1f min.%n%n", EventGenerator.VERSION, smTrain, sigTrain, smTest, sigTest, vaeEpochs, clsEpochs, seed, minutes));
    md.append("| signal | model | AUC |");
    FPRS.forEach(f -> md.append(" TPR at FPR ").append(Format.compact(f)).append(" |"));
    md.append("\n|---|---|---|").append("---|".repeat(FPRS.size())).append('\n');
    for (String s : sigTe.keySet()) {
      for (Row r : rows) {
        if (r.signal().equals(s)) {
          md.append(String.format(Locale.ROOT, "| %s | %s | %.3f |", s, r.model(), r.auc()));
          r.rates().forEach(t -> md.append(' ').append(rate(t)).append(" |"));
          md.append('\n');
        }
      }
    }
    md.append(String.format(Locale.ROOT, "%nThe study's operating point (30 SM events/day of a 440 Hz stream) is FPR %s:"
        + " it needs %s SM test events (nphunt run streams them).%n", Format.compact(STUDY_FPR),
        Format.compact(Math.ceil(EvaluationConfig.defaults().minBackgroundPerFpr() / STUDY_FPR))));
    md.append(String.format(Locale.ROOT, "%nThe VAE as a generator: %,d events drawn from the prior N(0, I) and decoded"
        + " (HlfSampler) against the %,d SM test events, per feature: means, the two-sample Kolmogorov-Smirnov statistic"
        + " and the Wasserstein-1 distance over the SM standard deviation.%n%n", smTest, smTest));
    md.append("| feature | SM mean | generated mean | KS | W1 / std(SM) |\n|---|---|---|---|---|\n");
    for (FeatureDistances.Distance d : generated) {
      md.append(String.format(Locale.ROOT, "| %s | %.4g | %.4g | %.3f | %.3f |%n", d.feature(), d.referenceMean(),
          d.otherMean(), d.ks(), d.wassersteinOverStd()));
    }
    System.out.print(md);
    if (out != null) {
      Files.writeString(out, md.toString());
    }
  }
}
