package org.nphunt.training;

import org.nphunt.training.history.EpochRecord;

/**
 * Observes a training run and may ask it to stop: returns {@link Action#STOP} instead of throwing, so
 * the trainer always finishes cleanly (best weights restored, history complete).
 */
public interface TrainingListener {
  /** What the trainer should do next. */
  enum Action {
    CONTINUE,
    STOP
  }

  default void onStart(TrainingState state) {}

  /** After each optimisation step with its mean loss; {@code events} counts the batch's examples (jets for dijet models: {@link TrainingState#examplesPerEvent()}). */
  default Action onBatch(TrainingState state, int batch, int events, double loss) {
    return Action.CONTINUE;
  }

  /** After each epoch (validation done, best weights already updated). */
  default Action onEpoch(TrainingState state, EpochRecord record) {
    return Action.CONTINUE;
  }

  default void onEnd(TrainingState state) {}
}
