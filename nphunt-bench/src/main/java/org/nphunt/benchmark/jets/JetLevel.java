package org.nphunt.benchmark.jets;

import java.util.List;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.Events;
import org.nphunt.preprocess.JetMassTarget;
import org.nphunt.score.LoadedModel;

/**
 * Jet-level views of per-event results: the per-jet scores ({@code q_j1}, {@code q_j2}) and masses of
 * a block's two jets as one array of 2 n jets (j1 and j2 of event 0, then of event 1, ...), the unit at
 * which a mass decorrelation acts.
 */
final class JetLevel {
  private JetLevel() {}

  /** The per-jet score of quantity {@code q} ("total", "reco", ...) of every jet. */
  static double[] scores(LoadedModel model, Events events, String q) {
    List<String> names = model.scoreNames();
    int j1 = names.indexOf(q + "_j1");
    int j2 = names.indexOf(q + "_j2");
    if (j1 < 0 || j2 < 0) {
      throw new IllegalArgumentException("model '" + model.architecture().architecture() + "' has no per-jet score " + q
          + "_j1/_j2 (scores: " + names + ")");
    }
    double[][] s = model.score(events);
    double[] out = new double[2 * events.size()];
    for (int e = 0; e < events.size(); e++) {
      out[2 * e] = s[j1][e];
      out[2 * e + 1] = s[j2][e];
    }
    return out;
  }

  /** The jet masses (j1M, j2M) of every jet, in the order of {@link #scores}. */
  static double[] masses(Events events) {
    return JetMassTarget.masses(events, JetMassTarget.Observable.JET_MASS, 0, events.size());
  }

  /** Pearson's correlation coefficient. */
  static double pearson(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i] / a.length;
      mb += b[i] / b.length;
    }
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  /** The event feature {@code name} of every event. */
  static double[] feature(Events events, String name) {
    DijetSchema s = (DijetSchema) events.schema();
    int i = s.featureIndex(name);
    int w = s.eventFeatures().size();
    double[] out = new double[events.size()];
    for (int e = 0; e < events.size(); e++) {
      out[e] = events.tensor(DijetSchema.EVENT_FEATURES)[e * w + i];
    }
    return out;
  }
}
