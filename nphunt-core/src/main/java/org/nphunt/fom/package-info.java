/**
 * Figures of merit of signal/background classifiers (taggers, anomaly scores) used across the jet
 * studies: the background rejection 1 / eps_B at a fixed signal efficiency eps_S (0.3 in the top-tagging
 * comparison, Kasieczka et al., arXiv:1902.09914) and the significance improvement characteristic
 * SIC = eps_S / sqrt(eps_B) with its maximum (Gallicchio et al., arXiv:1010.3698; the LHC Olympics 2020,
 * arXiv:2101.08320), from per-event scores of a signal and a background sample with optional per-event
 * weights.
 *
 * <p>Convention: an event is selected when {@code score >= threshold} (scikit-learn's {@code roc_curve},
 * and org.nphunt.eval's ROC curves); efficiencies are weighted sums of the selected events over the
 * weighted totals. Statistically meaningless points (too few background events selected) are excluded
 * from maxima and flagged, with the minimum stated in the results.
 */
package org.nphunt.fom;
