package org.nphunt.training;

import java.util.ArrayList;
import java.util.List;
import org.nphunt.training.history.EpochRecord;
import org.nphunt.training.history.TrainingHistory;

/**
 * The mutable state of a run that listeners read and adjust (learning rate, stop reason), and that a
 * checkpoint saves. Counters count epochs without improvement of the monitored loss (validation
 * loss, or training loss without validation).
 */
public final class TrainingState {
  private final TrainingConfig config;
  private final long trainEvents;
  private final long valEvents;
  private final int examplesPerEvent;
  int epoch;
  double learningRate;
  double bestLoss = Double.POSITIVE_INFINITY;
  int bestEpoch;
  int sinceBest;
  int sinceLrChange;
  String stopReason;
  final List<EpochRecord> epochs = new ArrayList<>();

  TrainingState(TrainingConfig config, long trainEvents, long valEvents) {
    this(config, trainEvents, valEvents, 1);
  }

  TrainingState(TrainingConfig config, long trainEvents, long valEvents, int examplesPerEvent) {
    if (examplesPerEvent < 1) {
      throw new IllegalArgumentException("examplesPerEvent must be >= 1, found " + examplesPerEvent);
    }
    this.config = config;
    this.trainEvents = trainEvents;
    this.valEvents = valEvents;
    this.examplesPerEvent = examplesPerEvent;
    this.learningRate = config.learningRate();
  }

  public TrainingConfig config() {
    return config;
  }

  /** The current (1-based) epoch; 0 before the first. */
  public int epoch() {
    return epoch;
  }

  public double learningRate() {
    return learningRate;
  }

  public void setLearningRate(double lr) {
    if (!(lr > 0)) {
      throw new IllegalArgumentException("learningRate must be > 0, found " + lr);
    }
    learningRate = lr;
  }

  public double bestLoss() {
    return bestLoss;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  /** Epochs since the monitored loss last improved. */
  public int epochsSinceBest() {
    return sinceBest;
  }

  /** Epochs since the monitored loss improved or the learning rate last changed. */
  public int epochsSinceLrChange() {
    return sinceLrChange;
  }

  public void resetLrCounter() {
    sinceLrChange = 0;
  }

  public long trainEvents() {
    return trainEvents;
  }

  /**
   * Training examples per event (1 for ADC2021 events, 2 jets for a dijet event): the {@code events}
   * of {@link TrainingListener#onBatch} count examples; divide by this for events.
   */
  public int examplesPerEvent() {
    return examplesPerEvent;
  }

  public long valEvents() {
    return valEvents;
  }

  public String stopReason() {
    return stopReason;
  }

  /** Records why the run stops (the first reason wins). */
  public void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  public TrainingHistory history() {
    return new TrainingHistory(epochs, bestEpoch, stopReason);
  }

  /** Serialisable snapshot for checkpoints. */
  public record Snapshot(int epoch, double learningRate, double bestLoss, int bestEpoch, int sinceBest, int sinceLrChange,
      List<EpochRecord> epochs) {}

  Snapshot snapshot() {
    return new Snapshot(epoch, learningRate, bestLoss, bestEpoch, sinceBest, sinceLrChange, List.copyOf(epochs));
  }

  void restore(Snapshot s) {
    epoch = s.epoch();
    learningRate = s.learningRate();
    bestLoss = s.bestLoss();
    bestEpoch = s.bestEpoch();
    sinceBest = s.sinceBest();
    sinceLrChange = s.sinceLrChange();
    epochs.clear();
    epochs.addAll(s.epochs());
  }
}
