package org.nphunt.model;

import ai.djl.nn.Block;

/**
 * Hyper-parameters of the convolutional autoencoder ({@link ConvAutoencoder}), which treats the
 * 19 x 3 (slot, feature) matrix of an event as a one-channel image, following the CNN autoencoder
 * of the ADC2021 data challenge (arXiv:2107.02157).
 *
 * @param latentDim bottleneck dimension (default 8)
 * @param filters1 channels of the first encoder convolution, 3x3 (default 16); the last decoder
 *     hidden convolution has the same count
 * @param filters2 channels of the second encoder convolution, 3x1 (default 32); the decoder dense
 *     layer reshapes to this many channels
 * @param negativeSlope slope of LeakyReLU for negative inputs, in [0, 1) (default 0.1)
 */
public record ConvAeConfig(int latentDim, int filters1, int filters2, double negativeSlope)
    implements ArchitectureConfig {

  /** Registry name of this architecture. */
  public static final String NAME = "conv";

  public ConvAeConfig {
    positive("latentDim", latentDim);
    positive("filters1", filters1);
    positive("filters2", filters2);
    if (!(negativeSlope >= 0 && negativeSlope < 1)) {
      throw new IllegalArgumentException("negativeSlope must be in [0, 1), found " + negativeSlope);
    }
  }

  /** latent 8, filters 16 and 32, LeakyReLU slope 0.1. */
  public static ConvAeConfig defaults() {
    return new ConvAeConfig(8, 16, 32, 0.1);
  }

  @Override
  public String architecture() {
    return NAME;
  }

  @Override
  public Block build() {
    return new ConvAutoencoder(this);
  }

  static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, found " + value);
    }
  }
}
