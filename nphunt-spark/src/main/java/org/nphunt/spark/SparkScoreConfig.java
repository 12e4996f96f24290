package org.nphunt.spark;

import java.util.List;

/**
 * What {@code nphunt spark score} does: the model folder (on the driver), the event files (paths, folders
 * or globs; local or URIs), the output folder, the events per forward pass, the events per Spark task
 * (rounded to whole HDF5 chunks), and whether HDF5 score files are written beside the Parquet scores.
 *
 * @param model model folder written by {@code nphunt train}
 * @param inputs event files, folders of them, or globs
 * @param out output folder (local path or URI)
 * @param batch events per forward pass (default 1024, as {@code nphunt score})
 * @param taskEvents events per task, rounded to whole chunks (default 262,144)
 * @param hdf5 also write one HDF5 score file per input, as {@code nphunt score} would
 * @param force replace an earlier output of this command
 */
public record SparkScoreConfig(String model, List<String> inputs, String out, int batch, long taskEvents, boolean hdf5,
    boolean force) {
  public static final int DEFAULT_BATCH = 1024;
  public static final long DEFAULT_TASK_EVENTS = 262_144;

  public SparkScoreConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must be a model folder, found '" + model + "'");
    }
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("inputs must name at least one event file, found none");
    }
    inputs = List.copyOf(inputs);
    if (out == null || out.isBlank()) {
      throw new IllegalArgumentException("out must be a folder, found '" + out + "'");
    }
    if (batch < 1 || batch > 1 << 20) {
      throw new IllegalArgumentException("batch must be in 1..1048576, found " + batch);
    }
    if (taskEvents < 1) {
      throw new IllegalArgumentException("taskEvents must be > 0, found " + taskEvents);
    }
  }

  /** Defaults for the given model, inputs and output. */
  public static SparkScoreConfig of(String model, List<String> inputs, String out) {
    return new SparkScoreConfig(model, inputs, out, DEFAULT_BATCH, DEFAULT_TASK_EVENTS, false, false);
  }
}
