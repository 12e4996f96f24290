package org.nphunt.spark;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Starts (or joins) the Spark session of a command. Without {@code --master} and outside
 * {@code spark-submit} (no {@code spark.master} system property) nphunt runs Spark in local mode on every
 * core ({@code local[*]}), with the web UI off and the driver bound to the loopback interface. Spark's
 * own logging is switched off (nphunt reports failures in one line; {@code --debug} brings Spark's
 * warnings back), unless the user configured those loggers.
 */
public final class SparkSessions {
  /** The master when nothing else sets one. */
  public static final String DEFAULT_MASTER = "local[*]";

  /** Logger prefixes of Spark and the libraries it logs through (slf4j-simple levels). */
  private static final List<String> NOISY = List.of("org.apache.spark", "org.apache.hadoop", "org.apache.parquet",
      "org.sparkproject", "io.netty");

  private SparkSessions() {}

  /** A running session and whether this command started it (and so stops it). */
  public record Started(SparkSession session, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        session.stop();
      }
    }
  }

  /**
   * The active session when one runs in this JVM (a test's, a notebook's: it is reused and left running),
   * else a new one configured from {@code options}.
   */
  public static Started start(String appName, SparkOptions options, boolean debug) {
    quietLogging(debug);
    Map<String, String> conf = options.conf();
    SparkSession active = SparkSession.getActiveSession().getOrElse(() -> SparkSession.getDefaultSession().getOrElse(() -> null));
    if (active != null && !active.sparkContext().isStopped()) {
      return new Started(active, false);
    }
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    String master = options.master() != null ? options.master() : conf.get("spark.master");
    if (master == null && System.getProperty("spark.master") == null) {
      master = DEFAULT_MASTER;
    }
    if (master != null) {
      b.master(master);
    }
    String effective = master != null ? master : System.getProperty("spark.master");
    if (effective.startsWith("local")) {
      defaultConf(b, conf, "spark.ui.enabled", "false");
      defaultConf(b, conf, "spark.driver.bindAddress", "127.0.0.1");
      defaultConf(b, conf, "spark.driver.host", "localhost");
    }
    conf.forEach(b::config);
    return new Started(b.getOrCreate(), true);
  }

  private static void defaultConf(SparkSession.Builder b, Map<String, String> conf, String key, String value) {
    if (!conf.containsKey(key) && System.getProperty(key) == null) {
      b.config(key, value);
    }
  }

  /** Sets slf4j-simple's level of Spark's loggers (off, or warn with --debug) unless the user set it. */
  public static void quietLogging(boolean debug) {
    for (String prefix : NOISY) {
      String key = "org.slf4j.simpleLogger.log." + prefix;
      if (System.getProperty(key) == null) {
        System.setProperty(key, debug ? "warn" : "off");
      }
    }
  }
}
