package org.nphunt.hunt;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of a resonant anomaly search ({@link Hunt}).
 *
 * @param deltaEtaCut the signal region is |DeltaEtaJJ| &lt; deltaEtaCut, the sideband the rest, in (0, 10]
 *     (default 1.4, CMS arXiv:2412.03747)
 * @param quantiles background acceptances of the quantile-regression thresholds, strictly increasing in
 *     (0, 1) (default 0.3, 0.5, 0.7, 0.9, 0.99): they make quantiles.size() + 1 categories
 * @param folds k of the k-fold quantile regression, in [2, 20] (default 5)
 * @param qrLayers dense layers of the quantile network (input -&gt; hidden ... -&gt; one output per
 *     quantile), in [1, 10] (default 5, the published network; 1 with qrDegree &gt;= 2 is a linear
 *     quantile regression on a polynomial in ln mJJ, see {@link QuantileNet})
 * @param qrDegree powers of ln mJJ fed to the network, in [1, 6] (default 1)
 * @param qrWidth units per hidden layer, in [2, 256] (default 16)
 * @param qrEpochs passes over the training folds, in [1, 10000] (default 60)
 * @param qrBatchSize events per Adam step, in [1, 1000000] (default 256)
 * @param qrLearningRate Adam step size, in (0, 1) (default 3e-3)
 * @param mJJMin lower edge of the fit range in GeV, &gt; 0 (default 2700, for toys without a selection turn-on;
 *     for selected jets start where the leading-jet pT threshold is fully efficient, {@link FitRange}: 3110 GeV
 *     for the LHC Olympics selection, which {@code nphunt hunt} uses)
 * @param mJJMax upper edge of the fit range in GeV, &gt; mJJMin (default 6000)
 * @param bins mJJ bins over the fit range, logarithmically spaced (constant relative width, as the mass
 *     resolution), in [6, 1000] (default 30)
 * @param scanPoints signal mass hypotheses, logarithmically spaced from 1.1 mJJMin to 0.85 mJJMax, in
 *     [1, 200] (default 12)
 * @param signalRelativeWidth sigma / M of the Crystal Ball signal shape, in (0, 0.5) (default 0.07)
 * @param seed every random choice (fold assignment, network initialisation, batches, injection)
 * @param qrRegion where the quantile regression trains: the signal region's own events (k-folded, the
 *     paper's procedure) or the sideband |DeltaEtaJJ| &gt;= deltaEtaCut within the fit range, applied to the
 *     signal region (a background estimate from a control region, blind to a signal in the signal region);
 *     default {@link QrRegion#SIGNAL_REGION}
 */
public record HuntConfig(
    double deltaEtaCut,
    List<Double> quantiles,
    int folds,
    int qrLayers,
    int qrDegree,
    int qrWidth,
    int qrEpochs,
    int qrBatchSize,
    double qrLearningRate,
    double mJJMin,
    double mJJMax,
    int bins,
    int scanPoints,
    double signalRelativeWidth,
    long seed,
    QrRegion qrRegion) {

  /** Where the quantile regression trains ({@link #qrRegion()}). */
  public enum QrRegion {
    /** The signal region's events, k-folded: no event is categorised by a network that saw it. */
    SIGNAL_REGION,
    /** The sideband's events (fold f's network trains on the sideband folds other than f). */
    SIDEBAND
  }

  /** The default quantiles (background acceptances) of the thresholds. */
  public static final List<Double> DEFAULT_QUANTILES = List.of(0.3, 0.5, 0.7, 0.9, 0.99);

  public HuntConfig {
    qrRegion = qrRegion == null ? QrRegion.SIGNAL_REGION : qrRegion;
    if (!(deltaEtaCut > 0 && deltaEtaCut <= 10)) {
      throw new IllegalArgumentException("deltaEtaCut must be in (0, 10], found " + deltaEtaCut);
    }
    quantiles = quantiles == null || quantiles.isEmpty() ? DEFAULT_QUANTILES : List.copyOf(quantiles);
    double prev = 0;
    for (Double q : quantiles) {
      if (q == null || !(q > prev && q < 1)) {
        throw new IllegalArgumentException("quantiles must be strictly increasing in (0, 1), found " + quantiles);
      }
      prev = q;
    }
    check("folds", folds, 2, 20);
    check("qrLayers", qrLayers, 1, 10);
    check("qrDegree", qrDegree, 1, 6);
    check("qrWidth", qrWidth, 2, 256);
    check("qrEpochs", qrEpochs, 1, 10000);
    check("qrBatchSize", qrBatchSize, 1, 1_000_000);
    if (!(qrLearningRate > 0 && qrLearningRate < 1)) {
      throw new IllegalArgumentException("qrLearningRate must be in (0, 1), found " + qrLearningRate);
    }
    if (!(mJJMin > 0) || Double.isInfinite(mJJMin)) {
      throw new IllegalArgumentException("mJJMin must be finite and > 0 GeV, found " + mJJMin);
    }
    if (!(mJJMax > mJJMin) || Double.isInfinite(mJJMax)) {
      throw new IllegalArgumentException("mJJMax must be finite and > mJJMin = " + mJJMin + " GeV, found " + mJJMax);
    }
    check("bins", bins, 6, 1000);
    check("scanPoints", scanPoints, 1, 200);
    if (!(signalRelativeWidth > 0 && signalRelativeWidth < 0.5)) {
      throw new IllegalArgumentException("signalRelativeWidth must be in (0, 0.5), found " + signalRelativeWidth);
    }
  }

  private static void check(String name, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], found " + v);
    }
  }

  /** The settings with the quantile regression trained in the signal region. */
  public HuntConfig(double deltaEtaCut, List<Double> quantiles, int folds, int qrLayers, int qrDegree, int qrWidth,
      int qrEpochs, int qrBatchSize, double qrLearningRate, double mJJMin, double mJJMax, int bins, int scanPoints,
      double signalRelativeWidth, long seed) {
    this(deltaEtaCut, quantiles, folds, qrLayers, qrDegree, qrWidth, qrEpochs, qrBatchSize, qrLearningRate, mJJMin,
        mJJMax, bins, scanPoints, signalRelativeWidth, seed, QrRegion.SIGNAL_REGION);
  }

  /** The same settings with the quantile regression trained in another region. */
  public HuntConfig withQrRegion(QrRegion region) {
    return new HuntConfig(deltaEtaCut, quantiles, folds, qrLayers, qrDegree, qrWidth, qrEpochs, qrBatchSize,
        qrLearningRate, mJJMin, mJJMax, bins, scanPoints, signalRelativeWidth, seed, region);
  }

  public static HuntConfig defaults() {
    return new HuntConfig(1.4, DEFAULT_QUANTILES, 5, 5, 1, 16, 60, 256, 3e-3, 2700, 6000, 30, 12, 0.07, 1);
  }

  /** The same settings with another seed. */
  public HuntConfig withSeed(long s) {
    return new HuntConfig(deltaEtaCut, quantiles, folds, qrLayers, qrDegree, qrWidth, qrEpochs, qrBatchSize, qrLearningRate, mJJMin,
        mJJMax, bins, scanPoints, signalRelativeWidth, s, qrRegion);
  }

  /** The same settings with another signal sigma / M. */
  public HuntConfig withSignalRelativeWidth(double width) {
    return new HuntConfig(deltaEtaCut, quantiles, folds, qrLayers, qrDegree, qrWidth, qrEpochs, qrBatchSize, qrLearningRate,
        mJJMin, mJJMax, bins, scanPoints, width, seed, qrRegion);
  }

  /** The same settings with another fit range and binning. */
  public HuntConfig withFitRange(double lo, double hi, int nBins) {
    return new HuntConfig(deltaEtaCut, quantiles, folds, qrLayers, qrDegree, qrWidth, qrEpochs, qrBatchSize, qrLearningRate, lo, hi,
        nBins, scanPoints, signalRelativeWidth, seed, qrRegion);
  }

  /** The same settings with another quantile model: layers, input degree, width and epochs. */
  public HuntConfig withQuantileModel(int layers, int degree, int width, int epochs) {
    return new HuntConfig(deltaEtaCut, quantiles, folds, layers, degree, width, epochs, qrBatchSize, qrLearningRate,
        mJJMin, mJJMax, bins, scanPoints, signalRelativeWidth, seed, qrRegion);
  }

  /** The same settings with another number of scan points. */
  public HuntConfig withScanPoints(int points) {
    return new HuntConfig(deltaEtaCut, quantiles, folds, qrLayers, qrDegree, qrWidth, qrEpochs, qrBatchSize,
        qrLearningRate, mJJMin, mJJMax, bins, points, signalRelativeWidth, seed, qrRegion);
  }

  /** The same settings with another quantile-network training length. */
  public HuntConfig withQrEpochs(int epochs) {
    return new HuntConfig(deltaEtaCut, quantiles, folds, qrLayers, qrDegree, qrWidth, epochs, qrBatchSize, qrLearningRate, mJJMin,
        mJJMax, bins, scanPoints, signalRelativeWidth, seed, qrRegion);
  }

  /** The fit-range bin edges in GeV (logarithmic). */
  public double[] edges() {
    return org.nphunt.fit.Histogram.logEdges(mJJMin, mJJMax, bins);
  }

  /** The scan's mass hypotheses in GeV. */
  public double[] scanMasses() {
    double lo = 1.1 * mJJMin;
    double hi = 0.85 * mJJMax;
    double[] m = new double[scanPoints];
    for (int i = 0; i < scanPoints; i++) {
      m[i] = scanPoints == 1 ? Math.sqrt(lo * hi) : lo * Math.pow(hi / lo, i / (double) (scanPoints - 1));
    }
    return m;
  }

  /** Category names: "q0-30", "q30-50", ..., "q99-100" (background-acceptance bands in percent). */
  public List<String> categoryNames() {
    List<String> n = new ArrayList<>();
    double prev = 0;
    for (int i = 0; i <= quantiles.size(); i++) {
      double q = i < quantiles.size() ? quantiles.get(i) : 1;
      n.add("q" + pct(prev) + "-" + pct(q));
      prev = q;
    }
    return n;
  }

  private static String pct(double q) {
    double p = 100 * q;
    return Math.abs(p - Math.rint(p)) < 1e-9 ? Long.toString(Math.round(p)) : Double.toString(p);
  }
}
