package org.nphunt.hunt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.nphunt.NphuntException;
import org.nphunt.fit.Category;
import org.nphunt.fit.CompatibilityResult;
import org.nphunt.fit.CrystalBallShape;
import org.nphunt.fit.FitConfig;
import org.nphunt.fit.Histogram;
import org.nphunt.fit.MassScan;
import org.nphunt.fit.ResonanceSearch;
import org.nphunt.fit.ScanPoint;
import org.nphunt.fit.ShapeCompatibility;
import org.nphunt.fit.SignalFit;
import org.nphunt.random.Seeds;

/**
 * The resonant anomaly search on scored events (CMS arXiv:2412.03747): signal region by |DeltaEtaJJ|,
 * k-fold {@link QuantileRegression} of the score on mJJ in the signal region's fit range, orthogonal
 * categories by the thresholds, a shape test of each category's background mJJ against the rest, the
 * simultaneous fit of all categories with a shared mu over a mass scan ({@link ResonanceSearch}, Crystal
 * Ball signal of relative width {@link HuntConfig#signalRelativeWidth()}), and the inclusive bump hunt
 * without the score for comparison.
 *
 * <p>The anomaly score must come from a model that never saw the signal region (trained on the
 * sideband); this class only uses it.
 *
 * <p>Signal efficiencies per category (the fraction of the signal in each category): given by the
 * caller (from signal simulation), else from the truth labels of the events when known, else the
 * categories' background fractions (no signal information; the categorised fit then has no advantage
 * over the inclusive one).
 */
public final class Hunt {
  /** Fewest events a category needs to enter the simultaneous fit. */
  public static final int MIN_FIT_EVENTS = 20;

  private Hunt() {}

  /**
   * The result with the per-event details.
   *
   * @param result the summary
   * @param signalRegionRows indices (into the events) of the categorised signal-region events
   * @param category category of each of those rows
   * @param thresholds thresholds of each of those rows (ascending, one per quantile)
   * @param regression the k-fold regression (its networks give the threshold curves)
   * @param categorisedSearch the simultaneous fit of the fitted categories (for fits at other masses)
   * @param inclusiveSearch the inclusive fit
   */
  public record Run(HuntResult result, int[] signalRegionRows, int[] category, double[][] thresholds,
      QuantileRegression.Result regression, ResonanceSearch categorisedSearch, ResonanceSearch inclusiveSearch) {}

  /**
   * Runs the search.
   *
   * @param efficiencies signal efficiency per category (quantiles.size() + 1 values summing to &lt;= 1),
   *     or null (truth labels, else background fractions)
   * @throws NphuntException when the signal region of the fit range holds too few events
   */
  public static Run run(HuntEvents ev, HuntConfig config, double[] efficiencies) {
    return run(ev, config, efficiencies, null);
  }

  /**
   * Runs the search with the signal efficiencies of a signal simulation: the fractions of its
   * signal-region events in the fit range that fall into each category under this run's quantile
   * regression ({@link #efficiencies}).
   */
  public static Run runWithSignalSimulation(HuntEvents ev, HuntConfig config, HuntEvents signalSimulation) {
    return run(ev, config, null, signalSimulation);
  }

