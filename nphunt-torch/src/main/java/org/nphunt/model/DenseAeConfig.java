package org.nphunt.model;

import ai.djl.nn.Block;
import java.util.List;

/**
 * The dense autoencoder of seed 004 / the ADC2021 baseline (arXiv:2107.02157): 57 -> 32 -> 16 ->
 * latent 3 -> 16 -> 32 -> 57, LeakyReLU on hidden layers, linear latent and output.
 *
 * @param hidden encoder widths (the decoder mirrors them), default [32, 16]
 * @param latentDim bottleneck width, default 3
 * @param leakySlope LeakyReLU negative slope, default 0.3
 * @param batchNorm BatchNorm after each hidden linear layer, default false
 * @param dropout dropout rate after each hidden activation, default 0
 */
public record DenseAeConfig(List<Integer> hidden, int latentDim, double leakySlope, boolean batchNorm, double dropout)
    implements ArchitectureConfig {
  public static final String NAME = "dense";
  /** BatchNorm epsilon of the dense stacks (also used when folding BatchNorm at inference). */
  public static final float BATCH_NORM_EPSILON = 1e-5f;

  public DenseAeConfig {
    Mlp.checkHidden(hidden);
    hidden = List.copyOf(hidden);
    if (latentDim < 1 || latentDim > 512) {
      throw new IllegalArgumentException("latentDim must be in 1..512, found " + latentDim);
    }
    Mlp.checkCommon(leakySlope, dropout);
  }

  /** 57-32-16-3-16-32-57, slope 0.3, no BatchNorm, no dropout. */
  public static DenseAeConfig defaults() {
    return new DenseAeConfig(List.of(32, 16), 3, 0.3, false, 0.0);
  }

  public DenseAeConfig withLatentDim(int latent) {
    return new DenseAeConfig(hidden, latent, leakySlope, batchNorm, dropout);
  }

  public DenseAeConfig withBatchNorm(boolean bn) {
    return new DenseAeConfig(hidden, latentDim, leakySlope, bn, dropout);
  }

  public DenseAeConfig withDropout(double rate) {
    return new DenseAeConfig(hidden, latentDim, leakySlope, batchNorm, rate);
  }

  @Override
  public String architecture() {
    return NAME;
  }

  @Override
  public Block build() {
    return new DenseAutoencoder(this);
  }
}
