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

  /** The symmetric summary of the profile errors, (down + up) / 2 (up alone when down is NaN). */
  public double muError() {
    return Double.isNaN(muErrorDown) ? muErrorUp : 0.5 * (muErrorDown + muErrorUp);
  }

  /**
   * Whether the point's Z is a fit artefact, not a measurement: Z &gt; 0 and far above the Wald estimate
   * mu_hat / sigma(mu_hat) that it equals asymptotically (Z &gt; 2 mu_hat / {@link #muError()} + 1), typically
   * with the maximum on the positivity boundary: the background function was driven to zero in some bins and a
   * few signal events fill them, so q0 compares two fits of different background shapes. The (b) flag alone is
   * no reason: a real signal in a sparse category has it too (toy, 200 events: Z = 6.33, mu/err = 7.6). A
   * README-sized hunt (docs/hunt.md) had M = 4574 GeV, mu = 9.7 +- 3.8, Z = 10.65 so, above the injected W' at
   * 3421 GeV (Z = 9.88).
   */
  public boolean unreliable() {
    double err = muError();
    return localSignificance > 0 && err > 0 && localSignificance > 2 * (muHat / err) + 1;
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
