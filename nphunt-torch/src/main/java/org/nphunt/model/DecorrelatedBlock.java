package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The DJL block of {@link DecorrelatedConfig}: the base model's block, and for the adversary method an
 * adversary network on its per-example score. Outputs: the base block's outputs, then (adversary only)
 * the adversary's logits (B, K) over the mass bins.
 *
 * <p>The adversary reads a = log(s + 1e-6) of the base's per-example score s, standardised over the
 * batch ((a - mean) / sd, gradients flowing through both), through a gradient-reversal layer g(a) =
 * (1 + lambda) stop(a) - lambda a: its value is a, its gradient -lambda (Ganin and Lempitsky,
 * arXiv:1409.7495), then hidden ReLU layers and a linear layer of K logits. The logarithm and the
 * standardisation make the adversary's input independent of the score's units and keep it of order 1;
 * without the standardisation the model escapes the adversary by moving all scores of a batch at once
 * (measured on toy jets: the adversary stayed at chance, cross entropy ln K, while the score kept a
 * correlation of 0.46 with the jet mass). Batch statistics make the adversary's output, unlike the
 * scores, depend on the batch; it is only used in the loss.
 */
public final class DecorrelatedBlock extends AbstractBlock {
  private static final byte VERSION = 1;
  /** Added to the score before the logarithm. */
  static final float LOG_FLOOR = 1e-6f;

  private final DecorrelatedConfig config;
  private final Block base;
  private final SequentialBlock adversary;

  DecorrelatedBlock(DecorrelatedConfig config, Block base) {
    super(VERSION);
    this.config = config;
    this.base = addChildBlock("base", base);
    if (config.method() == DecorrelatedConfig.Method.ADVERSARY) {
      SequentialBlock a = new SequentialBlock();
      for (int w : config.adversaryHidden()) {
        a.add(Linear.builder().setUnits(w).build()).add(Activation::relu);
      }
      a.add(Linear.builder().setUnits(config.massBins()).build());
      this.adversary = addChildBlock("adversary", a);
    } else {
      this.adversary = null;
    }
  }

  /** The base model's block. */
  public Block base() {
    return base;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList out = base.forward(ps, inputs, training, params);
    if (adversary == null) {
      return out;
    }
    NDArray s = config.base().exampleScore(inputs, out);
    NDArray a = s.add(LOG_FLOOR).log().reshape(-1, 1);
    // standardised over the batch: the model cannot fool the adversary by shifting or scaling all scores
    NDArray centred = a.sub(a.mean());
    a = centred.div(centred.square().mean().add(1e-6f).sqrt());
    NDArray reversed = gradientReversal(a, (float) config.lambda());
    NDList all = new NDList(out);
    all.add(adversary.forward(ps, new NDList(reversed), training, params).singletonOrThrow());
    return all;
  }

  /** (1 + lambda) stop(a) - lambda a: the value of a, the gradient -lambda times that of a. */
  public static NDArray gradientReversal(NDArray a, float lambda) {
    return Tensors.mul(a.stopGradient(), 1 + lambda).sub(Tensors.mul(a, lambda));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] b = base.getOutputShapes(inputShapes);
    if (adversary == null) {
      return b;
    }
    Shape[] all = java.util.Arrays.copyOf(b, b.length + 1);
    all[b.length] = new Shape(inputShapes[0].get(0), config.massBins());
    return all;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    base.initialize(manager, dataType, inputShapes);
    if (adversary != null) {
      adversary.initialize(manager, dataType, new Shape(inputShapes[0].get(0), 1));
    }
  }
}
