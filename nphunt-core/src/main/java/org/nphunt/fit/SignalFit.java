package org.nphunt.fit;

import java.util.List;

/**
 * A signal-plus-background fit at one mass hypothesis, all categories together (shared mu, each its
 * own background parameters, profiled).
 *
 * <p>mu is the number of signal events before the categorisation: category c expects
 * mu * efficiency_c * (shape fraction per bin).
 *
 * @param mass the mass hypothesis in GeV
 * @param muHat the maximum-likelihood signal strength (may be negative, down to where some bin's
 *     expectation would vanish)
 * @param muErrorDown muHat minus the lower point where -2 Delta ln L (profiled) = 1 (for negative mu the
 *     background is re-fitted to keep every expectation positive); NaN when no crossing is found
 * @param muErrorUp the upper point where -2 Delta ln L = 1, minus muHat; NaN when no crossing is found
 * @param muErrorHessian sqrt of the mu entry of 2 H^-1, H the Hessian of -2 ln L over all parameters
 *     (the parabolic error, a cross-check of the profile errors)
 * @param q0 the discovery test statistic -2 ln [L(0, theta hat hat) / L(mu hat, theta hat)] for
 *     muHat >= 0, 0 otherwise (Cowan, Cranmer, Gross, Vitells, arXiv:1007.1727, eq. 12)
 * @param localSignificance Z = sqrt(q0) (asymptotic, Wilks/Wald; 0 when muHat <= 0)
 * @param localPValue the one-sided p-value 1 - Phi(Z)
 * @param minus2LnL -2 ln L at the best fit
 * @param minus2LnLBackgroundOnly -2 ln L of the background-only fit (the profile at mu = 0)
 * @param deviance the likelihood-ratio chi2 (against the saturated model) at the best fit
 * @param pearsonChi2 the Pearson chi2 at the best fit
 * @param ndf total bins - background parameters - 1
 * @param converged whether the minimisations met their convergence criteria
 * @param atPositivityBoundary true when at the best fit some bin's expected count is below 1e-9 events:
 *     mu hat is so negative that the signal cancels the background in a bin without events, the
 *     maximum lies on the edge of the physical region (nu >= 0) and the asymptotic formulae do not hold
 *     there; mu hat, its lower error and the chi2 are then only indicative (q0 and Z are 0 anyway, and a
 *     positive mu can never reach the boundary)
 * @param categories per category
 */
public record SignalFit(
    double mass,
    double muHat,
    double muErrorDown,
    double muErrorUp,
    double muErrorHessian,
    double q0,
    double localSignificance,
    double localPValue,
    double minus2LnL,
    double minus2LnLBackgroundOnly,
    double deviance,
    double pearsonChi2,
    int ndf,
    boolean converged,
    boolean atPositivityBoundary,
    List<CategorySignalFit> categories) {

  public SignalFit {
    categories = List.copyOf(categories);
  }

  /** The symmetric summary of the profile errors, (down + up) / 2 (the up error alone when down is NaN). */
  public double muError() {
    return Double.isNaN(muErrorDown) ? muErrorUp : 0.5 * (muErrorDown + muErrorUp);
  }
}
