package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.List;
import java.util.function.LongPredicate;
import org.nphunt.data.Adc2021Schema;
import org.nphunt.data.EventSource;
import org.nphunt.objective.EventReconstruction;
import org.nphunt.objective.Objective;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.training.TrainingConfig;

/**
 * The hyper-parameters of one model architecture, the factory of its DJL block, and what the model
 * consumes and optimises: the event schema it accepts ({@link #inputSchema()}), its preprocessing
 * ({@link #fitPreprocessing}), the block's inputs by name ({@link #blockInputs()}) and its objective
 * (loss and scores, {@link #objective}). The {@code Trainer}, {@code LoadedModel} and score files only
 * use these methods, so a new architecture is its config record, its block, and one line in
 * {@link Architectures}.
 *
 * <p>The defaults are those of the ADC2021 event autoencoders: schema {@code adc2021}, preprocessing
 * {@link Standardizer} (inputs {@code x} (57) standardised (pT, eta, phi) of the 19 slots, slot-major,
 * and {@code mask} (19), 1 for a real object), block input {@code NDList[x (B,57), mask (B,19)]}, output
 * {@code NDList[reconstruction (B,57)]} in standardised units, or {@code NDList[reconstruction, mu (B,L),
 * logVar (B,L)]} when {@link #variational()}; variational blocks take, in training only, a further
 * input eps (B,L) of standard-normal noise drawn by the caller from its seeded stream; objective
 * {@link EventReconstruction}.
 */
public interface ArchitectureConfig {
  /** Registry name: "dense", "vae", "conv", "transformer", ... */
  String architecture();

  /** Latent (bottleneck) dimension. */
  int latentDim();

  /** Whether the block also outputs mu and log-variance (and takes eps in training). */
  default boolean variational() {
    return false;
  }

  /** A new, uninitialised block implementing the contract above. */
  Block build();

  /** Name of the event schema the model reads (see {@link org.nphunt.data.Schemas}). */
  default String inputSchema() {
    return Adc2021Schema.NAME;
  }

  /** The preprocessing outputs the block takes, in order (eps follows for variational blocks in training). */
  default List<String> blockInputs() {
    return List.of("x", "mask");
  }

  /**
   * Fits this model's preprocessing on the training events whose index passes {@code keep} (null: all),
   * streaming the source in blocks of {@code config.chunkEvents()}.
   */
  default Preprocessing fitPreprocessing(EventSource train, LongPredicate keep, TrainingConfig config) {
    return Standardizer.fit(train, config.logPt(), keep, config.chunkEvents());
  }

  /**
   * The per-example anomaly score as a differentiable expression of shape (n), from the block's inputs
   * (in {@link #blockInputs()} order, followed in training by eps for variational blocks) and its
   * outputs: the quantity a mass decorrelation ({@link DecorrelatedConfig}) trains the model to keep
   * independent of the mass. The default has none: an UnsupportedOperationException naming the
   * architecture.
   */
  default NDArray exampleScore(NDList inputs, NDList outputs) {
    throw new UnsupportedOperationException("model '" + architecture() + "' defines no differentiable per-example"
        + " score, so it cannot be mass-decorrelated");
  }

  /** The loss and scores of this model, given its fitted preprocessing. */
  default Objective objective(TrainingConfig config, Preprocessing preprocessing) {
    if (!(preprocessing instanceof Standardizer std)) {
      throw new IllegalArgumentException(architecture() + " needs the ADC2021 standardizer, found "
          + preprocessing.getClass().getSimpleName());
    }
    return new EventReconstruction(std, config.boundedOutputs(), config.maskedLoss(), config.beta(), variational(),
        latentDim());
  }
}
