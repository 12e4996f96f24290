package org.nphunt.eval;

import java.util.Arrays;

/**
 * A ROC curve: background efficiency (false-positive rate) against signal efficiency (true-positive
 * rate) as the threshold falls. Point i selects the events with {@code score >= threshold[i]}; tied
 * scores are one point (a threshold cannot split them). The first point is (0, 0) with a threshold
 * just above the highest score, the last (1, 1) with the lowest score.
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
   * sorted samples from the highest score down: O(n_b + n_s) after sorting. Holds every point (three
   * doubles per distinct score); for millions of events use {@link #reduced}.
   */
  public static RocCurve of(SortedScores background, SortedScores signal) {
    Builder all = new Builder(background.size() + signal.size() + 1, 0);
    walk(background, signal, all);
    return all.build();
  }

  /**
   * The ROC curve reduced as by {@link #downsample(int)}, built in the same single pass without holding
   * the full curve, plus its exact trapezoid area (from every point).
   */
  public static Reduced reduced(SortedScores background, SortedScores signal, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, found " + bins);
    }
    Builder kept = new Builder(3 * bins + 8, bins);
    double area = walk(background, signal, kept);
    return new Reduced(kept.build(), area);
  }

  /** A reduced curve and the trapezoid AUC of the full one. */
  public record Reduced(RocCurve roc, double auc) {}

  /** Emits every ROC point to {@code sink}; returns the trapezoid area. */
  private static double walk(SortedScores background, SortedScores signal, Builder sink) {
    int nb = background.size();
    int ns = signal.size();
    // "score >= nextUp(max)" selects nothing; finite, so results.json stays plain JSON
    sink.accept(0, 0, Math.nextUp(Math.max(background.max(), signal.max())));
    int ib = nb - 1;
    int is = ns - 1;
    double area = 0;
    double lastF = 0;
    double lastT = 0;
    while (ib >= 0 || is >= 0) {
      double v = Math.max(ib >= 0 ? background.get(ib) : Double.NEGATIVE_INFINITY,
          is >= 0 ? signal.get(is) : Double.NEGATIVE_INFINITY);
      while (ib >= 0 && background.get(ib) == v) {
        ib--;
      }
      while (is >= 0 && signal.get(is) == v) {
        is--;
      }
      double f = (double) (nb - 1 - ib) / nb;
      double t = (double) (ns - 1 - is) / ns;
      area += (f - lastF) * (t + lastT);
      lastF = f;
      lastT = t;
      sink.accept(f, t, v);
    }
    sink.finish();
    return area / 2;
  }

  /**
   * Collects points: all of them ({@code bins == 0}) or, for a reduction, the first, the last and every
   * point whose bucket differs from the next point's (one point of look-ahead).
   */
  private static final class Builder {
    private final int bins;
    private double[] f;
    private double[] t;
    private double[] th;
    private int n;
    private boolean pending;
    private double pf;
    private double pt;
    private double pth;

    Builder(int capacity, int bins) {
      this.bins = bins;
      f = new double[capacity];
      t = new double[capacity];
      th = new double[capacity];
    }

    void accept(double fpr, double tpr, double threshold) {
      if (bins == 0 || n == 0) {
        add(fpr, tpr, threshold);
        return;
      }
      if (pending && bucketsDiffer(pf, pt, fpr, tpr, bins)) {
        add(pf, pt, pth);
      }
      pending = true;
      pf = fpr;
      pt = tpr;
      pth = threshold;
    }

    void finish() {
      if (pending) {
        add(pf, pt, pth);
      }
    }

    private void add(double fpr, double tpr, double threshold) {
      if (n == f.length) {
        f = Arrays.copyOf(f, 2 * n);
        t = Arrays.copyOf(t, 2 * n);
        th = Arrays.copyOf(th, 2 * n);
      }
      f[n] = fpr;
      t[n] = tpr;
      th[n++] = threshold;
    }

    RocCurve build() {
      return new RocCurve(Arrays.copyOf(f, n), Arrays.copyOf(t, n), Arrays.copyOf(th, n));
    }
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
    Builder kept = new Builder(3 * bins + 8, bins);
    for (int i = 0; i < fpr.length; i++) {
      kept.accept(fpr[i], tpr[i], threshold[i]);
    }
    kept.finish();
    return kept.build();
  }

  private static boolean bucketsDiffer(double f1, double t1, double f2, double t2, int bins) {
    return linBucket(f1, bins) != linBucket(f2, bins)
        || linBucket(t1, bins) != linBucket(t2, bins)
        || logBucket(f1, bins) != logBucket(f2, bins);
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
