package org.nphunt.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.nphunt.NphuntException;
import org.nphunt.data.Events;
import org.nphunt.data.Feature;
import org.nphunt.data.HlfSchema;
import org.nphunt.model.HlfVae;
import org.nphunt.model.Tensors;
import org.nphunt.objective.HlfLikelihood;
import org.nphunt.random.Seeds;

/**
 * The HLF VAE as an event generator (Cerri et al., arXiv:1811.10276, issue 14): latent points z ~ N(0,
 * I_L) from the prior, decoded to each feature's distribution parameters, and one value drawn per
 * feature from its distribution ({@link HlfLikelihood#draw}), giving an HLF table (N, F) in the model's
 * feature order of the table. Values are clamped to each feature's valid range ({@link Feature#min()},
 * {@link Feature#max()}); counts are non-negative integers, flags 0/1, the charge -1/+1.
 *
 * <p>Determinism: events are drawn in chunks of {@link #CHUNK}; chunk c uses its own stream
 * {@code Seeds.random(seed, "hlf-sample", c)} (the L latent values of each event, then its features),
 * so the same seed gives the same table for any N's common prefix of chunks and any thread count.
 */
public final class HlfSampler {
  /** Events per seeded chunk. */
  public static final int CHUNK = 4096;

  private HlfSampler() {}

  /**
   * Draws {@code n} events from a trained {@code hlf-vae}.
   *
   * @throws NphuntException when the model is not an HLF VAE or n &lt; 0
   */
  public static Events sample(LoadedModel model, int n, long seed) {
    if (!(model.block() instanceof HlfVae vae) || !(model.objective() instanceof HlfLikelihood lik)) {
      throw new NphuntException("sampling needs an hlf-vae model, found " + model.architecture().architecture());
    }
    if (n < 0) {
      throw new NphuntException("number of events to sample must be >= 0, found " + n);
    }
    HlfSchema schema = new HlfSchema(lik.preprocessing().features());
    int f = schema.width();
    int latent = vae.config().latentDim();
    Feature[] defs = new Feature[f];
    for (int k = 0; k < f; k++) {
      defs[k] = HlfSchema.feature(schema.features().get(k));
    }
    Events out = Events.zeros(schema, n);
    double[] table = out.tensor(0);
    double[] row = new double[f];
    for (int start = 0, c = 0; start < n; start += CHUNK, c++) {
      int count = Math.min(CHUNK, n - start);
      SplittableRandom r = Seeds.random(seed, "hlf-sample", c);
      float[] z = new float[count * latent];
      for (int i = 0; i < z.length; i++) {
        z[i] = (float) r.nextGaussian();
      }
      float[] params;
      try (NDManager m = model.manager().newSubManager()) {
        NDArray p = vae.decode(new ParameterStore(m, false), Tensors.owned(m, z, new Shape(count, latent)), false, null);
        params = p.toFloatArray();
      }
      for (int e = 0; e < count; e++) {
        lik.draw(params, e, r, row);
        for (int k = 0; k < f; k++) {
          table[(start + e) * f + k] = Math.min(defs[k].max(), Math.max(defs[k].min(), row[k]));
        }
      }
    }
    return out;
  }
}
