package org.nphunt.score;

import ai.djl.nn.AbstractBlock;
import java.util.ArrayList;
import java.util.List;
import org.nphunt.kernel.ConvAutoencoderNet;
import org.nphunt.model.ConvAeConfig;
import org.nphunt.model.ConvAutoencoder;

/**
 * The convolutional autoencoder ({@code conv}, arXiv:2107.02157) as nphunt's own kernels run it
 * ({@link ConvAutoencoderNet}): the DJL block's current parameters, copied, with the libtorch tensors'
 * row-major order kept (see {@link ConvAutoencoderNet} for why no permutation is needed). Used by the
 * scoring ({@link JavaForward}) and by the fused training engine, which writes the weights back.
 */
public final class ConvNetworks {
  private ConvNetworks() {}

  /** The kernels' network holding a copy of {@code block}'s weights. */
  public static ConvAutoencoderNet of(ConvAutoencoder block) {
    ConvAeConfig c = block.config();
    List<float[]> w = new ArrayList<>();
    List<float[]> b = new ArrayList<>();
    for (AbstractBlock layer : block.layers()) {
      w.add(layer.getParameters().get("weight").getArray().toFloatArray());
      b.add(layer.getParameters().get("bias").getArray().toFloatArray());
    }
    return new ConvAutoencoderNet(c.latentDim(), c.filters1(), c.filters2(), (float) c.negativeSlope(), w, b);
  }
}
