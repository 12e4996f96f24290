package org.nphunt.benchmark;

import org.nphunt.cli.CommandProvider;

/** Registers {@code nphunt bench} when the benchmark module is on the class path. */
public final class BenchCommandProvider implements CommandProvider {
  @Override
  public Object command() {
    return new BenchCommand();
  }
}
