package org.nphunt.preprocess;

import static org.nphunt.data.Adc2021.FEATURES;
import static org.nphunt.data.Adc2021.INPUTS;
import static org.nphunt.data.Adc2021.KINEMATIC;
import static org.nphunt.data.Adc2021.SLOTS;
import static org.nphunt.data.Adc2021.VALUES_PER_EVENT;

import java.util.Arrays;
import java.util.function.LongPredicate;
import org.nphunt.data.EventBatch;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSource;

/**
 * The ADC2021 preprocessing: per-column standardisation of the 57 model inputs, z = (x' - mean_c) / std_c, where x' is pT or
 * log(1+pT) (when {@link #logPt}) for pT columns and the raw value for eta and phi.
 *
 * <p>Statistics are fitted over the events of the training sample where the column's slot is
 * non-empty (seed 004's recipe); std is the population standard deviation. A column with fewer than
 * 2 real entries, or std below 1e-6, uses std 1 (and mean 0 when it has no entry at all). Empty slots
 * are exactly 0 after preprocessing, whatever the statistics. Saved inside the model and applied
 * identically at scoring.
 *
 * @param logPt whether pT columns are transformed with log(1+pT) before standardisation
 * @param mean per-column mean (57 values, slot-major: pT, eta, phi of slot 0, then slot 1, ...)
 * @param std per-column standard deviation actually used (never below 1e-6)
 * @param counts real entries per column seen while fitting
 */
public record Standardizer(boolean logPt, double[] mean, double[] std, long[] counts) implements Preprocessing {
  /** Type name in model files. */
  public static final String TYPE = "standardizer";
  /** The model inputs: x (57 standardised values) and mask (19 slot occupancies). */
  public static final java.util.List<ModelInput> INPUTS_SPEC =
      java.util.List.of(ModelInput.of("x", INPUTS), ModelInput.of("mask", SLOTS));
  /** Minimum standard deviation; smaller columns use std 1. */
  public static final double MIN_STD = 1e-6;

  public Standardizer {
    if (mean == null || mean.length != INPUTS) {
      throw new IllegalArgumentException("mean must have 57 values, found " + (mean == null ? "none" : mean.length));
    }
    if (std == null || std.length != INPUTS) {
      throw new IllegalArgumentException("std must have 57 values, found " + (std == null ? "none" : std.length));
    }
    if (counts == null || counts.length != INPUTS) {
      throw new IllegalArgumentException("counts must have 57 values, found " + (counts == null ? "none" : counts.length));
    }
    for (int c = 0; c < INPUTS; c++) {
      if (!(std[c] >= MIN_STD) || !Double.isFinite(std[c]) || !Double.isFinite(mean[c])) {
        throw new IllegalArgumentException("std must be finite and >= 1e-6 and mean finite, found mean "
            + mean[c] + ", std " + std[c] + " for column " + c);
      }
    }
    mean = mean.clone();
    std = std.clone();
    counts = counts.clone();
  }

  @Override
  public String schema() {
    return org.nphunt.data.Adc2021Schema.NAME;
  }

  @Override
  public java.util.List<ModelInput> inputs() {
    return INPUTS_SPEC;
  }

  @Override
  public void apply(org.nphunt.data.Events events, int from, int count, float[][] out, int row) {
    apply(EventBatch.of(events), from, count, out[0], out[1], row);
  }

  /** The identity transform (mean 0, std 1). */
  public static Standardizer identity(boolean logPt) {
    double[] ones = new double[INPUTS];
    Arrays.fill(ones, 1.0);
    return new Standardizer(logPt, new double[INPUTS], ones, new long[INPUTS]);
  }

  /** The value entering standardisation for a raw value of column {@code c}. */
  public double transform(int c, double raw) {
    return logPt && c % KINEMATIC == 0 ? Math.log1p(raw) : raw;
  }

  /** Inverse of {@link #transform}. */
  public double untransform(int c, double t) {
    return logPt && c % KINEMATIC == 0 ? Math.expm1(t) : t;
  }

  /** Standardised value of a raw physical value in column {@code c} (of a real object). */
  public double standardise(int c, double raw) {
    return (transform(c, raw) - mean[c]) / std[c];
  }

  /** Physical value of a standardised value in column {@code c}. */
  public double physical(int c, double z) {
    return untransform(c, z * std[c] + mean[c]);
  }

  /**
   * Preprocesses events [from, from+count) of a batch into {@code x} (count x 57, standardised, 0 in
   * empty slots) and {@code mask} (count x 19, 1 for a real object), both starting at index 0 of
   * row {@code row}.
   */
  public void apply(EventBatch batch, int from, int count, float[] x, float[] mask, int row) {
    double[] p = batch.particles();
    for (int e = 0; e < count; e++) {
      applyEvent(p, (from + e) * VALUES_PER_EVENT, x, (row + e) * INPUTS, mask, (row + e) * SLOTS);
    }
  }