  private static Run run(HuntEvents ev, HuntConfig config, double[] efficiencies, HuntEvents signalSimulation) {
    int nCat = config.quantiles().size() + 1;
    if (efficiencies != null && efficiencies.length != nCat) {
      throw new NphuntException("signal efficiencies: need " + nCat + " values (one per category), found "
          + efficiencies.length);
    }
    double[] edges = config.edges();
    int[] sr = Regions.signalRegion(ev.deltaEta(), config.deltaEtaCut());
    int[] rows = Arrays.stream(sr).filter(i -> Histogram.binIndex(edges, ev.mJJ()[i]) >= 0).toArray();
    long sideband = ev.size() - sr.length;
    if (rows.length < 50) {
      throw new NphuntException("signal region |DeltaEtaJJ| < " + config.deltaEtaCut() + " with mJJ in ["
          + config.mJJMin() + ", " + config.mJJMax() + ") GeV holds " + rows.length + " events, need >= 50");
    }
    int[] control = null;
    if (config.qrRegion() == HuntConfig.QrRegion.SIDEBAND) {
      control = IntStream.range(0, ev.size()).filter(i -> !Regions.inSignalRegion(ev.deltaEta()[i], config.deltaEtaCut())
          && Histogram.binIndex(edges, ev.mJJ()[i]) >= 0).toArray();
    }
    QuantileRegression.Result qr = QuantileRegression.fit(ev.mJJ(), ev.score(), rows, control, config);
    int[] cat = QuantileRegression.categories(ev.score(), rows, qr.thresholds());

    // per category: masses of all its events, of its background events, counts
    List<String> names = config.categoryNames();
    double[][] mAll = split(ev.mJJ(), rows, cat, nCat, null, -1);
    boolean labelled = ev.label() != null;
    double[][] mBkg = labelled ? split(ev.mJJ(), rows, cat, nCat, ev.label(), 0) : mAll;
    long[] sig = new long[nCat];
    long sigTotal = 0;
    if (labelled) {
      for (int i = 0; i < rows.length; i++) {
        if (ev.label()[rows[i]] != 0) {
          sig[cat[i]]++;
          sigTotal++;
        }
      }
    }
    String source;
    double[] eff = new double[nCat];
    if (signalSimulation != null) {
      source = "signal simulation";
      eff = efficiencies(signalSimulation, config, qr);
    } else if (efficiencies != null) {
      source = "given";
      eff = efficiencies.clone();
    } else if (labelled && sigTotal > 0) {
      source = "truth labels";
      for (int c = 0; c < nCat; c++) {
        eff[c] = sig[c] / (double) sigTotal;
      }
    } else {
      source = "background fractions";
      for (int c = 0; c < nCat; c++) {
        eff[c] = mAll[c].length / (double) rows.length;
      }
    }
    Histogram inclusiveBkg = Histogram.fill(concat(mBkg), null, edges);
    List<CategoryResult> cats = new ArrayList<>();
    List<Category> fitCats = new ArrayList<>();
    for (int c = 0; c < nCat; c++) {
      Histogram h = Histogram.fill(mAll[c], null, edges);
      Histogram hb = Histogram.fill(mBkg[c], null, edges);
      CompatibilityResult chi2 = null;
      CompatibilityResult ks = null;
      double[] rest = restOf(mBkg, c);
      if (mBkg[c].length > 0 && rest.length > 0) {
        // the chi2 needs >= 5 expected events per bin: adjacent bins are merged until both samples expect 5
        try {
          double[] merged = mergedEdges(hb, inclusiveBkg.minus(hb), MIN_EXPECTED);
          chi2 = ShapeCompatibility.chiSquare(Histogram.fill(mBkg[c], null, merged), Histogram.fill(rest, null, merged));
        } catch (NphuntException e) {
          chi2 = null;
        }
        // a category with a single background event (all signal) has no KS test
        ks = mBkg[c].length < 2 || rest.length < 2 ? null
            : ShapeCompatibility.kolmogorovSmirnov(mBkg[c], rest, Seeds.derive(config.seed(), "hunt/ks", c));
      }
      boolean fitted = mAll[c].length >= MIN_FIT_EVENTS;
      double lo = c == 0 ? 0 : config.quantiles().get(c - 1);
      double hi = c == nCat - 1 ? 1 : config.quantiles().get(c);
      cats.add(new CategoryResult(names.get(c), lo, hi, mAll[c].length, mAll[c].length / (double) rows.length,
          labelled ? sig[c] : -1, eff[c], h, chi2, ks, fitted));
      if (fitted) {
        fitCats.add(new Category(names.get(c), h, Math.min(1, Math.max(0, eff[c]))));
      }
    }
    if (fitCats.isEmpty()) {
      throw new NphuntException("no category has >= " + MIN_FIT_EVENTS + " events to fit");
    }
    FitConfig fit = FitConfig.defaults();
    CrystalBallShape shape = new CrystalBallShape(config.signalRelativeWidth(), 1.0, 3.0, 1.0);
    double[] masses = config.scanMasses();
    ResonanceSearch categorised = new ResonanceSearch(fit, fitCats, shape);
    MassScan scan = categorised.scan(masses);
    Histogram all = Histogram.fill(concat(mAll), null, edges);
    ResonanceSearch inclusiveSearch = new ResonanceSearch(fit, List.of(new Category("inclusive", all, 1)), shape);
    MassScan inclusive = inclusiveSearch.scan(masses);
    ScanPoint best = scan.mostSignificant();
    SignalFit bestFit = categorised.fit(best.mass());
    HuntResult result = new HuntResult(config, ev.size(), rows.length, sideband, source, cats, scan, inclusive,
        bestFit, qr.losses());
    return new Run(result, rows, cat, qr.thresholds(), qr, categorised, inclusiveSearch);
  }

