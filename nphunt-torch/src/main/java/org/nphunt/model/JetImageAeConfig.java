package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.jet.image.JetImageConfig;
import org.nphunt.objective.ImageReconstruction;
import org.nphunt.objective.Objective;
import org.nphunt.preprocess.JetImageInput;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.training.TrainingConfig;

/**
 * The convolutional autoencoder of jet images (Heimel, Kasieczka, Plehn, Thompson, "QCD or What?",
 * arXiv:1808.08979; Farina, Nakai, Shih, arXiv:1808.08992): each of the two leading jets of a dijet
 * event is a P x P image rendered from its constituents ({@link JetImageInput}: centred, rotated,
 * flipped, unit intensity, then one global scale), encoded by two convolution + max-pooling stages and
 * dense layers into a small linear bottleneck, and decoded by dense layers, nearest-neighbour
 * upsampling and convolutions ({@link JetImageAutoencoder}). Loss per jet: the sum over the P^2
 * pixels of the squared difference; the batch loss is its mean over the jets. Scores:
 * {@link ImageReconstruction}.
 *
 * @param pixels P, image side (divisible by 4, 8..256; default 40)
 * @param halfWidth the image covers |Delta eta|, |Delta phi| < halfWidth (the jet radius; default 1.0)
 * @param filters channels of the two encoder convolutions (3x3, padding 1), default [16, 8]; the
 *     decoder mirrors them
 * @param dense width of the dense layer on each side of the bottleneck (default 128)
 * @param latentDim bottleneck dimension, 1..1024 (default 32)
 */
public record JetImageAeConfig(int pixels, double halfWidth, List<Integer> filters, int dense, int latentDim)
    implements ArchitectureConfig {
  /** Registry name. */
  public static final String NAME = "jet-image-ae";

  public JetImageAeConfig {
    if (pixels < 8 || pixels > 256 || pixels % 4 != 0) {
      throw new IllegalArgumentException("pixels must be divisible by 4 and in 8..256 (two 2x2 poolings), found " + pixels);
    }
    if (!(halfWidth > 0 && halfWidth <= 10)) {
      throw new IllegalArgumentException("halfWidth must be in (0, 10], found " + halfWidth);
    }
    if (filters == null || filters.size() != 2 || filters.stream().anyMatch(f -> f == null || f < 1 || f > 1024)) {
      throw new IllegalArgumentException("filters must be 2 channel counts in 1..1024, found " + filters);
    }
    if (dense < 1 || dense > 100_000) {
      throw new IllegalArgumentException("dense must be in 1..100000, found " + dense);
    }
    if (latentDim < 1 || latentDim > 1024) {
      throw new IllegalArgumentException("latentDim must be in 1..1024, found " + latentDim);
    }
    filters = List.copyOf(filters);
  }

  /** 40 x 40 pixels over R = 1, filters [16, 8], dense 128, bottleneck 32. */
  public static JetImageAeConfig defaults() {
    return new JetImageAeConfig(40, 1.0, List.of(16, 8), 128, 32);
  }

  /** The image settings of the preprocessing (rotated and flipped). */
  public JetImageConfig imageConfig() {
    return new JetImageConfig(pixels, halfWidth, true, true);
  }

  @Override
  public String architecture() {
    return NAME;
  }

  @Override
  public Block build() {
    return new JetImageAutoencoder(this);
  }

  @Override
  public String inputSchema() {
    return DijetSchema.NAME;
  }

  @Override
  public List<String> blockInputs() {
    return List.of(JetImageInput.IMAGE);
  }

  @Override
  public Preprocessing fitPreprocessing(EventSource train, LongPredicate keep, TrainingConfig config) {
    return JetImageInput.fit(train, keep, config.chunkEvents(), imageConfig());
  }

  @Override
  public Objective objective(TrainingConfig config, Preprocessing preprocessing) {
    return new ImageReconstruction(pixels);
  }

  /** The per-jet sum of squared pixel differences. */
  @Override
  public NDArray exampleScore(NDList inputs, NDList outputs) {
    return ImageReconstruction.perJet(inputs.get(0), outputs.get(0));
  }
}
