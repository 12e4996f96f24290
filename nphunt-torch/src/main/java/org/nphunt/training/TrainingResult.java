package org.nphunt.training;

import org.nphunt.score.LoadedModel;
import org.nphunt.training.history.TrainingHistory;

/**
 * The outcome of {@link Trainer#fit}: the model with the best weights restored (close it) and the
 * per-epoch history.
 */
public record TrainingResult(LoadedModel model, TrainingHistory history) implements AutoCloseable {
  @Override
  public void close() {
    model.close();
  }
}
