package org.nphunt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.NphuntException;
import org.nphunt.eval.Evaluation;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.eval.OperatingPointConfig;
import org.nphunt.eval.ResultsTables;
import org.nphunt.eval.SortedScores;
import org.nphunt.hdf5.ScoreFileReader;
import org.nphunt.manifest.Manifest;
import org.nphunt.report.EvaluationOutput;
import org.nphunt.report.ReportInput;
import org.nphunt.report.ScoreDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nphunt evaluate}: score files in, results.json / results.md / report.html out. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates anomaly scores: ROC curves, AUC, TPR at FPR = 1e-5..1e-2 with Clopper-Pearson intervals and,"
          + " given rates, the trigger operating point. Writes results.json, results.md, report.html and plots/.",
      "NAME is PROCESS (model from --model) or MODEL/PROCESS, e.g. --background dense/SM=sm.h5 --signal dense/LQ=lq.h5."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--background", required = true, paramLabel = "NAME=SCORES.h5",
      description = "Background (SM) score file, one per model.")
  List<String> backgrounds;

  @Option(names = "--signal", required = true, paramLabel = "NAME=SCORES.h5", description = "Signal score file (repeatable).")
  List<String> signals;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "model",
      description = "Model name for NAMEs without MODEL/ (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--score", split = ",", paramLabel = "SCORE", description = "Scores to evaluate (default: all in the background file).")
  List<String> scores;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (must not exist or be empty).")
  Path out;

  @Option(names = "--force", description = "Replace a non-empty output directory.")
  boolean force;

  @Option(names = "--fpr", split = ",", paramLabel = "FPR", description = "FPRs for the TPR table (default: 1e-5,1e-4,1e-3,1e-2).")
  List<Double> fprs;

  @Option(names = "--input-rate", paramLabel = "HZ", description = "Rate of events entering the selection [Hz].")
  Double inputRate;

  @Option(names = "--output-rate", paramLabel = "HZ", description = "Affordable rate of selected events [Hz].")
  Double outputRate;

  @Option(names = "--output-per-day", paramLabel = "N", description = "Affordable selected events per day (instead of --output-rate).")
  Double outputPerDay;

  @Option(names = "--lumi", paramLabel = "PB^-1", description = "Integrated luminosity per month [pb^-1] for the cross-section columns.")
  Double lumi;

  @Option(names = "--events-per-month", paramLabel = "N", defaultValue = "100",
      description = "N of the 'xsec for N events/month' column (default: ${DEFAULT-VALUE}).")
  double eventsPerMonth;

  @Option(names = "--s-over-b", paramLabel = "R", defaultValue = "0.3333333333333333",
      description = "S/B of the 'xsec for S/B' column (default: 1/3).")
  double signalToBackground;

  @Option(names = "--days-per-month", defaultValue = "30", description = "Data-taking days per month (default: ${DEFAULT-VALUE}).")
  double daysPerMonth;

  @Option(names = "--allow-mixed-models",
      description = "Evaluate even when a model's background and signal files were scored by different models"
          + " (their model_manifest attributes differ); by default that is refused.")
  boolean allowMixedModels;

  @Option(names = "--title", paramLabel = "TEXT", defaultValue = "nphunt evaluation", description = "Report title.")
  String title;

  /** What the manifest records as this command's configuration. */
  public record EvaluateSettings(Map<String, String> backgrounds, Map<String, String> signals, List<String> scores,
      EvaluationConfig evaluation) {}

  @Override
  public Integer call() {
    EvaluationConfig config = config();
    Map<String, Path> bkgFiles = parse(backgrounds, "--background");
    Map<String, Path> sigFiles = parse(signals, "--signal");
    List<Path> inputs = new ArrayList<>(bkgFiles.values());
    inputs.addAll(sigFiles.values());
    for (Path p : inputs) {
      if (!Files.isRegularFile(p)) {
        throw new NphuntException(p + ": no such file");
      }
    }
    // fail before reading anything when the output folder may not be written
    new org.nphunt.io.OutputRules("an evaluation folder written by nphunt evaluate", OutputChecks::isEvaluationFolder,
        inputs).check(out, force, true);
    if (!allowMixedModels) {
      checkSameModels(bkgFiles, sigFiles);
    }
    Evaluation evaluation = new Evaluation(config);
    List<ScoreDistribution> distributions = new ArrayList<>();
    Map<String, List<String>> modelScores = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : bkgFiles.entrySet()) {
      String[] mp = e.getKey().split("/", 2);
      Map<String, double[]> values = read(e.getValue(), scores, true);
      modelScores.put(mp[0], new ArrayList<>(values.keySet()));
      evaluation.background(mp[0], mp[1], values);
      values.forEach((s, v) -> distributions.add(new ScoreDistribution(mp[0], s, mp[1], v)));
    }
    for (Map.Entry<String, Path> e : sigFiles.entrySet()) {
      String[] mp = e.getKey().split("/", 2);
      List<String> wanted = modelScores.get(mp[0]);
      if (wanted == null) {
        throw new NphuntException("--signal " + e.getKey() + ": no --background for model " + mp[0]);
      }
      Map<String, double[]> values = read(e.getValue(), wanted, false);
      evaluation.signal(mp[0], mp[1], values);
      values.forEach((s, v) -> distributions.add(new ScoreDistribution(mp[0], s, mp[1], v)));
    }
    EvaluationResults results = evaluation.run();
    Manifest manifest = Manifest.create("evaluate", null,
        new EvaluateSettings(asText(bkgFiles), asText(sigFiles), scores, config), inputs);
    Path html = EvaluationOutput.write(out, force, new org.nphunt.io.OutputRules("an evaluation folder written by"
        + " nphunt evaluate", OutputChecks::isEvaluationFolder, inputs), ReportInput.of(title, manifest, results, distributions));
    var w = spec.commandLine().getOut();
    w.println(ResultsTables.auc(results).markdown());
    w.println("report: " + html);
    w.flush();
    return 0;
  }

  private EvaluationConfig config() {
    EvaluationConfig config = EvaluationConfig.defaults();
    if (fprs != null) {
      config = config.withFprTargets(fprs);
    }
    boolean anyRate = inputRate != null || outputRate != null || outputPerDay != null || lumi != null;
    if (!anyRate) {
      return config;
    }
    if (inputRate == null || (outputRate == null) == (outputPerDay == null)) {
      throw new IllegalArgumentException("an operating point needs --input-rate and one of --output-rate or --output-per-day");
    }
    double output = outputRate != null ? outputRate : OperatingPointConfig.perDayToHz(outputPerDay);
    return config.withOperatingPoint(new OperatingPointConfig(inputRate, output, lumi, eventsPerMonth, signalToBackground, daysPerMonth));
  }

  /** NAME=FILE specs in order; NAME gains the default model when it has no MODEL/ prefix. */
  private Map<String, Path> parse(List<String> specs, String option) {
    Map<String, Path> out = new LinkedHashMap<>();
    for (String s : specs) {
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw new IllegalArgumentException(option + " must be NAME=FILE or MODEL/NAME=FILE, found '" + s + "'");
      }
      String name = s.substring(0, eq);
      if (!name.contains("/")) {
        name = model + "/" + name;
      }
      if (name.startsWith("/") || name.endsWith("/")) {
        throw new IllegalArgumentException(option + " name must be PROCESS or MODEL/PROCESS, found '" + s.substring(0, eq) + "'");
      }
      if (out.put(name, Path.of(s.substring(eq + 1))) != null) {
        throw new IllegalArgumentException(option + " " + name + " given twice");
      }
    }
    return out;
  }

  /** The wanted score columns of a file (all when wanted is null); names the file on an unknown score. */
  private static Map<String, double[]> read(Path file, List<String> wanted, boolean isBackground) {
    Map<String, double[]> values = new LinkedHashMap<>();
    try (ScoreFileReader r = ScoreFileReader.open(file)) {
      if (r.size() == 0) {
        throw new NphuntException(file + ": holds no events (an evaluation needs scored events)");
      }
      List<String> names = wanted == null ? r.scoreNames() : wanted;
      for (String name : names) {
        if (!r.scoreNames().contains(name)) {
          throw new NphuntException(file + ": no score '" + name + "' (the file has " + r.scoreNames() + ")"
              + (isBackground ? "" : "; the background file has it"));
        }
        double[] v = r.scores(name);
        SortedScores.requireFinite(v, file + ": score '" + name + "'");
        values.put(name, v);
      }
    }
    return values;
  }

  private static Map<String, String> asText(Map<String, Path> files) {
    Map<String, String> m = new LinkedHashMap<>();
    files.forEach((k, v) -> m.put(k, v.toString()));
    return m;
  }

  /**
   * Refuses to compare, under one model name, score files that different models wrote: each score file
   * carries the manifest of the model that scored it ({@code model_manifest}); within a model name the
   * files must agree (files without it, e.g. from other tools, are not checked).
   */
  private static void checkSameModels(Map<String, Path> bkgFiles, Map<String, Path> sigFiles) {
    Map<String, String> manifestOf = new LinkedHashMap<>();
    Map<String, Path> firstFile = new LinkedHashMap<>();
    Map<String, Path> all = new LinkedHashMap<>(bkgFiles);
    all.putAll(sigFiles);
    for (Map.Entry<String, Path> e : all.entrySet()) {
      String model = e.getKey().split("/", 2)[0];
      String m;
      try (ScoreFileReader r = ScoreFileReader.open(e.getValue())) {
        m = r.attribute(org.nphunt.score.Scorer.MODEL_MANIFEST_ATTRIBUTE);
      }
      if (m == null) {
        continue;
      }
      String seen = manifestOf.putIfAbsent(model, m);
      firstFile.putIfAbsent(model, e.getValue());
      if (seen != null && !seen.equals(m)) {
        throw new NphuntException(e.getValue() + " was scored by another model than " + firstFile.get(model)
            + " (their model_manifest attributes differ), but both are evaluated as model '" + model + "'; give"
            + " each model its own name (--background vae/SM=... --signal vae/LQ=...) or pass --allow-mixed-models");
      }
    }
  }
}
