package org.nphunt.objective;

import ai.djl.ndarray.NDArray;
import org.nphunt.model.Tensors;

/**
 * The training losses on standardised values, as NDArray expressions (differentiable).
 *
 * <ul>
 *   <li>reconstruction, default: mean of (r - x)^2 over the B x 57 values;
 *   <li>reconstruction, masked: sum of (r - x)^2 over the inputs of real objects / their number, so
 *       empty slots neither count nor dilute the mean;
 *   <li>KL of N(mu, exp(logVar)) to N(0, 1): -1/2 sum(1 + logVar - mu^2 - exp(logVar)), summed over
 *       latent dimensions and averaged over the batch (arXiv:1312.6114);
 *   <li>VAE reconstruction: the per-event SUM of (r - x)^2 over the 57 inputs (over real objects'
 *       inputs with the masked loss), averaged over the batch: the Gaussian log-likelihood term of the
 *       ELBO, on the same per-event scale as the KL. (With the per-value mean instead, beta = 0.8 makes
 *       the KL dominate and the posterior collapses: measured here, flat loss and a KL score with AUC 0.5.)
 *   <li>VAE total: (1 - beta) reco + beta KL.
 * </ul>
 *
 * <p>Constant factors go through {@link Tensors#mul} and {@link Tensors#div} (libtorch-owned constants,
 * safe under autograd; see {@link Tensors}).
 */
public final class Losses {
  private Losses() {}

  /**
   * @param mask57 per-input mask (1 for inputs of real objects), or null for the unmasked loss
   * @param realInputs number of ones in mask57, at least 1 (a scalar array), or null when unmasked
   */
  public static NDArray reconstruction(NDArray recon, NDArray x, NDArray mask57, NDArray realInputs) {
    NDArray sq = recon.sub(x).square();
    if (mask57 == null) {
      return sq.mean();
    }
    return sq.mul(mask57).sum().div(realInputs);
  }

  /** Per-event sum of squared errors, averaged over the {@code n} events of the batch. */
  public static NDArray reconstructionPerEvent(NDArray recon, NDArray x, NDArray mask57, int n) {
    NDArray sq = recon.sub(x).square();
    return Tensors.div((mask57 == null ? sq : sq.mul(mask57)).sum(), (float) n);
  }

  public static NDArray kl(NDArray mu, NDArray logVar) {
    long b = mu.getShape().get(0);
    return Tensors.mul(logVar.add(1f).sub(mu.square()).sub(logVar.exp()).sum(), -0.5f / b);
  }

  public static NDArray vae(NDArray reco, NDArray kl, double beta) {
    return Tensors.mul(reco, (float) (1 - beta)).add(Tensors.mul(kl, (float) beta));
  }
}
