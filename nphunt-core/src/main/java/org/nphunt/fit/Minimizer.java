package org.nphunt.fit;

/**
 * The Hipparchus optimiser that minimises -2 ln L.
 *
 * <ul>
 *   <li>{@link #LEVENBERG_MARQUARDT} (default): Levenberg-Marquardt (MINPACK's algorithm, Hipparchus
 *       {@code LevenbergMarquardtOptimizer}) on the signed Poisson deviance residuals
 *       r_i = sign(nu_i - n_i) sqrt(2 (nu_i - n_i + n_i ln(n_i / nu_i))), whose sum of squares is the
 *       likelihood-ratio chi2, so its minimum is exactly the Poisson maximum-likelihood estimate; analytic
 *       Jacobian.</li>
 *   <li>{@link #BOBYQA}: Powell's derivative-free bound-constrained quadratic-model method (Hipparchus
 *       {@code BOBYQAOptimizer}) on -2 ln L, with the parameters in units of their estimated errors;
 *       several times slower, kept as a cross-check.</li>
 * </ul>
 */
public enum Minimizer {
  LEVENBERG_MARQUARDT,
  BOBYQA
}
