package org.nphunt.benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.io.AtomicOutput;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;

/**
 * The result of {@code nphunt bench}: machine, command, configuration, every {@link Measurement} and
 * the manifest; written as {@code bench.json} and {@code bench.md} (a markdown table), each
 * atomically.
 *
 * @param schema "nphunt-bench/1"
 * @param command the command line that produced it
 * @param startedUtc ISO-8601 start time
 * @param seconds total wall time
 * @param machine cores, memory, CPU, OS, JDK
 * @param loadAverageStart 1/5/15-minute load averages before the first figure
 * @param loadAverageEnd the same after the last
 * @param config what was measured
 * @param measurements the figures, in run order
 * @param manifest provenance
 */
public record BenchReport(String schema, String command, String startedUtc, double seconds, Machine machine,
    double[] loadAverageStart, double[] loadAverageEnd, BenchConfig config, List<Measurement> measurements,
    Manifest manifest) {
  public static final String SCHEMA = "nphunt-bench/1";
  public static final String JSON_NAME = "bench.json";
  public static final String MARKDOWN_NAME = "bench.md";

  public BenchReport {
    measurements = List.copyOf(measurements);
  }

  /** Fails early (before minutes of measuring) when an output exists and force is not set. */
  public static void checkTargets(Path dir, boolean force) {
    AtomicOutput.checkTarget(dir.resolve(JSON_NAME), force);
    AtomicOutput.checkTarget(dir.resolve(MARKDOWN_NAME), force);
  }

  /** Writes {@code dir/bench.json} and {@code dir/bench.md}. */
  public void write(Path dir, boolean force) {
    AtomicOutput.writeString(dir.resolve(JSON_NAME), Json.write(this) + "\n", force);
    AtomicOutput.writeString(dir.resolve(MARKDOWN_NAME), markdown(), force);
  }

  /** The report as markdown: machine, command, one table row per figure. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# nphunt bench\n\n");
    sb.append("- command: `").append(command).append("`\n");
    sb.append("- started: ").append(startedUtc).append(String.format(Locale.ROOT, " (%.0f s)%n", seconds));
    sb.append(String.format(Locale.ROOT, "- machine: %d cores (%s), %.1f GiB memory, %s%n", machine.cores(),
        machine.cpuModel(), machine.memTotalMiB() / 1024, machine.os()));
    sb.append(String.format(Locale.ROOT, "- JDK: %s, max heap %.0f MiB, JVM args %s%n", machine.jdk(),
        machine.maxHeapMiB(), machine.jvmArguments()));
    sb.append(String.format(Locale.ROOT, "- load average (1/5/15 min): start %s, end %s%n", loads(loadAverageStart),
        loads(loadAverageEnd)));
    sb.append(String.format(Locale.ROOT, "- repeats: %d timed after %d warm-up; spread = min-max of the repeats%n",
        config.repeats(), config.warmup()));
    sb.append("- peak heap: sum of heap pools' peaks during the figure (upper bound); VmHWM: process-wide resident"
        + " peak (reset per figure when /proc/self/clear_refs allows: ").append(
            measurements.isEmpty() || measurements.get(0).memory().rssReset() ? "yes" : "no").append(")\n\n");
    sb.append("| suite | figure | settings | median | min - max | IQR | unit | other (medians) | peak heap MiB |"
        + " VmHWM MiB | load start/end |\n");
    sb.append("|---|---|---|---:|---|---:|---|---|---:|---:|---|\n");
    for (Measurement m : measurements) {
      Stats s = m.stats();
      sb.append("| ").append(m.suite()).append(" | ").append(m.name()).append(" | ").append(settings(m.parameters()))
          .append(" | ").append(num(s.median())).append(" | ").append(num(s.min())).append(" - ").append(num(s.max()))
          .append(" | ").append(num(s.iqr())).append(" | ").append(m.unit()).append(" | ").append(extras(m.extra()))
          .append(String.format(Locale.ROOT, " | %.0f | %.0f | %.2f / %.2f |%n", m.memory().peakHeapMiB(),
              m.memory().peakRssMiB(), m.loadStart(), m.loadEnd()));
    }
    return sb.toString();
  }

  /** One line per figure for the console. */
  public static String line(Measurement m) {
    Stats s = m.stats();
    return String.format(Locale.ROOT, "%-9s %-34s median %12s %-8s (min %s, max %s, n %d)  %s  heap %.0f MiB, VmHWM %.0f MiB,"
            + " load %.2f->%.2f", m.suite(), m.name(), num(s.median()), m.unit(), num(s.min()), num(s.max()), s.n(),
        extras(m.extra()), m.memory().peakHeapMiB(), m.memory().peakRssMiB(), m.loadStart(), m.loadEnd());
  }

  private static String loads(double[] l) {
    return String.format(Locale.ROOT, "%.2f %.2f %.2f", l[0], l[1], l[2]);
  }

  private static String settings(Map<String, Object> p) {
    StringBuilder sb = new StringBuilder();
    p.forEach((k, v) -> {
      if (!k.equals("architecture") && !k.equals("process")) {
        sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
      }
    });
    return sb.toString();
  }

  private static String extras(Map<String, Double> e) {
    StringBuilder sb = new StringBuilder();
    e.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(num(v)));
    return sb.toString();
  }

  /** Thousands separators above 100, 3 significant digits below. */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
