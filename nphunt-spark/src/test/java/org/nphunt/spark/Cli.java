package org.nphunt.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.nphunt.cli.Main;

/** Runs the command line in-process for tests, capturing the exit code and both streams. */
final class Cli {
  record Run(int code, String out, String err) {}

  private Cli() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    System.err.printf("TIMING %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, String.join(" ", args).replaceAll("/tmp/junit[0-9]+/", ""));
    return new Run(code, out.toString(), err.toString());
  }
}
