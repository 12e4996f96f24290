package org.nphunt.preprocess;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.NphuntException;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;

/**
 * The per-jet particle list of a dijet event ({@link DijetSchema}) as a model input: each of the two
 * leading jets is one example with inputs {@code constituents} (C, 3) and {@code mask} (C).
 *
 * <p>Features per constituent, in the schema's pT order: Delta eta and Delta phi relative to the jet
 * axis, and either the pT fraction z = pT_i / sum_k pT_k over the (at most C) constituents the model sees
 * ({@code ptFraction}, the default) or pT in GeV. The fraction makes the input independent of the jet's
 * pT, which in a dijet sample spans 1.2-4 TeV: with pT in GeV the reconstruction distance, and hence
 * the score, grows with the jet pT and so with mJJ (mass sculpting), while the jet's shape (number of
 * prongs, their separation and pT sharing, which is what tells a heavy resonance's jet from a QCD jet)
 * is kept. Each feature is standardised, z' = (v - mean_f) / std_f, with statistics over the real
 * constituents of the training jets (std 1 below {@link Standardizer#MIN_STD}); padded slots are exactly
 * 0 with mask 0. With {@link Statistics#ALL_SLOTS} (the public code's) the statistics run over all C slots
 * with the padded ones as raw zeros, and a padded slot holds the standardised zero. A source with more than C constituents per jet is cut to its C hardest (the lists are
 * pT-ordered); fewer are zero-padded.
 *
 * @param constituents C, particles per jet the model sees
 * @param ptFraction pT fraction (true) or pT in GeV (false) as the third feature
 * @param mean per-feature mean (Delta eta, Delta phi, pT feature)
 * @param std per-feature standard deviation actually used
 * @param count real constituents (REAL) or slots (ALL_SLOTS) seen while fitting
 * @param statistics what the statistics run over and what a padded slot holds ({@link Statistics}); absent
 *     (null) in files written before the option, read as REAL
 */
