package org.nphunt.fit;

import java.util.Arrays;
import org.hipparchus.special.Gamma;
import org.hipparchus.stat.inference.ChiSquareTest;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;
import org.nphunt.NphuntException;

/**
 * Do two mJJ samples have the same shape? Used to check that the categories of a quantile-regression
 * (or any score-based) categorisation leave the background mJJ shape unsculpted.
 *
 * <p>The tests assume independent samples: compare a category with the events NOT in it (the inclusive
 * histogram {@link Histogram#minus minus} the category), or two disjoint categories, never a category
 * with the inclusive sample that contains it (that shares events and makes the p-values too large).
 *
 * <ul>
 *   <li>{@link #chiSquare}: the chi2 test of homogeneity for two binned samples with different totals,
 *       chi2 = sum_i (sqrt(N_b / N_a) a_i - sqrt(N_a / N_b) b_i)^2 / (a_i + b_i) over the bins not
 *       empty in both, ndf = those bins - 1 (NIST/SEMATECH e-Handbook 1.3.5.15; equal to the Pearson
 *       chi2 of the 2 x k contingency table). Statistic from Hipparchus
 *       {@code ChiSquareTest.chiSquareDataSetsComparison}; the p-value Q(ndf / 2, chi2 / 2) from the
 *       regularised gamma function (precise for tiny p). Counts must be whole numbers (unweighted
 *       events): weighted histograms need a different variance.</li>
 *   <li>{@link #kolmogorovSmirnov}: the two-sample Kolmogorov-Smirnov test on unbinned values, from
 *       Hipparchus: the p-value P(D >= d), exact when n_a n_b < 10000, else from the asymptotic
 *       Kolmogorov distribution (as scipy.stats.ks_2samp with method "exact" / "asymp").</li>
 * </ul>
 */
public final class ShapeCompatibility {
  private ShapeCompatibility() {}

  /**
   * Binned two-sample chi2 test.
   *
   * @throws NphuntException when the binnings differ, a count is not a whole number, a sample is empty
   *     or fewer than 2 bins are filled
   */
  public static CompatibilityResult chiSquare(Histogram a, Histogram b) {
    if (!Arrays.equals(a.edges(), b.edges())) {
      throw new NphuntException("chi2 shape test needs identical bin edges");
    }
    if (!a.hasWholeNumberCounts() || !b.hasWholeNumberCounts()) {
      throw new NphuntException("chi2 shape test needs whole-number counts (unweighted events)");
    }
    int kept = 0;
    for (int i = 0; i < a.bins(); i++) {
      if (a.counts()[i] + b.counts()[i] > 0) {
        kept++;
      }
    }
    if (kept < 2) {
      throw new NphuntException("chi2 shape test needs >= 2 filled bins, found " + kept);
    }
    long[] x = new long[kept];
    long[] y = new long[kept];
    long na = 0;
    long nb = 0;
    for (int i = 0, k = 0; i < a.bins(); i++) {
      if (a.counts()[i] + b.counts()[i] > 0) {
        x[k] = (long) a.counts()[i];
        y[k] = (long) b.counts()[i];
        na += x[k];
        nb += y[k];
        k++;
      }
    }
    if (na == 0 || nb == 0) {
      throw new NphuntException("chi2 shape test needs events in both samples, found " + na + " and " + nb);
    }
    double chi2 = new ChiSquareTest().chiSquareDataSetsComparison(x, y);
    int ndf = kept - 1;
    return new CompatibilityResult("chi2", chi2, ndf, Gamma.regularizedGammaQ(ndf / 2.0, chi2 / 2), na, nb);
  }

  /**
   * Unbinned two-sample Kolmogorov-Smirnov test.
   *
   * @param seed for Hipparchus' jitter that breaks ties in small samples (only used when n_a n_b < 10000
   *     and values are tied), so the p-value is reproducible
   * @throws NphuntException when a sample holds fewer than 2 values (Hipparchus' minimum) or a NaN
   */
  public static CompatibilityResult kolmogorovSmirnov(double[] a, double[] b, long seed) {
    if (a.length < 2 || b.length < 2) {
      throw new NphuntException("KS shape test needs >= 2 values in both samples, found " + a.length + " and " + b.length);
    }
    check(a, "first");
    check(b, "second");
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest(seed);
    double d = ks.kolmogorovSmirnovStatistic(a, b);
    // strict = false: the p-value P(D >= d) (Hipparchus' default, strict, gives P(D > d))
    double p = ks.kolmogorovSmirnovTest(a, b, false);
    return new CompatibilityResult("ks", d, 0, p, a.length, b.length);
  }

  private static void check(double[] v, String which) {
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) {
        throw new NphuntException("KS shape test: value " + i + " of the " + which + " sample is NaN");
      }
    }
  }
}
