package org.nphunt.spark;

import static org.apache.spark.sql.functions.col;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nphunt.NphuntException;
import org.nphunt.cli.OutputChecks;
import org.nphunt.eval.BackgroundStream;
import org.nphunt.eval.EvaluationConfig;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.eval.SortedScores;
import org.nphunt.eval.StreamingEvaluation;
import org.nphunt.io.OutputRules;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.report.EvaluationOutput;
import org.nphunt.report.ReportInput;
import org.nphunt.report.ScoreDistribution;

/**
 * {@code nphunt spark evaluate}: the evaluation of {@code nphunt evaluate} (AUC with its DeLong error, ROC,
 * TPR at fixed FPRs with intervals, the trigger operating point, results.json/md and the report) on the
 * Parquet scores of {@code nphunt spark score}, computed with Spark.
 *
 * <p><b>How.</b> The signals (small: held in memory by {@code nphunt evaluate} too) are collected to the
 * driver, sorted once and broadcast. The background, of any size, never leaves the executors: each
 * partition streams its scores into {@link BackgroundStream}s against the signals, giving integer counts
 * (the placement of every signal event among the background, the Mann-Whitney numerator, the exact DeLong
 * sum of squares) plus its largest scores; the counts of all partitions are added by a tree reduction and
 * merged into the driver's {@link StreamingEvaluation}, which computes every figure exactly as
 * {@code nphunt evaluate} does (it runs the same code on one block). One pass over the background, no
 * shuffle of it; what travels is two ints per signal event and score, per partition.
 *
 * <p>The score histograms of the report use the whole background when it has at most
 * {@code histogramEvents} events (then the report equals {@code nphunt evaluate}'s), else a seeded uniform
 * sample of about that many; the numbers never depend on it.
 */
public final class SparkEvaluation {
  private SparkEvaluation() {}

  /**
   * What to evaluate.
   *
   * @param scoreDirs per model name, its scores folders (of {@code nphunt spark score})
   * @param backgrounds MODEL/PROCESS -> event file as scored (path or unique file name), one per model
   * @param signals MODEL/PROCESS -> event file as scored
   * @param scores the scores to evaluate, or null for all of the background's
   * @param evaluation FPRs and operating point
   * @param title report title
   * @param out output folder (local, on the driver)
   * @param force replace an earlier evaluation folder
   * @param allowMixedModels evaluate files scored by different models under one model name
   * @param histogramEvents largest background drawn whole in the histograms (else a sample of that size)
   */
  public record Config(Map<String, List<String>> scoreDirs, Map<String, String> backgrounds, Map<String, String> signals,
      List<String> scores, EvaluationConfig evaluation, String title, Path out, boolean force, boolean allowMixedModels,
      long histogramEvents) {
    public Config {
      if (backgrounds.isEmpty() || signals.isEmpty()) {
        throw new IllegalArgumentException("an evaluation needs a background and at least one signal");
      }
      if (histogramEvents < 1) {
        throw new IllegalArgumentException("histogramEvents must be > 0, found " + histogramEvents);
      }
      scoreDirs = new LinkedHashMap<>(scoreDirs);
      backgrounds = new LinkedHashMap<>(backgrounds);
      signals = new LinkedHashMap<>(signals);
      scores = scores == null ? null : List.copyOf(scores);
    }
  }

  /** What the manifest records. */
  public record Settings(Map<String, List<String>> scores, Map<String, String> backgrounds, Map<String, String> signals,
      List<String> scoreNames, EvaluationConfig evaluation, long histogramEvents, String master) {}

  /** The results and where the report is. */
  public record Result(EvaluationResults results, Path report, double seconds) {}

  /** A file's scores: its folder and entry. */
  private record Source(String dir, ScoresFolder folder, ScoresFolder.File file) {
    String where() {
      return dir + " (" + file.path() + ")";
    }
  }

