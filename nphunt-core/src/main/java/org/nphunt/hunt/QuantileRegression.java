package org.nphunt.hunt;

import java.util.ArrayList;
import java.util.List;
import org.nphunt.NphuntException;
import org.nphunt.random.Seeds;

/**
 * k-fold quantile regression of the anomaly score on mJJ (CMS arXiv:2412.03747): the events are split
 * into k folds at random (stream "hunt/qr-folds"); for each fold a {@link QuantileNet} is trained on the
 * other k - 1 folds and gives the thresholds of the events of its own fold, so no event is cut by a
 * network that saw it. Fold f's network is initialised from stream "hunt/qr-init" index f and shuffles
 * with "hunt/qr-batches" index f.
 */
public final class QuantileRegression {
  private QuantileRegression() {}

  /**
   * The outcome.
   *
   * @param thresholds per row (in the order of the rows given), one threshold per quantile, ascending
   * @param fold the fold of each row
   * @param nets the network of each fold
   * @param losses per fold, the mean summed pinball loss of each epoch (standardised score units)
   */
  public record Result(double[][] thresholds, int[] fold, List<QuantileNet> nets, List<double[]> losses) {
    /** The thresholds at {@code mJJ} averaged over the fold networks (for plots), ascending. */
    public double[] meanThresholds(double mJJ) {
      double[] t = null;
      for (QuantileNet net : nets) {
        double[] v = net.thresholds(mJJ);
        if (t == null) {
          t = v;
        } else {
          for (int i = 0; i < t.length; i++) {
            t[i] += v[i];
          }
        }
      }
      for (int i = 0; i < t.length; i++) {
        t[i] /= nets.size();
      }
      return t;
    }
  }

  /**
   * Fits the thresholds of the events {@code rows} of (mJJ, score).
   *
   * @param rows events to fit and to predict (e.g. the signal region within the fit range), at least
   *     2 x folds of them
   */
  public static Result fit(double[] mJJ, double[] score, int[] rows, HuntConfig config) {
    return fit(mJJ, score, rows, null, config);
  }

  /**
   * Fits the thresholds of the events {@code rows} with networks trained on other events ({@code
   * control}, e.g. the sideband within the fit range): the control events are split into k folds
   * (stream "hunt/qr-control-folds") and fold f's network, trained on the control folds other than f,
   * gives the thresholds of the rows in fold f. The rows' own scores never enter the training, so a
   * signal among them cannot pull the thresholds. With {@code control} null: {@link #fit(double[],
   * double[], int[], HuntConfig)}.
   *
   * @param control training events, at least 2 x folds of them, or null
   */
  public static Result fit(double[] mJJ, double[] score, int[] rows, int[] control, HuntConfig config) {
    int k = config.folds();
    if (control != null && control.length < 2 * k) {
      throw new NphuntException("quantile regression on the control region needs >= " + 2 * k + " events for " + k
          + " folds, found " + control.length);
    }
    int[] controlFold = control == null ? null : Folds.assign(control.length, k, Seeds.random(config.seed(),
        "hunt/qr-control-folds"));
    if (rows.length < 2 * k) {
      throw new NphuntException("quantile regression needs >= " + 2 * k + " events for " + k + " folds, found "
          + rows.length);
    }
    double[] alphas = config.quantiles().stream().mapToDouble(Double::doubleValue).toArray();
    int n = rows.length;
    int[] fold = Folds.assign(n, k, Seeds.random(config.seed(), "hunt/qr-folds"));
    double[][] thresholds = new double[n][];
    List<QuantileNet> nets = new ArrayList<>();
    List<double[]> losses = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      int[] train;
      if (control == null) {
        train = new int[n - count(fold, f)];
        int t = 0;
        for (int i = 0; i < n; i++) {
          if (fold[i] != f) {
            train[t++] = rows[i];
          }
        }
      } else {
        train = new int[control.length - count(controlFold, f)];
        int t = 0;
        for (int i = 0; i < control.length; i++) {
          if (controlFold[i] != f) {
            train[t++] = control[i];
          }
        }
      }
      QuantileNet net = new QuantileNet(alphas, config.qrLayers(), config.qrWidth(), config.qrDegree(), Seeds.random(config.seed(),
          "hunt/qr-init", f));
      losses.add(net.train(mJJ, score, train, config.qrEpochs(), config.qrBatchSize(), config.qrLearningRate(),
          Seeds.random(config.seed(), "hunt/qr-batches", f)));
      nets.add(net);
      for (int i = 0; i < n; i++) {
        if (fold[i] == f) {
          thresholds[i] = net.thresholds(mJJ[rows[i]]);
        }
      }
    }
    return new Result(thresholds, fold, List.copyOf(nets), List.copyOf(losses));
  }

  private static int count(int[] fold, int f) {
    int c = 0;
    for (int v : fold) {
      if (v == f) {
        c++;
      }
    }
    return c;
  }

  /**
   * The category of each row: the number of thresholds its score exceeds (0 = below the lowest
   * quantile, most background-like; quantiles.size() = above the highest, most anomalous).
   */
  public static int[] categories(double[] score, int[] rows, double[][] thresholds) {
    int[] c = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double s = score[rows[i]];
      int k = 0;
      for (double t : thresholds[i]) {
        if (s > t) {
          k++;
        }
      }
      c[i] = k;
    }
    return c;
  }
}
