package org.nphunt.kernel;

import java.util.List;

/**
 * A fused training engine on the {@link Kernels} (forward, backward and Adam with coupled L2 in one
 * pass per step, float32, weights bit-identical for any thread count), as the trainer's
 * {@code FusedTraining} drives it: {@link AutoencoderTraining} (dense AE, VAE) and
 * {@link ConvAutoencoderTraining} (conv AE). Every trainable tensor of the model is the master weight
 * (out x in, the libtorch tensor flattened row-major) or the bias of one of {@link #layers()}.
 */
public interface TrainingEngine extends AutoCloseable {
  /** The layers whose master weights and biases are the model's parameters. */
  List<DenseLayer> layers();

  /** Adam steps taken. */
  long steps();

  /** Sets the step count (restoring a checkpoint; moments through {@link #moments}). */
  void setSteps(long steps);

  /** Adam's moments of layer l: {weight mean, weight variance, bias mean, bias variance}, live arrays. */
  float[][] moments(int l);

  /** The weight gradient of layer l (out x in) from the last {@link #gradients} or step. */
  float[] masterGradient(int l);

  /** The bias gradient of layer l (out) from the last {@link #gradients} or step. */
  float[] masterBiasGradient(int l);

  /**
   * The loss of a batch of n examples ({@code x57}: n x 57 standardised inputs, {@code mask19}: n x 19
   * slot occupancies, {@code eps}: n x L noise for a VAE, else null) and its gradients, without updating.
   */
  double gradients(float[] x57, float[] mask19, int n, float[] eps);

  /** One Adam step on a batch; returns its loss (a non-finite loss leaves weights and moments untouched). */
  double step(float[] x57, float[] mask19, int n, float[] eps, double lr, double weightDecay);

  /** Rebuilds every derived layout from the master weights and biases (after they were set from outside). */
  default void refresh() {
    for (DenseLayer d : layers()) {
      d.refresh();
    }
  }

  /** The loss of a batch without gradients (VAE: z = mu). */
  double loss(float[] x57, float[] mask19, int n);

  @Override
  void close();
}
