package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al., arXiv:1706.03762, section 3.2) with
 * an optional additive key bias, built from DJL primitives because DJL's own transformer blocks have
 * no key-padding mask.
 *
 * <p>Input {@code NDList[h (B,T,d)]} or {@code NDList[h, keyBias (B,1,1,T)]} where keyBias is 0 for
 * keys that may be attended to and a large negative number for padded keys; output {@code
 * NDList[(B,T,d)]}. One fused projection gives queries, keys and values, separated with {@code
 * split} rather than indexing: with {@code get(i)} on the projection, training at learning rate 1e-2
 * produced NaN losses in some runs (3 of 6), with {@code split} in none of 6 (cause not established).
 */
final class TransformerSelfAttention extends AbstractBlock {
  private static final byte VERSION = 1;

  private final int heads;
  private final int embedDim;
  private final Linear qkv;
  private final Linear out;

  TransformerSelfAttention(int embedDim, int heads) {
    super(VERSION);
    this.embedDim = embedDim;
    this.heads = heads;
    qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * embedDim).build());
    out = addChildBlock("out", Linear.builder().setUnits(embedDim).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = inputs.get(0);
    long b = h.getShape().get(0);
    long t = h.getShape().get(1);
    long dh = embedDim / heads;
    // (B,T,3d) -> 3 x (B,T,d) -> (B,H,T,dh); split, not indexing (see class comment)
    NDList proj = qkv.forward(ps, new NDList(h), training, params).head().split(3, 2);
    NDArray q = proj.get(0).reshape(b, t, heads, dh).transpose(0, 2, 1, 3); // (B,H,T,dh)
    q = Tensors.mul(q, 1.0 / Math.sqrt(dh)); // autograd-safe constant (Tensors)
    NDArray k = proj.get(1).reshape(b, t, heads, dh).transpose(0, 2, 3, 1); // (B,H,dh,T)
    NDArray v = proj.get(2).reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
    NDArray scores = q.matMul(k); // (B,H,T,T)
    if (inputs.size() > 1) {
      scores = scores.add(inputs.get(1));
    }
    NDArray attended = scores.softmax(-1).matMul(v) // (B,H,T,dh)
        .transpose(0, 2, 1, 3)
        .reshape(b, t, embedDim);
    return out.forward(ps, new NDList(attended), training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    qkv.initialize(manager, dataType, inputShapes[0]);
    out.initialize(manager, dataType, inputShapes[0]);
  }
}
