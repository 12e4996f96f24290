package org.nphunt.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.nphunt.NphuntException;
import org.nphunt.io.AtomicDirectory;
import org.nphunt.io.OutputRules;
import org.nphunt.manifest.Manifest;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ModelFile;
import org.nphunt.score.Scorer;

/**
 * {@code nphunt spark score} on a Spark session, in three jobs:
 *
 * <ol>
 *   <li><b>plan</b>: one task per input file, on the executors (which may see files the driver cannot):
 *       format, schema, events, chunking, per-event columns, size and SHA-256 ({@link EventFile});
 *       a file nphunt cannot read ends the command with its reader's one-line message;
 *   <li><b>score</b>: every file cut into tasks of whole HDF5 chunks ({@link ScoreTask}), each read
 *       and scored on an executor ({@link ScorePartition}) with the model broadcast once and loaded
 *       once per executor JVM; rows written as Parquet through Spark's file committer (task output is
 *       committed only by the attempt that succeeds, so a retried or speculative task leaves no
 *       duplicate rows, and the job's output appears only when every task succeeded);
 *   <li><b>HDF5</b> (with {@code --hdf5}): each file's rows read back in event order and written by
 *       {@link org.nphunt.hdf5.ScoreFileWriter} exactly as {@code nphunt score} writes them, with the readers'
 *       notes ({@link SourceNotes}) as {@code source_notes}; the notes are also in {@code manifest.json}.
 * </ol>
 *
 * <p>Local outputs are written under a temporary name and renamed when complete (as every nphunt
 * output); on a URI the Parquet committer and the {@code manifest.json} written last mark completion.
 */
public final class SparkScoring {
  /**
   * Fault injection, for tests of the commit protocol: the first attempt of the task of this partition
   * index fails halfway through its rows.
   */
  public static final String FAIL_FIRST_ATTEMPT = "spark.nphunt.test.failFirstAttemptOfTask";

  private SparkScoring() {}

  /**
   * What a run did.
   *
   * @param notes the readers' notes on the inputs, file by file (see {@link SourceNotes}), as {@code nphunt score}
   *     prints them
   */
  public record Result(String out, long events, int files, int tasks, double seconds, List<String> notes) {}

  /** The settings the manifest records. */
  public record Settings(String model, List<String> inputs, int batch, long taskEvents, boolean hdf5, String master,
      int tasks, List<String> scores) {}

