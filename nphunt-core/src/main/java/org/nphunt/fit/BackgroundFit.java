package org.nphunt.fit;

/**
 * A background-only maximum-likelihood fit of the dijet function to one category's histogram.
 *
 * @param form 3- or 4-parameter form
 * @param parameters {p0, p1, p2(, p3)} of {@link DijetFunction} (p0 in events per GeV)
 * @param errors their 1-sigma errors from the inverse Hessian of -2 ln L at the minimum (NaN when the
 *     Hessian is not positive definite)
 * @param minus2LnL -2 ln L at the minimum (full Poisson likelihood, with the ln n! terms)
 * @param deviance the likelihood-ratio chi2 against the saturated model (Baker-Cousins)
 * @param pearsonChi2 sum (n - nu)^2 / nu
 * @param ndf bins - parameters
 * @param expected fitted counts per bin
 * @param residuals (n - nu) / sqrt(nu) per bin
 * @param significanceResiduals Poisson-significance residuals per bin (Choudalakis-Casadei,
 *     arXiv:1111.2062; see {@link PoissonStatistics#significanceResiduals})
 * @param converged whether the best start's minimisation met its convergence criteria
 * @param evaluations likelihood evaluations over all starts
 */
public record BackgroundFit(
    BackgroundForm form,
    double[] parameters,
    double[] errors,
    double minus2LnL,
    double deviance,
    double pearsonChi2,
    int ndf,
    double[] expected,
    double[] residuals,
    double[] significanceResiduals,
    boolean converged,
    int evaluations) {

  /** The chi2 of the given kind. */
  public double chi2(ChiSquareKind kind) {
    return kind == ChiSquareKind.PEARSON ? pearsonChi2 : deviance;
  }
}
