package org.nphunt.hdf5;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.ObjectType;
import org.nphunt.progress.Progress;
import org.nphunt.random.Seeds;

/**
 * What an ADC2021 event file holds: size, storage layout, objects per class, per-type multiplicities
 * and per-feature ranges and quantiles, attributes. Backs {@code nphunt inspect}.
 *
 * <p>One streaming pass in blocks of {@value #BLOCK} events (every block validated). Counts, minima,
 * maxima and means are exact. Quantiles come from a uniform reservoir sample (Vitter's algorithm R)
 * of at most {@value #RESERVOIR} objects per type, drawn with a fixed seed so the output is
 * reproducible; they are exact (linear interpolation between order statistics, as numpy's default)
 * whenever a type has no more objects than that, and otherwise carry a sampling error of order
 * {@code 1/sqrt(100000)} in probability. Memory is bounded: about 10 MB whatever the file size.
 *
 * @param file path as given
 * @param bytes file size on disk
 * @param events number of events
 * @param layout storage of {@code Particles}
 * @param evtId whether {@code EvtId} is present
 * @param processId whether {@code ProcessId} is present
 * @param featureNames {@code Particles_Names}, or null when absent
 * @param classNames {@code Particles_Classes}, or null when absent
 * @param objectsPerClass non-empty slots by class id ("1" MET, "2" electron, "3" muon, "4" jet)
 * @param eventsPerProcess events by {@code ProcessId} (empty when absent)
 * @param types per object type: multiplicities and feature statistics
 * @param attributes root-group attributes as text
 * @param quantileMethod how the quantiles were obtained
 * @param notes what the reader normalised or assumed (columns mapped by name, phi wrapped); empty
 *     for a file read as stored
 */
