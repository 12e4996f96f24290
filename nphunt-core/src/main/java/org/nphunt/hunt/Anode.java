package org.nphunt.hunt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nphunt.NphuntException;
import org.nphunt.flow.MaskedAutoregressiveFlow;
import org.nphunt.random.Seeds;

/**
 * ANODE, anomaly detection with density estimation (Nachman and Shih arXiv:2001.04990): the
 * likelihood ratio R(x | mJJ) = p_data(x | mJJ) / p_BG(x | mJJ) in an mJJ signal region, with both
 * densities learned from data by conditional masked autoregressive flows
 * ({@link MaskedAutoregressiveFlow}, arXiv:1705.07057):
 *
 * <ul>
 *   <li>p_BG(x | mJJ): trained on the sidebands (every event with mJJ outside [lo, hi)), where the
 *       signal is negligible, and evaluated at the signal-region masses: the interpolation into the
 *       signal region is the conditional flow's smoothness in mJJ;</li>
 *   <li>p_data(x | mJJ): trained on the signal-region events themselves, k-folded so that every event
 *       is scored by a density that did not see it (an event's own density would otherwise be raised by
 *       overfitting); extra evaluation events get the mean density of the k flows.</li>
 * </ul>
 *
 * <p>The score is log R = log p_data - log p_BG (larger = more signal-like). Features x (the LHC
 * Olympics set: the lighter jet mass, the jet mass difference, both tau_21) are standardised by their
 * mean and standard deviation over all given events, the condition is ln mJJ standardised the same way;
 * the common affine map cancels in R. The k + 1 flows train as independent tasks on {@code threads}
 * threads, each seeded from its own streams ("hunt/anode-init", "hunt/anode-train", index 0 for the
 * sideband flow, 1 + fold for the signal-region flows), so the result is bit-identical for any thread
 * count.
 */
public final class Anode {
  private Anode() {}

  /**
   * The scores.
   *
   * @param logR per event: log p_data - log p_BG for events in the signal region, NaN elsewhere
   * @param logPData per event: log p_data(x | mJJ) (standardised units) in the signal region, NaN elsewhere
   * @param logPBackground per event: log p_BG(x | mJJ) in the signal region, NaN elsewhere
   * @param extraLogR per extra event: log R with the mean of the fold densities
   * @param sidebandEvents events the background flow was trained on
   * @param signalRegionEvents events in the signal region
   * @param sidebandTraining the background flow's losses
   * @param signalRegionTraining the signal-region flows' losses, one per fold
   */
  public record Result(double[] logR, double[] logPData, double[] logPBackground, double[] extraLogR, int sidebandEvents,
      int signalRegionEvents, MaskedAutoregressiveFlow.Training sidebandTraining,
      List<MaskedAutoregressiveFlow.Training> signalRegionTraining) {}

