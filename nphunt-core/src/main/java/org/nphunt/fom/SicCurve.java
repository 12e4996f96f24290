package org.nphunt.fom;

/**
 * The significance improvement characteristic SIC(eps_S) = eps_S / sqrt(eps_B) (Gallicchio, Huth,
 * Kagan, Schwartz, Black, Tweedie, arXiv:1010.3698): the factor by which a selection improves a
 * counting significance S / sqrt(B). Only curve points with at least {@code minBackgroundEvents}
 * background events (unweighted) selected are kept; with fewer, eps_B and hence the SIC are dominated by
 * the background sample's statistics (and eps_B = 0 divides by zero).
 *
 * @param signalEfficiency eps_S of the kept points
 * @param backgroundEfficiency eps_B of the kept points
 * @param sic eps_S / sqrt(eps_B) of the kept points
 * @param threshold score thresholds of the kept points (select score >= threshold)
 * @param minBackgroundEvents the minimum background count of a kept point
 * @param excludedPoints curve points dropped for too few background events (the first, empty point
 *     included)
 * @param maxSic the largest SIC among the kept points (NaN when none is kept)
 * @param signalEfficiencyAtMax eps_S there
 * @param backgroundEfficiencyAtMax eps_B there
 * @param thresholdAtMax the threshold there
 */
public record SicCurve(double[] signalEfficiency, double[] backgroundEfficiency, double[] sic, double[] threshold,
    double minBackgroundEvents, int excludedPoints, double maxSic, double signalEfficiencyAtMax,
    double backgroundEfficiencyAtMax, double thresholdAtMax) {}
