package org.nphunt.training.history;

/**
 * One epoch of training.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the epoch
 * @param valLoss mean validation loss (NaN when there is no validation set)
 * @param learningRate learning rate used in the epoch
 * @param seconds wall time of the epoch
 * @param eventsPerSecond training throughput in events per wall second (a dijet event is two examples, its two
 *     jets: jets per second are twice this)
 */
public record EpochRecord(
    int epoch, double trainLoss, double valLoss, double learningRate, double seconds, double eventsPerSecond) {}
