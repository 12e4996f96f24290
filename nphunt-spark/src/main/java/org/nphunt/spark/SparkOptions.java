package org.nphunt.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where and how Spark runs (a picocli mixin of the Spark commands): the master and further Spark
 * settings. Under {@code spark-submit} both usually come from spark-submit itself.
 */
public final class SparkOptions {
  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, e.g. local[2], yarn, k8s://https://host:443 (default: spark-submit's, else local[*]).")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "A Spark setting (repeatable), e.g. --conf spark.executor.memory=4g.")
  List<String> conf = new ArrayList<>();

  /** The master given on the command line, or null. */
  public String master() {
    return master;
  }

  /** The {@code --conf} settings in order; a malformed one is an IllegalArgumentException (usage error). */
  public Map<String, String> conf() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : conf) {
      int eq = c.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--conf must be KEY=VALUE, found '" + c + "'");
      }
      out.put(c.substring(0, eq).strip(), c.substring(eq + 1));
    }
    return out;
  }
}
