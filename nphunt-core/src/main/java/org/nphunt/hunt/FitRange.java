package org.nphunt.hunt;

/**
 * Where the dijet fit may start: the lowest mJJ at which the events' leading-jet pT threshold is fully
 * efficient in the signal region |DeltaEtaJJ| &lt; cut.
 *
 * <p>Why: the dijet function describes a smoothly falling spectrum. Below this mass the pT threshold
 * removes events at large DeltaEtaJJ, so the signal-region spectrum turns over (it peaks near 3 TeV for the
 * LHC Olympics selection pT &gt; 1.2 TeV and |DeltaEtaJJ| &lt; 1.4); a fit that starts on the turn-on is
 * pulled by it and puts spurious "signal" near the lower edge and deficits above it. Measured on 40,000
 * generated {@code qcd-dijet} events with no signal (docs/hunt.md, "The fit range"): from 2,700 GeV the
 * inclusive background-only fit has likelihood-ratio chi2/ndf = 120/27 and the scan finds Z = 5.1 at 2,970
 * GeV; from 3,100 GeV chi2/ndf = 16/26 and the largest Z is 0.9. Dijet searches start the fit where the
 * trigger is fully efficient for the same reason (e.g. CMS, arXiv:1806.00843).
 *
 * <p>The bound: for two massless jets back to back in phi, mJJ = 2 sqrt(pT1 pT2) cosh(DeltaEta / 2) at
 * most (a smaller DeltaPhi only lowers it), and the leading pT1 &gt;= sqrt(pT1 pT2), so every event with
 * mJJ &gt;= 2 pTmin cosh(cut / 2) and |DeltaEta| &lt; cut has a jet above pTmin. Jet masses raise mJJ at
 * fixed pT by the ratio of transverse mass to pT (two equal jets back to back: mJJ = 2 mT cosh(DeltaEta / 2)):
 * the margin {@value #MASS_MARGIN} covers jets with m / pT up to 0.25 (sqrt(1 + 0.25^2) = 1.031); the median
 * QCD jet at 1.2 TeV has m / pT ~ 0.1, and the heavier tail leaves a small inefficiency just above the edge,
 * which the fits on generated QCD above do not resolve.
 */
public final class FitRange {
  /** The relative margin for the jet masses (see the class comment). */
  public static final double MASS_MARGIN = 0.03;

  /** The edge is rounded up to a multiple of this (GeV). */
  public static final double ROUNDING = 10;

  private FitRange() {}

  /**
   * 2 pTmin cosh(cut / 2) (1 + {@value #MASS_MARGIN}), rounded up to {@value #ROUNDING} GeV: 3110 GeV for
   * pTmin = 1200 GeV and cut = 1.4.
   *
   * @param leadingPtMin the events' leading-jet pT threshold in GeV, &gt; 0
   * @param deltaEtaCut the signal region's |DeltaEtaJJ| bound, &gt; 0
   */
  public static double fullyEfficientMjj(double leadingPtMin, double deltaEtaCut) {
    if (!(leadingPtMin > 0) || Double.isInfinite(leadingPtMin)) {
      throw new IllegalArgumentException("leadingPtMin must be finite and > 0 GeV, found " + leadingPtMin);
    }
    if (!(deltaEtaCut > 0) || Double.isInfinite(deltaEtaCut)) {
      throw new IllegalArgumentException("deltaEtaCut must be finite and > 0, found " + deltaEtaCut);
    }
    double m = 2 * leadingPtMin * Math.cosh(deltaEtaCut / 2) * (1 + MASS_MARGIN);
    return Math.ceil(m / ROUNDING - 1e-9) * ROUNDING;
  }

  /**
   * The events' leading-jet pT threshold as seen in the data: the smallest max(j1Pt, j2Pt) over all
   * events (a selection's threshold is a hard lower bound, so the minimum finds it).
   *
   * @param j1Pt first jet pT per event, GeV
   * @param j2Pt second jet pT per event, GeV
   * @throws IllegalArgumentException for no events, different lengths or a non-finite pT (with the event index)
   */
  public static double leadingPtMin(double[] j1Pt, double[] j2Pt) {
    if (j1Pt.length != j2Pt.length || j1Pt.length == 0) {
      throw new IllegalArgumentException("j1Pt and j2Pt must have the same non-zero length, found " + j1Pt.length
          + " and " + j2Pt.length);
    }
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < j1Pt.length; i++) {
      double lead = Math.max(j1Pt[i], j2Pt[i]);
      if (!Double.isFinite(lead)) {
        throw new IllegalArgumentException("event " + i + " has a non-finite jet pT (" + j1Pt[i] + ", " + j2Pt[i]
            + ")");
      }
      min = Math.min(min, lead);
    }
    return min;
  }
}
