package org.nphunt.fit;

/**
 * How the resonance search fits: the physics constant sqrt(s), the bin integration, the background form
 * choice and the optimiser.
 *
 * @param sqrtS centre-of-mass energy in GeV, x = mJJ / sqrtS in the dijet function (default 13000)
 * @param integrationPoints Gauss-Legendre points per bin for the background integral, in [1, 64]
 *     (default 5: relative error ~1e-14 on 3%-wide bins, 2e-11 on 7.5%-wide bins, see {@link DijetFunction})
 * @param background fixed 3- or 4-parameter form, or chosen per category by the F-test (default)
 * @param fTestChiSquare which chi2 enters the F-test (default Pearson, the dijet-search convention)
 * @param fTestAlpha the F-test size: the 4-parameter form is chosen when p < fTestAlpha, in (0, 1)
 *     (default 0.05)
 * @param minimizer the Hipparchus optimiser (default Levenberg-Marquardt)
 * @param maxEvaluations per minimisation, >= 100 (default 5000)
 * @param tolerance relative convergence tolerance on -2 ln L and the parameters, in [1e-15, 1e-3]
 *     (default 1e-10)
 */
public record FitConfig(
    double sqrtS,
    int integrationPoints,
    BackgroundChoice background,
    ChiSquareKind fTestChiSquare,
    double fTestAlpha,
    Minimizer minimizer,
    int maxEvaluations,
    double tolerance) {

  public FitConfig {
    if (!(sqrtS > 0) || Double.isInfinite(sqrtS)) {
      throw new IllegalArgumentException("sqrtS must be finite and > 0 GeV, found " + sqrtS);
    }
    if (integrationPoints < 1 || integrationPoints > 64) {
      throw new IllegalArgumentException("integrationPoints must be in [1, 64], found " + integrationPoints);
    }
    if (background == null) {
      background = BackgroundChoice.F_TEST;
    }
    if (fTestChiSquare == null) {
      fTestChiSquare = ChiSquareKind.PEARSON;
    }
    if (!(fTestAlpha > 0 && fTestAlpha < 1)) {
      throw new IllegalArgumentException("fTestAlpha must be in (0, 1), found " + fTestAlpha);
    }
    if (minimizer == null) {
      minimizer = Minimizer.LEVENBERG_MARQUARDT;
    }
    if (maxEvaluations < 100) {
      throw new IllegalArgumentException("maxEvaluations must be >= 100, found " + maxEvaluations);
    }
    if (!(tolerance >= 1e-15 && tolerance <= 1e-3)) {
      throw new IllegalArgumentException("tolerance must be in [1e-15, 1e-3], found " + tolerance);
    }
  }

  public static FitConfig defaults() {
    return new FitConfig(DijetFunction.SQRT_S_13TEV, 5, BackgroundChoice.F_TEST, ChiSquareKind.PEARSON, 0.05,
        Minimizer.LEVENBERG_MARQUARDT, 5000, 1e-10);
  }

  public FitConfig withBackground(BackgroundChoice choice) {
    return new FitConfig(sqrtS, integrationPoints, choice, fTestChiSquare, fTestAlpha, minimizer, maxEvaluations,
        tolerance);
  }

  public FitConfig withMinimizer(Minimizer m) {
    return new FitConfig(sqrtS, integrationPoints, background, fTestChiSquare, fTestAlpha, m, maxEvaluations,
        tolerance);
  }

  public FitConfig withSqrtS(double s) {
    return new FitConfig(s, integrationPoints, background, fTestChiSquare, fTestAlpha, minimizer, maxEvaluations,
        tolerance);
  }
}
