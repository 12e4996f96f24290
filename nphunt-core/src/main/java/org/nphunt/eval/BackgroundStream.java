package org.nphunt.eval;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nphunt.NphuntException;

/**
 * Accumulates one background score, streamed block by block, against fixed signal samples, so that
 * every figure of the evaluation is exact without holding the background: the AUC (Mann-Whitney, in
 * integer arithmetic), its DeLong standard error (the per-event placement values, DeLong, DeLong and
 * Clarke-Pearson, Biometrics 44 (1988) 837), the ROC curve at every signal threshold, and the TPR at
 * every FPR down to the smallest one configured (the largest {@link #kept()} background scores are kept
 * exactly). A seeded reservoir sample of the rest feeds the score histograms.
 *
 * <p>Cost per background event: one sort of its block and, per signal, a monotone galloping search in
 * the sorted signal; memory: the top scores, the reservoir and two int arrays per signal event. The
 * result does not depend on how the background is cut into blocks, only on the order of the events
 * (the reservoir).
 */
public final class BackgroundStream {
  private final String label;
  private final long expected;
  private final List<SortedScores> signals;
  private final int kept;
  private final int[][] strictBelowDiff;
  private final int[][] tieDiff;
  private final long[] twiceU;
  private final double[] sumSq;
  private double[] top;
  private int topCount;
  private double floor = Double.NEGATIVE_INFINITY;
  private final double[] reservoir;
  private final SplittableRandom random;
  private long nextReservoirIndex;
  private double reservoirW;
  private long n;
  private double minimum = Double.POSITIVE_INFINITY;
  private double[] scratch = new double[0];

  /**
   * @param label what the scores are, for messages ("model dense, SM, score mse")
   * @param expected the number of background events that will be added (fixes what is kept)
   * @param largestFpr the largest FPR whose threshold must be exact (with its threshold interval)
   * @param signals the signal samples
   * @param reservoirSize background events kept as a sample for histograms (0: none)
   * @param seed of the reservoir sample
   */
  public BackgroundStream(String label, long expected, double largestFpr, List<SortedScores> signals, int reservoirSize,
      long seed) {
    if (expected <= 0) {
      throw new NphuntException(label + ": no events (an ROC curve needs events in both classes)");
    }
    if (expected > Integer.MAX_VALUE - 8L) {
      throw new IllegalArgumentException(label + ": at most " + (Integer.MAX_VALUE - 8) + " background events, found " + expected);
    }
    this.label = label;
    this.expected = expected;
    this.signals = List.copyOf(signals);
    long k = (long) Math.ceil(largestFpr * expected + 1e-9);
    // the (k+1)-th largest and the ranks of its order-statistic interval (about sqrt(k) above it)
    this.kept = (int) Math.min(expected, k + 4 * (long) Math.ceil(Math.sqrt(k + 1.0)) + 16);
    this.top = new double[Math.max(16, Math.min(2 * kept, 1 << 20))];
    int ns = this.signals.size();
    strictBelowDiff = new int[ns][];
    tieDiff = new int[ns][];
    twiceU = new long[ns];
    sumSq = new double[ns];
    for (int j = 0; j < ns; j++) {
      strictBelowDiff[j] = new int[this.signals.get(j).size() + 1];
      tieDiff[j] = new int[this.signals.get(j).size() + 1];
    }
    this.reservoir = new double[(int) Math.min(reservoirSize, expected)];
    this.random = new SplittableRandom(seed);
    if (reservoir.length > 0) {
      reservoirW = Math.exp(Math.log(random.nextDouble()) / reservoir.length);
      nextReservoirIndex = reservoir.length + (long) Math.floor(Math.log(random.nextDouble()) / Math.log(1 - reservoirW));
    }
  }

  /** Background events kept exactly (the largest scores). */
  public int kept() {
    return kept;
  }

  /** Adds {@code count} scores from {@code values[from..]}; a NaN or infinite score names its event. */
  public void add(double[] values, int from, int count) {
    if (n + count > expected) {
      throw new IllegalStateException(label + ": more background events than the " + expected + " announced");
    }
    for (int i = 0; i < count; i++) {
      if (!Double.isFinite(values[from + i])) {
        throw new NphuntException(label + ": score at event " + (n + i) + " is " + values[from + i]
            + " (scores must be finite)");
      }
    }
    sampleReservoir(values, from, count);
    if (scratch.length < count) {
      scratch = new double[count];
    }
    double[] s = scratch;
    System.arraycopy(values, from, s, 0, count);
    Arrays.sort(s, 0, count);
    if (count > 0) {
      minimum = Math.min(minimum, s[0]);
    }
    for (int j = 0; j < signals.size(); j++) {
      place(j, s, count);
    }
    keepTop(s, count);
    n += count;
  }

