package org.nphunt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.NphuntException;
import org.nphunt.data.DijetSchema;
import org.nphunt.fom.TaggingFigures;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.Architectures;
import org.nphunt.eval.Evaluation;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.eval.ResultsTables;
import org.nphunt.eval.SortedScores;
import org.nphunt.hdf5.ScoreFileReader;
import org.nphunt.manifest.Manifest;
import org.nphunt.report.EvaluationOutput;
import org.nphunt.report.ReportInput;
import org.nphunt.report.ScoreDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nphunt evaluate}: score files in, results.json / results.md / report.html out. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates anomaly scores: ROC curves, AUC, TPR at FPR = 1e-5..1e-2 with Clopper-Pearson intervals and,"
          + " given rates, the trigger operating point; for jet models (dijet score files) the tagging figures 1/eps_B at"
          + " eps_S = 0.3 and max SIC. Writes results.json, results.md, report.html and plots/.",
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

  @Mixin EvaluationOptions options;

  @Option(names = "--allow-mixed-models",
      description = "Evaluate even when a model's background and signal files were scored by different models"
          + " (their model_manifest attributes differ); by default that is refused.")
  boolean allowMixedModels;

  @Option(names = "--tagging",
      description = "Add the jet-tagging figures (AUC, 1/eps_B at eps_S = 0.3, max SIC) per signal; on by default when"
          + " a score file was written by a model reading dijet events.")
  boolean tagging;

  /** What the manifest records as this command's configuration. */
  public record EvaluateSettings(Map<String, String> backgrounds, Map<String, String> signals, List<String> scores,
      EvaluationConfig evaluation) {}

  @Override
  public Integer call() {
    EvaluationConfig config = options.config();
    Map<String, Path> bkgFiles = parse(backgrounds, "--background");
    Map<String, Path> sigFiles = parse(signals, "--signal");
    List<Path> inputs = new ArrayList<>(bkgFiles.values());
    inputs.addAll(sigFiles.values());
    for (Path p : inputs) {
      if (!Files.isRegularFile(p)) {
        throw new NphuntException(p + ": no such file");
      }
    }
    for (Path p : inputs) {
      // in the order given, each a score file (an event file is named as such with the command that scores it)
      ScoreFileReader.open(p).close();
    }
    // fail before reading anything when the output folder may not be written
    new org.nphunt.io.OutputRules("an evaluation folder written by nphunt evaluate", OutputChecks::isEvaluationFolder,
        inputs).check(out, force, true);
    checkSignalsAreNotBackgrounds(bkgFiles, sigFiles);
    if (!allowMixedModels) {
      checkSameModels(bkgFiles, sigFiles);
    }
    Evaluation evaluation = new Evaluation(config);
    boolean dijet = tagging || inputs.stream().anyMatch(EvaluateCommand::scoredDijets);
    if (dijet) {
      evaluation.with(TaggingFigures.defaults());
    }
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
        + " nphunt evaluate", OutputChecks::isEvaluationFolder, inputs), ReportInput.of(options.title(), manifest, results, distributions));
    var w = spec.commandLine().getOut();
    w.println(ResultsTables.auc(results).markdown());
    if (dijet) {
      results.extraTables().forEach(t -> w.println(t.markdown()));
    }
    w.println("report: " + html);
    w.flush();
    return 0;
  }

  /** NAME=FILE specs in order; NAME gains the default model when it has no MODEL/ prefix. */
  private Map<String, Path> parse(List<String> specs, String option) {
    Map<String, Path> out = new LinkedHashMap<>();
    EvaluationOptions.named(specs, option, model).forEach((k, v) -> out.put(k, Path.of(v)));
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

  /**
   * Whether a score file was written by a model that reads dijet events (its {@code model_manifest}
   * names the architecture); files without that attribute are not.
   */
  static boolean scoredDijets(Path file) {
    String m;
    try (ScoreFileReader r = ScoreFileReader.open(file)) {
      m = r.attribute(org.nphunt.score.Scorer.MODEL_MANIFEST_ATTRIBUTE);
    }
    if (m == null) {
      return false;
    }
    try {
      JsonNode arch = Architectures.mapper().readTree(m).path("config").path("architecture");
      if (arch.isMissingNode()) {
        return false;
      }
      return DijetSchema.NAME.equals(Architectures.mapper().treeToValue(arch, ArchitectureConfig.class).inputSchema());
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Map<String, String> asText(Map<String, Path> files) {
    Map<String, String> m = new LinkedHashMap<>();
    files.forEach((k, v) -> m.put(k, v.toString()));
    return m;
  }

  /**
   * Refuses (usage error, exit 2) a {@code --signal} that is a {@code --background}'s sample: the same file
   * (same path, a link to it, or a byte-identical copy), or, under the same model name, a score file of the same
   * events (the scored events file's SHA-256 in both files' {@code manifest}, as {@code nphunt score} writes
   * it): the signal would be the background itself and every figure meaningless. Then notes ({@code nphunt:
   * note:}, evaluated as asked) a signal named like its model's background, and a signal whose {@code
   * ProcessId} column holds only Standard-Model background processes of nphunt's generators ({@link
   * #backgroundProcessIds()}). Score files without a manifest or ProcessId (other tools', the published ADC2021
   * files scored) are only checked for being the same file.
   */
  private void checkSignalsAreNotBackgrounds(Map<String, Path> bkgFiles, Map<String, Path> sigFiles) {
    Map<Path, String> eventsSha = new LinkedHashMap<>();
    for (Map.Entry<String, Path> s : sigFiles.entrySet()) {
      String sModel = s.getKey().split("/", 2)[0];
      for (Map.Entry<String, Path> b : bkgFiles.entrySet()) {
        if (sameFile(s.getValue(), b.getValue())) {
          throw new ParameterException(spec.commandLine(), "--signal " + s.getKey() + "=" + s.getValue()
              + " is the same file as --background " + b.getKey() + "=" + b.getValue()
              + "; a signal must be another sample than the background");
        }
        if (!sModel.equals(b.getKey().split("/", 2)[0])) {
          continue;
        }
        String sSha = eventsSha.computeIfAbsent(s.getValue(), EvaluateCommand::scoredEventsSha256);
        String bSha = eventsSha.computeIfAbsent(b.getValue(), EvaluateCommand::scoredEventsSha256);
        if (!sSha.isEmpty() && sSha.equals(bSha)) {
          throw new ParameterException(spec.commandLine(), "--signal " + s.getKey() + "=" + s.getValue()
              + " holds the scores of the same events file as --background " + b.getKey() + "=" + b.getValue()
              + " (sha256 " + sSha.substring(0, 12) + "... in both manifests); a signal must be another sample than"
              + " the background");
        }
      }
    }
    var err = spec.commandLine().getErr();
    Map<Integer, String> sm = backgroundProcessIds();
    for (Map.Entry<String, Path> s : sigFiles.entrySet()) {
      String[] mp = s.getKey().split("/", 2);
      for (String b : bkgFiles.keySet()) {
        String[] bp = b.split("/", 2);
        if (bp[0].equals(mp[0]) && bp[1].equalsIgnoreCase(mp[1])) {
          err.println("nphunt: note: --signal " + s.getKey() + " has the name of model " + mp[0] + "'s --background ("
              + b + "); evaluated as a signal as asked");
        }
      }
      int[] pid;
      try (ScoreFileReader r = ScoreFileReader.open(s.getValue())) {
        pid = r.processId();
      }
      if (pid == null || pid.length == 0) {
        continue;
      }
      java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
      for (int id : pid) {
        ids.add(id);
      }
      if (sm.keySet().containsAll(ids)) {
        List<String> named = ids.stream().map(id -> id + " " + sm.get(id)).toList();
        err.println("nphunt: note: --signal " + s.getKey() + "=" + s.getValue() + ": every event's ProcessId ("
            + String.join(", ", named) + ") is a Standard-Model background process of nphunt's generators;"
            + " evaluated as a signal as asked");
      }
    }
    err.flush();
  }

  /**
   * ProcessId -> name of the Standard-Model background processes of nphunt's generators: the ADC2021 SM
   * cocktail's processes (W, QCD, Z, ttbar) and the built-in jet processes labelled background (qcd-dijet,
   * qcd-top). A user's process spec may reuse these ids, hence a note, never a refusal.
   */
  static Map<Integer, String> backgroundProcessIds() {
    Map<Integer, String> ids = new java.util.TreeMap<>();
    for (var c : org.nphunt.physics.Processes.SM.components()) {
      ids.put(c.process().processId(), c.process().name());
    }
    for (String name : org.nphunt.physics.jets.JetProcesses.names()) {
      for (var c : org.nphunt.physics.jets.JetProcesses.builtIn(name).components()) {
        if (c.process().label() == 0) {
          ids.put(c.process().processId(), c.process().name());
        }
      }
    }
    return ids;
  }

  /** Whether two paths are one file: the same file system entry, or byte-identical contents. */
  static boolean sameFile(Path a, Path b) {
    try {
      if (Files.isSameFile(a, b)) {
        return true;
      }
      return Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The SHA-256 of the events file a score file was computed from (first input of its {@code nphunt score} or
   * {@code nphunt spark score --hdf5} manifest), or "" when the file has no such manifest.
   */
  static String scoredEventsSha256(Path scoreFile) {
    String m;
    try (ScoreFileReader r = ScoreFileReader.open(scoreFile)) {
      m = r.attribute(org.nphunt.score.Scorer.MANIFEST_ATTRIBUTE);
    }
    if (m == null) {
      return "";
    }
    try {
      JsonNode manifest = org.nphunt.json.Json.mapper().readTree(m);
      JsonNode first = manifest.path("inputs").path(0).path("sha256");
      String command = manifest.path("command").asText();
      return (command.equals("score") || command.equals("spark score")) && first.isTextual() ? first.asText() : "";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "";
    }
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
