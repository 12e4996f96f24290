package org.nphunt.preprocess;

import java.util.function.LongPredicate;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;

/**
 * The per-feature mean and standard deviation of a jet preprocessing's per-constituent features over
 * the real constituents (mask != 0) of the events it keeps, streamed chunk by chunk with Welford's
 * update (one pass, bounded memory), as {@link JetConstituents} and {@link JetFourVectors} fit their
 * standardisation. A standard deviation below {@link Standardizer#MIN_STD} (or fewer than two
 * constituents) becomes 1, so a constant feature is only centred.
 */
final class ConstituentMoments {
  private ConstituentMoments() {}

  /** The unstandardised features of {@code k} events: {features (k x slots x F), mask (k x slots)}. */
  interface Features {
    float[][] of(Events events, int k);
  }

  /** Means, standard deviations and the number of constituents they were computed from. */
  record Moments(double[] mean, double[] sd, long count) {}

  /**
   * @param source the training events
   * @param keep which event indices count (null: all)
   * @param chunk events read at a time
   * @param slots constituent slots per event (both jets)
   * @param features features per constituent
   * @param block the preprocessing's raw output for a chunk
   * @throws NphuntException naming the source and event when a feature is not finite
   */
  static Moments fit(EventSource source, LongPredicate keep, int chunk, int slots, int features, Features block) {
    long n = 0;
    double[] mu = new double[features];
    double[] m2 = new double[features];
    long size = source.size();
    for (long start = 0; start < size; start += chunk) {
      int k = (int) Math.min(chunk, size - start);
      float[][] buf = block.of(source.read(start, k), k);
      float[] values = buf[0];
      float[] mask = buf[1];
      for (int e = 0; e < k; e++) {
        if (keep != null && !keep.test(start + e)) {
          continue;
        }
        for (int q = e * slots; q < (e + 1) * slots; q++) {
          if (mask[q] == 0f) {
            continue;
          }
          n++;
          for (int f = 0; f < features; f++) {
            double v = values[q * features + f];
            if (!Double.isFinite(v)) {
              throw new NphuntException(source.name() + ": event " + (start + e) + " has a non-finite constituent value");
            }
            double d = v - mu[f];
            mu[f] += d / n;
            m2[f] += d * (v - mu[f]);
          }
        }
      }
    }
    double[] sd = new double[features];
    for (int f = 0; f < features; f++) {
      double s = n >= 2 ? Math.sqrt(m2[f] / n) : 0;
      sd[f] = n < 2 || !(s >= Standardizer.MIN_STD) ? 1.0 : s;
      if (n == 0) {
        mu[f] = 0;
      }
    }
    return new Moments(mu, sd, n);
  }
}
