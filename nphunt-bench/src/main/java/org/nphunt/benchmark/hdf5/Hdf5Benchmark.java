package org.nphunt.benchmark.hdf5;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.ObjectType;
import org.nphunt.hdf5.Dtype;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.hdf5.Hdf5EventWriter;
import org.nphunt.hdf5.WriteOptions;
import org.nphunt.random.Seeds;

/**
 * Measures event-file throughput: streaming write of synthetic ADC2021 events through
 * {@link Hdf5EventWriter}, then a sequential read through {@link Hdf5EventReader} (validation
 * included, as every consumer gets it).
 *
 * <p>The events are plausible (MET plus 0-4 leptons and 0-10 jets, float32-representable, empty
 * slots zero) so that gzip sees realistic data; a pool of 8192 events is generated once (seeded)
 * and cycled, outside the timed region. MB/s counts uncompressed {@code Particles} bytes
 * (76 values x 4 or 8 bytes per event). Peak heap is the largest used heap seen by a 2 ms sampler.
 *
 * <pre>
 * java -Xmx1g -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar org.nphunt.benchmark.hdf5.Hdf5Benchmark 1000000 /tmp/bench
 * java -Xmx1g -cp ... org.nphunt.benchmark.hdf5.Hdf5Benchmark read FILE.h5 [BLOCK] [REPEATS]
 * </pre>
 *
 * <p>{@code read} times any event file nphunt reads (e.g. an LHC Olympics-layout file written by
 * nphunt-bench/src/main/python/hdf5/make_bench_files.py, next to read_h5py.py on the same file).
 */
public final class Hdf5Benchmark {
  private static final int POOL = 8192;
  private static final int BLOCK = 10_000;

  private Hdf5Benchmark() {}

  /**
   * One measurement.
   *
   * @param operation {@code write} or {@code read}
   * @param dtype on-disk type of Particles
   * @param gzipLevel 0 uncompressed, else deflate level
   * @param threads compression threads (write) or reader pool size (read)
   * @param events events moved
   * @param seconds wall time, including file creation/commit or open/close
   * @param eventsPerSecond events / seconds
   * @param megabytesPerSecond uncompressed Particles megabytes (1e6 bytes) per second
   * @param peakHeapMb largest used heap seen while running, in MiB
   * @param fileBytes size of the file on disk
   * @param cpuSeconds CPU time of the whole JVM process over the run (all threads); on a shared
   *     machine {@code events / cpuSeconds} is the load-independent cost
   */
  public record Result(String operation, Dtype dtype, int gzipLevel, int threads, long events, double seconds,
      double eventsPerSecond, double megabytesPerSecond, double peakHeapMb, long fileBytes, double cpuSeconds) {
    /** One line for humans. */
    public String describe() {
      return String.format(java.util.Locale.ROOT,
          "%-5s %-7s gzip %d  %,11d events  %6.2f s  %,10.0f events/s  %7.1f MB/s  peak heap %6.1f MiB  file %,.1f MB  cpu %.2f s (%,.0f events per cpu-s)",
          operation, dtype.name().toLowerCase(java.util.Locale.ROOT), gzipLevel, events, seconds, eventsPerSecond,
          megabytesPerSecond, peakHeapMb, fileBytes / 1e6, cpuSeconds, events / cpuSeconds);
    }
  }

