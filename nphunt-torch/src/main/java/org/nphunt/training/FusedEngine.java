package org.nphunt.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * A {@link Trainer} engine that steps a model on nphunt's fused Java kernels instead of one libtorch call
 * per operation (issue 17): {@link FusedTraining} (dense AE, VAE) and {@link RecurrentFusedTraining}
 * ({@code rnn-attention}). The DJL block stays the model: an engine reads the block's parameters at the
 * start and whenever the trainer sets them ({@link #fromBlock}), writes them back whenever the trainer
 * saves or snapshots weights ({@link #toBlock}), and encodes Adam's moments exactly like
 * {@link AdamUpdater}, so model files and checkpoints have one format whichever engine wrote them.
 */
interface FusedEngine extends AutoCloseable {
  /** Whether {@code config} trains on a fused engine ({@code -Dnphunt.fusedTraining=false}: never). */
  static boolean supports(TrainingConfig config) {
    return FusedTraining.supports(config) || RecurrentFusedTraining.supports(config);
  }

  /** The engine of {@code config}, or null when it trains through DJL/libtorch. */
  static FusedEngine create(Block block, List<Parameter> trainable, TrainingConfig config) {
    if (FusedTraining.supports(config)) {
      return new FusedTraining(block, trainable, config);
    }
    if (RecurrentFusedTraining.supports(config)) {
      return new RecurrentFusedTraining(block, trainable, config);
    }
    return null;
  }

  /**
   * One Adam step on a batch ({@code batch[i]}: the preprocessing's inputs); {@code random}: the batch's
   * random inputs (the VAE's noise eps, n x L; the recurrent AE's teacher-forcing decisions, n x 19; else
   * null). Returns the loss; a non-finite loss leaves the weights untouched.
   */
  double step(float[][] batch, int n, float[] random, double lr, double weightDecay);

  /** The validation loss of a batch (VAE: z = mu; recurrent AE: free decoding). */
  double loss(float[][] batch, int n);

  /** Adam steps taken. */
  long steps();

  /** Writes the current weights into the block's parameters. */
  void toBlock();

  /** Reads the block's parameters (after the trainer set them) into the engine. */
  void fromBlock();

  /** Adam's moments in {@link AdamUpdater}'s encoding. */
  byte[] encodeAdam(NDManager manager);

  /** Restores Adam's state written by {@link #encodeAdam} or {@link AdamUpdater#encode}. */
  void restoreAdam(byte[] bytes, long steps, NDManager manager);

  @Override
  void close();
}