  /** Places the sorted block against signal j: diff arrays for the signal's placements, U and sum of squares. */
  private void place(int j, double[] s, int count) {
    SortedScores sig = signals.get(j);
    int ns = sig.size();
    int[] below = strictBelowDiff[j];
    int[] ties = tieDiff[j];
    long u2 = 0;
    double sq = 0;
    int l = 0;
    int u;
    int i = 0;
    while (i < count) {
      double b = s[i];
      int m = 1;
      while (i + m < count && s[i + m] == b) {
        m++;
      }
      l = gallop(sig, l, b);
      u = l;
      while (u < ns && sig.get(u) == b) {
        u++; // ties are few: a scan is cheaper than a second search
      }
      // signal events at sorted positions >= u are above b, those in [l, u) tie with it
      below[u] += m;
      ties[l] += m;
      ties[u] -= m;
      long x = 2L * (ns - u) + (u - l); // 2 x (#signal above + #ties / 2)
      u2 += m * x;
      sq += m * (double) x * x;
      i += m;
    }
    twiceU[j] += u2;
    sumSq[j] += sq;
  }

  /**
   * The first index at or after {@code start} whose signal value is >= b, by exponential then binary
   * search (positions only move forward).
   */
  private static int gallop(SortedScores sig, int start, double b) {
    int ns = sig.size();
    int lo = start;
    int step = 1;
    int hi = start;
    while (hi < ns && sig.get(hi) < b) {
      lo = hi + 1;
      hi = start + step;
      step <<= 1;
    }
    hi = Math.min(hi, ns);
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sig.get(mid) < b) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Keeps the largest {@code kept} scores seen so far (sorted block: its tail). */
  private void keepTop(double[] s, int count) {
    for (int i = count - 1; i >= 0 && s[i] >= floor; i--) {
      if (topCount == top.length) {
        compact();
        if (s[i] < floor) {
          break;
        }
      }
      top[topCount++] = s[i];
    }
  }

  private void compact() {
    Arrays.sort(top, 0, topCount);
    int keep = Math.min(kept, topCount);
    System.arraycopy(top, topCount - keep, top, 0, keep);
    topCount = keep;
    if (keep == kept) {
      floor = top[0];
    }
    if (topCount == top.length) {
      top = Arrays.copyOf(top, top.length * 2);
    }
  }

  /** Algorithm L (Li, ACM TOMS 20 (1994) 481): a uniform sample in O(k log(n/k)) random draws. */
  private void sampleReservoir(double[] values, int from, int count) {
    int k = reservoir.length;
    if (k == 0) {
      return;
    }
    for (int i = 0; i < count; i++) {
      long idx = n + i;
      if (idx < k) {
        reservoir[(int) idx] = values[from + i];
      }
    }
    long end = n + count;
    while (nextReservoirIndex < end) {
      if (nextReservoirIndex >= n && nextReservoirIndex >= k) {
        reservoir[random.nextInt(k)] = values[from + (int) (nextReservoirIndex - n)];
        reservoirW *= Math.exp(Math.log(random.nextDouble()) / k);
      }
      nextReservoirIndex += 1 + (long) Math.floor(Math.log(random.nextDouble()) / Math.log(1 - reservoirW));
    }
  }

  /** The summary; every announced event must have been added. */
  public BackgroundSummary finish() {
    if (n != expected) {
      throw new IllegalStateException(label + ": " + n + " background events added, " + expected + " announced");
    }
    Arrays.sort(top, 0, topCount);
    int keep = Math.min(kept, topCount);
    double[] largest = new double[keep];
    for (int i = 0; i < keep; i++) {
      largest[i] = top[topCount - 1 - i];
    }
    int ns = signals.size();
    int[][] below = new int[ns][];
    int[][] ties = new int[ns][];
    for (int j = 0; j < ns; j++) {
      int size = signals.get(j).size();
      below[j] = new int[size];
      ties[j] = new int[size];
      int cb = 0;
      int ct = 0;
      for (int p = 0; p < size; p++) {
        cb += strictBelowDiff[j][p];
        ct += tieDiff[j][p];
        below[j][p] = cb;
        ties[j][p] = ct;
      }
    }
    // the sample represents the events below the kept largest ones
    double cut = keep == 0 ? Double.POSITIVE_INFINITY : largest[keep - 1];
    int r = 0;
    for (double v : reservoir) {
      r += v < cut ? 1 : 0;
    }
    double[] sample = new double[r];
    int w = 0;
    for (double v : reservoir) {
      if (v < cut) {
        sample[w++] = v;
      }
    }
    long rest = n - countAboveOrEqual(largest, cut);
    double weight = r == 0 ? 0 : (double) rest / r;
    return new BackgroundSummary(label, n, largest, minimum, below, ties, twiceU.clone(), sumSq.clone(), sample, weight);
  }

  private static long countAboveOrEqual(double[] desc, double cut) {
    long c = 0;
    for (double v : desc) {
      c += v >= cut ? 1 : 0;
    }
    return c;
  }
}
