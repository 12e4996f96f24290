package org.nphunt.model;

import ai.djl.nn.Block;
import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSource;
import org.nphunt.data.HlfSchema;
import org.nphunt.objective.HlfLikelihood;
import org.nphunt.objective.Objective;
import org.nphunt.preprocess.HlfStandardizer;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.training.TrainingConfig;

/**
 * The VAE of the HLT study on the high-level features (Cerri et al., arXiv:1811.10276): encoder F ->
 * hidden layers (ReLU) -> Gaussian latent (mu, logVar); decoder latent -> the mirrored hidden layers
 * (ReLU) -> the parameters of one distribution per feature ({@link HlfLikelihood}); loss NLL + beta KL.
 * Input schema {@code hlf} (the table of {@code nphunt features}), preprocessing {@link HlfStandardizer},
 * block input {@code x}; trained with the same {@code Trainer} (reparametrisation noise eps from nphunt's
 * seeded stream). The study's prior was a VampPrior of 1000 pseudo-inputs in its later versions; this
 * one is N(0, 1), as in the paper's description.
 *
 * @param hidden encoder widths (the decoder mirrors them), default [50, 50]
 * @param latentDim latent dimension, default 4 (the study's)
 * @param beta weight of the KL term, default 1 (the study's 1:1); {@code TrainingConfig.beta} is not used
 */
public record HlfVaeConfig(List<Integer> hidden, int latentDim, double beta) implements ArchitectureConfig {
  public static final String NAME = "hlf-vae";

  public HlfVaeConfig {
    Mlp.checkHidden(hidden);
    hidden = List.copyOf(hidden);
    if (latentDim < 1 || latentDim > 64) {
      throw new IllegalArgumentException("latentDim must be in 1..64, found " + latentDim);
    }
    if (!(beta >= 0 && beta <= 100)) {
      throw new IllegalArgumentException("beta must be in [0, 100], found " + beta);
    }
  }

  /** 21 -> 50 -> 50 -> 4 -> 50 -> 50 -> 3 x 21, beta 1. */
  public static HlfVaeConfig defaults() {
    return new HlfVaeConfig(List.of(50, 50), 4, 1.0);
  }

  @Override
  public String architecture() {
    return NAME;
  }

  @Override
  public boolean variational() {
    return true;
  }

  @Override
  public Block build() {
    return new HlfVae(this);
  }

  @Override
  public String inputSchema() {
    return HlfSchema.NAME;
  }

  @Override
  public List<String> blockInputs() {
    return List.of("x");
  }

  @Override
  public Preprocessing fitPreprocessing(EventSource train, LongPredicate keep, TrainingConfig config) {
    return HlfStandardizer.fit(train, keep, config.chunkEvents());
  }

  @Override
  public Objective objective(TrainingConfig config, Preprocessing preprocessing) {
    if (!(preprocessing instanceof HlfStandardizer h)) {
      throw new NphuntException(NAME + " needs the HLF standardizer, found " + preprocessing.getClass().getSimpleName());
    }
    return new HlfLikelihood(h, latentDim, beta);
  }
}
