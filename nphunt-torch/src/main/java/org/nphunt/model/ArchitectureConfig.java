package org.nphunt.model;

import ai.djl.nn.Block;

/**
 * The hyper-parameters of one autoencoder architecture, and the factory of its DJL block.
 *
 * <p>Block contract, shared by every architecture so that training and scoring need not know which
 * one they run: input {@code NDList[x (B,57) float32 standardised inputs, mask (B,19) float32 with 1
 * for a real object and 0 for an empty slot]}; output {@code NDList[reconstruction (B,57)]} in
 * standardised units, or {@code NDList[reconstruction, mu (B,L), logVar (B,L)]} when
 * {@link #variational()}; variational blocks take, in training only, a third input eps (B,L) of
 * standard-normal noise drawn by the caller from its seeded stream. The 57 inputs are (pT, eta, phi) of the 19 ADC2021 slots, slot-major.
 */
public interface ArchitectureConfig {
  /** Registry name: "dense", "vae", "conv", "transformer". */
  String architecture();

  /** Latent (bottleneck) dimension. */
  int latentDim();

  /** Whether the block also outputs mu and log-variance. */
  default boolean variational() {
    return false;
  }

  /** A new, uninitialised block implementing the contract above. */
  Block build();
}
