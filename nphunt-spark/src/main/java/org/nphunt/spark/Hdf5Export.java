package org.nphunt.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.hdf5.ScoreFileWriter;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.Scorer;

/**
 * The HDF5 score files of {@code nphunt spark score --hdf5}: the Parquet rows sorted by (file, index) and
 * streamed to the driver partition by partition (one Spark job for every file), each file's rows written
 * by {@link ScoreFileWriter} in the blocks {@code nphunt score} writes: the same datasets ({@code mse},
 * ..., {@code EvtId}, {@code ProcessId} when the input has them), values, chunking and
 * {@code model_manifest}, and the readers' notes as {@code source_notes} when there are any; the {@code
 * manifest} attribute records this command. Memory on the driver: one
 * block per score.
 */
final class Hdf5Export {
  private Hdf5Export() {}

  /** What every file's manifest shares, and the readers' notes per file as given ({@link SourceNotes}). */
  record Common(LoadedModel model, Path modelDir, int batch, Manifest.InputFile modelJson, Manifest.InputFile weights,
      Map<String, List<String>> notes) {}

  static void write(SparkSession spark, String parquet, String dir, List<EventFile> files, Map<String, String> names,
      ScoreTable table, Common common, Configuration conf) {
    boolean remote = Storage.isUri(dir);
    Path localDir;
    try {
      localDir = remote ? Files.createTempDirectory("nphunt-spark-hdf5-") : Files.createDirectories(Storage.localPath(dir));
    } catch (IOException e) {
      throw new NphuntException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    List<String> scores = table.scores();
    boolean anyIds = table.columns().contains(Adc2021.EVT_ID);
    boolean anyPids = table.columns().contains(Adc2021.PROCESS_ID);
    List<Column> cols = new ArrayList<>(List.of(col(ScoreTable.FILE), col(ScoreTable.INDEX)));
    scores.forEach(s -> cols.add(col(s)));
    if (anyIds) {
      cols.add(col(Adc2021.EVT_ID));
    }
    if (anyPids) {
      cols.add(col(Adc2021.PROCESS_ID));
    }
    Map<String, EventFile> byPath = new LinkedHashMap<>();
    files.forEach(f -> byPath.put(f.path(), f));
    spark.sparkContext().setJobDescription("nphunt spark score: HDF5 score files");
    Iterator<Row> rows = SparkErrors.run(() -> spark.read().parquet(parquet).select(cols.toArray(Column[]::new))
        .orderBy(ScoreTable.FILE, ScoreTable.INDEX).toLocalIterator());
    Writer w = null;
    try {
      while (SparkErrors.run(rows::hasNext)) {
        Row r = rows.next();
        String path = r.getString(0);
        if (w == null || !w.file.path().equals(path)) {
          if (w != null) {
            w.finish(parquet);
          }
          EventFile f = byPath.get(path);
          if (f == null) {
            throw new NphuntException(parquet + ": rows of " + path + ", which this run did not score");
          }
          w = new Writer(f, localDir.resolve(names.get(path)), scores, common);
        }
        w.add(r, parquet);
      }
      if (w != null) {
        w.finish(parquet);
        w = null;
      }
    } finally {
      if (w != null) {
        w.out.close();
      }
    }
    for (EventFile f : files) {
      Path target = localDir.resolve(names.get(f.path()));
      if (!Files.exists(target)) {
        throw new NphuntException(parquet + ": no scores of " + f.path());
      }
      if (remote) {
        Storage.upload(target, Storage.child(dir, names.get(f.path())), conf);
        try {
          Files.deleteIfExists(target);
        } catch (IOException ignored) {
          target.toFile().deleteOnExit();
        }
      }
    }
  }

  /** The score file of one input, filled in event order. */
  private static final class Writer {
    final EventFile file;
    final ScoreFileWriter out;
    final Common common;
    final int block;
    final double[][] v;
    final long[] evt;
    final int[] pid;
    final int nScores;
    long expect;
    int n;

    Writer(EventFile file, Path target, List<String> scores, Common common) {
      this.file = file;
      this.common = common;
      this.nScores = scores.size();
      this.block = Scorer.readBlock(common.batch());
      this.v = new double[nScores][block];
      this.evt = file.columns().contains(Adc2021.EVT_ID) ? new long[block] : null;
      this.pid = file.columns().contains(Adc2021.PROCESS_ID) ? new int[block] : null;
      this.out = ScoreFileWriter.create(target, scores, false);
    }

    void add(Row r, String parquet) {
      long index = r.getLong(1);
      if (index != expect) {
        throw new NphuntException(parquet + ": the scores of " + file.path() + " miss event " + expect + " (next is " + index + ")");
      }
      expect++;
      for (int s = 0; s < nScores; s++) {
        v[s][n] = r.getDouble(2 + s);
      }
      int k = 2 + nScores;
      if (evt != null) {
        evt[n] = r.getLong(k++);
      }
      if (pid != null) {
        pid[n] = r.getInt(k);
      }
      if (++n == block) {
        flush();
      }
    }

    private void flush() {
      out.write(n, v, evt, pid);
      n = 0;
    }

    void finish(String parquet) {
      if (n > 0) {
        flush();
      }
      if (expect != file.events()) {
        out.close();
        throw new NphuntException(parquet + ": " + expect + " scores of " + file.path() + ", which has " + file.events() + " events");
      }
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("model", common.modelDir().toAbsolutePath().toString());
      settings.put("batch", common.batch());
      settings.put("scores", common.model().scoreNames());
      Manifest manifest = Manifest.withHashedInputs("spark score", null, settings,
          List.of(file.input(), common.modelJson(), common.weights()));
      out.attribute(Scorer.MANIFEST_ATTRIBUTE, Json.write(manifest));
      List<String> notes = common.notes().getOrDefault(file.path(), List.of());
      if (!notes.isEmpty()) {
        out.attribute(Scorer.SOURCE_NOTES_ATTRIBUTE, Json.write(notes));
      }
      if (common.model().manifest() != null) {
        out.attribute(Scorer.MODEL_MANIFEST_ATTRIBUTE, Json.write(common.model().manifest()));
      }
      out.commit();
    }
  }
}
