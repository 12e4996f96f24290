package org.nphunt.physics.jets;

/**
 * Per-process bookkeeping of one generation. Cross-sections are leading-order estimates (GRV94 LO,
 * one-loop alpha_s at mu = mT) known for the QCD-coupled processes only (null otherwise: a signal's
 * couplings are free).
 *
 * @param name process name
 * @param processId per-event ProcessId
 * @param label per-event truth label (0 background, 1 signal)
 * @param fraction requested share of selected events
 * @param accepted events that passed the selection (and were written)
 * @param generated events generated through the whole chain (hard process to detector)
 * @param efficiency accepted / generated: the selection efficiency
 * @param hardTrials trials of the hard-process sampler (unweighting efficiency = generated / hardTrials)
 * @param overweights sampler trials whose weight exceeded the unweighting bound (0 expected)
 * @param crossSectionPb cross-section of the generated phase space [pb] (e.g. QCD above pT-hat min),
 *     Monte Carlo estimate, or null
 * @param crossSectionErrorPb its statistical error [pb], or null
 * @param selectedCrossSectionPb crossSectionPb x efficiency [pb], or null
 */
public record JetProcessStats(String name, int processId, int label, double fraction, long accepted, long generated,
    double efficiency, long hardTrials, long overweights, Double crossSectionPb, Double crossSectionErrorPb,
    Double selectedCrossSectionPb) {}
