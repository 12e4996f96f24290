package org.nphunt.deploy;

import java.util.List;

/**
 * What a dense network costs per event on a trigger: trainable parameters, multiply-accumulates of one
 * forward pass (sum over layers of in x out; LeakyReLU and bias additions not counted), and the memory
 * of the weights and biases at W bits.
 *
 * @param parameters weights + biases
 * @param macs multiply-accumulates per event
 */
public record ModelCost(long parameters, long macs) {
  /** The cost of a list of dense layers. */
  public static ModelCost of(List<FixedPointNet.Layer> layers) {
    long p = 0;
    long m = 0;
    for (FixedPointNet.Layer l : layers) {
      p += (long) l.in() * l.out() + l.out();
      m += (long) l.in() * l.out();
    }
    return new ModelCost(p, m);
  }

  /** Bytes of the parameters at {@code bits} bits each (rounded up to whole bytes). */
  public long weightBytes(int bits) {
    return (parameters * bits + 7) / 8;
  }
}
