/**
 * The trigger deployment view of the small dense models (issue 17): what a model costs per event
 * ({@link org.nphunt.deploy.ModelCost}: parameters, multiply-accumulates, weight memory) and what it
 * loses in the fixed-point arithmetic of an FPGA firmware built by hls4ml (arXiv:1804.06913):
 * {@link org.nphunt.deploy.ApFixed} emulates the Vivado/Vitis HLS {@code ap_fixed<W,I,Q,O>} type and
 * {@link org.nphunt.deploy.FixedPointNet} runs the dense AE or the VAE encoder with every weight,
 * bias, product sum, layer output and activation rounded as hls4ml's latency-strategy dense layer does.
 */
package org.nphunt.deploy;
