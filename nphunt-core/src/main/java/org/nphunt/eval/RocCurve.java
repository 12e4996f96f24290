package org.nphunt.eval;

import java.util.Arrays;

/**
 * A ROC curve: background efficiency (false-positive rate) against signal efficiency (true-positive
 * rate) as the threshold falls. Point i selects the events with {@code score >= threshold[i]}; tied
 * scores are one point (a threshold cannot split them). The first point is (0, 0) with threshold
 * +infinity, the last (1, 1).
 *
 * @param fpr false-positive rates, non-decreasing
 * @param tpr true-positive rates, non-decreasing
 * @param threshold score thresholds, decreasing
 */
public record RocCurve(double[] fpr, double[] tpr, double[] threshold) {
  public RocCurve {
    if (fpr.length != tpr.length || fpr.length != threshold.length || fpr.length < 2) {
      throw new IllegalArgumentException("ROC arrays must have equal length >= 2, found "
          + fpr.length + ", " + tpr.length + ", " + threshold.length);
    }
  }

  /**
   * The ROC curve of {@code signal} against {@code background}, in one merge pass over the two
   * sorted samples from the highest score down: O(n_b + n_s) after sorting.
   */
  public static RocCurve of(SortedScores background, SortedScores signal) {
    int nb = background.size();
    int ns = signal.size();
    double[] f = new double[nb + ns + 1];
    double[] t = new double[nb + ns + 1];
    double[] th = new double[nb + ns + 1];
    th[0] = Double.POSITIVE_INFINITY;
    int ib = nb - 1;
    int is = ns - 1;
    int n = 1;
    while (ib >= 0 || is >= 0) {
      double v = Math.max(ib >= 0 ? background.get(ib) : Double.NEGATIVE_INFINITY,
          is >= 0 ? signal.get(is) : Double.NEGATIVE_INFINITY);
      while (ib >= 0 && background.get(ib) == v) {
        ib--;
      }
      while (is >= 0 && signal.get(is) == v) {
        is--;
      }
      f[n] = (double) (nb - 1 - ib) / nb;
      t[n] = (double) (ns - 1 - is) / ns;
      th[n] = v;
      n++;
    }
    return new RocCurve(Arrays.copyOf(f, n), Arrays.copyOf(t, n), Arrays.copyOf(th, n));
  }

  public int size() {
    return fpr.length;
  }

  /** Area under the curve by the trapezoid rule (ties give the diagonal segment, i.e. half credit). */
  public double auc() {
    double area = 0;
    for (int i = 1; i < fpr.length; i++) {
      area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]);
    }
    return area / 2;
  }

  /**
   * A reduced curve for plots and results files: keeps the first and last points and, for each of
   * {@code bins} equal steps in FPR, in log10(FPR) over [1e-7, 1] and in TPR, the last point of the
   * step, so the shape is kept on linear and log axes with at most about 3 bins + 2 points.
   */
  public RocCurve downsample(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, found " + bins);
    }
    if (fpr.length <= 3L * bins + 2) {
      return this;
    }
    int[] keep = new int[fpr.length];
    int n = 0;
    keep[n++] = 0;
    for (int i = 1; i < fpr.length - 1; i++) {
      if (bucketsDiffer(i, i + 1, bins)) {
        keep[n++] = i;
      }
    }
    keep[n++] = fpr.length - 1;
    double[] f = new double[n];
    double[] t = new double[n];
    double[] th = new double[n];
    for (int j = 0; j < n; j++) {
      f[j] = fpr[keep[j]];
      t[j] = tpr[keep[j]];
      th[j] = threshold[keep[j]];
    }
    return new RocCurve(f, t, th);
  }

  private boolean bucketsDiffer(int i, int j, int bins) {
    return linBucket(fpr[i], bins) != linBucket(fpr[j], bins)
        || linBucket(tpr[i], bins) != linBucket(tpr[j], bins)
        || logBucket(fpr[i], bins) != logBucket(fpr[j], bins);
  }

  private static int linBucket(double x, int bins) {
    return (int) Math.floor(x * bins);
  }

  private static int logBucket(double x, int bins) {
    return x <= 1e-7 ? -1 : (int) Math.floor((Math.log10(x) + 7) / 7 * bins);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RocCurve r && Arrays.equals(fpr, r.fpr) && Arrays.equals(tpr, r.tpr)
        && Arrays.equals(threshold, r.threshold);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(fpr) + Arrays.hashCode(tpr)) + Arrays.hashCode(threshold);
  }

  @Override
  public String toString() {
    return "RocCurve[" + fpr.length + " points, auc=" + auc() + "]";
  }
}
