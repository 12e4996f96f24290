package org.nphunt.score;

import ai.djl.nn.Block;
import org.nphunt.kernel.AutoencoderNet;

/**
 * The inference layers of a trained dense autoencoder or VAE as nphunt's own scoring runs them
 * ({@link AutoencoderNet}: BatchNorm folded into the preceding linear layer, dropout removed, the
 * VAE's mu and logVar heads stacked as one [mu | logVar] layer), for code outside the scoring package
 * that must reproduce those numbers exactly, such as the ONNX export.
 */
public final class DenseNetworks {
  private DenseNetworks() {}

  /** The layers of a {@code dense} or {@code vae} block, or null for any other block. */
  public static AutoencoderNet of(Block block) {
    return JavaForward.network(block);
  }
}
