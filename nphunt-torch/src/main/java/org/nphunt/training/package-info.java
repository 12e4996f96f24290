/**
 * Training of the autoencoders: {@link org.nphunt.training.TrainingConfig}, the streaming
 * {@link org.nphunt.training.Trainer} with its listeners (progress, checkpoints, learning-rate
 * schedule, early stopping, non-finite guard), the Adam update and the losses.
 */
package org.nphunt.training;
