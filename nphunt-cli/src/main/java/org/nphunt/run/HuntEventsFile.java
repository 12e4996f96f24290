package org.nphunt.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nphunt.hdf5.ScoreFileWriter;
import org.nphunt.hunt.Hunt;
import org.nphunt.hunt.HuntEvents;
import org.nphunt.hunt.MethodComparison;

/**
 * events.h5 of a hunt folder: one row per input event, written with nphunt-hdf5's atomic
 * {@link ScoreFileWriter} (1-D float64 columns, committed by rename; h5py reads {@code f["mJJ"][:]},
 * nphunt's {@link org.nphunt.hdf5.ScoreFileReader} reads it back). Columns, in this order:
 * {@code mJJ} (GeV), {@code DeltaEtaJJ}, {@code anomaly score}, one column per comparison method
 * ({@code supervised}, {@code CWoLa}, {@code ANODE}: NaN outside the method's window), {@code category}
 * (index of the quantile-regression category, 0 most background-like, -1 for events outside the
 * categorised signal region) and {@code label} (truth 0/1, -1 when unknown). Small integers are exact
 * in float64; the root attributes name the score and the categories.
 */
public final class HuntEventsFile {
  private HuntEventsFile() {}

  /** The fixed columns before the method scores. */
  public static final List<String> LEADING = List.of("mJJ", "DeltaEtaJJ", HuntPipeline.ANOMALY_SCORE);

  /** Writes {@code file} (must not exist). */
  public static void write(Path file, HuntEvents ev, Hunt.Run run, MethodComparison.Result methods, String scoreSource) {
    int n = ev.size();
    List<String> names = new ArrayList<>(LEADING);
    List<double[]> cols = new ArrayList<>(List.of(ev.mJJ(), ev.deltaEta(), ev.score()));
    if (methods != null) {
      for (Map.Entry<String, double[]> e : methods.scores().entrySet()) {
        if (!names.contains(e.getKey())) {
          names.add(e.getKey());
          cols.add(e.getValue());
        }
      }
    }
    double[] category = new double[n];
    Arrays.fill(category, -1);
    int[] rows = run.signalRegionRows();
    for (int i = 0; i < rows.length; i++) {
      category[rows[i]] = run.category()[i];
    }
    double[] label = new double[n];
    for (int i = 0; i < n; i++) {
      label[i] = ev.label() == null ? -1 : ev.label()[i];
    }
    names.add("category");
    cols.add(category);
    names.add("label");
    cols.add(label);
    try (ScoreFileWriter w = ScoreFileWriter.create(file, names, false)) {
      w.attribute("nphunt.hunt.score", scoreSource);
      w.attribute("nphunt.hunt.categories", String.join(",", run.result().config().categoryNames()));
      if (methods != null) {
        w.attribute("nphunt.hunt.methodWindowGeV", String.format(Locale.ROOT, "%.1f,%.1f", methods.lo(), methods.hi()));
      }
      int block = 65_536;
      double[][] buf = new double[names.size()][];
      for (int s = 0; s < n; s += block) {
        int k = Math.min(block, n - s);
        for (int c = 0; c < buf.length; c++) {
          buf[c] = Arrays.copyOfRange(cols.get(c), s, s + k);
        }
        w.write(k, buf, null, null);
      }
      w.commit();
    }
  }
}