  /**
   * Preprocesses one event starting at {@code pOff} of a particles array. Branch-free over slots (the
   * real/empty pattern is unpredictable): the 0/1 occupancy multiplies, and adding +0 turns -0 into 0
   * so that empty slots are exactly +0.
   */
  public void applyEvent(double[] p, int pOff, float[] x, int xOff, float[] mask, int mOff) {
    for (int s = 0; s < SLOTS; s++) {
      int q = pOff + s * FEATURES;
      int c = s * KINEMATIC;
      float real = p[q + 3] != 0.0 ? 1f : 0f;
      double pt = logPt ? Math.log1p(p[q]) : p[q];
      x[xOff + c] = (float) ((pt - mean[c]) / std[c]) * real + 0f;
      x[xOff + c + 1] = (float) ((p[q + 1] - mean[c + 1]) / std[c + 1]) * real + 0f;
      x[xOff + c + 2] = (float) ((p[q + 2] - mean[c + 2]) / std[c + 2]) * real + 0f;
      if (mask != null) {
        mask[mOff + s] = real;
      }
    }
  }

  /** Accumulates column statistics with Chan's parallel update (numerically stable, streamable). */
  public static final class Fitter {
    private final boolean logPt;
    private final long[] n = new long[INPUTS];
    private final double[] mean = new double[INPUTS];
    private final double[] m2 = new double[INPUTS];

    public Fitter(boolean logPt) {
      this.logPt = logPt;
    }

    /** Adds events [from, from+count) of a batch, keeping only those whose index passes {@code keep}. */
    public void add(EventBatch batch, long firstIndex, LongPredicate keep) {
      add(batch, firstIndex, keep, "events");
    }

    /**
     * As {@link #add(EventBatch, long, LongPredicate)}; a NaN or infinite value is a one-line
     * NphuntException naming {@code source} and the event index.
     */
    public void add(EventBatch batch, long firstIndex, LongPredicate keep, String source) {
      double[] p = batch.particles();
      for (int e = 0; e < batch.size(); e++) {
        if (keep != null && !keep.test(firstIndex + e)) {
          continue;
        }
        int base = e * VALUES_PER_EVENT;
        for (int s = 0; s < SLOTS; s++) {
          int q = base + s * FEATURES;
          if (p[q + 3] == 0.0) {
            continue;
          }
          int c = s * KINEMATIC;
          if (!Double.isFinite(p[q]) || !Double.isFinite(p[q + 1]) || !Double.isFinite(p[q + 2])) {
            throw new NphuntException(String.format("%s: event %d, slot %d has a non-finite value (pT %s, eta %s, phi %s)",
                source, firstIndex + e, s, p[q], p[q + 1], p[q + 2]));
          }
          if (logPt && p[q] < 0) {
            throw new NphuntException(String.format("%s: event %d, slot %d has pT %s (log(1+pT) needs pT >= 0)",
                source, firstIndex + e, s, p[q]));
          }
          addValue(c, logPt ? Math.log1p(p[q]) : p[q]);
          addValue(c + 1, p[q + 1]);
          addValue(c + 2, p[q + 2]);
        }
      }
    }

    private void addValue(int c, double v) {
      long k = ++n[c];
      double d = v - mean[c];
      mean[c] += d / k;
      m2[c] += d * (v - mean[c]);
    }

    public Standardizer finish() {
      double[] mu = new double[INPUTS];
      double[] sd = new double[INPUTS];
      for (int c = 0; c < INPUTS; c++) {
        mu[c] = n[c] == 0 ? 0.0 : mean[c];
        double s = n[c] >= 2 ? Math.sqrt(m2[c] / n[c]) : 0.0;
        sd[c] = n[c] < 2 || !(s >= MIN_STD) ? 1.0 : s;
      }
      return new Standardizer(logPt, mu, sd, n.clone());
    }
  }

  /**
   * Fits the statistics by streaming a source in chunks of {@code chunk} events, keeping events whose
   * global index passes {@code keep} (null keeps all).
   */
  public static Standardizer fit(EventSource source, boolean logPt, LongPredicate keep, int chunk) {
    Fitter f = new Fitter(logPt);
    long size = source.size();
    for (long start = 0; start < size; start += chunk) {
      int n = (int) Math.min(chunk, size - start);
      f.add(org.nphunt.data.EventBatch.of(source.read(start, n)), start, keep, source.name());
    }
    return f.finish();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Standardizer s && s.logPt == logPt && Arrays.equals(s.mean, mean)
        && Arrays.equals(s.std, std) && Arrays.equals(s.counts, counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Standardizer[logPt=" + logPt + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
