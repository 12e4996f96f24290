package org.nphunt.spark;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nphunt spark score}: per-event scores of many event files, on Spark, as Parquet (and HDF5). */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score event files (any format nphunt reads; files, folders or globs; local paths or URIs such as hdfs://,"
          + " s3a://) with a trained model on Spark. Files are cut into tasks of whole HDF5 chunks, read and scored on"
          + " the executors; the scores are written as Parquet, one row per event (file, index, EvtId/ProcessId/labels"
          + " when present, every score), in OUT/scores, and with --hdf5 as HDF5 score files identical to"
          + " 'nphunt score' in OUT/hdf5.",
      "The model folder is read on the driver and sent to the executors."
    })
public final class SparkScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder written by 'nphunt train' (on the driver).")
  String model;

  @Option(names = "--in", required = true, arity = "1..*", paramLabel = "PATH",
      description = "Event files, folders of them (*.h5, *.hdf5) or globs (repeatable).")
  List<String> in;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must not exist or be empty).")
  String out;

  @Option(names = "--hdf5", description = "Also write one HDF5 score file per input (OUT/hdf5/NAME), as 'nphunt score' does.")
  boolean hdf5;

  @Option(names = "--batch", defaultValue = "1024", paramLabel = "B", description = "Events per forward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--task-events", defaultValue = "262144", paramLabel = "N",
      description = "Events per Spark task, rounded to whole HDF5 chunks (default: ${DEFAULT-VALUE}).")
  long taskEvents;

  @Option(names = "--force", description = "Replace an earlier output of this command.")
  boolean force;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() {
    SparkScoreConfig cfg = org.nphunt.cli.OptionNames.translated(java.util.Map.of("model", "--model", "inputs", "--in",
        "out", "--out", "batch", "--batch", "taskEvents", "--task-events"),
        () -> new SparkScoreConfig(model, in, out, batch, taskEvents, hdf5, force));
    var w = spec.commandLine().getOut();
    try (SparkSessions.Started s = SparkSessions.start("nphunt spark score", sparkOptions, debug(spec))) {
      SparkScoring.Result r = SparkScoring.run(s.session(), cfg, line -> {
        w.println(line);
        w.flush();
      });
      r.notes().forEach(n -> spec.commandLine().getErr().println("nphunt: note: " + n));
      spec.commandLine().getErr().flush();
      spec.commandLine().getOut().printf("scored %,d events of %d file%s in %.1f s (%.0f events/s, %d tasks) into %s%n",
          r.events(), r.files(), r.files() == 1 ? "" : "s", r.seconds(), r.events() / r.seconds(), r.tasks(), r.out());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  /** Whether the root command was given --debug. */
  static boolean debug(CommandSpec spec) {
    OptionSpec o = spec.root().findOption("--debug");
    return o != null && Boolean.TRUE.equals(o.getValue());
  }
}
