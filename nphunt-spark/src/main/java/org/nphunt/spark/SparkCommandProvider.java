package org.nphunt.spark;

import org.nphunt.cli.CommandProvider;

/** Registers {@code nphunt spark} when this module (and Spark) is on the class path. */
public final class SparkCommandProvider implements CommandProvider {
  @Override
  public Object command() {
    return new SparkCommand();
  }
}
