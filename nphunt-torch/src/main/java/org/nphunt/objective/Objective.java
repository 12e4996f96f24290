package org.nphunt.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.nphunt.preprocess.ModelInput;

/**
 * What a model is trained to do and how it scores: its training loss and its named per-event anomaly
 * scores, from the block's outputs and the preprocessed inputs. An architecture names its objective
 * ({@link org.nphunt.model.ArchitectureConfig#objective}); the {@code Trainer} and {@code LoadedModel}
 * only talk to this interface, so a new loss or score family is a new class, not an edit to them.
 *
 * <p>Shapes: a batch has {@code n} examples; inputs and outputs are per-example arrays as declared
 * by the preprocessing's {@link ModelInput}s and by {@link #outputs()}. An event is
 * {@code examplesPerEvent} consecutive examples (1 for ADC2021 events, 2 jets for dijet events).
 */
public interface Objective {
  /** The block's outputs, in order, with their per-example shapes (e.g. recon (57), mu (L), logVar (L)). */
  List<ModelInput> outputs();

  /** Names of the per-event scores, in the order of the rows {@link #scores} fills. */
  List<String> scoreNames();

  /**
   * The training loss of a batch: a scalar, differentiable NDArray.
   *
   * @param outputs the block's outputs for the batch
   * @param inputs the preprocessed inputs of the batch by name (libtorch-owned arrays)
   * @param n examples in the batch
   * @param model the model's manager, for constants that live as long as the model
   */
  NDArray loss(NDList outputs, Map<String, NDArray> inputs, int n, NDManager model);

  /**
   * Per-event scores of {@code events} events into {@code out[score][offset + e]}, from the inputs and
   * the block's raw outputs of their examples (event e is examples e*k .. e*k + k - 1). Runs on
   * several threads at once on disjoint events: implementations must not keep mutable state. May
   * modify {@code outputs} in place (e.g. apply an output head).
   */
  void scores(float[][] inputs, float[][] outputs, int events, double[][] out, int offset);

  /** The score recommended for this model (shown first in summaries); the first by default. */
  default String primaryScore() {
    return scoreNames().get(0);
  }

  /**
   * The total loss whose SM validation distribution the trainer keeps in the model file, so that
   * scoring adds its p-value ({@link org.nphunt.score.ScoreReference}); null (the default) for none.
   */
  default String pValueScore() {
    return null;
  }

  /** Index of a score by name, or -1. */
  default int scoreIndex(String name) {
    return scoreNames().indexOf(name);
  }

  /** Inputs the loss reads besides the block's own, by name (none by default). */
  default List<String> lossInputs() {
    return List.of();
  }

  /** A convenience for implementations: the named input, or an IllegalStateException naming it. */
  static NDArray input(Map<String, NDArray> inputs, String name) {
    NDArray a = inputs.get(name);
    if (a == null) {
      throw new IllegalStateException("the objective needs input '" + name + "', found " + inputs.keySet());
    }
    return a;
  }
}