  /** Runs the command; {@code log} receives progress lines. */
  public static Result run(SparkSession spark, SparkScoreConfig cfg, Consumer<String> log) {
    long t0 = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = jsc.hadoopConfiguration();
    HadoopConf hc = new HadoopConf(hadoop);
    Path modelDir = Path.of(cfg.model());
    ModelCopy copy = ModelCopy.read(modelDir);
    LoadedModel model = copy.load(1);
    List<String> paths = Storage.expand(cfg.inputs(), hadoop);
    Map<String, String> hdf5Names = cfg.hdf5() ? hdf5Names(paths) : Map.of();

    boolean local = !Storage.isUri(cfg.out());
    AtomicDirectory atomic = null;
    String work;
    if (local) {
      List<Path> localInputs = new ArrayList<>();
      paths.stream().filter(p -> !Storage.isUri(p)).forEach(p -> localInputs.add(Storage.localPath(p)));
      localInputs.add(modelDir);
      atomic = AtomicDirectory.create(Storage.localPath(cfg.out()), cfg.force(),
          new OutputRules("a scores folder written by nphunt spark score", ScoresFolder::isScoresFolder, localInputs));
      work = atomic.temporary().toString();
    } else {
      prepareRemote(cfg.out(), cfg.force(), hadoop);
      work = cfg.out();
    }
    try {
      log.accept("planning " + paths.size() + " file" + (paths.size() == 1 ? "" : "s"));
      jsc.setJobDescription("nphunt spark score: plan " + paths.size() + " files");
      List<EventFile> files = SparkErrors.run(
          () -> jsc.parallelize(paths, Math.max(1, paths.size())).map(p -> EventFile.examine(p, hc, true)).collect());
      for (EventFile f : files) {
        Scorer.requireSchema(model, f.path(), f.schema());
      }
      ScoreTable table = ScoreTable.of(files.get(0).schema(), files, model.scoreNames());
      List<ScoreTask> tasks = ScoreTask.plan(files, cfg.taskEvents(), Scorer.readBlock(cfg.batch()));
      long events = files.stream().mapToLong(EventFile::events).sum();
      log.accept(String.format("planned %,d events in %d tasks (%.1f s)", events, tasks.size(), (System.nanoTime() - t0) / 1e9));

      int taskCpus = Integer.parseInt(spark.sparkContext().getConf().get("spark.task.cpus", "1"));
      int failTask = Integer.parseInt(setting(spark, FAIL_FIRST_ATTEMPT, "-1"));
      Broadcast<ModelCopy> shared = jsc.broadcast(copy);
      CollectionAccumulator<SourceNotes.Note> noteAcc = jsc.sc().collectionAccumulator("nphunt reader notes");
      JavaRDD<ScoreTask> rdd = jsc.parallelize(tasks, tasks.size());
      JavaRDD<Row> rows = rdd.mapPartitions(new ScorePartition(shared, table, cfg.batch(), taskCpus, hc, failTask, noteAcc));
      Dataset<Row> df = spark.createDataFrame(rows, table.structType());
      String parquet = Storage.child(work, ScoresFolder.PARQUET);
      jsc.setJobDescription("nphunt spark score: " + tasks.size() + " tasks");
      // dictionary encoding only where values repeat (file, small ints): on the float64 scores it costs a
      // hash per value before Parquet falls back to plain encoding (measured: ~15% of a task's CPU)
      DataFrameWriter<Row> writer = df.write().mode(SaveMode.ErrorIfExists).option("parquet.enable.dictionary", "false")
          .option("parquet.enable.dictionary#" + ScoreTable.FILE, "true");
      for (int c = 0; c < table.columns().size(); c++) {
        if (table.types().get(c) == org.nphunt.data.ColumnType.INT32) {
          writer = writer.option("parquet.enable.dictionary#" + table.tableName(c), "true");
        }
      }
      DataFrameWriter<Row> w = writer;
      SparkErrors.run(() -> w.parquet(parquet));
      shared.destroy();
      log.accept(String.format("scored into %s (%.1f s)", parquet, (System.nanoTime() - t0) / 1e9));
      Map<String, List<String>> notes = SourceNotes.merge(noteAcc.value());

      Manifest.InputFile modelJson = Manifest.InputFile.of(modelDir.resolve(ModelFile.FILE_NAME));
      Manifest.InputFile weights = Manifest.InputFile.of(modelDir.resolve(copy.weightsName()));
      if (cfg.hdf5()) {
        log.accept("writing " + files.size() + " HDF5 score file" + (files.size() == 1 ? "" : "s"));
        Hdf5Export.write(spark, parquet, Storage.child(work, ScoresFolder.HDF5), files, hdf5Names, table,
            new Hdf5Export.Common(model, modelDir, cfg.batch(), modelJson, weights, notes), hadoop);
      }
      List<Manifest.InputFile> inputs = new ArrayList<>();
      files.forEach(f -> inputs.add(f.input()));
      inputs.add(modelJson);
      inputs.add(weights);
      Settings settings = new Settings(modelDir.toAbsolutePath().toString(), cfg.inputs(), cfg.batch(), cfg.taskEvents(),
          cfg.hdf5(), spark.sparkContext().master(), tasks.size(), model.scoreNames());
      List<ScoresFolder.File> scored = files.stream().map(f -> new ScoresFolder.File(f.path(), f.format(), f.events(),
          f.columns(), cfg.hdf5() ? hdf5Names.get(f.path()) : null, notes.getOrDefault(f.path(), List.of()))).toList();
      List<String> columns = new ArrayList<>();
      for (int c = 0; c < table.columns().size(); c++) {
        columns.add(table.tableName(c));
      }
      ScoresFolder folder = new ScoresFolder(ScoresFolder.FORMAT_VERSION, ScoresFolder.KIND,
          Manifest.withHashedInputs("spark score", null, settings, inputs), model.manifest(), files.get(0).schema(),
          model.scoreNames(), columns, scored);
      Storage.writeString(Storage.child(work, ScoresFolder.MANIFEST), folder.toJson(), hadoop);
      if (atomic != null) {
        atomic.commit();
      }
      List<String> allNotes = new ArrayList<>();
      files.forEach(f -> allNotes.addAll(notes.getOrDefault(f.path(), List.of())));
      return new Result(cfg.out(), events, files.size(), tasks.size(), (System.nanoTime() - t0) / 1e9, allNotes);
    } finally {
      if (atomic != null) {
        atomic.close();
      }
    }
  }

  /** A Spark setting of the session or, failing that, of the context. */
  static String setting(SparkSession spark, String key, String fallback) {
    String v = spark.conf().get(key, null);
    return v != null ? v : spark.sparkContext().getConf().get(key, fallback);
  }

  /** HDF5 score file names: the input's file name; two inputs of one name are refused. */
  private static Map<String, String> hdf5Names(List<String> paths) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (String p : paths) {
      String n = Storage.name(p);
      if (!seen.add(n)) {
        throw new NphuntException("--hdf5: two inputs are named " + n + " (" + p + " and another); their HDF5 score"
            + " files would collide: score them in separate runs");
      }
      out.put(p, n);
    }
    return out;
  }

  /** An output URI: refused when it holds something, unless --force and it is an earlier scores folder. */
  private static void prepareRemote(String out, boolean force, Configuration conf) {
    if (!Storage.nonEmptyFolder(out, conf)) {
      return;
    }
    if (!force) {
      throw new NphuntException(out + " exists and is not empty (use --force to replace it)");
    }
    try {
      ScoresFolder.read(out, conf);
    } catch (NphuntException e) {
      throw new NphuntException(out + " is not a scores folder written by nphunt spark score; --force replaces only"
          + " a scores folder written by nphunt spark score, so it is left alone (remove it yourself if you mean to)");
    }
    Storage.deleteRecursively(out, conf);
  }
}