  private static double cpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** Writes {@code events} synthetic events to {@code file} (replacing it) and times it. */
  public static Result write(Path file, long events, WriteOptions options) {
    EventBatch pool = syntheticEvents(POOL, 2021);
    HeapSampler heap = HeapSampler.start();
    double cpu0 = cpuSeconds();
    long t0 = System.nanoTime();
    try (Hdf5EventWriter w = Hdf5EventWriter.create(file, options.withForce(true))) {
      long done = 0;
      int at = 0;
      while (done < events) {
        int k = (int) Math.min(BLOCK, events - done);
        w.write(cycle(pool, at, k));
        at = (at + k) % POOL;
        done += k;
      }
      w.commit();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    double peak = heap.stop();
    return result("write", options.dtype(), options.gzipLevel(), options.threads(), events, s, peak, file, cpuSeconds() - cpu0);
  }

  /** Reads the whole file sequentially in blocks of 10,000 events and times it. */
  public static Result read(Path file) {
    HeapSampler heap = HeapSampler.start();
    double cpu0 = cpuSeconds();
    long t0 = System.nanoTime();
    Dtype dtype;
    long n;
    int gzip;
    double checksum = 0;
    try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
      dtype = r.dtype();
      n = r.size();
      gzip = r.layout().filters().stream().filter(f -> f.startsWith("gzip(")).findFirst()
          .map(f -> Integer.parseInt(f.substring(5, f.length() - 1))).orElse(0);
      for (long at = 0; at < n; at += BLOCK) {
        EventBatch b = r.read(at, (int) Math.min(BLOCK, n - at));
        checksum += b.particles()[0];
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    double peak = heap.stop();
    if (Double.isNaN(checksum)) {
      throw new IllegalStateException("unreachable: data validated finite");
    }
    return result("read", dtype, gzip, Runtime.getRuntime().availableProcessors(), n, s, peak, file, cpuSeconds() - cpu0);
  }

  /**
   * One read of a file of any format nphunt reads.
   *
   * @param format the detected format
   * @param layout storage of its main dataset
   * @param events events read
   * @param seconds wall time, open to close
   * @param eventsPerSecond events / seconds
   * @param megabytesPerSecond decoded bytes of the main dataset (1e6 bytes) per second
   * @param peakHeapMb largest used heap seen, MiB
   * @param fileBytes size on disk
   * @param cpuSeconds CPU time of the JVM over the run
   */
  public record FormatResult(String format, String layout, long events, double seconds, double eventsPerSecond,
      double megabytesPerSecond, double peakHeapMb, long fileBytes, double cpuSeconds) {
    public String describe() {
      return String.format(java.util.Locale.ROOT,
          "read %-28s %,11d events  %6.2f s  %,10.0f events/s  %7.1f MB/s  peak heap %6.1f MiB  file %,.1f MB  cpu %.2f s (%,.0f events per cpu-s)  [%s]",
          format, events, seconds, eventsPerSecond, megabytesPerSecond, peakHeapMb, fileBytes / 1e6, cpuSeconds,
          events / cpuSeconds, layout);
    }
  }

  /**
   * Reads any event file (ADC2021, LHC Olympics, top tagging, dijet) from start to end in blocks of
   * {@code block} events through {@link org.nphunt.hdf5.EventFiles#open} (validation included) and times it.
   */
  public static FormatResult readFormat(Path file, int block) {
    org.nphunt.hdf5.EventFiles.Format format = org.nphunt.hdf5.EventFiles.detect(file);
    HeapSampler heap = HeapSampler.start();
    double cpu0 = cpuSeconds();
    long t0 = System.nanoTime();
    long n;
    double checksum = 0;
    long bytesPerEvent;
    String layout;
    try (org.nphunt.data.EventSource s = org.nphunt.hdf5.EventFiles.open(file, format)) {
      n = s.size();
      org.nphunt.hdf5.DatasetLayout l = switch (format) {
        case ADC2021 -> ((Hdf5EventReader) s).layout();
        case LHC_OLYMPICS -> ((org.nphunt.hdf5.LhcOlympicsReader) s).layout();
        case TOP_TAGGING -> ((org.nphunt.hdf5.TopTaggingReader) s).layout();
        case DIJET -> ((org.nphunt.hdf5.DijetReader) s).layout();
        case HLF -> ((org.nphunt.hdf5.HlfReader) s).layout();
      };
      layout = l.describe();
      long values = 1;
      for (int i = 1; i < l.shape().length; i++) {
        values *= l.shape()[i];
      }
      bytesPerEvent = values * (l.dtype().endsWith("64") ? 8 : 4);
      for (long at = 0; at < n; at += block) {
        org.nphunt.data.Events b = s.read(at, (int) Math.min(block, n - at));
        checksum += b.tensor(0)[0];
      }
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    double peak = heap.stop();
    if (Double.isNaN(checksum)) {
      throw new IllegalStateException("unreachable: data validated finite");
    }
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (java.io.IOException e) {
      bytes = -1;
    }
    return new FormatResult(format.label(), layout, n, sec, n / sec, n * (double) bytesPerEvent / sec / 1e6, peak, bytes,
        cpuSeconds() - cpu0);
  }

  /**
   * Writes {@code events} synthetic events as a converter chunking one event at a time would:
   * {@code Particles} float32 chunked (1, 19, 4), gzip 4 (issue 16, section 5).
   */
  public static void writeOneEventChunks(Path file, int events) {
    EventBatch b = syntheticEvents(events, 2021);
    org.nphunt.hdf5.RawHdf5.write(file, List.of(new org.nphunt.hdf5.RawHdf5.Dataset("Particles",
        org.nphunt.hdf5.RawHdf5.Type.FLOAT32, new long[] {events, 19, 4}, b.particles(), new long[] {1, 19, 4}, false, 4)));
  }

  /**
   * Usage: {@code Hdf5Benchmark read FILE [BLOCK=2048] [REPEATS=3]}: reads an existing file of any
   * format {@code REPEATS} times after one warm-up read.
   */
  static void readMain(String[] args) {
    Path file = Path.of(args[1]);
    int block = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    System.out.printf("nphunt read benchmark: %s, blocks of %,d events, %d cores, max heap %d MiB%n", file, block,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    readFormat(file, block);
    for (int i = 0; i < repeats; i++) {
      System.out.println(readFormat(file, block).describe());
    }
  }

  /**
   * The standard set: float32 with gzip 4 and uncompressed, each written then read, in {@code dir}
   * (files deleted afterwards).
   */
  public static List<Result> run(Path dir, long events, int threads) {
    List<Result> out = new ArrayList<>();
    for (int gzip : new int[] {4, 0}) {
      Path f = dir.resolve("nphunt-bench-gzip" + gzip + ".h5");
      try {
        out.add(write(f, events, WriteOptions.defaults().withGzipLevel(gzip).withThreads(threads)));
        out.add(read(f));
      } finally {
        try {
          Files.deleteIfExists(f);
        } catch (java.io.IOException ignored) {
          // best effort
        }
      }
    }
    return out;
  }

  /** Usage: {@code Hdf5Benchmark [events=1000000] [dir=java.io.tmpdir] [threads=cores]}. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("read")) {
      readMain(args);
      return;
    }
    long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
    Path dir = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    Files.createDirectories(dir);
    System.out.printf("nphunt HDF5 benchmark: %,d events, %d threads, %d cores, max heap %d MiB%n", events, threads,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    // Warm-up (JIT, native library load), not reported.
    run(dir, Math.min(events, 50_000), threads);
    for (Result r : run(dir, events, threads)) {
      System.out.println(r.describe());
    }
  }

  private static Result result(String op, Dtype dtype, int gzip, int threads, long events, double s, double peak, Path file, double cpu) {
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (java.io.IOException e) {
      bytes = -1;
    }
    double raw = events * (double) Adc2021.VALUES_PER_EVENT * (dtype == Dtype.FLOAT32 ? 4 : 8);
    return new Result(op, dtype, gzip, threads, events, s, events / s, raw / s / 1e6, peak, bytes, cpu);
  }

  private static EventBatch cycle(EventBatch pool, int at, int k) {
    if (at + k <= POOL) {
      return pool.slice(at, k);
    }
    int first = POOL - at;
    List<EventBatch> parts = new ArrayList<>();
    parts.add(pool.slice(at, first));
    int rest = k - first;
    while (rest > 0) {
      int m = Math.min(rest, POOL);
      parts.add(pool.slice(0, m));
      rest -= m;
    }
    return EventBatch.concat(parts);
  }

  /** Plausible synthetic events (valid layout), float32-representable, from a fixed seed. */
  public static EventBatch syntheticEvents(int n, long seed) {
    SplittableRandom r = Seeds.random(seed, "hdf5-bench");
    EventBatch b = new EventBatch(n);
    for (int e = 0; e < n; e++) {
      for (ObjectType t : ObjectType.values()) {
        int k = switch (t) {
          case MET -> 1;
          case ELECTRON, MUON -> r.nextDouble() < 0.6 ? 0 : 1 + r.nextInt(r.nextDouble() < 0.8 ? 1 : 3);
          case JET -> r.nextInt(7);
        };
        double pt = 20 + 300 * r.nextDouble();
        for (int j = 0; j < k; j++) {
          int s = t.firstSlot() + j;
          pt *= 0.4 + 0.6 * r.nextDouble(); // pT-ordered within the type
          b.set(e, s, 0, (float) pt);
          b.set(e, s, 1, t == ObjectType.MET ? 0 : (float) Math.max(-4.5, Math.min(4.5, r.nextGaussian() * 2.2)));
          b.set(e, s, 2, (float) (-Math.PI + 2 * Math.PI * r.nextDouble()));
          b.set(e, s, 3, t.classId());
        }
      }
    }
    return b;
  }

  /** Samples used heap every 2 ms on a daemon thread. */
  private static final class HeapSampler {
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread;

    private HeapSampler() {
      MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
      thread = new Thread(() -> {
        while (running) {
          peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      thread.setDaemon(true);
    }

    static HeapSampler start() {
      System.gc();
      HeapSampler h = new HeapSampler();
      h.thread.start();
      return h;
    }

    double stop() {
      running = false;
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
      return peak.get() / (1024.0 * 1024.0);
    }
  }
}
