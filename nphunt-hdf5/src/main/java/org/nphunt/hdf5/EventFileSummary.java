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
import org.nphunt.data.ColumnSpec;
import org.nphunt.data.ColumnType;
import org.nphunt.data.EventSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.Feature;
import org.nphunt.data.TensorSpec;
import org.nphunt.progress.Progress;
import org.nphunt.random.Seeds;

/**
 * What an event file of any format holds ({@link EventFiles}): format and schema, events, the
 * storage of each dataset, counts of each integer label column, rows (particles, constituents) per
 * event of each zero-padded tensor, and per-feature ranges, means and quantiles over the non-padding
 * rows. Backs {@code nphunt inspect} for the LHC Olympics, top-tagging and dijet layouts (ADC2021
 * files keep their per-object-type report, {@link FileSummary}).
 *
 * <p>One streaming pass in blocks of at most 8 million values (every block validated by its reader).
 * Counts, minima, maxima and means are exact; quantiles come from a seeded uniform reservoir sample
 * (algorithm R) of at most {@value #RESERVOIR} values per feature, exact for smaller files (linear
 * interpolation between order statistics, as numpy's default).
 *
 * @param file path as given
 * @param bytes file size
 * @param format the detected format
 * @param schema its schema's name
 * @param description the schema's description
 * @param events number of events
 * @param layouts storage of each dataset of the format present in the file, by dataset path
 * @param labelCounts per integer label column (not ids), events by value
 * @param rowsPerEvent per zero-padded tensor: statistics of its non-padding rows per event
 * @param features per tensor feature: statistics over the non-padding rows
 * @param notes what the reader normalised or assumed
 * @param attributes root attributes as text
 * @param quantileMethod how the quantiles were obtained
 */
