package org.nphunt.training;

import ai.djl.nn.Block;

/** Test access to the Trainer's seeded initialisation. */
public final class TrainerAccess {
  private TrainerAccess() {}

  public static void initialise(Block block, long seed) {
    Trainer.initialise(block, seed);
  }
}
