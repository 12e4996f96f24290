package org.nphunt.fit;

/**
 * One category of the search: its mJJ histogram over the fit range (each category has its own
 * background parameters) and the fraction of all signal events it receives.
 *
 * @param name for results and error messages, not blank (e.g. "q90-95" for an anomaly-score quantile
 *     band)
 * @param data the observed mJJ histogram (edges in GeV, inside (0, sqrt(s))), at least 6 bins
 * @param signalEfficiency fraction of the signal events (over the whole mJJ range) that fall into this
 *     category, in [0, 1]; the expected signal is mu * signalEfficiency * shape fraction per bin
 */
public record Category(String name, Histogram data, double signalEfficiency) {
  /** Fewest bins a category may have: a 4-parameter background plus mu leaves >= 1 degree of freedom. */
  public static final int MIN_BINS = 6;

  public Category {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("category name must not be blank");
    }
    if (data == null) {
      throw new IllegalArgumentException("category " + name + " has no data histogram");
    }
    if (data.bins() < MIN_BINS) {
      throw new IllegalArgumentException("category " + name + " must have >= " + MIN_BINS + " bins, found "
          + data.bins());
    }
    if (!(signalEfficiency >= 0 && signalEfficiency <= 1)) {
      throw new IllegalArgumentException("category " + name + ": signalEfficiency must be in [0, 1], found "
          + signalEfficiency);
    }
  }
}
