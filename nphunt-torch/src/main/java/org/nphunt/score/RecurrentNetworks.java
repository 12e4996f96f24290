package org.nphunt.score;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nphunt.data.Adc2021;
import org.nphunt.kernel.Kernels;
import org.nphunt.kernel.RecurrentNet;
import org.nphunt.model.RecurrentAeConfig;
import org.nphunt.model.RecurrentAutoencoder;

/**
 * The recurrent autoencoder with attention ({@code rnn-attention}) on nphunt's fused Java kernels:
 * {@link RecurrentNet} built from the DJL block's parameters (the block stays the model and its file
 * format), and the tiled forward pass that {@link LoadedModel} scores with. Numbers per event depend on
 * that event only, so scores are bit-identical for any batch, part and thread count; against the DJL
 * forward they agree within ~1e-6 relative (float32, other summation order and activations).
 */
public final class RecurrentNetworks {
  private RecurrentNetworks() {}

  /** The block as a {@link RecurrentNet}, or null when it is not a recurrent autoencoder. */
  public static RecurrentNet of(Block block) {
    if (!(block instanceof RecurrentAutoencoder ra)) {
      return null;
    }
    RecurrentAeConfig c = ra.config();
    Map<String, RecurrentNet.Lin> params = new LinkedHashMap<>();
    for (var e : ra.linears().entrySet()) {
      Linear lin = e.getValue();
      float[] w = values(lin.getParameters().get("weight"));
      Parameter bp = lin.getParameters().get("bias");
      float[] b = bp == null ? null : values(bp);
      int out = (int) lin.getParameters().get("weight").getArray().getShape().get(0);
      params.put(e.getKey(), new RecurrentNet.Lin(e.getKey(), out, w.length / out, w, b));
    }
    return new RecurrentNet(c.hidden(), c.latentDim(), c.attention(), c.bidirectional(), params);
  }

  private static float[] values(Parameter p) {
    NDArray a = p.getArray();
    return a.toFloatArray();
  }

  /**
   * Reconstructions of examples [from, to) of {@code x} (rows of 57 standardised inputs, 0 in empty
   * slots) and {@code mask} (rows of 19) into {@code recon} (rows of 57), free decoding, tiles of
   * {@link RecurrentNet#TILE} events on the calling thread with the given buffers.
   */
  public static void forward(RecurrentNet net, Kernels k, RecurrentNet.Work w, float[] x, float[] mask, int from,
      int to, float[] recon) {
    int inputs = Adc2021.INPUTS;
    for (int e0 = from; e0 < to; e0 += RecurrentNet.TILE) {
      int n = Math.min(RecurrentNet.TILE, to - e0);
      net.forward(k, w, x, mask, null, e0, n);
      for (int e = 0; e < n; e++) {
        System.arraycopy(w.recon, e * Kernels.ROW, recon, (e0 + e) * inputs, inputs);
      }
    }
  }
}