public record FileSummary(
    String file,
    long bytes,
    long events,
    DatasetLayout layout,
    boolean evtId,
    boolean processId,
    List<String> featureNames,
    List<String> classNames,
    Map<String, Long> objectsPerClass,
    Map<String, Long> eventsPerProcess,
    List<TypeSummary> types,
    Map<String, String> attributes,
    String quantileMethod,
    List<String> notes) {

  /** Events per read. */
  public static final int BLOCK = 10_000;
  /** Objects kept per type for quantiles. */
  public static final int RESERVOIR = 100_000;
  /** Probabilities of the reported quantiles. */
  public static final double[] PROBABILITIES = {0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0};

  /**
   * Statistics of one object type.
   *
   * @param type label, e.g. "electron"
   * @param classId class id
   * @param objects number of objects (non-empty slots)
   * @param multiplicity events with 0, 1, ... objects of this type (index = count)
   * @param features pT, eta, phi statistics over the objects (empty when there are none)
   */
  public record TypeSummary(String type, int classId, long objects, long[] multiplicity, List<FeatureSummary> features) {}

  /**
   * Statistics of one feature over the objects of a type.
   *
   * @param feature "pT", "eta" or "phi"
   * @param min exact minimum
   * @param max exact maximum
   * @param mean exact mean (compensated sum)
   * @param quantiles probability (as text, e.g. "0.5") to value
   */
  public record FeatureSummary(String feature, double min, double max, double mean, Map<String, Double> quantiles) {}

  /** Reads the whole file once and summarises it; errors are one-line NphuntExceptions. */
  public static FileSummary of(Path file) {
    try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
      return of(r);
    }
  }

  /** Summarises an open reader (reads it from start to end). */
  public static FileSummary of(Hdf5EventReader r) {
    ObjectType[] types = ObjectType.values();
    Stats[] stats = new Stats[types.length];
    for (ObjectType t : types) {
      stats[t.ordinal()] = new Stats(t);
    }
    Map<Integer, Long> perProcess = new TreeMap<>();
    long n = r.size();
    try (Progress progress = Progress.start("inspect " + r.file().getFileName(), n, "events")) {
      for (long at = 0; at < n; at += BLOCK) {
        EventBatch b = r.read(at, (int) Math.min(BLOCK, n - at));
        for (int e = 0; e < b.size(); e++) {
          for (Stats s : stats) {
            s.add(b, e);
          }
          if (b.processId() != null) {
            perProcess.merge(b.processId()[e], 1L, Long::sum);
          }
        }
        progress.step(b.size());
      }
    }
    Map<String, Long> perClass = new LinkedHashMap<>();
    List<TypeSummary> typeSummaries = new ArrayList<>();
    for (Stats s : stats) {
      perClass.put(Integer.toString(s.type.classId()), s.objects);
      typeSummaries.add(s.summary());
    }
    Map<String, Long> processes = new LinkedHashMap<>();
    perProcess.forEach((k, v) -> processes.put(Integer.toString(k), v));
    long bytes;
    try {
      bytes = Files.size(r.file());
    } catch (IOException e) {
      bytes = -1;
    }
    return new FileSummary(r.name(), bytes, n, r.layout(), r.hasEvtId(), r.hasProcessId(), r.featureNames(),
        r.classNames(), perClass, processes, typeSummaries, r.attributes(),
        "reservoir sample of at most " + RESERVOIR + " objects per type (algorithm R, fixed seed); exact when a type has fewer objects",
        r.notes());
  }

  /** Running statistics of one object type. */
  private static final class Stats {
    private static final String[] FEATURES = {"pT", "eta", "phi"};
    final ObjectType type;
    long objects;
    final long[] multiplicity;
    final double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    final double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    final double[] sum = new double[3];
    final double[] comp = new double[3];
    final double[] reservoir = new double[3 * RESERVOIR];
    int kept;
    final SplittableRandom random;

    Stats(ObjectType type) {
      this.type = type;
      this.multiplicity = new long[type.slots() + 1];
      this.random = Seeds.random(0, "inspect/reservoir", type.classId());
    }

    void add(EventBatch b, int e) {
      int k = 0;
      for (int s = type.firstSlot(); s < type.endSlot(); s++) {
        if (b.isEmpty(e, s)) {
          continue;
        }
        k++;
        double[] v = {b.pt(e, s), b.eta(e, s), b.phi(e, s)};
        for (int f = 0; f < 3; f++) {
          min[f] = Math.min(min[f], v[f]);
          max[f] = Math.max(max[f], v[f]);
          // Kahan summation keeps the mean exact to double precision over 10^8 objects.
          double y = v[f] - comp[f];
          double t = sum[f] + y;
          comp[f] = (t - sum[f]) - y;
          sum[f] = t;
        }
        objects++;
        int slot;
        if (kept < RESERVOIR) {
          slot = kept++;
        } else {
          long j = random.nextLong(objects);
          slot = j < RESERVOIR ? (int) j : -1;
        }
        if (slot >= 0) {
          System.arraycopy(v, 0, reservoir, 3 * slot, 3);
        }
      }
      multiplicity[k]++;
    }

    TypeSummary summary() {
      List<FeatureSummary> features = new ArrayList<>();
      if (objects > 0) {
        for (int f = 0; f < 3; f++) {
          double[] sample = new double[kept];
          for (int i = 0; i < kept; i++) {
            sample[i] = reservoir[3 * i + f];
          }
          Arrays.sort(sample);
          Map<String, Double> q = new LinkedHashMap<>();
          for (double p : PROBABILITIES) {
            q.put(trim(p), quantile(sample, p));
          }
          features.add(new FeatureSummary(FEATURES[f], min[f], max[f], sum[f] / objects, q));
        }
      }
      return new TypeSummary(type.label(), type.classId(), objects, multiplicity, features);
    }
  }

  /** The p-quantile of sorted values, interpolating linearly between order statistics (numpy "linear"). */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  private static String trim(double p) {
    String s = Double.toString(p);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /** A human-readable report. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append(file).append('\n');
    b.append(String.format(Locale.ROOT, "  events      %,d%s%n", events, bytes >= 0 ? String.format(Locale.ROOT, "  (%,d bytes)", bytes) : ""));
    b.append("  Particles   ").append(layout.describe()).append('\n');
    List<String> extra = new ArrayList<>();
    if (evtId) {
      extra.add("EvtId");
    }
    if (processId) {
      extra.add("ProcessId");
    }
    if (featureNames != null) {
      extra.add("Particles_Names " + featureNames);
    }
    if (classNames != null) {
      extra.add("Particles_Classes " + classNames);
    }
    b.append("  also        ").append(extra.isEmpty() ? "-" : String.join(", ", extra)).append('\n');
    b.append("  objects     ");
    List<String> oc = new ArrayList<>();
    for (TypeSummary t : types) {
      oc.add(String.format(Locale.ROOT, "%s (class %d) %,d", t.type(), t.classId(), t.objects()));
    }
    b.append(String.join(", ", oc)).append('\n');
    if (!eventsPerProcess.isEmpty()) {
      b.append("  processes   ");
      List<String> pp = new ArrayList<>();
      eventsPerProcess.forEach((k, v) -> pp.add(String.format(Locale.ROOT, "%s: %,d", k, v)));
      b.append(String.join(", ", pp)).append('\n');
    }
    b.append("  multiplicity (events with 0, 1, 2, ... objects)\n");
    for (TypeSummary t : types) {
      StringBuilder m = new StringBuilder();
      for (long c : t.multiplicity()) {
        m.append(' ').append(c);
      }
      b.append(String.format(Locale.ROOT, "    %-9s%s%n", t.type(), m));
    }
    b.append(String.format(Locale.ROOT, "  features    %-9s %-4s %11s %11s %11s %11s %11s %11s %11s %11s%n",
        "type", "", "min", "p1", "p5", "p25", "median", "p75", "p95", "p99"));
    for (TypeSummary t : types) {
      for (FeatureSummary f : t.features()) {
        b.append(String.format(Locale.ROOT, "              %-9s %-4s %11.4g %11.4g %11.4g %11.4g %11.4g %11.4g %11.4g %11.4g   max %.6g  mean %.6g%n",
            t.type(), f.feature(), f.min(), f.quantiles().get("0.01"), f.quantiles().get("0.05"), f.quantiles().get("0.25"),
            f.quantiles().get("0.5"), f.quantiles().get("0.75"), f.quantiles().get("0.95"), f.quantiles().get("0.99"),
            f.max(), f.mean()));
      }
    }
    b.append("  quantiles   ").append(quantileMethod).append('\n');
    for (String n : notes) {
      b.append("  note        ").append(n).append('\n');
    }
    if (attributes.isEmpty()) {
      b.append("  attributes  -\n");
    } else {
      b.append("  attributes\n");
      attributes.forEach((k, v) -> b.append("    ").append(k).append(" = ").append(oneLine(v)).append('\n'));
    }
    return b.toString();
  }

  private static String oneLine(String v) {
    String s = v.replace("\n", " ").replace("\r", " ");
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }
}
