package org.nphunt.objective;

import static org.nphunt.data.Adc2021.INPUTS;
import static org.nphunt.data.Adc2021.KINEMATIC;
import static org.nphunt.data.Adc2021.SLOTS;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nphunt.model.Tensors;
import org.nphunt.preprocess.ModelInput;
import org.nphunt.preprocess.OutputBounds;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.score.Scores;

/**
 * The objective of the ADC2021 event autoencoders (dense, conv, transformer; and the VAE when
 * {@code variational}): reconstruct the 57 standardised inputs.
 *
 * <p>Loss ({@link Losses}): mean squared error over the B x 57 values, or with {@code maskedLoss} over
 * the inputs of real objects only; for the VAE the ELBO (1 - beta) sum_inputs (r - x)^2 + beta KL per
 * event, averaged over the batch (arXiv:1312.6114). The optional bounded output head
 * ({@link OutputBounds}, arXiv:2108.03986) is applied to the raw reconstruction before the loss and
 * the scores. Scores: {@link Scores}.
 *
 * @param maskedLoss exclude empty slots from the reconstruction loss
 * @param beta VAE weight of the KL term
 */
public final class EventReconstruction implements Objective {
  private final boolean variational;
  private final int latent;
  private final boolean maskedLoss;
  private final double beta;
  private final OutputBounds bounds;
  private final List<ModelInput> outputs;
  private final List<String> names;
  /** Rows of {@link Scores#compute} kept, in output order. */
  private final int[] rows;

  public EventReconstruction(Standardizer standardizer, boolean boundedOutputs, boolean maskedLoss, double beta,
      boolean variational, int latent) {
    this.variational = variational;
    this.latent = latent;
    this.maskedLoss = maskedLoss;
    this.beta = beta;
    this.bounds = new OutputBounds(boundedOutputs, standardizer);
    List<ModelInput> o = new ArrayList<>(List.of(ModelInput.of("recon", INPUTS)));
    if (variational) {
      o.add(ModelInput.of("mu", latent));
      o.add(ModelInput.of("logVar", latent));
    }
    this.outputs = List.copyOf(o);
    // vae_reco without the masked loss is exactly 57 x mse (the same ranking): kept only when it differs
    List<String> all = Scores.names(variational);
    List<String> kept = new ArrayList<>();
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).equals(Scores.VAE_RECO) && !maskedLoss) {
        continue;
      }
      kept.add(all.get(i));
      idx.add(i);
    }
    this.names = List.copyOf(kept);
    this.rows = idx.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The output head (identity when bounded outputs are off). */
  public OutputBounds bounds() {
    return bounds;
  }

  public boolean variational() {
    return variational;
  }

  @Override
  public List<ModelInput> outputs() {
    return outputs;
  }

  @Override
  public List<String> scoreNames() {
    return names;
  }

  /** {@code vae_total} for the VAE (its p-value is cheap: the same reference as the HLF VAE's); none for the others. */
  @Override
  public String pValueScore() {
    return variational ? Scores.VAE_TOTAL : null;
  }

  /** {@code vae_total} for the VAE (reconstruction and KL), {@code mse} for the others. */
  @Override
  public String primaryScore() {
    return variational ? Scores.VAE_TOTAL : Scores.MSE;
  }

  @Override
  public NDArray loss(NDList out, Map<String, NDArray> inputs, int n, NDManager model) {
    NDArray recon = bounds.apply(out.get(0), model);
    NDArray x = Objective.input(inputs, "x");
    NDArray mask57 = null;
    NDArray real = null;
    if (maskedLoss) {
      // the per-slot occupancy repeated for its three inputs: mask57[s*3+k] = mask[s]
      mask57 = Objective.input(inputs, "mask").expandDims(2).repeat(2, KINEMATIC).reshape(n, INPUTS);
      real = Tensors.maximum(mask57.sum(), 1f);
    }
    if (!variational) {
      return Losses.reconstruction(recon, x, mask57, real);
    }
    return Losses.vae(Losses.reconstructionPerEvent(recon, x, mask57, n), Losses.kl(out.get(1), out.get(2)), beta);
  }

  @Override
  public void scores(float[][] inputs, float[][] outputs, int events, double[][] out, int offset) {
    bounds.apply(outputs[0], 0, events);
    double[][] all = out;
    int at = offset;
    if (rows.length != Scores.names(variational).size()) {
      all = new double[Scores.names(variational).size()][events];
      at = 0;
    }
    Scores.compute(inputs[0], inputs[1], outputs[0], variational ? outputs[1] : null, variational ? outputs[2] : null,
        variational ? latent : 0, maskedLoss, beta, 0, events, all, at);
    if (all != out) {
      for (int k = 0; k < rows.length; k++) {
        System.arraycopy(all[rows[k]], 0, out[k], offset, events);
      }
    }
  }

  /** Slots per event (for the report's reconstructions). */
  public static int slots() {
    return SLOTS;
  }
}
