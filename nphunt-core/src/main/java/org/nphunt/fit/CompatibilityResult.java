package org.nphunt.fit;

/**
 * The outcome of a two-sample shape test ({@link ShapeCompatibility}).
 *
 * @param test "chi2" (binned) or "ks" (unbinned Kolmogorov-Smirnov)
 * @param statistic the chi2, or the KS distance sup |F_a - F_b|
 * @param ndf degrees of freedom of the chi2 (non-empty bins - 1); 0 for KS
 * @param pValue probability of a statistic at least this large when both samples share one shape
 * @param sizeA events in the first sample
 * @param sizeB events in the second sample
 */
public record CompatibilityResult(String test, double statistic, int ndf, double pValue, long sizeA, long sizeB) {}
