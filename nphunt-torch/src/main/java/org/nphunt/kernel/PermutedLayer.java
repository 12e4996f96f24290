package org.nphunt.kernel;

/**
 * A {@link DenseLayer} computed on its inputs in another order: the working layer reads input {@code to[i]}
 * of its own rows where the master layer reads input i, and has zero weights on the working inputs no
 * master input maps to (padding lanes). The conv autoencoder uses it so that its layers read the images
 * in the order they are stored: conv2's im2col rows as (tap, channel) runs copied whole from the
 * position-major image, toLatent straight from the position-major pooled image instead of PyTorch's
 * (c, h, w) flattening (issue 17). The master weights stay the libtorch tensor; only the summation order
 * of the working layer (its inputs in working order) differs, at the level of float32 rounding.
 */
final class PermutedLayer {
  private final DenseLayer master;
  private final DenseLayer working;
  private final int[] to;

  /**
   * @param master the layer (out x in), live
   * @param to working input of each master input (distinct, each < workingIn)
   * @param workingIn inputs of the working layer
   */
  PermutedLayer(DenseLayer master, int[] to, int workingIn) {
    if (master.mapped() || to.length != master.in()) {
      throw new IllegalArgumentException("a permutation of the " + master.in() + " inputs of an unmapped layer is needed");
    }
    this.master = master;
    this.to = to.clone();
    this.working = new DenseLayer(new float[master.out() * workingIn], new float[master.out()], workingIn, master.out(),
        master.act(), master.slope());
    refresh();
  }

  /** The layer the kernels run (derived: change {@link #master()} and call {@link #refresh()}). */
  DenseLayer working() {
    return working;
  }

  DenseLayer master() {
    return master;
  }

  /** Rebuilds the working weights and bias from the master ones. */
  void refresh() {
    int in = master.in();
    int wi = working.in();
    float[] mw = master.weight();
    float[] w = working.weight();
    for (int o = 0; o < master.out(); o++) {
      for (int i = 0; i < in; i++) {
        w[o * wi + to[i]] = mw[o * in + i];
      }
    }
    System.arraycopy(master.bias(), 0, working.bias(), 0, master.out());
    working.refresh();
  }

  /**
   * The master weight (out x in) and bias gradients from the working layer's ({@code gwt[i * op + o]},
   * {@code gb[o]}, as {@link Kernels#weightGradient} writes them); overwrites {@code gw} and {@code gbias}.
   */
  void masterGradient(float[] gwt, float[] gb, float[] gw, float[] gbias) {
    int in = master.in();
    int op = working.op();
    for (int o = 0; o < master.out(); o++) {
      for (int i = 0; i < in; i++) {
        gw[o * in + i] = gwt[to[i] * op + o];
      }
      gbias[o] = gb[o];
    }
  }
}
