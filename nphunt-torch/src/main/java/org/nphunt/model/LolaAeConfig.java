package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.objective.ConstituentReconstruction;
import org.nphunt.objective.Objective;
import org.nphunt.preprocess.JetFourVectors;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.training.TrainingConfig;

/**
 * The LoLa autoencoder of jets: the Lorentz-layer network of Butter, Kasieczka, Plehn, Russell
 * (arXiv:1707.08966) as the encoder of an autoencoder, the alternative architecture of Heimel,
 * Kasieczka, Plehn, Thompson, "QCD or What?" (arXiv:1808.08979). Each of the two leading jets of a dijet
 * event is one example: its N hardest constituents as massless four-vectors in units of the jet's scalar
 * pT sum ({@link JetFourVectors}), a combination layer adding M learned linear combinations
 * ({@link CombinationLayer}), a Lorentz layer computing per object m^2, pT, a learned sum of energies and
 * a learned sum of Minkowski distances to the other objects ({@link LorentzLayer}), then a dense encoder
 * to a linear bottleneck and a dense decoder ({@link LolaAutoencoder}).
 *
 * <p><b>What is reconstructed</b> (our choice, documented in docs/jet-models.md): the constituent list,
 * pT-ordered, as standardised (Delta eta', Delta phi', z) in a canonical jet frame (centred, rotated,
 * reflected: {@link JetFourVectors}), not the LoLa features: with trainable CoLa and LoLa weights a loss
 * on the features could be minimised by driving the weights to zero (nothing left to reconstruct), so
 * the target must not depend on the weights; and it must be canonical because the LoLa features do not
 * see rotations and reflections of the jet about its axis. Loss per jet
 * ({@link ConstituentReconstruction}): (1/N) sum over the real constituents i and the three features f of
 * (t_if - y_if)^2; padded slots do not count. Scores: {@code reco_min} (default),
 * {@code reco_max}, {@code reco_sum}, {@code reco_prod}, {@code reco_j1}, {@code reco_j2}.
 *
 * @param constituents N, constituents per jet (default 40, the papers' choice), 2..1000
 * @param combinations M, learned combinations of the CoLa (default 15, the papers' choice), 0..1000
 * @param hidden widths of the dense encoder layers, outermost first (default [128, 64]); the decoder
 *     mirrors them
 * @param latentDim bottleneck dimension, 1..1024 (default 10)
 */
public record LolaAeConfig(int constituents, int combinations, List<Integer> hidden, int latentDim)
    implements ArchitectureConfig {
  /** Registry name. */
  public static final String NAME = "lola-ae";

  public LolaAeConfig {
    if (constituents < 2 || constituents > 1000) {
      throw new IllegalArgumentException("constituents must be in 2..1000, found " + constituents);
    }
    if (combinations < 0 || combinations > 1000) {
      throw new IllegalArgumentException("combinations must be in 0..1000, found " + combinations);
    }
    Mlp.checkHidden(hidden);
    if (latentDim < 1 || latentDim > 1024) {
      throw new IllegalArgumentException("latentDim must be in 1..1024, found " + latentDim);
    }
    hidden = List.copyOf(hidden);
  }

  /** N = 40 constituents, M = 15 combinations, dense [128, 64], bottleneck 10. */
  public static LolaAeConfig defaults() {
    return new LolaAeConfig(40, 15, List.of(128, 64), 10);
  }

  /** K = N + M, the objects the Lorentz layer sees. */
  public int objects() {
    return constituents + combinations;
  }

  @Override
  public String architecture() {
    return NAME;
  }

  @Override
  public Block build() {
    return new LolaAutoencoder(this);
  }

  @Override
  public String inputSchema() {
    return DijetSchema.NAME;
  }

  @Override
  public List<String> blockInputs() {
    return List.of(JetFourVectors.FOUR_VECTORS, JetFourVectors.TARGET, JetFourVectors.MASK);
  }

  @Override
  public Preprocessing fitPreprocessing(EventSource train, LongPredicate keep, TrainingConfig config) {
    return JetFourVectors.fit(train, keep, config.chunkEvents(), constituents);
  }

  @Override
  public Objective objective(TrainingConfig config, Preprocessing preprocessing) {
    return new ConstituentReconstruction(constituents);
  }

  /** The per-jet reconstruction error. */
  @Override
  public NDArray exampleScore(NDList inputs, NDList outputs) {
    return ConstituentReconstruction.perJet(inputs.get(1), inputs.get(2), outputs.get(0));
  }
}
