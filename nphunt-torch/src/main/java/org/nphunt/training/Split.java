package org.nphunt.training;

import org.nphunt.random.Seeds;

/**
 * The seeded train/validation split of one file: event i is held out when a hash of (seed, i) falls
 * below the fraction. Streaming (no permutation of the whole file), independent of chunking and of
 * the thread count; the held-out count is Binomial(N, fraction).
 */
public final class Split {
  private final long key;
  private final long threshold;
  private final double fraction;

  public Split(long seed, double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("valFraction must be in [0, 1), found " + fraction);
    }
    this.key = Seeds.derive(seed, "train/split");
    this.fraction = fraction;
    this.threshold = (long) (fraction * 0x1p53);
  }

  public double fraction() {
    return fraction;
  }

  /** Whether event {@code index} belongs to the validation part. */
  public boolean isValidation(long index) {
    return (Seeds.mix64(key ^ Seeds.mix64(index)) >>> 11) < threshold;
  }

  public boolean isTraining(long index) {
    return !isValidation(index);
  }
}
