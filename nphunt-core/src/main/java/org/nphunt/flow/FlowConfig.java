package org.nphunt.flow;

/**
 * The settings of a {@link MaskedAutoregressiveFlow} and its training.
 *
 * @param blocks MADE blocks (affine autoregressive layers), the variable order reversed between
 *     consecutive blocks, in [1, 50] (default 5, as Papamakarios et al.'s MAF 5)
 * @param hiddenLayers hidden layers per MADE block, in [1, 5] (default 2)
 * @param width units per hidden layer (tanh), in [2, 1024] (default 32)
 * @param epochs passes over the training events, in [1, 100000] (default 40)
 * @param batchSize events per Adam step, in [1, 1000000] (default 256)
 * @param learningRate Adam step size, in (0, 1) (default 2e-3; it falls linearly to 10% over the epochs)
 * @param validationFraction fraction of the training events held out to choose the epoch with the
 *     smallest validation loss (the parameters kept), in [0, 0.5] (default 0.1; 0 keeps the last epoch)
 */
public record FlowConfig(int blocks, int hiddenLayers, int width, int epochs, int batchSize, double learningRate,
    double validationFraction) {

  public FlowConfig {
    check("blocks", blocks, 1, 50);
    check("hiddenLayers", hiddenLayers, 1, 5);
    check("width", width, 2, 1024);
    check("epochs", epochs, 1, 100_000);
    check("batchSize", batchSize, 1, 1_000_000);
    if (!(learningRate > 0 && learningRate < 1)) {
      throw new IllegalArgumentException("learningRate must be in (0, 1), found " + learningRate);
    }
    if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
      throw new IllegalArgumentException("validationFraction must be in [0, 0.5], found " + validationFraction);
    }
  }

  private static void check(String name, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], found " + v);
    }
  }

  /** 5 blocks of 2 x 32 tanh units, 40 epochs of 256 events at 2e-3, 10% validation. */
  public static FlowConfig defaults() {
    return new FlowConfig(5, 2, 32, 40, 256, 2e-3, 0.1);
  }

  /** The same flow trained for another number of epochs. */
  public FlowConfig withEpochs(int n) {
    return new FlowConfig(blocks, hiddenLayers, width, n, batchSize, learningRate, validationFraction);
  }
}
