package org.nphunt.model;

import ai.djl.nn.Block;
import java.util.List;

/**
 * Variational autoencoder (Kingma and Welling, arXiv:1312.6114) in the configuration of the trigger
 * VAE studies (arXiv:2108.03986): a dense encoder to mu and log-variance, reparameterisation
 * z = mu + exp(logVar/2) * eps during training (z = mu at inference), and a dense decoder.
 *
 * @param hidden encoder widths (the decoder mirrors them), default [32, 16]
 * @param latentDim latent dimension, 3..8, default 3
 * @param leakySlope LeakyReLU negative slope, default 0.3
 * @param batchNorm BatchNorm after each hidden linear layer, default false
 * @param dropout dropout rate after each hidden activation, default 0
 */
public record VaeConfig(List<Integer> hidden, int latentDim, double leakySlope, boolean batchNorm, double dropout)
    implements ArchitectureConfig {
  public static final String NAME = "vae";

  public VaeConfig {
    Mlp.checkHidden(hidden);
    hidden = List.copyOf(hidden);
    if (latentDim < 3 || latentDim > 8) {
      throw new IllegalArgumentException("latentDim must be in 3..8, found " + latentDim);
    }
    Mlp.checkCommon(leakySlope, dropout);
  }

  public static VaeConfig defaults() {
    return new VaeConfig(List.of(32, 16), 3, 0.3, false, 0.0);
  }

  public VaeConfig withLatentDim(int latent) {
    return new VaeConfig(hidden, latent, leakySlope, batchNorm, dropout);
  }

  @Override
  public String architecture() {
    return NAME;
  }

  @Override
  public boolean variational() {
    return true;
  }

  @Override
  public Block build() {
    return new VariationalAutoencoder(this);
  }
}
