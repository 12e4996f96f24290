/**
 * Normalising flows for conditional density estimation in plain Java: the masked autoregressive flow
 * ({@link org.nphunt.flow.MaskedAutoregressiveFlow}, Papamakarios, Pavlakou, Murray arXiv:1705.07057)
 * built from MADE blocks (Germain, Gregor, Murray, Larochelle arXiv:1502.03509), conditioned on
 * external variables (mJJ for ANODE, Nachman and Shih arXiv:2001.04990), with analytic gradients and
 * Adam. Settings in {@link org.nphunt.flow.FlowConfig}.
 *
 * <p>Why plain Java and not DJL: the densities of a resonant search have a handful of dimensions (4
 * jet features, 1 condition) and a few thousand weights; a hand-written single-threaded forward and
 * backward pass on primitive arrays is bit-reproducible, needs no native library in nphunt-core (where
 * the search lives) and is tested against numerical derivatives and closed-form densities.
 */
package org.nphunt.flow;
