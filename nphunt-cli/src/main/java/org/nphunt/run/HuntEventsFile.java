package org.nphunt.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nphunt.hdf5.ColumnTable;
import org.nphunt.hunt.Hunt;
import org.nphunt.hunt.HuntConfig;
import org.nphunt.hunt.HuntEvents;
import org.nphunt.hunt.MethodComparison;

/**
 * events.h5 of a hunt folder: one row per input event, 1-D datasets of the root group written at once
 * and committed by rename ({@link ColumnTable}; h5py: {@code f["label"][:]}, {@code f["label"].attrs["coding"]}).
 * Datasets, in this order, each with a {@code description} attribute:
 * <ul>
 *   <li>{@code mJJ} (float64, GeV, attribute {@code unit}) and {@code DeltaEtaJJ} (float64);
 *   <li>the anomaly score under its own name (the model's score name such as {@code mse}, the event
 *       feature such as {@code mJmax}, or {@code toy score}; suffixed " (anomaly score)" if that name is
 *       taken by another column), float64, with the attribute {@code source} saying which model or feature
 *       (the root attribute {@code nphunt.hunt.scoreName} names the dataset);
 *   <li>per comparison method its score under the method's name ({@code supervised}, {@code CWoLa},
 *       {@code ANODE}), float64, NaN outside the method's mJJ window (attribute {@code windowGeV});
 *   <li>{@code category} (int32): -1 for events outside the categorised signal region (|DeltaEtaJJ| &gt;=
 *       the cut, or mJJ outside the fit range), else 0..K the quantile-regression category, 0 the most
 *       background-like, K = quantiles the most anomalous (attributes {@code coding} and {@code names});
 *   <li>{@code label} (int32): 1 signal, 0 background, -1 unknown (an input without truth labels)
 *       (attribute {@code coding}).
 * </ul>
 */
public final class HuntEventsFile {
  private HuntEventsFile() {}

  /** The columns every file has besides the scores. */
  public static final Set<String> FIXED = Set.of("mJJ", "DeltaEtaJJ", "category", "label");

  /** The label coding: 1 signal, 0 background, -1 unknown. */
  public static final int UNKNOWN_LABEL = -1;

  /** The category of an event outside the categorised signal region. */
  public static final int NO_CATEGORY = -1;

  /**
   * The dataset name of the anomaly score: its own name, or "NAME (anomaly score)" when that is one of the
   * file's other columns (e.g. {@code --score-feature mJJ}).
   */
  public static String scoreColumn(String scoreName, Set<String> methodNames) {
    String n = scoreName.replace('/', '_');
    return FIXED.contains(n) || methodNames.contains(n) ? n + " (anomaly score)" : n;
  }

  /**
   * Writes {@code file} (must not exist).
   *
   * @param scoreName the anomaly score's own name
   * @param scoreSource which model or feature the score comes from (one line)
   */
  public static void write(Path file, HuntEvents ev, Hunt.Run run, MethodComparison.Result methods, String scoreName,
      String scoreSource) {
    int n = ev.size();
    HuntConfig cfg = run.result().config();
    Map<String, double[]> methodScores = new LinkedHashMap<>();
    if (methods != null) {
      methods.scores().forEach((k, v) -> {
        if (!k.equals(HuntPipeline.ANOMALY_SCORE)) {
          methodScores.put(k, v);
        }
      });
    }
    String score = scoreColumn(scoreName, methodScores.keySet());
    List<ColumnTable.Column> cols = new ArrayList<>();
    cols.add(new ColumnTable.Column("mJJ", ev.mJJ(), Map.of("unit", "GeV", "description", "dijet invariant mass")));
    cols.add(new ColumnTable.Column("DeltaEtaJJ", ev.deltaEta(), Map.of("description", String.format(Locale.ROOT,
        "pseudorapidity difference of the two jets; signal region |DeltaEtaJJ| < %s", cfg.deltaEtaCut()))));
    cols.add(new ColumnTable.Column(score, ev.score(), Map.of("description", "the hunt's anomaly score (larger is more"
        + " anomalous), the one the quantile regression categorises", "source", scoreSource)));
    String window = methods == null ? "" : String.format(Locale.ROOT, "%.1f,%.1f", methods.lo(), methods.hi());
    methodScores.forEach((k, v) -> cols.add(new ColumnTable.Column(k, v, Map.of("description", description(k)
        + "; NaN outside the mJJ window", "windowGeV", window))));
    int[] category = new int[n];
    Arrays.fill(category, NO_CATEGORY);
    int[] rows = run.signalRegionRows();
    for (int i = 0; i < rows.length; i++) {
      category[rows[i]] = run.category()[i];
    }
    List<String> names = cfg.categoryNames();
    cols.add(new ColumnTable.Column("category", category, Map.of("coding", String.format(Locale.ROOT, "-1: outside"
        + " the categorised signal region (|DeltaEtaJJ| >= %s or mJJ outside [%.0f, %.0f) GeV); 0..%d: quantile-regression"
        + " category from the most background-like (0 = %s) to the most anomalous (%d = %s)", cfg.deltaEtaCut(),
        cfg.mJJMin(), cfg.mJJMax(), names.size() - 1, names.get(0), names.size() - 1, names.get(names.size() - 1)),
        "names", String.join(",", names))));
    int[] label = new int[n];
    for (int i = 0; i < n; i++) {
      label[i] = ev.label() == null ? UNKNOWN_LABEL : ev.label()[i] != 0 ? 1 : 0;
    }
    cols.add(new ColumnTable.Column("label", label, Map.of("coding", "1: signal, 0: background, -1: unknown (no truth"
        + " labels in the input)")));
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("nphunt.hunt.scoreName", score);
    attrs.put("nphunt.hunt.score", scoreSource);
    attrs.put("nphunt.hunt.categories", String.join(",", names));
    attrs.put("nphunt.hunt.fitRangeGeV", String.format(Locale.ROOT, "%.1f,%.1f", cfg.mJJMin(), cfg.mJJMax()));
    if (methods != null) {
      attrs.put("nphunt.hunt.methodWindowGeV", window);
    }
    new ColumnTable(cols, attrs).write(file, false);
  }

  private static String description(String method) {
    return switch (method) {
      case MethodComparison.SUPERVISED -> "supervised reference: a classifier trained on the truth labels, k-folded";
      case MethodComparison.CWOLA -> "CWoLa hunting (arXiv:1805.02664): window-vs-sideband classifier output, k-folded";
      case MethodComparison.ANODE -> "ANODE (arXiv:2001.04990): log p_SR(x|mJJ) / p_BG(x|mJJ), k-folded";
      default -> "method score " + method;
    };
  }
}
