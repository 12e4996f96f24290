package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The combination layer (CoLa) of Butter, Kasieczka, Plehn, Russell, "Deep-learned Top Tagging with a
 * Lorentz Layer", arXiv:1707.08966: from N four-vectors k_i (i = 1..N) it makes N + M four-vectors
 * k~_j = sum_i k_i C_ij with C = (1_N | W), i.e. the inputs themselves followed by M learned linear
 * combinations of them (W: N x M, trainable; the paper's default M = 15 for N = 40). Each combination
 * applies the same weights to all four components, so it is a (weighted) sum of four-vectors, a
 * four-vector again: a candidate subjet whose mass the Lorentz layer measures.
 *
 * <p>Input: NDList[k (B,N,4)]; output: NDList[k~ (B,N+M,4)]. W is initialised from N(0, 0.1^2) (the
 * paper gives no initialisation).
 */
public final class CombinationLayer extends AbstractBlock {
  private static final byte VERSION = 1;
  private final int inputs;
  private final int combinations;
  private final Parameter weights;

  /** A CoLa for {@code inputs} = N four-vectors adding {@code combinations} = M >= 0 combinations. */
  public CombinationLayer(int inputs, int combinations) {
    super(VERSION);
    if (inputs < 1 || combinations < 0) {
      throw new IllegalArgumentException("inputs must be >= 1 and combinations >= 0, found " + inputs + ", " + combinations);
    }
    this.inputs = inputs;
    this.combinations = combinations;
    this.weights = combinations == 0 ? null : addParameter(Parameter.builder().setName("combinations")
        .setType(Parameter.Type.WEIGHT).optShape(new Shape(inputs, combinations))
        .optInitializer(new NormalInitializer(0.1f)).build());
  }

  /** The combination weights W (N, M) (null when M = 0). */
  public Parameter weights() {
    return weights;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    NDArray k = in.head();
    if (weights == null) {
      return new NDList(k);
    }
    NDArray w = ps.getValue(weights, k.getDevice(), training);
    // (B,4,N) x (N,M) -> (B,4,M) -> (B,M,4)
    NDArray combined = k.transpose(0, 2, 1).matMul(w).transpose(0, 2, 1);
    return new NDList(NDArrays.concat(new NDList(k, combined), 1));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), inputs + combinations, 4)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    if (s.dimension() != 3 || s.get(1) != inputs || s.get(2) != 4) {
      throw new IllegalArgumentException("the combination layer expects four-vectors (B," + inputs + ",4), found " + s);
    }
  }
}
