package org.nphunt.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine and JVM a benchmark ran on, so figures can be compared across machines.
 *
 * @param cores processors available to the JVM
 * @param cpuModel "model name" of /proc/cpuinfo (or "unknown")
 * @param memTotalMiB MemTotal of /proc/meminfo (NaN where unavailable)
 * @param os os.name, os.version and os.arch, plus PRETTY_NAME of /etc/os-release when present
 * @param jdk java.version, java.vendor and the VM name
 * @param maxHeapMiB the JVM's maximum heap
 * @param jvmArguments the JVM's input arguments (-Xmx, -D...)
 * @param env environment variables that change native thread behaviour (OMP_*, MKL_*, ...)
 */
public record Machine(int cores, String cpuModel, double memTotalMiB, String os, String jdk, double maxHeapMiB,
    List<String> jvmArguments, Map<String, String> env) {

  /** Environment variables recorded: the ones that change libgomp / libtorch threading. */
  public static final List<String> ENV = List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT",
      "MKL_NUM_THREADS", "KMP_BLOCKTIME", "NPHUNT_JAVA_OPTS");

  /** This machine, now. */
  public static Machine current() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String k : ENV) {
      env.put(k, System.getenv(k));
    }
    String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch");
    String pretty = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME=");
    if (pretty != null) {
      os = pretty.replace("\"", "") + " (" + os + ")";
    }
    String jdk = System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
        + System.getProperty("java.vm.name") + ")";
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
    String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal:");
    double memMiB = Double.NaN;
    if (mem != null) {
      try {
        memMiB = MemoryProbe.parseKb(mem) / 1024.0;
      } catch (NumberFormatException e) {
        memMiB = Double.NaN;
      }
    }
    return new Machine(Runtime.getRuntime().availableProcessors(),
        cpu == null ? "unknown" : cpu.replaceFirst("^\\s*:\\s*", "").trim(), memMiB, os, jdk,
        Runtime.getRuntime().maxMemory() / 1048576.0, ManagementFactory.getRuntimeMXBean().getInputArguments(), env);
  }

  /** The 1, 5 and 15 minute load averages (/proc/loadavg; NaN where unavailable). */
  public static double[] loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    } catch (IOException | RuntimeException e) {
      double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return new double[] {one < 0 ? Double.NaN : one, Double.NaN, Double.NaN};
    }
  }

  /** The rest of the first line starting with {@code prefix}, or null. */
  private static String firstValue(Path file, String prefix) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
