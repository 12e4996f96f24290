package org.nphunt.run;

import java.util.ArrayList;
import java.util.List;
import org.nphunt.NphuntException;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.hunt.HuntEvents;

/**
 * Dijet events made into the inputs of the resonant search ({@link org.nphunt.hunt.Hunt}): mJJ and
 * DeltaEtaJJ from the {@code eventFeatures} tensor, the truth label when the file has one, and an
 * anomaly score from a model or from an event feature.
 */
public final class HuntInputs {
  /** The derived feature max(j1M, j2M), the heavier jet's mass in GeV. */
  public static final String M_JMAX = "mJmax";

  private HuntInputs() {}

  /** The LHC Olympics features of {@link #lhcoFeatures}, in their order. */
  public static final List<String> LHCO_FEATURES = List.of("mJ1 (lighter jet mass) [GeV]",
      "DeltaM = mJ2 - mJ1 [GeV]", "tau21 of the lighter jet", "tau21 of the heavier jet");

  /**
   * The LHC Olympics feature set of CWoLa hunting, ANODE and CATHODE (arXiv:2001.04990, 2109.00546): per
   * event the lighter jet's mass mJ1, the mass difference DeltaM = mJ2 - mJ1 &gt;= 0 (GeV), and
   * tau_21 = tau_2 / tau_1 of the lighter and of the heavier jet (0 when tau_1 = 0); n x 4. The jets are
   * ordered by mass, so none of the features depends on the pT order.
   */
  public static double[][] lhcoFeatures(Events events) {
    double[] j1 = feature(events, "j1M");
    double[] j2 = feature(events, "j2M");
    double[] t11 = feature(events, "j1Tau1");
    double[] t12 = feature(events, "j1Tau2");
    double[] t21 = feature(events, "j2Tau1");
    double[] t22 = feature(events, "j2Tau2");
    int n = events.size();
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      double tau1 = t11[i] > 0 ? t12[i] / t11[i] : 0;
      double tau2 = t21[i] > 0 ? t22[i] / t21[i] : 0;
      boolean firstLighter = j1[i] <= j2[i];
      x[i] = firstLighter ? new double[] {j1[i], j2[i] - j1[i], tau1, tau2}
          : new double[] {j2[i], j1[i] - j2[i], tau2, tau1};
    }
    return x;
  }

  /** The event features {@link #lhcoFeatures} reads. */
  static final List<String> LHCO_INPUTS = List.of("j1M", "j2M", "j1Tau1", "j1Tau2", "j2Tau1", "j2Tau2");

  /**
   * Fails, naming the missing features, when the events lack one of those {@link #lhcoFeatures} needs (e.g. a
   * published-style file with only the 11 required dijet features): called before any training, so that
   * {@code --cwola}/{@code --anode} do not fail later with a message about a score feature nobody chose.
   */
  public static void requireLhcoFeatures(Events events, String source, String why) {
    DijetSchema schema = (DijetSchema) events.schema();
    List<String> missing = LHCO_INPUTS.stream().filter(f -> schema.featureIndex(f) < 0).toList();
    if (!missing.isEmpty()) {
      throw new NphuntException(source + ": " + why + " the event features " + LHCO_INPUTS + " (jet masses and"
          + " tau_21 of both jets); missing " + missing + " (files from 'nphunt cluster' or 'nphunt generate --dijet-out'"
          + " have them)");
    }
  }

  /** All events of a dijet source in memory (a hunt needs them all at once: QR and fits). */
  public static Events readAll(EventSource source) {
    if (!(source.schema() instanceof DijetSchema)) {
      // only particle-level events (the LHC Olympics layout) can be clustered into dijets ('nphunt cluster' refuses
      // ADC2021 trigger objects and top-tagging jets)
      throw new NphuntException(source.name() + ": the resonant search needs the dijet layout (eventFeatures with mJJ"
          + " and DeltaEtaJJ), found " + source.schema().name()
          + (source.schema() instanceof org.nphunt.data.ParticleListSchema ? " (cluster particle files with 'nphunt cluster')"
              : " (a layout without jets to cluster into dijets)"));
    }
    if (source.size() > Integer.MAX_VALUE / 64) {
      throw new NphuntException(source.name() + ": " + source.size() + " events are too many to hold in memory");
    }
    List<Events> blocks = new ArrayList<>();
    for (long s = 0; s < source.size(); s += 10_000) {
      blocks.add(source.read(s, (int) Math.min(10_000, source.size() - s)));
    }
    if (blocks.isEmpty()) {
      throw new NphuntException(source.name() + ": no events");
    }
    return Events.join(blocks);
  }

  /** One event feature (or {@value #M_JMAX}) per event. */
  public static double[] feature(Events ev, String name) {
    DijetSchema schema = (DijetSchema) ev.schema();
    if (name.equals(M_JMAX)) {
      double[] a = feature(ev, "j1M");
      double[] b = feature(ev, "j2M");
      for (int i = 0; i < a.length; i++) {
        a[i] = Math.max(a[i], b[i]);
      }
      return a;
    }
    int f = schema.featureIndex(name);
    if (f < 0) {
      throw new NphuntException("score feature " + name + " is not an event feature; choose " + M_JMAX + " or one of "
          + schema.eventFeatures());
    }
    int nf = schema.eventFeatures().size();
    double[] t = ev.tensor(DijetSchema.EVENT_FEATURES);
    double[] out = new double[ev.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = t[i * nf + f];
    }
    return out;
  }

  /** The search's inputs: mJJ, DeltaEtaJJ, the given score, truth_label when present. */
  public static HuntEvents of(Events ev, double[] score, String source) {
    int[] label = null;
    if (ev.hasColumn(DijetSchema.TRUTH_LABEL) && ev.column(DijetSchema.TRUTH_LABEL) instanceof int[] l) {
      label = l;
    }
    double[] s = score;
    for (int i = 0; i < s.length; i++) {
      if (!Double.isFinite(s[i])) {
        throw new NphuntException(source + ": event " + i + " has a non-finite anomaly score " + s[i]);
      }
    }
    return new HuntEvents(feature(ev, "mJJ"), feature(ev, "DeltaEtaJJ"), s, label);
  }

  /** The events at the (ascending) indices, joined from contiguous runs. */
  public static Events select(Events ev, int[] rows) {
    List<Events> parts = new ArrayList<>();
    int i = 0;
    while (i < rows.length) {
      int j = i + 1;
      while (j < rows.length && rows[j] == rows[j - 1] + 1) {
        j++;
      }
      parts.add(ev.slice(rows[i], j - i));
      i = j;
    }
    if (parts.isEmpty()) {
      throw new NphuntException("no events selected");
    }
    return Events.join(parts);
  }

  /**
   * Signal events for injection drawn from a user's dijet file: {@code n} distinct events chosen uniformly
   * with the seed (stream "hunt/signal-file"), kept in file order. When the file has a truth_label column,
   * only its label-1 events are drawn (and {@code log} says so). The drawn events get truth_label 1.
   *
   * @param file every event of the signal file (dijet layout)
   * @param n events to draw, &gt;= 1
   * @param source the file's name for messages
   * @throws NphuntException when the file (or its label-1 part) holds fewer than n events
   */
  public static Events drawSignal(Events file, int n, long seed, String source, java.util.function.Consumer<String> log) {
    int[] pool;
    if (file.hasColumn(DijetSchema.TRUTH_LABEL) && file.column(DijetSchema.TRUTH_LABEL) instanceof int[] l) {
      pool = java.util.stream.IntStream.range(0, file.size()).filter(i -> l[i] == 1).toArray();
      log.accept(source + ": has truth labels: drawing from its " + pool.length + " label-1 events only (of "
          + file.size() + ")");
      if (pool.length < n) {
        throw new NphuntException(source + ": holds " + pool.length + " signal events (truth_label = 1), --inject asks"
            + " for " + n);
      }
    } else {
      pool = java.util.stream.IntStream.range(0, file.size()).toArray();
      if (pool.length < n) {
        throw new NphuntException(source + ": holds " + pool.length + " events, --inject asks for " + n);
      }
    }
    // partial Fisher-Yates: the first n of a seeded permutation of the pool
    java.util.SplittableRandom r = org.nphunt.random.Seeds.random(seed, "hunt/signal-file");
    int[] p = pool.clone();
    for (int i = 0; i < n; i++) {
      int j = i + r.nextInt(p.length - i);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    int[] rows = java.util.Arrays.copyOf(p, n);
    java.util.Arrays.sort(rows);
    Events drawn = select(file, rows);
    if (!drawn.hasColumn(DijetSchema.TRUTH_LABEL)) {
      drawn.setColumn(DijetSchema.TRUTH_LABEL, new int[n]);
    }
    java.util.Arrays.fill((int[]) drawn.column(DijetSchema.TRUTH_LABEL), 1);
    return drawn;
  }

  /**
   * Events of one dijet layout in another (to join a user's signal file with the background): the
   * target's event features copied by name (all must exist in the source), the jet constituents cut or
   * zero-padded to the target's count (they are pT-ordered), the columns kept. The same events when the
   * layouts are equal.
   *
   * @throws NphuntException naming the source and the missing features
   */
  public static Events conform(Events ev, DijetSchema target, String source) {
    DijetSchema from = (DijetSchema) ev.schema();
    if (from.equals(target)) {
      return ev;
    }
    List<String> missing = new ArrayList<>(target.eventFeatures());
    missing.removeAll(from.eventFeatures());
    if (!missing.isEmpty()) {
      throw new NphuntException(source + ": lacks the event features " + missing + " of the other events (its layout: "
          + from.eventFeatures() + ")");
    }
    int n = ev.size();
    int nf = target.eventFeatures().size();
    int nfFrom = from.eventFeatures().size();
    double[] fIn = ev.tensor(DijetSchema.EVENT_FEATURES);
    double[] f = new double[n * nf];
    for (int k = 0; k < nf; k++) {
      int src = from.featureIndex(target.eventFeatures().get(k));
      for (int i = 0; i < n; i++) {
        f[i * nf + k] = fIn[i * nfFrom + src];
      }
    }
    int c = Math.min(from.constituents(), target.constituents());
    double[] cIn = ev.tensor(DijetSchema.CONSTITUENTS);
    double[] cons = new double[n * 2 * target.constituents() * 3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 2; j++) {
        System.arraycopy(cIn, ((i * 2 + j) * from.constituents()) * 3, cons, ((i * 2 + j) * target.constituents()) * 3,
            c * 3);
      }
    }
    double[][] tensors = new double[target.tensors().size()][];
    tensors[target.tensors().indexOf(target.tensors().stream().filter(t -> t.name().equals(DijetSchema.CONSTITUENTS))
        .findFirst().orElseThrow())] = cons;
    tensors[target.tensors().indexOf(target.tensors().stream().filter(t -> t.name().equals(DijetSchema.EVENT_FEATURES))
        .findFirst().orElseThrow())] = f;
    Object[] cols = new Object[target.columns().size()];
    for (int k = 0; k < cols.length; k++) {
      String name = target.columns().get(k).name();
      cols[k] = ev.hasColumn(name) ? ev.column(name) : null;
    }
    return new Events(target, n, tensors, cols);
  }
}
