/**
 * Evaluation of anomaly scores against truth labels: ROC curves and AUC, signal efficiency at fixed
 * background rates (FPR) with Clopper-Pearson intervals, trigger operating points derived from rates
 * and luminosity, and the results records ({@link org.nphunt.eval.EvaluationResults}) that
 * {@code nphunt evaluate}, {@code nphunt run} and the report share.
 *
 * <p>Convention throughout: an event is <em>selected</em> (called anomalous) when its score is strictly
 * greater than the threshold. Background = Standard Model, signal = a new-physics sample.
 */
package org.nphunt.eval;