  /**
   * Runs ANODE on the window [lo, hi).
   *
   * @param features per event, d features (n x d), finite
   * @param mJJ per event in GeV, &gt; 0
   * @param lo signal region lower edge in GeV
   * @param hi signal region upper edge in GeV
   * @param config flows and folds
   * @param seed the seed
   * @param threads flows trained at once, &gt;= 1 (does not change the result)
   * @param extraFeatures extra evaluation-only events (features), may be empty
   * @param extraMJJ their masses in GeV
   * @throws NphuntException on bad input or too few events (at least 20 per fold in the signal region and
   *     100 in the sidebands)
   */
  public static Result run(double[][] features, double[] mJJ, double lo, double hi, AnodeConfig config, long seed,
      int threads, double[][] extraFeatures, double[] extraMJJ) {
    int n = mJJ.length;
    if (features.length != n) {
      throw new NphuntException("ANODE: " + features.length + " feature rows for " + n + " events");
    }
    if (!(hi > lo) || !(lo > 0)) {
      throw new NphuntException("ANODE needs 0 < lo < hi, found " + lo + ", " + hi);
    }
    if (extraFeatures.length != extraMJJ.length) {
      throw new NphuntException("ANODE: " + extraFeatures.length + " extra feature rows for " + extraMJJ.length + " masses");
    }
    if (n == 0) {
      throw new NphuntException("ANODE: no events");
    }
    int d = features[0].length;
    double[] mean = new double[d + 1];
    double[] sd = new double[d + 1];
    for (int i = 0; i < n; i++) {
      if (features[i].length != d) {
        throw new NphuntException("ANODE: event " + i + " has " + features[i].length + " features, event 0 has " + d);
      }
      if (!(mJJ[i] > 0) || Double.isInfinite(mJJ[i])) {
        throw new NphuntException("ANODE: event " + i + " has mJJ = " + mJJ[i] + " GeV");
      }
      for (int j = 0; j < d; j++) {
        if (!Double.isFinite(features[i][j])) {
          throw new NphuntException("ANODE: event " + i + " has a non-finite feature " + j + ": " + features[i][j]);
        }
        mean[j] += features[i][j];
      }
      mean[d] += Math.log(mJJ[i]);
    }
    for (int j = 0; j <= d; j++) {
      mean[j] /= n;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        sd[j] += (features[i][j] - mean[j]) * (features[i][j] - mean[j]);
      }
      sd[d] += (Math.log(mJJ[i]) - mean[d]) * (Math.log(mJJ[i]) - mean[d]);
    }
    for (int j = 0; j <= d; j++) {
      sd[j] = Math.sqrt(Math.max(sd[j] / n, 1e-24));
    }
    double[][] x = new double[n][];
    double[][] c = new double[n][];
    standardise(features, mJJ, mean, sd, x, c);
    double[][] ex = new double[extraFeatures.length][];
    double[][] ec = new double[extraFeatures.length][];
    standardise(extraFeatures, extraMJJ, mean, sd, ex, ec);
    int[] sr = rows(mJJ, lo, hi, true);
    int[] sb = rows(mJJ, lo, hi, false);
    int k = config.folds();
    if (sb.length < 100 || sr.length < 20 * k) {
      throw new NphuntException("ANODE needs >= 100 sideband events and >= " + 20 * k + " signal-region events, found "
          + sb.length + " and " + sr.length + " (signal region [" + lo + ", " + hi + ") GeV)");
    }
    int[] fold = Folds.assign(sr.length, k, Seeds.random(seed, "hunt/anode-folds"));
    int[] allExtra = new int[ex.length];
    for (int i = 0; i < allExtra.length; i++) {
      allExtra[i] = i;
    }
    // task 0: the sideband flow; tasks 1..k: the signal-region flows
    List<java.util.concurrent.Callable<Object[]>> tasks = new ArrayList<>();
    tasks.add(() -> {
      MaskedAutoregressiveFlow f = new MaskedAutoregressiveFlow(d, 1, config.sideband(), Seeds.random(seed, "hunt/anode-init", 0));
      MaskedAutoregressiveFlow.Training t = f.train(x, c, sb, Seeds.random(seed, "hunt/anode-train", 0));
      return new Object[] {t, f.logDensity(x, c, sr), f.logDensity(ex, ec, allExtra)};
    });
    for (int q = 0; q < k; q++) {
      int fq = q;
      tasks.add(() -> {
        int[] train = subset(sr, fold, fq, false);
        int[] test = subset(sr, fold, fq, true);
        MaskedAutoregressiveFlow f = new MaskedAutoregressiveFlow(d, 1, config.signalRegion(),
            Seeds.random(seed, "hunt/anode-init", 1 + fq));
        MaskedAutoregressiveFlow.Training t = f.train(x, c, train, Seeds.random(seed, "hunt/anode-train", 1 + fq));
        return new Object[] {t, f.logDensity(x, c, test), f.logDensity(ex, ec, allExtra)};
      });
    }
    List<Object[]> out = runAll(tasks, threads);
    double[] logR = new double[n];
    double[] lpd = new double[n];
    double[] lpb = new double[n];
    Arrays.fill(logR, Double.NaN);
    Arrays.fill(lpd, Double.NaN);
    Arrays.fill(lpb, Double.NaN);
    double[] bgSr = (double[]) out.get(0)[1];
    for (int i = 0; i < sr.length; i++) {
      lpb[sr[i]] = bgSr[i];
    }
    List<MaskedAutoregressiveFlow.Training> srTraining = new ArrayList<>();
    double[][] extraData = new double[k][];
    for (int q = 0; q < k; q++) {
      Object[] o = out.get(1 + q);
      srTraining.add((MaskedAutoregressiveFlow.Training) o[0]);
      int[] test = subset(sr, fold, q, true);
      double[] lp = (double[]) o[1];
      for (int i = 0; i < test.length; i++) {
        lpd[test[i]] = lp[i];
      }
      extraData[q] = (double[]) o[2];
    }
    for (int r : sr) {
      logR[r] = lpd[r] - lpb[r];
    }
    double[] extraBg = (double[]) out.get(0)[2];
    double[] extraLogR = new double[ex.length];
    for (int i = 0; i < ex.length; i++) {
      // log of the mean density of the k flows
      double max = Double.NEGATIVE_INFINITY;
      for (int q = 0; q < k; q++) {
        max = Math.max(max, extraData[q][i]);
      }
      double s = 0;
      for (int q = 0; q < k; q++) {
        s += Math.exp(extraData[q][i] - max);
      }
      extraLogR[i] = max + Math.log(s / k) - extraBg[i];
    }
    return new Result(logR, lpd, lpb, extraLogR, sb.length, sr.length, (MaskedAutoregressiveFlow.Training) out.get(0)[0],
        List.copyOf(srTraining));
  }

  private static void standardise(double[][] f, double[] m, double[] mean, double[] sd, double[][] x, double[][] c) {
    int d = mean.length - 1;
    for (int i = 0; i < f.length; i++) {
      if (f[i].length != d || !(m[i] > 0)) {
        throw new NphuntException("ANODE: extra event " + i + " has " + f[i].length + " features (need " + d + ") and mJJ "
            + m[i] + " GeV");
      }
      x[i] = new double[d];
      for (int j = 0; j < d; j++) {
        x[i][j] = (f[i][j] - mean[j]) / sd[j];
      }
      c[i] = new double[] {(Math.log(m[i]) - mean[d]) / sd[d]};
    }
  }

  private static int[] rows(double[] mJJ, double lo, double hi, boolean inside) {
    return java.util.stream.IntStream.range(0, mJJ.length).filter(i -> (mJJ[i] >= lo && mJJ[i] < hi) == inside).toArray();
  }

  private static int[] subset(int[] sr, int[] fold, int f, boolean inFold) {
    return java.util.stream.IntStream.range(0, sr.length).filter(i -> (fold[i] == f) == inFold).map(i -> sr[i]).toArray();
  }

  private static List<Object[]> runAll(List<java.util.concurrent.Callable<Object[]>> tasks, int threads) {
    if (threads < 1) {
      throw new NphuntException("ANODE needs >= 1 thread, found " + threads);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
      Thread t = new Thread(r, "nphunt-anode");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Object[]>> fs = new ArrayList<>();
      for (var t : tasks) {
        fs.add(pool.submit(t));
      }
      List<Object[]> out = new ArrayList<>();
      for (Future<Object[]> f : fs) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NphuntException("ANODE interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new NphuntException("ANODE failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
