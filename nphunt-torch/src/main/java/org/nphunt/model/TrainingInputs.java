package org.nphunt.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;

/**
 * An architecture whose block takes, in training only, extra inputs drawn at random per batch (e.g. the
 * teacher-forcing decisions of {@link RecurrentAeConfig}). The {@code Trainer} appends them after the
 * block inputs (and after eps for variational blocks), drawing them from nphunt's seeded stream of that
 * epoch and batch, so training stays reproducible. Validation and scoring run without them.
 */
public interface TrainingInputs {
  /**
   * The extra inputs of one training batch of {@code n} examples at {@code epoch} (1-based), as
   * libtorch-owned arrays of {@code manager} ({@link Tensors#owned}), drawn from {@code random}.
   */
  NDList trainingInputs(NDManager manager, int n, int epoch, SplittableRandom random);
}
