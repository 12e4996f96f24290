package org.nphunt.eval;

/**
 * A streamed background score, summarised by {@link BackgroundStream}: its size, its largest scores
 * (exact), the placement of every signal event among the background (exact counts), the AUC numerators
 * and the DeLong variance terms, and a weighted sample of the rest for histograms.
 */
public final class BackgroundSummary implements BackgroundScores {
  private final String label;
  private final long n;
  private final double[] largest;
  private final double minimum;
  private final int[][] strictBelow;
  private final int[][] ties;
  private final long[] twiceU;
  private final double[] sumSq;
  private final double[] sample;
  private final double sampleWeight;

  BackgroundSummary(String label, long n, double[] largest, double minimum, int[][] strictBelow, int[][] ties, long[] twiceU,
      double[] sumSq, double[] sample, double sampleWeight) {
    this.label = label;
    this.n = n;
    this.largest = largest;
    this.minimum = minimum;
    this.strictBelow = strictBelow;
    this.ties = ties;
    this.twiceU = twiceU;
    this.sumSq = sumSq;
    this.sample = sample;
    this.sampleWeight = sampleWeight;
  }

  public String label() {
    return label;
  }

  @Override
  public long count() {
    return n;
  }

  @Override
  public double valueAtRank(long r) {
    if (r < 1 || r > largest.length) {
      throw new IllegalArgumentException(label + ": rank " + r + " outside the kept 1.." + largest.length);
    }
    return largest[(int) (r - 1)];
  }

  @Override
  public long maxRank() {
    return largest.length;
  }

  @Override
  public long countAbove(double t) {
    if (largest.length < n && t < largest[largest.length - 1]) {
      throw new IllegalArgumentException(label + ": threshold " + t + " below the kept largest scores");
    }
    // largest is descending: the number of values > t
    int lo = 0;
    int hi = largest.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (largest[mid] > t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** AUC of signal j: P(s > b) + P(s = b) / 2, exact (integer counts). */
  public double auc(int j, long signalEvents) {
    return twiceU[j] / (2.0 * n * signalEvents);
  }

  /**
   * DeLong standard error of signal j's AUC: sqrt(S10 / n_s + S01 / n_b), with S10 and S01 the sample
   * variances of the signal's and the background's placement values (DeLong, DeLong and
   * Clarke-Pearson, Biometrics 44 (1988) 837).
   */
  public double aucError(int j, SortedScores signal) {
    int ns = signal.size();
    double mean01 = twiceU[j] / (2.0 * ns * n);
    double s01 = n > 1 ? (sumSq[j] / (4.0 * ns * ns) - n * mean01 * mean01) / (n - 1) : 0;
    double sum10 = 0;
    double sumSq10 = 0;
    for (int p = 0; p < ns; p++) {
      double v = (2.0 * strictBelow[j][p] + ties[j][p]) / (2.0 * n);
      sum10 += v;
      sumSq10 += v * v;
    }
    double mean10 = sum10 / ns;
    double s10 = ns > 1 ? (sumSq10 - ns * mean10 * mean10) / (ns - 1) : 0;
    return Math.sqrt(Math.max(0, s10) / ns + Math.max(0, s01) / n);
  }

  /**
   * The ROC curve of signal j, exact at every signal threshold: for each distinct signal value v
   * (descending) the points just above v and at v; background-only thresholds in between lie on the
   * straight segments. Same convention as {@link RocCurve}: a point selects {@code score >= threshold}.
   */
  public RocCurve roc(int j, SortedScores signal) {
    int ns = signal.size();
    double[] f = new double[2 * ns + 2];
    double[] t = new double[2 * ns + 2];
    double[] th = new double[2 * ns + 2];
    int k = 0;
    double top = Math.max(largest.length > 0 ? largest[0] : Double.NEGATIVE_INFINITY, signal.max());
    f[k] = 0;
    t[k] = 0;
    th[k++] = Math.nextUp(top);
    int b = ns;
    while (b > 0) {
      double v = signal.get(b - 1);
      int a = b - 1;
      while (a > 0 && signal.get(a - 1) == v) {
        a--;
      }
      long bkgAtOrAbove = n - strictBelow[j][a];
      long bkgAbove = bkgAtOrAbove - ties[j][a];
      f[k] = (double) bkgAbove / n;
      t[k] = (double) (ns - b) / ns;
      th[k++] = Math.nextUp(v);
      f[k] = (double) bkgAtOrAbove / n;
      t[k] = (double) (ns - a) / ns;
      th[k++] = v;
      b = a;
    }
    f[k] = 1;
    t[k] = 1;
    th[k++] = Math.min(signal.min(), minimum);
    return new RocCurve(java.util.Arrays.copyOf(f, k), java.util.Arrays.copyOf(t, k), java.util.Arrays.copyOf(th, k));
  }

  /** A sample of the background scores below the kept largest ones (each standing for {@link #sampleWeight()} events). */
  public double[] sample() {
    return sample.clone();
  }

  public double sampleWeight() {
    return sampleWeight;
  }

  /** The smallest background score. */
  public double minimum() {
    return minimum;
  }

  /** The kept largest scores, descending (each one event). */
  public double[] largest() {
    return largest.clone();
  }
}
