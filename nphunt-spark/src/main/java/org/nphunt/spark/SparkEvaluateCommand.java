package org.nphunt.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.cli.EvaluationOptions;
import org.nphunt.eval.ResultsTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nphunt spark evaluate}: {@code nphunt evaluate} on the Parquet scores of {@code nphunt spark score}. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate Parquet scores of 'nphunt spark score' on Spark: the numbers of 'nphunt evaluate' (AUC with its DeLong"
          + " error, ROC, TPR at FPR = 1e-5..1e-2 with intervals, the trigger operating point), exact, with the"
          + " background streamed partition by partition on the executors; writes results.json, results.md,"
          + " report.html and plots/.",
      "FILE is an event file as scored (its path, or its name when unique), e.g. --scores runs/s --background SM=sm.h5"
          + " --signal A4l=ato4l.h5; NAME is PROCESS (model from --model) or MODEL/PROCESS with --scores MODEL=DIR."
    })
public final class SparkEvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--scores", required = true, paramLabel = "[MODEL=]DIR",
      description = "Scores folder written by 'nphunt spark score' (repeatable; MODEL= names the model, default --model).")
  List<String> scoreDirs;

  @Option(names = "--background", required = true, paramLabel = "NAME=FILE", description = "Background (SM) events, one per model.")
  List<String> backgrounds;

  @Option(names = "--signal", required = true, paramLabel = "NAME=FILE", description = "Signal events (repeatable).")
  List<String> signals;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "model",
      description = "Model name for NAMEs and --scores without MODEL (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--score", split = ",", paramLabel = "SCORE", description = "Scores to evaluate (default: all).")
  List<String> scores;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (must not exist or be empty).")
  Path out;

  @Option(names = "--force", description = "Replace an earlier evaluation folder.")
  boolean force;

  @Option(names = "--allow-mixed-models",
      description = "Evaluate even when a model's files were scored by different models (refused by default).")
  boolean allowMixedModels;

  @Option(names = "--histogram-events", paramLabel = "N", defaultValue = "1000000",
      description = "Largest background drawn whole in the score histograms; a larger one is sampled to about N events"
          + " (the numbers never are) (default: ${DEFAULT-VALUE}).")
  long histogramEvents;

  @Mixin EvaluationOptions options;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() {
    Map<String, List<String>> dirs = new LinkedHashMap<>();
    for (String s : scoreDirs) {
      int eq = s.indexOf('=');
      boolean named = eq > 0 && !s.substring(0, eq).contains("/") && !s.substring(0, eq).contains(":");
      String m = named ? s.substring(0, eq) : model;
      String dir = named ? s.substring(eq + 1) : s;
      if (dir.isBlank()) {
        throw new IllegalArgumentException("--scores must be DIR or MODEL=DIR, found '" + s + "'");
      }
      dirs.computeIfAbsent(m, k -> new ArrayList<>()).add(dir);
    }
    SparkEvaluation.Config cfg = new SparkEvaluation.Config(dirs, EvaluationOptions.named(backgrounds, "--background", model),
        EvaluationOptions.named(signals, "--signal", model), scores, options.config(), options.title(), out, force,
        allowMixedModels, histogramEvents);
    var w = spec.commandLine().getOut();
    try (SparkSessions.Started s = SparkSessions.start("nphunt spark evaluate", sparkOptions, SparkScoreCommand.debug(spec))) {
      SparkEvaluation.Result r = SparkEvaluation.run(s.session(), cfg, line -> {
        w.println(line);
        w.flush();
      });
      w.println(ResultsTables.auc(r.results()).markdown());
      w.println("report: " + r.report());
      w.flush();
    }
    return 0;
  }
}
