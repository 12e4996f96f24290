package org.nphunt.report;

/**
 * The two leading latent dimensions (e.g. the VAE means mu_0, mu_1) of one process's events.
 *
 * @param model model name
 * @param process process name
 * @param z0 first latent coordinate per event
 * @param z1 second latent coordinate per event
 */
public record LatentSample(String model, String process, double[] z0, double[] z1) {
  public LatentSample {
    if (z0.length != z1.length) {
      throw new IllegalArgumentException("latent coordinates differ in length: " + z0.length + " vs " + z1.length);
    }
  }
}
