package org.nphunt.fit;

/**
 * The outcome of an {@link FTest}.
 *
 * @param chi2Small chi2 of the fit with fewer parameters
 * @param ndfSmall its degrees of freedom
 * @param chi2Large chi2 of the fit with more parameters
 * @param ndfLarge its degrees of freedom
 * @param f the F statistic (NaN when chi2Large = 0 and chi2Small = 0)
 * @param pValue P(F' >= f) under the smaller model
 * @param alpha the test size
 * @param largerChosen true when pValue < alpha: the larger model is needed
 */
public record FTestResult(double chi2Small, int ndfSmall, double chi2Large, int ndfLarge, double f,
    double pValue, double alpha, boolean largerChosen) {}
