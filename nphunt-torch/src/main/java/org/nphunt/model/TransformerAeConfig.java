package org.nphunt.model;

import ai.djl.nn.Block;

/**
 * Hyper-parameters of the transformer autoencoder ({@link TransformerAutoencoder}): the 19 ADC2021
 * slots as tokens, pre-LayerNorm encoder layers with a key-padding mask, a masked-mean pooled
 * bottleneck and a decoder of learned slot queries (Vaswani et al., arXiv:1706.03762; pre-LN as in
 * Xiong et al., arXiv:2002.04745).
 *
 * <p>The defaults are small enough to train on a CPU (about 36k parameters).
 *
 * @param latentDim bottleneck dimension (default 8)
 * @param embedDim token width d (default 32); must be divisible by {@code heads}
 * @param heads attention heads per layer (default 4)
 * @param encoderLayers encoder layers over the object tokens, at least 1 (default 2)
 * @param decoderLayers decoder layers over the slot queries, 0 or more (default 2)
 * @param ffDim hidden width of each layer's GELU feed-forward network (default 64)
 * @param dropout dropout rate after attention and feed-forward, in [0, 1), only while training
 *     (default 0: reconstruction-based anomaly scores want a deterministic, full-capacity model)
 */
public record TransformerAeConfig(
    int latentDim,
    int embedDim,
    int heads,
    int encoderLayers,
    int decoderLayers,
    int ffDim,
    double dropout)
    implements ArchitectureConfig {

  /** Registry name of this architecture. */
  public static final String NAME = "transformer";

  public TransformerAeConfig {
    ConvAeConfig.positive("latentDim", latentDim);
    ConvAeConfig.positive("embedDim", embedDim);
    ConvAeConfig.positive("heads", heads);
    if (embedDim % heads != 0) {
      throw new IllegalArgumentException(
          "embedDim must be divisible by heads, found " + embedDim + " and " + heads);
    }
    ConvAeConfig.positive("encoderLayers", encoderLayers);
    if (decoderLayers < 0) {
      throw new IllegalArgumentException("decoderLayers must be >= 0, found " + decoderLayers);
    }
    ConvAeConfig.positive("ffDim", ffDim);
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), found " + dropout);
    }
  }

  /** latent 8, d 32, 4 heads, 2 encoder and 2 decoder layers, feed-forward 64, no dropout. */
  public static TransformerAeConfig defaults() {
    return new TransformerAeConfig(8, 32, 4, 2, 2, 64, 0.0);
  }

  @Override
  public String architecture() {
    return NAME;
  }

  @Override
  public Block build() {
    return new TransformerAutoencoder(this);
  }
}
