package org.nphunt.model;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import java.util.List;

/** Builds the fully connected stacks of the dense autoencoder and the VAE. */
final class Mlp {
  private Mlp() {}

  /**
   * Linear layers of the given widths; every layer except the last (or every layer when
   * {@code activateLast}) is followed by [BatchNorm], LeakyReLU(slope), [Dropout(rate)].
   */
  static SequentialBlock build(List<Integer> widths, boolean activateLast, float slope, boolean batchNorm, float dropout) {
    SequentialBlock seq = new SequentialBlock();
    for (int i = 0; i < widths.size(); i++) {
      seq.add(Linear.builder().setUnits(widths.get(i)).build());
      if (i < widths.size() - 1 || activateLast) {
        if (batchNorm) {
          seq.add(BatchNorm.builder().optEpsilon(DenseAeConfig.BATCH_NORM_EPSILON).build());
        }
        seq.add(Activation.leakyReluBlock(slope));
        if (dropout > 0) {
          seq.add(Dropout.builder().optRate(dropout).build());
        }
      }
    }
    return seq;
  }

  static void checkHidden(List<Integer> hidden) {
    if (hidden == null || hidden.isEmpty()) {
      throw new IllegalArgumentException("hidden must list at least one layer width, found " + hidden);
    }
    for (Integer h : hidden) {
      if (h == null || h < 1 || h > 4096) {
        throw new IllegalArgumentException("hidden widths must be in 1..4096, found " + hidden);
      }
    }
  }

  static void checkCommon(double leakySlope, double dropout) {
    if (!(leakySlope >= 0 && leakySlope < 1)) {
      throw new IllegalArgumentException("leakySlope must be in [0, 1), found " + leakySlope);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), found " + dropout);
    }
  }
}
