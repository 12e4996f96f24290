package org.nphunt.preprocess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.NphuntException;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;

/**
 * A dijet preprocessing ({@code base}, two jets per event) plus the mass a decorrelated model must stay
 * independent of, per jet: input {@code mass} (1), the mass standardised with the training jets' mean and
 * standard deviation (for DisCo, arXiv:2001.05310), and input {@code massBin} (K), the one-hot index of
 * its bin among K equal-population bins of the training jets' masses (the adversary's classes,
 * arXiv:1808.08979). The base's inputs come first, unchanged.
 *
 * @param base the model's own preprocessing (two examples per event)
 * @param observable which mass: the jet's mass, its soft-drop mass, or the event's mJJ (both jets)
 * @param edges the K - 1 inner bin edges in GeV, increasing (bin k holds edges[k-1] <= m < edges[k])
 * @param mean mean of the training masses [GeV]
 * @param std standard deviation of the training masses [GeV] (1 when below 1e-6)
 */
public record JetMassTarget(Preprocessing base, Observable observable, double[] edges, double mean, double std)
    implements Preprocessing {
  /** Type name in model files. */
  public static final String TYPE = "jet-mass-target";
  public static final String MASS = "mass";
  public static final String MASS_BIN = "massBin";

  /** The mass a decorrelated model is kept independent of. */
  public enum Observable {
    /** j1M for the leading jet, j2M for the other. */
    JET_MASS("j1M", "j2M"),
    /** j1MSoftDrop, j2MSoftDrop (arXiv:1402.2657). */
    SOFT_DROP_MASS("j1MSoftDrop", "j2MSoftDrop"),
    /** The event's dijet mass for both jets. */
    MJJ("mJJ", "mJJ");

    private final String first;
    private final String second;

    Observable(String first, String second) {
      this.first = first;
      this.second = second;
    }

    /** The event feature of jet {@code jet} (0, 1). */
    public String feature(int jet) {
      return jet == 0 ? first : second;
    }
  }

  public JetMassTarget {
    if (base == null || observable == null) {
      throw new IllegalArgumentException("base and observable must be given, found " + base + ", " + observable);
    }
    if (base.examplesPerEvent() != 2 || !DijetSchema.NAME.equals(base.schema())) {
      throw new IllegalArgumentException("the base preprocessing must give the two jets of dijet events, found "
          + base.examplesPerEvent() + " examples of " + base.schema() + " events");
    }
    if (edges == null || edges.length < 1) {
      throw new IllegalArgumentException("edges must hold at least one inner bin edge, found "
          + (edges == null ? "none" : "0"));
    }
    for (int i = 0; i < edges.length; i++) {
      if (!Double.isFinite(edges[i]) || (i > 0 && !(edges[i] >= edges[i - 1]))) {
        throw new IllegalArgumentException("edges must be finite and non-decreasing, found " + Arrays.toString(edges));
      }
    }
    if (!Double.isFinite(mean) || !(std >= Standardizer.MIN_STD) || Double.isInfinite(std)) {
      throw new IllegalArgumentException("mean must be finite and std finite and >= 1e-6, found " + mean + ", " + std);
    }
    for (ModelInput in : base.inputs()) {
      if (in.name().equals(MASS) || in.name().equals(MASS_BIN)) {
        throw new IllegalArgumentException("the base preprocessing already produces an input named " + in.name());
      }
    }
    edges = edges.clone();
  }

  /** Number of mass bins K. */
  public int bins() {
    return edges.length + 1;
  }

  @Override
  public String schema() {
    return base.schema();
  }

  @Override
  public List<ModelInput> inputs() {
    List<ModelInput> in = new ArrayList<>(base.inputs());
    in.add(ModelInput.of(MASS, 1));
    in.add(ModelInput.of(MASS_BIN, bins()));
    return List.copyOf(in);
  }

  @Override
  public int examplesPerEvent() {
    return 2;
  }

  @Override
  public void apply(Events events, int from, int count, float[][] out, int row) {
    int nb = base.inputs().size();
    base.apply(events, from, count, Arrays.copyOf(out, nb), row);
    double[] m = masses(events, observable, from, count);
    float[] mass = out[nb];
    float[] bin = out[nb + 1];
    int k = bins();
    for (int i = 0; i < 2 * count; i++) {
      int ex = row + i;
      mass[ex] = (float) ((m[i] - mean) / std);
      Arrays.fill(bin, ex * k, (ex + 1) * k, 0f);
      bin[ex * k + bin(m[i])] = 1f;
    }
  }

  /** The bin of a mass: the number of inner edges at or below it. */
  public int bin(double m) {
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] <= m) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The masses of the two jets of events [from, from + count), jet-major per event (2 count values). */
  public static double[] masses(Events events, Observable observable, int from, int count) {
    if (!(events.schema() instanceof DijetSchema ds)) {
      throw new NphuntException("a jet mass needs " + DijetSchema.NAME + " events, found " + events.schema().name() + " events");
    }
    int[] idx = new int[2];
    for (int j = 0; j < 2; j++) {
      idx[j] = ds.featureIndex(observable.feature(j));
      if (idx[j] < 0) {
        throw new NphuntException("dijet events lack the event feature " + observable.feature(j) + " (features: "
            + ds.eventFeatures() + ")");
      }
    }
    int w = ds.eventFeatures().size();
    double[] f = events.tensor(DijetSchema.EVENT_FEATURES);
    double[] out = new double[2 * count];
    for (int e = 0; e < count; e++) {
      out[2 * e] = f[(from + e) * w + idx[0]];
      out[2 * e + 1] = f[(from + e) * w + idx[1]];
    }
    return out;
  }

  /**
   * Fits the bins (K equal-population bins of the training jets' masses) and the standardisation, over
   * the events passing {@code keep} (null keeps all), around an already fitted base.
   */
  public static JetMassTarget fit(Preprocessing base, EventSource source, LongPredicate keep, int chunk,
      Observable observable, int bins) {
    if (bins < 2 || bins > 1000) {
      throw new IllegalArgumentException("bins must be in 2..1000, found " + bins);
    }
    double[] all = new double[1024];
    int n = 0;
    long size = source.size();
    for (long start = 0; start < size; start += chunk) {
      int k = (int) Math.min(chunk, size - start);
      double[] m = masses(source.read(start, k), observable, 0, k);
      for (int e = 0; e < k; e++) {
        if (keep != null && !keep.test(start + e)) {
          continue;
        }
        if (n + 2 > all.length) {
          all = Arrays.copyOf(all, Math.max(2 * all.length, n + 2));
        }
        all[n++] = m[2 * e];
        all[n++] = m[2 * e + 1];
      }
    }
    if (n == 0) {
      throw new NphuntException(source.name() + ": no training jets to fit the mass bins on");
    }
    double[] v = Arrays.copyOf(all, n);
    Arrays.sort(v);
    double[] edges = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      edges[i - 1] = v[(int) Math.min(n - 1, (long) i * n / bins)];
    }
    double mu = 0;
    for (double x : v) {
      mu += x;
    }
    mu /= n;
    double ss = 0;
    for (double x : v) {
      ss += (x - mu) * (x - mu);
    }
    double sd = Math.sqrt(ss / n);
    return new JetMassTarget(base, observable, edges, mu, sd >= Standardizer.MIN_STD ? sd : 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JetMassTarget t && t.base.equals(base) && t.observable == observable
        && Arrays.equals(t.edges, edges) && t.mean == mean && t.std == std;
  }

  @Override
  public int hashCode() {
    return base.hashCode() * 31 + Arrays.hashCode(edges);
  }

  @Override
  public String toString() {
    return "JetMassTarget[base=" + base + ", observable=" + observable + ", edges=" + Arrays.toString(edges)
        + ", mean=" + mean + ", std=" + std + "]";
  }
}
