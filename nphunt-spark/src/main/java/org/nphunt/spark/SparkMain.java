package org.nphunt.spark;

import java.io.PrintWriter;
import org.nphunt.cli.Main;

/**
 * The main class of the application jar for {@code spark-submit}: {@code spark-submit --class
 * org.nphunt.spark.SparkMain ... nphunt-spark.jar score --model ... } runs {@code nphunt spark score ...}
 * with the master, deploy mode and resources spark-submit set. Exits with nphunt's codes (1 bad data
 * or failed operation, 2 bad usage).
 */
public final class SparkMain {
  private SparkMain() {}

  public static void main(String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = "spark";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = Main.execute(all, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (code != 0) {
      // in cluster deploy mode the driver's exit code is the application's final status
      System.exit(code);
    }
  }
}
