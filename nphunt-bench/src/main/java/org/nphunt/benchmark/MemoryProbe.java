package org.nphunt.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of one measurement. Heap: the sum over heap memory pools of their peak usage since
 * {@link #reset()} (an upper bound of the true simultaneous peak: each pool's peak may fall at a
 * different moment). Resident memory: {@code VmHWM} of {@code /proc/self/status}, which is
 * process-wide (JVM, libtorch, the HDF5 library, buffers of earlier measurements still mapped);
 * {@link #reset()} resets it through {@code /proc/self/clear_refs} (Linux >= 4.0) when allowed, else
 * it is the peak since the process started ({@link Peak#rssReset()} says which).
 */
public final class MemoryProbe {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
  private boolean rssReset;

  /**
   * Peaks of a measurement.
   *
   * @param peakHeapMiB sum of heap pools' peak usage, MiB
   * @param peakRssMiB VmHWM, MiB (NaN where /proc is unavailable)
   * @param rssReset whether VmHWM was reset before the measurement (else: peak since process start)
   */
  public record Peak(double peakHeapMiB, double peakRssMiB, boolean rssReset) {}

  /** Starts a measurement: resets pool peaks and, when possible, the resident high-water mark. */
  public static MemoryProbe start() {
    MemoryProbe p = new MemoryProbe();
    p.reset();
    return p;
  }

  /** Resets the peaks. */
  public void reset() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        pool.resetPeakUsage();
      }
    }
    try {
      Files.writeString(CLEAR_REFS, "5");
      rssReset = true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      rssReset = false;
    }
  }

  /** The peaks since the last reset. */
  public Peak peak() {
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid() && pool.getPeakUsage() != null) {
        heap += pool.getPeakUsage().getUsed();
      }
    }
    return new Peak(heap / 1048576.0, statusMiB("VmHWM:"), rssReset);
  }

  /** Current resident set size (VmRSS), MiB; NaN where /proc is unavailable. */
  public static double rssMiB() {
    return statusMiB("VmRSS:");
  }

  /** A "kB" line of /proc/self/status in MiB, NaN when absent. */
  static double statusMiB(String key) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(key)) {
          return parseKb(line.substring(key.length())) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  /** "   123456 kB" -> 123456. */
  static long parseKb(String value) {
    String v = value.trim();
    if (v.endsWith("kB")) {
      v = v.substring(0, v.length() - 2).trim();
    }
    return Long.parseLong(v);
  }
}
