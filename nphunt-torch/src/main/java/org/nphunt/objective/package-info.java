/**
 * Training objectives: the loss a model minimises and the per-event anomaly scores it reports
 * ({@link org.nphunt.objective.Objective}); {@link org.nphunt.objective.EventReconstruction} for the
 * ADC2021 event autoencoders; for the jet models {@link org.nphunt.objective.ChamferVaeObjective} (masked
 * {@link org.nphunt.objective.Chamfer} distance + beta KL), {@link
 * org.nphunt.objective.ImageReconstruction} (jet images) and {@link org.nphunt.objective.MassDecorrelation}
 * (adversary or DisCo around either), with per-event combinations of the two jets' scores ({@link
 * org.nphunt.objective.JetScores}).
 */
package org.nphunt.objective;
