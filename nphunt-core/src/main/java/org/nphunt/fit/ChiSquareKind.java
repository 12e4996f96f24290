package org.nphunt.fit;

/**
 * Which goodness-of-fit chi2 of a binned Poisson fit is meant.
 *
 * <ul>
 *   <li>{@link #PEARSON}: sum over bins of (n - nu)^2 / nu, nu the fitted expectation;</li>
 *   <li>{@link #LIKELIHOOD_RATIO}: the Poisson likelihood-ratio chi2 against the saturated model
 *       (Baker and Cousins, Nucl. Instrum. Meth. 221 (1984) 437), 2 sum [nu - n + n ln(n / nu)], which
 *       is what the fit minimises.</li>
 * </ul>
 * Both follow a chi2 distribution with (bins - fitted parameters) degrees of freedom for large counts.
 */
public enum ChiSquareKind {
  PEARSON,
  LIKELIHOOD_RATIO
}
