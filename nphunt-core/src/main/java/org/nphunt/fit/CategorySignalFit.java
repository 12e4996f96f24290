package org.nphunt.fit;

/**
 * One category's part of a signal-plus-background fit.
 *
 * @param name the category
 * @param form its background form
 * @param backgroundParameters {p0, p1, p2(, p3)} at the best fit
 * @param signalEfficiency the fraction of the signal assigned to this category
 * @param expectedBackground fitted background counts per bin
 * @param expectedSignal fitted signal counts per bin (mu hat * efficiency * shape fraction)
 * @param residuals (n - nu) / sqrt(nu) per bin, nu = signal + background
 * @param significanceResiduals Poisson-significance residuals against nu (Choudalakis-Casadei)
 * @param deviance this category's likelihood-ratio chi2
 * @param pearsonChi2 this category's Pearson chi2
 * @param ndf bins - background parameters (the shared mu is counted once, in the total)
 */
public record CategorySignalFit(
    String name,
    BackgroundForm form,
    double[] backgroundParameters,
    double signalEfficiency,
    double[] expectedBackground,
    double[] expectedSignal,
    double[] residuals,
    double[] significanceResiduals,
    double deviance,
    double pearsonChi2,
    int ndf) {}
