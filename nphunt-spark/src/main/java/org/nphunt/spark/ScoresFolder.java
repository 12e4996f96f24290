package org.nphunt.spark;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.nphunt.NphuntException;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;

/**
 * The folder {@code nphunt spark score} writes, and its {@code manifest.json}:
 *
 * <pre>
 * OUT/scores/        Parquet, one row per event ({@link ScoreTable}); spark.read.parquet("OUT/scores")
 * OUT/hdf5/NAME      with --hdf5: the score file of input NAME, as nphunt score writes it
 * OUT/manifest.json  this record: written last, so a folder with it is complete
 * </pre>
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param kind always {@value #KIND}
 * @param manifest the run's manifest (command, settings, inputs with SHA-256, versions, time)
 * @param modelManifest the manifest of the model that scored (from its model.json), or null
 * @param schema the schema of the events scored
 * @param scores score names in column order
 * @param columns the per-event columns of the table besides file, index and the scores
 * @param files the event files, in task order
 */
public record ScoresFolder(int formatVersion, String kind, Manifest manifest, Manifest modelManifest, String schema,
    List<String> scores, List<String> columns, List<File> files) {
  public static final int FORMAT_VERSION = 1;
  public static final String KIND = "nphunt spark score";
  public static final String MANIFEST = "manifest.json";
  public static final String PARQUET = "scores";
  public static final String HDF5 = "hdf5";

  public ScoresFolder {
    if (!KIND.equals(kind)) {
      throw new IllegalArgumentException("kind must be '" + KIND + "', found '" + kind + "'");
    }
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException("formatVersion must be " + FORMAT_VERSION + ", found " + formatVersion);
    }
    scores = List.copyOf(scores);
    columns = List.copyOf(columns);
    files = List.copyOf(files);
  }

  /**
   * One scored event file.
   *
   * @param path the file as given (the {@code file} column of its rows)
   * @param format its format
   * @param events number of events (rows)
   * @param columns the per-event columns it has
   * @param hdf5 name of its HDF5 score file under {@code OUT/hdf5}, or null
   * @param sourceNotes what the reader converted or assumed on reading it (as {@code source_notes} of
   *     {@code nphunt score}); empty when nothing, and in manifests written before the field
   */
  public record File(String path, String format, long events, List<String> columns, String hdf5,
      List<String> sourceNotes) {
    public File {
      columns = List.copyOf(columns);
      sourceNotes = sourceNotes == null ? List.of() : List.copyOf(sourceNotes);
    }
  }

  /** Reads {@code DIR/manifest.json}; a folder without it is not (or not yet) a scores folder. */
  public static ScoresFolder read(String dir, Configuration conf) {
    String m = Storage.child(dir, MANIFEST);
    if (!Storage.exists(m, conf)) {
      throw new NphuntException(dir + ": not a scores folder of nphunt spark score (no " + MANIFEST
          + "; an interrupted run leaves none)");
    }
    return Json.read(Storage.readString(m, conf), ScoresFolder.class, m);
  }

  /** Whether a local folder is a complete output of this command (what --force may replace). */
  static boolean isScoresFolder(java.nio.file.Path dir) {
    try {
      read(dir.toString(), new Configuration(false));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The files scored as {@code wanted} (that path), else those of that file name (e.g. {@code sm.h5}). */
  public List<File> matching(String wanted) {
    List<File> exact = files.stream().filter(f -> f.path().equals(wanted)).toList();
    return !exact.isEmpty() ? exact : files.stream().filter(f -> Storage.name(f.path()).equals(Storage.name(wanted))).toList();
  }

  public String toJson() {
    return Json.write(this);
  }
}