  public static Result run(SparkSession spark, Config cfg, Consumer<String> log) {
    long t0 = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = jsc.hadoopConfiguration();
    Map<String, ScoresFolder> folders = new LinkedHashMap<>();
    cfg.scoreDirs().values().forEach(ds -> ds.forEach(d -> folders.computeIfAbsent(d, k -> ScoresFolder.read(k, hadoop))));
    Map<String, Source> bkg = resolve(cfg.backgrounds(), cfg.scoreDirs(), folders, "--background");
    Map<String, Source> sig = resolve(cfg.signals(), cfg.scoreDirs(), folders, "--signal");
    List<Path> localInputs = new ArrayList<>();
    folders.keySet().stream().filter(d -> !Storage.isUri(d)).forEach(d -> localInputs.add(Storage.localPath(d)));
    OutputRules rules = new OutputRules("an evaluation folder written by nphunt evaluate", OutputChecks::isEvaluationFolder,
        localInputs);
    rules.check(cfg.out(), cfg.force(), true);
    if (!cfg.allowMixedModels()) {
      checkSameModels(bkg, sig);
    }

    StreamingEvaluation ev = new StreamingEvaluation(cfg.evaluation(), 0);
    List<ScoreDistribution> bkgDistributions = new ArrayList<>();
    List<ScoreDistribution> sigDistributions = new ArrayList<>();
    Map<String, List<String>> modelScores = new LinkedHashMap<>();
    for (Map.Entry<String, Source> e : bkg.entrySet()) {
      String[] mp = e.getKey().split("/", 2);
      Source b = e.getValue();
      List<String> names = cfg.scores() == null ? b.folder().scores() : cfg.scores();
      for (String n : names) {
        if (!b.folder().scores().contains(n)) {
          throw new NphuntException(b.where() + ": no score '" + n + "' (the file has " + b.folder().scores() + ")");
        }
      }
      if (b.file().events() == 0) {
        throw new NphuntException(b.where() + ": holds no events (an evaluation needs scored events)");
      }
      modelScores.put(mp[0], names);
    }
    for (String key : sig.keySet()) {
      String model = key.split("/", 2)[0];
      if (!modelScores.containsKey(model)) {
        throw new NphuntException("--signal " + key + ": no --background for model " + model);
      }
    }
    for (Map.Entry<String, Source> e : bkg.entrySet()) {
      String[] mp = e.getKey().split("/", 2);
      String model = mp[0];
      Source b = e.getValue();
      List<String> names = modelScores.get(model);
      for (Map.Entry<String, Source> s : sig.entrySet()) {
        String[] sp = s.getKey().split("/", 2);
        if (!sp[0].equals(model)) {
          continue;
        }
        log.accept("collecting the signal " + s.getKey() + " (" + s.getValue().where() + ")");
        Map<String, double[]> values = collect(spark, s.getValue(), names, false);
        ev.signal(model, sp[1], values);
        values.forEach((n, v) -> sigDistributions.add(new ScoreDistribution(model, n, sp[1], v)));
      }
      log.accept(String.format("streaming the background %s (%s, %,d events)", e.getKey(), b.where(), b.file().events()));
      StreamingEvaluation.Feed feed = ev.background(model, mp[1], names, b.file().events(), 0);
      Broadcast<List<BackgroundStream.Spec>> specs = jsc.broadcast(feed.specs());
      List<Column> cols = new ArrayList<>(List.of(col(ScoreTable.INDEX)));
      names.forEach(n -> cols.add(col(n)));
      JavaRDD<Row> rows = rows(spark, b).select(cols.toArray(Column[]::new)).javaRDD();
      jsc.setJobDescription("nphunt spark evaluate: background " + e.getKey());
      List<BackgroundStream.State> states = SparkErrors.run(() -> rows
          .mapPartitions(new BackgroundPartition(specs, names, b.where()))
          .treeReduce(BackgroundPartition::plus));
      specs.destroy();
      long counted = states.get(0).events();
      if (counted != b.file().events()) {
        throw new NphuntException(b.where() + ": " + counted + " rows of scores, its manifest announces "
            + b.file().events() + " events (the scores folder was changed)");
      }
      feed.merge(states);
      bkgDistributions.addAll(backgroundSample(spark, b, model, mp[1], names, cfg.histogramEvents()));
    }
    EvaluationResults results = ev.finish();
    List<ScoreDistribution> distributions = new ArrayList<>(bkgDistributions);
    distributions.addAll(sigDistributions);
    Map<String, String> bkgText = new LinkedHashMap<>();
    bkg.forEach((k, v) -> bkgText.put(k, v.where()));
    Map<String, String> sigText = new LinkedHashMap<>();
    sig.forEach((k, v) -> sigText.put(k, v.where()));
    List<Manifest.InputFile> inputs = new ArrayList<>();
    for (String d : folders.keySet()) {
      String m = Storage.child(d, ScoresFolder.MANIFEST);
      String text = Storage.readString(m, hadoop);
      inputs.add(new Manifest.InputFile(Storage.isUri(m) ? m : Storage.localPath(m).toAbsolutePath().toString(),
          text.getBytes(StandardCharsets.UTF_8).length, sha256(text)));
    }
    Manifest manifest = Manifest.withHashedInputs("spark evaluate", null, new Settings(cfg.scoreDirs(), bkgText, sigText,
        cfg.scores(), cfg.evaluation(), cfg.histogramEvents(), spark.sparkContext().master()), inputs);
    Path html = EvaluationOutput.write(cfg.out(), cfg.force(), rules, ReportInput.of(cfg.title(), manifest, results, distributions));
    return new Result(results, html, (System.nanoTime() - t0) / 1e9);
  }

  /** The rows of one scored file. */
  private static Dataset<Row> rows(SparkSession spark, Source s) {
    return spark.read().parquet(Storage.child(s.dir(), ScoresFolder.PARQUET))
        .where(col(ScoreTable.FILE).equalTo(s.file().path()));
  }

