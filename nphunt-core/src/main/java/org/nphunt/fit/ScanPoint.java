package org.nphunt.fit;

/**
 * One row of a mass scan (see {@link SignalFit} for the meaning of each column).
 *
 * @param mass GeV
 * @param muHat fitted signal events
 * @param muErrorDown profile-likelihood error below
 * @param muErrorUp profile-likelihood error above
 * @param muErrorHessian parabolic error
 * @param q0 discovery test statistic
 * @param localSignificance Z = sqrt(q0), 0 for muHat <= 0
 * @param pearsonChi2 of the signal-plus-background fit
 * @param deviance likelihood-ratio chi2 of the signal-plus-background fit
 * @param ndf its degrees of freedom
 * @param atPositivityBoundary the fit's maximum lies where some bin's expectation vanishes (see
 *     {@link SignalFit#atPositivityBoundary()})
 */
public record ScanPoint(double mass, double muHat, double muErrorDown, double muErrorUp, double muErrorHessian,
    double q0, double localSignificance, double pearsonChi2, double deviance, int ndf, boolean atPositivityBoundary) {

  static ScanPoint of(SignalFit f) {
    return new ScanPoint(f.mass(), f.muHat(), f.muErrorDown(), f.muErrorUp(), f.muErrorHessian(), f.q0(),
        f.localSignificance(), f.pearsonChi2(), f.deviance(), f.ndf(), f.atPositivityBoundary());
  }

  /** Pearson chi2 / ndf. */
  public double pearsonChi2PerNdf() {
    return pearsonChi2 / ndf;
  }

  /** Likelihood-ratio chi2 / ndf. */
  public double devianceChi2PerNdf() {
    return deviance / ndf;
  }
}
