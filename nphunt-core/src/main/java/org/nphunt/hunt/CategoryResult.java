package org.nphunt.hunt;

import org.nphunt.fit.CompatibilityResult;
import org.nphunt.fit.Histogram;

/**
 * One quantile-regression category of the signal region.
 *
 * @param name background-acceptance band, e.g. "q90-99"
 * @param quantileLow lower background acceptance of the band (0 for the first)
 * @param quantileHigh upper background acceptance (1 for the last)
 * @param events signal-region events of the fit range in the category
 * @param fraction events / all signal-region events of the fit range (close to quantileHigh -
 *     quantileLow when the background dominates and the regression is good)
 * @param signalEvents truth-signal events in the category (-1 when labels are unknown)
 * @param signalEfficiency the fraction of the signal assigned to this category in the fit
 * @param histogram the category's mJJ histogram over the fit range
 * @param shapeChi2 binned chi2 test of the category's background mJJ shape against the rest of the
 *     signal region (truth background only when labels are known), adjacent bins merged until each
 *     expects >= 5 events of both samples
 * @param shapeKs unbinned Kolmogorov-Smirnov test of the same
 * @param fitted whether the category enters the simultaneous fit (it needs {@value Hunt#MIN_FIT_EVENTS}
 *     events or more)
 */
public record CategoryResult(String name, double quantileLow, double quantileHigh, long events, double fraction,
    long signalEvents, double signalEfficiency, Histogram histogram, CompatibilityResult shapeChi2,
    CompatibilityResult shapeKs, boolean fitted) {}