  /** A file's scores in event order, checked finite (as nphunt evaluate checks a score file). */
  private static Map<String, double[]> collect(SparkSession spark, Source s, List<String> names, boolean background) {
    if (s.file().events() == 0) {
      throw new NphuntException(s.where() + ": holds no events (an evaluation needs scored events)");
    }
    for (String n : names) {
      if (!s.folder().scores().contains(n)) {
        throw new NphuntException(s.where() + ": no score '" + n + "' (the file has " + s.folder().scores() + ")"
            + (background ? "" : "; the background file has it"));
      }
    }
    List<Column> cols = new ArrayList<>(List.of(col(ScoreTable.INDEX)));
    names.forEach(n -> cols.add(col(n)));
    spark.sparkContext().setJobDescription("nphunt spark evaluate: collect " + s.where());
    List<Row> rows = SparkErrors.run(() -> rows(spark, s).select(cols.toArray(Column[]::new)).collectAsList());
    if (rows.size() != s.file().events()) {
      throw new NphuntException(s.where() + ": " + rows.size() + " rows of scores, its manifest announces "
          + s.file().events() + " events (the scores folder was changed)");
    }
    // in event order (the rows arrive in partition order), as a score file holds them
    int[] at = new int[rows.size()];
    boolean[] seen = new boolean[rows.size()];
    for (int i = 0; i < at.length; i++) {
      long index = rows.get(i).getLong(0);
      if (index < 0 || index >= at.length || seen[(int) index]) {
        throw new NphuntException(s.where() + ": event index " + index + " outside [0, " + at.length + ") or repeated");
      }
      seen[(int) index] = true;
      at[(int) index] = i;
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (int k = 0; k < names.size(); k++) {
      double[] v = new double[rows.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = rows.get(at[i]).getDouble(k + 1);
      }
      SortedScores.requireFinite(v, s.where() + ": score '" + names.get(k) + "'");
      out.put(names.get(k), v);
    }
    return out;
  }

  /** The background for the histograms: whole when small enough, else a seeded sample of about that size. */
  private static List<ScoreDistribution> backgroundSample(SparkSession spark, Source b, String model, String process,
      List<String> names, long histogramEvents) {
    Map<String, double[]> values;
    if (b.file().events() <= histogramEvents) {
      values = collect(spark, b, names, true);
    } else {
      double fraction = (double) histogramEvents / b.file().events();
      Column[] cols = names.stream().map(n -> col(n)).toArray(Column[]::new);
      List<Row> rows = SparkErrors.run(() -> rows(spark, b).select(cols).sample(false, fraction, 1L).collectAsList());
      values = new LinkedHashMap<>();
      for (int k = 0; k < names.size(); k++) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = rows.get(i).getDouble(k);
        }
        values.put(names.get(k), v);
      }
    }
    List<ScoreDistribution> out = new ArrayList<>();
    values.forEach((n, v) -> out.add(new ScoreDistribution(model, n, process, v)));
    return out;
  }

  /** MODEL/PROCESS -> FILE specs resolved in the model's scores folders. */
  private static Map<String, Source> resolve(Map<String, String> specs, Map<String, List<String>> dirs,
      Map<String, ScoresFolder> folders, String option) {
    Map<String, Source> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : specs.entrySet()) {
      String model = e.getKey().split("/", 2)[0];
      List<String> mine = dirs.get(model);
      if (mine == null || mine.isEmpty()) {
        throw new NphuntException(option + " " + e.getKey() + ": no --scores for model " + model + " (give --scores "
            + model + "=DIR)");
      }
      List<Source> found = new ArrayList<>();
      for (String d : mine) {
        folders.get(d).matching(e.getValue()).forEach(f -> found.add(new Source(d, folders.get(d), f)));
      }
      if (found.isEmpty()) {
        List<String> held = new ArrayList<>();
        mine.forEach(d -> folders.get(d).files().forEach(f -> held.add(f.path())));
        throw new NphuntException(option + " " + e.getKey() + "=" + e.getValue() + ": no scores of " + e.getValue() + " in "
            + String.join(", ", mine) + " (scored: " + held + ")");
      }
      if (found.size() > 1) {
        throw new NphuntException(option + " " + e.getKey() + "=" + e.getValue() + " names several scored files: "
            + found.stream().map(Source::where).toList() + "; give the path as scored, or one --scores folder per model");
      }
      out.put(e.getKey(), found.get(0));
    }
    return out;
  }

  /** Files of one model name must have been scored by one model (as nphunt evaluate checks). */
  private static void checkSameModels(Map<String, Source> bkg, Map<String, Source> sig) {
    Map<String, String> manifestOf = new LinkedHashMap<>();
    Map<String, String> firstFile = new LinkedHashMap<>();
    Map<String, Source> all = new LinkedHashMap<>(bkg);
    all.putAll(sig);
    for (Map.Entry<String, Source> e : all.entrySet()) {
      String model = e.getKey().split("/", 2)[0];
      if (e.getValue().folder().modelManifest() == null) {
        continue;
      }
      String m = Json.write(e.getValue().folder().modelManifest());
      String seen = manifestOf.putIfAbsent(model, m);
      firstFile.putIfAbsent(model, e.getValue().where());
      if (seen != null && !seen.equals(m)) {
        throw new NphuntException(e.getValue().where() + " was scored by another model than " + firstFile.get(model)
            + " (their model manifests differ), but both are evaluated as model '" + model + "'; give each model its"
            + " own name (--scores vae=DIR --background vae/SM=... --signal vae/LQ=...) or pass --allow-mixed-models");
      }
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
