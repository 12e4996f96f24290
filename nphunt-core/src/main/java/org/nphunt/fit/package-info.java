/**
 * The statistics engine of the resonant (bump-hunt) search: binned maximum-likelihood fits of the
 * dijet invariant-mass spectrum mJJ with a smooth background function plus a localised signal.
 *
 * <p>Everything is binned: a {@link org.nphunt.fit.Histogram} holds explicit bin edges in GeV and the
 * counts per bin as primitive arrays. The pieces:
 * <ul>
 *   <li>{@link org.nphunt.fit.DijetFunction}: the standard dijet background
 *       f(x) = p0 (1 - x)^p1 / x^(p2 + p3 ln x), x = mJJ / sqrt(s), in its 3- and 4-parameter forms,
 *       integrated over each bin by Gauss-Legendre quadrature;</li>
 *   <li>{@link org.nphunt.fit.SignalShape}: the expected signal counts per bin for a mass hypothesis,
 *       either a {@link org.nphunt.fit.CrystalBallShape} (Gaussian core with a low-side power-law tail)
 *       or a binned {@link org.nphunt.fit.TemplateShape} from signal simulation;</li>
 *   <li>{@link org.nphunt.fit.ResonanceSearch}: the binned Poisson likelihood of data given
 *       mu * s + b(theta) over one or several categories (each with its own background parameters,
 *       a shared signal strength mu and per-category signal efficiencies), background-only fits with
 *       the Fisher F-test between the 3- and 4-parameter forms, signal-plus-background fits with mu hat,
 *       its profile-likelihood and Hessian errors and the local significance from the
 *       profile-likelihood ratio q0 (asymptotic formulae of Cowan, Cranmer, Gross and Vitells,
 *       arXiv:1007.1727), and scans over mass hypotheses;</li>
 *   <li>{@link org.nphunt.fit.PoissonStatistics}: -2 ln L, the likelihood-ratio (Baker-Cousins) and
 *       Pearson chi2, per-bin residuals (Choudalakis and Casadei, arXiv:1111.2062) and the Asimov
 *       significance;</li>
 *   <li>{@link org.nphunt.fit.ShapeCompatibility}: are two mJJ distributions of the same shape (binned
 *       two-sample chi2 test, unbinned two-sample Kolmogorov-Smirnov test)?</li>
 *   <li>{@link org.nphunt.fit.PoissonSampler}: seeded Poisson pseudo-experiments (toys).</li>
 * </ul>
 *
 * <p>Units: masses and bin edges in GeV, counts in events. Minimisation and special functions come
 * from Hipparchus (Levenberg-Marquardt, BOBYQA, Brent, regularised gamma and beta functions).
 */
package org.nphunt.fit;
