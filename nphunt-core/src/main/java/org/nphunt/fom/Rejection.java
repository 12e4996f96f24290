package org.nphunt.fom;

/**
 * The background rejection 1 / eps_B at a target signal efficiency.
 *
 * @param signalEfficiency the target eps_S
 * @param backgroundEfficiency eps_B at that eps_S, linearly interpolated in eps_S between the last curve
 *     point below the target and the first point at or above it (as numpy.interp on scikit-learn's ROC
 *     points, the top-tagging comparison's practice, arXiv:1902.09914)
 * @param rejection 1 / backgroundEfficiency (+infinity when it is 0)
 * @param threshold the score threshold of the first curve point at or above the target eps_S
 * @param backgroundSelected background events (unweighted) selected at that threshold
 * @param minBackgroundEvents the minimum for a resolved value
 * @param resolved true when backgroundSelected >= minBackgroundEvents (otherwise the rejection is
 *     dominated by the statistics of the background sample)
 */
public record Rejection(double signalEfficiency, double backgroundEfficiency, double rejection, double threshold,
    long backgroundSelected, double minBackgroundEvents, boolean resolved) {}
