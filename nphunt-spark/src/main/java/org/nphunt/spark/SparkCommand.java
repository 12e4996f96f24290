package org.nphunt.spark;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nphunt spark}: the parent of the Spark commands. */
@Command(
    name = "spark",
    mixinStandardHelpOptions = true,
    description = {
      "Score and evaluate on Apache Spark: on the cores of this machine (default master local[*]) or, through"
          + " spark-submit, on a cluster (YARN, Kubernetes, standalone).",
      "Same numbers as 'nphunt score' and 'nphunt evaluate'."
    },
    subcommands = {CommandLine.HelpCommand.class, SparkScoreCommand.class, SparkEvaluateCommand.class})
public final class SparkCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
