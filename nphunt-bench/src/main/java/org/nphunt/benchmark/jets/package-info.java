/**
 * Benchmarks and studies of the jet anomaly models (issue 12): the chamfer-vae training speed side by
 * side with PyTorch ({@link org.nphunt.benchmark.jets.ChamferVaeComparison}, {@code nphunt bench
 * --compare-chamfer}), the mass-decorrelation trade-off ({@link
 * org.nphunt.benchmark.jets.DecorrelationTradeoff}) and the results table of every jet model from dijet
 * event sources ({@link org.nphunt.benchmark.jets.JetModelTable}); {@code bench/jet-models.sh} runs the
 * three.
 */
package org.nphunt.benchmark.jets;
