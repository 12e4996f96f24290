package org.nphunt.hunt;

import java.util.List;
import org.nphunt.fit.MassScan;
import org.nphunt.fit.SignalFit;

/**
 * The outcome of a {@link Hunt}.
 *
 * @param config the settings
 * @param events all events given
 * @param signalRegionEvents events with |DeltaEtaJJ| &lt; cut inside the fit range (the ones categorised)
 * @param sidebandEvents events with |DeltaEtaJJ| &gt;= cut (any mJJ)
 * @param efficiencySource where the signal efficiencies come from: "signal simulation", "given", "truth labels" or
 *     "background fractions" (no signal information: the categorised fit then weighs categories as the
 *     inclusive one does)
 * @param categories per category, most background-like first
 * @param categorised the mass scan of the simultaneous fit of the fitted categories (shared mu = signal
 *     events in the signal region before categorisation)
 * @param inclusive the mass scan of the inclusive bump hunt (all signal-region events, no score)
 * @param bestFit the categorised signal-plus-background fit at the most significant mass (per-category
 *     fitted background, signal and residuals for plots)
 * @param qrLosses per fold, the pinball loss of each epoch
 */
public record HuntResult(HuntConfig config, long events, long signalRegionEvents, long sidebandEvents,
    String efficiencySource, List<CategoryResult> categories, MassScan categorised, MassScan inclusive,
    SignalFit bestFit, List<double[]> qrLosses) {
  public HuntResult {
    categories = List.copyOf(categories);
    qrLosses = List.copyOf(qrLosses);
  }
}
