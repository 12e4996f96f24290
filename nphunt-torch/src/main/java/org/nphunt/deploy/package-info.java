/**
 * The trigger deployment view of the small dense models (issue 17): what a model costs per event
 * ({@link org.nphunt.deploy.ModelCost}: parameters, multiply-accumulates, weight memory at W bits, and the
 * CPU latency measured by {@link org.nphunt.deploy.LatencyProbe}, recorded in {@code model.json}) and what it
 * loses in the fixed-point arithmetic of an FPGA firmware built by hls4ml (arXiv:1804.06913):
 * {@link org.nphunt.deploy.ApFixed} emulates the Vivado/Vitis HLS {@code ap_fixed<W,I,Q,O>} type,
 * {@link org.nphunt.deploy.PrecisionConfig} holds a network's types (model-level, input, per layer, or integer
 * bits from the float network's ranges), {@link org.nphunt.deploy.FixedPointNet} runs the dense AE or the
 * VAE encoder with every weight, bias, product sum, layer output and activation rounded as hls4ml's
 * latency-strategy dense layer does, and {@link org.nphunt.deploy.QuantizationStudy} compares it with float
 * (AUC, TPR with intervals, correlation, flipped trigger decisions).
 */
package org.nphunt.deploy;