public record EventFileSummary(
    String file,
    long bytes,
    String format,
    String schema,
    String description,
    long events,
    Map<String, DatasetLayout> layouts,
    Map<String, Map<String, Long>> labelCounts,
    Map<String, FeatureStats> rowsPerEvent,
    List<FeatureStats> features,
    List<String> notes,
    Map<String, String> attributes,
    String quantileMethod) {

  /** Values kept per feature for quantiles. */
  public static final int RESERVOIR = 100_000;
  private static final double[] PROBABILITIES = {0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0};
  private static final List<String> ID_COLUMNS = List.of("EvtId", "index");

  /**
   * Statistics of one quantity.
   *
   * @param tensor the tensor (or "" for rows per event)
   * @param feature the feature name
   * @param unit its unit
   * @param count number of values
   * @param min exact minimum
   * @param max exact maximum
   * @param mean exact mean (compensated sum)
   * @param quantiles probability to value
   */
  public record FeatureStats(String tensor, String feature, String unit, long count, double min, double max, double mean,
      Map<String, Double> quantiles) {}

  /** Reads the whole file once; errors are one-line NphuntExceptions. */
  public static EventFileSummary of(Path file) {
    EventFiles.Format format = EventFiles.detect(file);
    Map<String, DatasetLayout> layouts = new LinkedHashMap<>();
    Map<String, String> attributes;
    try (Hdf5File h5 = Hdf5File.open(file)) {
      for (String d : datasets(format)) {
        if (h5.kind(d) == Hdf5File.Kind.DATASET) {
          try (ChunkedDataset ds = h5.dataset(d, "a dataset")) {
            layouts.put(d, ds.layout());
          }
        }
      }
      attributes = h5.attributes();
    }
    try (EventSource source = EventFiles.open(file, format)) {
      return of(file, format, source, layouts, attributes);
    }
  }

  private static List<String> datasets(EventFiles.Format f) {
    return switch (f) {
      case ADC2021 -> List.of("Particles", "EvtId", "ProcessId");
      case LHC_OLYMPICS -> List.of(LhcOlympicsReader.VALUES);
      case TOP_TAGGING -> List.of(TopTaggingReader.TABLE);
      case DIJET -> List.of("jetConstituentsList", "eventFeatures", "ProcessId", "truth_label", "EvtId");
      case HLF -> List.of("HLF", "ProcessId", "EvtId");
    };
  }

  private static EventFileSummary of(Path file, EventFiles.Format format, EventSource source,
      Map<String, DatasetLayout> layouts, Map<String, String> attributes) {
    EventSchema schema = source.schema();
    List<TensorSpec> tensors = schema.tensors();
    List<Stats> features = new ArrayList<>();
    Map<String, Stats> rows = new LinkedHashMap<>();
    for (TensorSpec t : tensors) {
      for (Feature f : t.features()) {
        features.add(new Stats(t.name(), f.name(), f.unit()));
      }
      if (t.padding() == TensorSpec.Padding.ZERO_ROWS && t.rowsPerEvent() > 1) {
        rows.put(t.name(), new Stats("", t.name() + " rows per event", ""));
      }
    }
    Map<String, TreeMap<Long, Long>> labels = new LinkedHashMap<>();
    for (ColumnSpec c : schema.columns()) {
      if ((c.type() == ColumnType.INT32 || c.type() == ColumnType.INT64) && !ID_COLUMNS.contains(c.name())
          && source.hasColumn(c.name())) {
        labels.put(c.name(), new TreeMap<>());
      }
    }
    long n = source.size();
    int maxValues = 1;
    for (TensorSpec t : tensors) {
      maxValues = Math.max(maxValues, t.valuesPerEvent());
    }
    int block = (int) Math.max(1, Math.min(10_000, 8_000_000 / maxValues));
    try (Progress progress = Progress.start("inspect " + file.getFileName(), n, "events")) {
      for (long at = 0; at < n; at += block) {
        Events b = source.read(at, (int) Math.min(block, n - at));
        int fi = 0;
        for (int t = 0; t < tensors.size(); t++) {
          TensorSpec spec = tensors.get(t);
          double[] v = b.tensor(t);
          int w = spec.width();
          int perEvent = spec.rowsPerEvent();
          boolean padded = spec.padding() == TensorSpec.Padding.ZERO_ROWS;
          Stats rowStats = rows.get(spec.name());
          for (int e = 0; e < b.size(); e++) {
            int real = 0;
            for (int r = 0; r < perEvent; r++) {
              int o = (e * perEvent + r) * w;
              if (padded) {
                boolean zero = true;
                for (int f = 0; f < w && zero; f++) {
                  zero = v[o + f] == 0.0;
                }
                if (zero) {
                  continue;
                }
              }
              real++;
              for (int f = 0; f < w; f++) {
                features.get(fi + f).add(v[o + f]);
              }
            }
            if (rowStats != null) {
              rowStats.add(real);
            }
          }
          fi += w;
        }
        for (Map.Entry<String, TreeMap<Long, Long>> l : labels.entrySet()) {
          Object col = b.column(l.getKey());
          for (int e = 0; e < b.size(); e++) {
            long value = col instanceof int[] ints ? ints[e] : ((long[]) col)[e];
            l.getValue().merge(value, 1L, Long::sum);
          }
        }
        progress.step(b.size());
      }
    }
    Map<String, Map<String, Long>> labelCounts = new LinkedHashMap<>();
    labels.forEach((k, m) -> {
      Map<String, Long> out = new LinkedHashMap<>();
      m.forEach((v, c) -> out.put(Long.toString(v), c));
      labelCounts.put(k, out);
    });
    Map<String, FeatureStats> rowSummaries = new LinkedHashMap<>();
    rows.forEach((k, s) -> rowSummaries.put(k, s.summary()));
    List<FeatureStats> featureSummaries = new ArrayList<>();
    for (Stats s : features) {
      featureSummaries.add(s.summary());
    }
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (IOException e) {
      bytes = -1;
    }
    return new EventFileSummary(file.toString(), bytes, format.label(), schema.name(), schema.description(), n, layouts,
        labelCounts, rowSummaries, featureSummaries, source.notes(), attributes,
        "reservoir sample of at most " + RESERVOIR + " values per feature (algorithm R, fixed seed); exact when fewer");
  }

  /** Running statistics of one quantity. */
  private static final class Stats {
    final String tensor;
    final String feature;
    final String unit;
    long count;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum;
    double comp;
    final double[] reservoir = new double[RESERVOIR];
    int kept;
    final SplittableRandom random;

    Stats(String tensor, String feature, String unit) {
      this.tensor = tensor;
      this.feature = feature;
      this.unit = unit;
      this.random = Seeds.random(0, "inspect/reservoir/" + tensor + "/" + feature);
    }

    void add(double v) {
      count++;
      min = Math.min(min, v);
      max = Math.max(max, v);
      double y = v - comp;
      double t = sum + y;
      comp = (t - sum) - y;
      sum = t;
      if (kept < RESERVOIR) {
        reservoir[kept++] = v;
      } else {
        long j = random.nextLong(count);
        if (j < RESERVOIR) {
          reservoir[(int) j] = v;
        }
      }
    }

    FeatureStats summary() {
      Map<String, Double> q = new LinkedHashMap<>();
      if (kept > 0) {
        double[] s = Arrays.copyOf(reservoir, kept);
        Arrays.sort(s);
        for (double p : PROBABILITIES) {
          String key = Double.toString(p);
          q.put(key.endsWith(".0") ? key.substring(0, key.length() - 2) : key, FileSummary.quantile(s, p));
        }
      }
      return new FeatureStats(tensor, feature, unit, count, count == 0 ? Double.NaN : min, count == 0 ? Double.NaN : max,
          count == 0 ? Double.NaN : sum / count, q);
    }
  }

  /** A human-readable report. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append(file).append('\n');
    b.append(String.format(Locale.ROOT, "  format      %s, schema %s: %s%n", format, schema, description));
    b.append(String.format(Locale.ROOT, "  events      %,d%s%n", events, bytes >= 0 ? String.format(Locale.ROOT, "  (%,d bytes)", bytes) : ""));
    layouts.forEach((d, l) -> b.append(String.format(Locale.ROOT, "  %-11s %s%n", d, l.describe())));
    labelCounts.forEach((c, m) -> {
      List<String> parts = new ArrayList<>();
      m.forEach((v, k) -> parts.add(String.format(Locale.ROOT, "%s: %,d", v, k)));
      b.append(String.format(Locale.ROOT, "  %-11s %s%n", c, String.join(", ", parts)));
    });
    rowsPerEvent.forEach((t, s) -> b.append(String.format(Locale.ROOT,
        "  %-11s non-padding rows per event: min %.0f, median %.1f, mean %.2f, p95 %.1f, max %.0f%n", t, s.min(),
        s.quantiles().getOrDefault("0.5", Double.NaN), s.mean(), s.quantiles().getOrDefault("0.95", Double.NaN), s.max())));
    b.append(String.format(Locale.ROOT, "  features    %-20s %-12s %11s %11s %11s %11s %11s %11s %11s %11s%n",
        "tensor", "feature", "min", "p1", "p5", "p25", "median", "p75", "p95", "p99"));
    for (FeatureStats f : features) {
      Map<String, Double> q = f.quantiles();
      b.append(String.format(Locale.ROOT,
          "              %-20s %-12s %11.4g %11.4g %11.4g %11.4g %11.4g %11.4g %11.4g %11.4g   max %.6g  mean %.6g%s%n",
          f.tensor(), f.feature(), f.min(), q.getOrDefault("0.01", Double.NaN), q.getOrDefault("0.05", Double.NaN),
          q.getOrDefault("0.25", Double.NaN), q.getOrDefault("0.5", Double.NaN), q.getOrDefault("0.75", Double.NaN),
          q.getOrDefault("0.95", Double.NaN), q.getOrDefault("0.99", Double.NaN), f.max(), f.mean(),
          f.unit().isEmpty() ? "" : " " + f.unit()));
    }
    b.append("  quantiles   ").append(quantileMethod).append('\n');
    for (String n : notes) {
      b.append("  note        ").append(n).append('\n');
    }
    if (attributes.isEmpty()) {
      b.append("  attributes  -\n");
    } else {
      b.append("  attributes\n");
      attributes.forEach((k, v) -> {
        String s = v.replace("\n", " ").replace("\r", " ");
        b.append("    ").append(k).append(" = ").append(s.length() > 200 ? s.substring(0, 197) + "..." : s).append('\n');
      });
    }
    return b.toString();
  }
}
