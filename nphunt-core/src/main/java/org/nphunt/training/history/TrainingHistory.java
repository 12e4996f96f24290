package org.nphunt.training.history;

import java.util.List;

/**
 * The per-epoch losses of one training run, stored in {@code model.json} and plotted by the report.
 *
 * @param epochs the epochs in order
 * @param bestEpoch the epoch whose weights were kept (best validation loss), 0 when none
 * @param stopReason why training stopped, e.g. "max epochs", "early stopping", "non-finite loss"
 */
public record TrainingHistory(List<EpochRecord> epochs, int bestEpoch, String stopReason) {
  public TrainingHistory {
    epochs = epochs == null ? List.of() : List.copyOf(epochs);
  }
}
