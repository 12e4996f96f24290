/**
 * Training objectives: the loss a model minimises and the per-event anomaly scores it reports
 * ({@link org.nphunt.objective.Objective}); {@link org.nphunt.objective.EventReconstruction} for the
 * ADC2021 event autoencoders.
 */
package org.nphunt.objective;
