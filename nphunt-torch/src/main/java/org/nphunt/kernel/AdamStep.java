package org.nphunt.kernel;

/**
 * One Adam step's constants (Kingma and Ba, arXiv:1412.6980, with coupled L2 as torch.optim.Adam's
 * {@code weight_decay}; beta1 0.9, beta2 0.999, eps 1e-8) for the fused training engines, so that the dense/VAE,
 * conv, transformer and recurrent engines update their parameters with the same arithmetic as
 * {@code org.nphunt.training.AdamUpdater}, operation for operation (float32 after the bias corrections in double).
 *
 * @param kernels the kernels that run the update
 * @param stepSize lr / (1 - beta1^t)
 * @param c2 sqrt(1 - beta2^t)
 * @param weightDecay the coupled L2 coefficient
 */
record AdamStep(Kernels kernels, float stepSize, float c2, float weightDecay) {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;

  /** The constants of step {@code t} (1 for the first step) at learning rate {@code lr}. */
  static AdamStep of(Kernels kernels, long t, double lr, double weightDecay) {
    double c1 = 1 - Math.pow(0.9, t);
    double c2 = Math.sqrt(1 - Math.pow(0.999, t));
    return new AdamStep(kernels, (float) (lr / c1), (float) c2, (float) weightDecay);
  }

  /** Updates {@code w} in place from the gradient {@code g} and the moments {@code m}, {@code v} (all length {@code w.length}). */
  void apply(float[] w, float[] g, float[] m, float[] v) {
    kernels.adam(w, g, m, v, w.length, weightDecay, BETA1, (float) (1 - 0.9), BETA2, (float) (1 - 0.999), stepSize, c2,
        1e-8f);
  }
}