  /** Expected events per bin below which the chi2 shape test merges adjacent bins. */
  static final double MIN_EXPECTED = 5;

  /**
   * Edges merging adjacent bins (from low mass up; a short remainder joins the last bin) until each
   * merged bin expects at least {@code min} events of each sample when both share one shape.
   */
  static double[] mergedEdges(Histogram a, Histogram b, double min) {
    double na = a.total();
    double nb = b.total();
    double n = na + nb;
    List<Double> e = new ArrayList<>();
    e.add(a.edges()[0]);
    double sum = 0;
    for (int i = 0; i < a.bins(); i++) {
      sum += a.counts()[i] + b.counts()[i];
      if (sum * Math.min(na, nb) / n >= min) {
        e.add(a.edges()[i + 1]);
        sum = 0;
      }
    }
    double last = a.edges()[a.bins()];
    if (e.size() == 1) {
      e.add(last);
    } else if (e.get(e.size() - 1) != last) {
      e.set(e.size() - 1, last);
    }
    return e.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The masses of the rows per category, optionally only those with the given label. */
  private static double[][] split(double[] mJJ, int[] rows, int[] cat, int nCat, int[] label, int want) {
    int[] n = new int[nCat];
    for (int i = 0; i < rows.length; i++) {
      if (label == null || label[rows[i]] == want) {
        n[cat[i]]++;
      }
    }
    double[][] out = new double[nCat][];
    for (int c = 0; c < nCat; c++) {
      out[c] = new double[n[c]];
    }
    int[] k = new int[nCat];
    for (int i = 0; i < rows.length; i++) {
      if (label == null || label[rows[i]] == want) {
        out[cat[i]][k[cat[i]]++] = mJJ[rows[i]];
      }
    }
    return out;
  }

  private static double[] concat(double[][] parts) {
    return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
  }

  private static double[] restOf(double[][] parts, int skip) {
    List<double[]> keep = new ArrayList<>();
    for (int c = 0; c < parts.length; c++) {
      if (c != skip) {
        keep.add(parts[c]);
      }
    }
    return concat(keep.toArray(new double[0][]));
  }

  /**
   * Signal efficiency per category of a signal sample under a finished run's quantile regression: the
   * fraction of the signal-region signal events in the fit range falling in each category (thresholds
   * from the fold networks' mean).
   */
  public static double[] efficiencies(HuntEvents signal, HuntConfig config, QuantileRegression.Result qr) {
    int nCat = config.quantiles().size() + 1;
    double[] edges = config.edges();
    double[] eff = new double[nCat];
    int total = 0;
    for (int i = 0; i < signal.size(); i++) {
      if (Regions.inSignalRegion(signal.deltaEta()[i], config.deltaEtaCut())
          && Histogram.binIndex(edges, signal.mJJ()[i]) >= 0) {
        int k = 0;
        for (double t : qr.meanThresholds(signal.mJJ()[i])) {
          if (signal.score()[i] > t) {
            k++;
          }
        }
        eff[k]++;
        total++;
      }
    }
    for (int c = 0; c < nCat; c++) {
      eff[c] = total == 0 ? 0 : eff[c] / total;
    }
    return eff;
  }
}