public record JetConstituents(int constituents, boolean ptFraction, double[] mean, double[] std, long count,
    Statistics statistics) implements Preprocessing {
  /** Type name in model files. */
  public static final String TYPE = "jet-constituents";
  public static final String CONSTITUENTS = "constituents";
  public static final String MASK = "mask";
  /** Features per constituent. */
  public static final int FEATURES = 3;

  /**
   * Which slots the standardisation statistics run over, and so what a padded slot looks like to the
   * network (its mask is 0 either way).
   */
  public enum Statistics {
    /**
     * The real constituents only; a padded slot is exactly 0 after standardisation, i.e. a particle at
     * the mean (Delta eta, Delta phi, pT feature) of the real ones (nphunt's default).
     */
    REAL,
    /**
     * All C slots of every jet, the padded ones as raw (0, 0, 0), and a padded slot is the standardised
     * raw zero, (0 - mean) / std: the public code's (kingusiu/vande util/data_generator.py
     * get_mean_and_stdev over the zero-padded (100, 3) arrays, applied by its StdNormalization layer), where
     * a padded slot is a particle with pT 0 at the jet axis.
     */
    ALL_SLOTS
  }

  /** The preprocessing of files written before {@link #statistics()} existed (REAL). */
  public JetConstituents(int constituents, boolean ptFraction, double[] mean, double[] std, long count) {
    this(constituents, ptFraction, mean, std, count, Statistics.REAL);
  }

  public JetConstituents {
    if (statistics == null) {
      statistics = Statistics.REAL; // files written before the option
    }
    if (constituents < 1 || constituents > 10_000) {
      throw new IllegalArgumentException("constituents must be in 1..10000, found " + constituents);
    }
    if (mean == null || mean.length != FEATURES || std == null || std.length != FEATURES) {
      throw new IllegalArgumentException("mean and std must have 3 values, found " + Arrays.toString(mean) + ", "
          + Arrays.toString(std));
    }
    for (int f = 0; f < FEATURES; f++) {
      if (!Double.isFinite(mean[f]) || !(std[f] >= Standardizer.MIN_STD) || !Double.isFinite(std[f])) {
        throw new IllegalArgumentException("mean must be finite and std finite and >= 1e-6, found mean "
            + mean[f] + ", std " + std[f] + " for feature " + f);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** Unstandardised features (mean 0, std 1). */
  public static JetConstituents identity(int constituents, boolean ptFraction) {
    return new JetConstituents(constituents, ptFraction, new double[3], new double[] {1, 1, 1}, 0);
  }

  /** The standardised value of a padded slot's feature f: 0 (REAL) or (0 - mean_f) / std_f (ALL_SLOTS). */
  public float padded(int f) {
    return statistics == Statistics.ALL_SLOTS ? (float) (-mean[f] / std[f]) : 0f;
  }

  @Override
  public String schema() {
    return DijetSchema.NAME;
  }

  @Override
  public List<ModelInput> inputs() {
    return List.of(ModelInput.of(CONSTITUENTS, constituents, FEATURES), ModelInput.of(MASK, constituents));
  }

  @Override
  public int examplesPerEvent() {
    return 2;
  }

  @Override
  public void apply(Events events, int from, int count, float[][] out, int row) {
    int sc = schemaConstituents(events);
    double[] t = events.tensor(DijetSchema.CONSTITUENTS);
    float[] x = out[0];
    float[] m = out[1];
    int c = constituents;
    int keep = Math.min(c, sc);
    for (int e = 0; e < count; e++) {
      for (int jet = 0; jet < 2; jet++) {
        int src = ((from + e) * 2 + jet) * sc * 3;
        int ex = (row + 2 * e + jet);
        int xo = ex * c * FEATURES;
        int mo = ex * c;
        if (statistics == Statistics.ALL_SLOTS) {
          for (int k = 0; k < c; k++) {
            for (int f = 0; f < FEATURES; f++) {
              x[xo + FEATURES * k + f] = padded(f);
            }
          }
        } else {
          Arrays.fill(x, xo, xo + c * FEATURES, 0f);
        }
        Arrays.fill(m, mo, mo + c, 0f);
        double sum = 0;
        for (int k = 0; k < keep; k++) {
          sum += t[src + 3 * k + 2];
        }
        for (int k = 0; k < keep; k++) {
          double pt = t[src + 3 * k + 2];
          if (pt == 0.0) {
            continue;
          }
          double third = ptFraction ? pt / sum : pt;
          x[xo + 3 * k] = (float) ((t[src + 3 * k] - mean[0]) / std[0]);
          x[xo + 3 * k + 1] = (float) ((t[src + 3 * k + 1] - mean[1]) / std[1]);
          x[xo + 3 * k + 2] = (float) ((third - mean[2]) / std[2]);
          m[mo + k] = 1f;
        }
      }
    }
  }

  private static int schemaConstituents(Events events) {
    if (!(events.schema() instanceof DijetSchema ds)) {
      throw new NphuntException("jet constituents need " + DijetSchema.NAME + " events, found " + events.schema().name()
          + " events");
    }
    return ds.constituents();
  }

  /**
   * Fits the per-feature statistics over the real constituents of the training jets (events whose
   * index passes {@code keep}; null keeps all), streaming {@code chunk} events at a time (Chan's
   * parallel update, as {@link Standardizer}).
   */
  public static JetConstituents fit(EventSource source, LongPredicate keep, int chunk, int constituents,
      boolean ptFraction) {
    return fit(source, keep, chunk, constituents, ptFraction, Statistics.REAL);
  }

  /**
   * As {@link #fit(EventSource, LongPredicate, int, int, boolean)}, over the real constituents (REAL) or
   * over all C slots of each jet with the padded ones as zeros (ALL_SLOTS).
   */
  public static JetConstituents fit(EventSource source, LongPredicate keep, int chunk, int constituents,
      boolean ptFraction, Statistics statistics) {
    JetConstituents raw = identity(constituents, ptFraction);
    int slots = 2 * constituents;
    boolean all = statistics == Statistics.ALL_SLOTS;
    ConstituentMoments.Moments m = ConstituentMoments.fit(source, keep, chunk, slots, FEATURES, (ev, k) -> {
      float[][] buf = {new float[k * slots * FEATURES], new float[k * slots]};
      raw.apply(ev, 0, k, buf, 0);
      if (all) {
        Arrays.fill(buf[1], 1f); // padded slots count, as raw zeros
      }
      return buf;
    });
    return new JetConstituents(constituents, ptFraction, m.mean(), m.sd(), m.count(), statistics);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JetConstituents j && j.constituents == constituents && j.ptFraction == ptFraction
        && Arrays.equals(j.mean, mean) && Arrays.equals(j.std, std) && j.count == count && j.statistics == statistics;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std) + constituents;
  }

  @Override
  public String toString() {
    return "JetConstituents[constituents=" + constituents + ", ptFraction=" + ptFraction + ", mean="
        + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", count=" + count + ", statistics=" + statistics + "]";
  }
}
