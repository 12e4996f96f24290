package org.nphunt.benchmark;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.nphunt.cli.Main;

/** Runs the command line (with this module's {@code bench} command registered) in-process for tests. */
final class Cli {
  record Run(int code, String out, String err) {}

  private Cli() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }
}
