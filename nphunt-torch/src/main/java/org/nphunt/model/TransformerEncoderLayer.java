package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm transformer layer (Vaswani et al., arXiv:1706.03762, with the normalisation
 * moved before each sub-layer as in Xiong et al., arXiv:2002.04745, which trains stably without
 * learning-rate warm-up):
 *
 * <pre>
 * h = h + dropout(selfAttention(LayerNorm(h), keyBias))
 * h = h + dropout(Linear_d(GELU(Linear_ff(LayerNorm(h)))))
 * </pre>
 *
 * Input {@code NDList[h (B,T,d)]} or {@code NDList[h, keyBias (B,1,1,T)]}, output {@code
 * NDList[(B,T,d)]}. Every operation except attention acts on each token alone, so a token whose key
 * is masked never influences the others.
 */
final class TransformerEncoderLayer extends AbstractBlock {
  private static final byte VERSION = 1;

  private final float dropout;
  private final LayerNorm norm1;
  private final TransformerSelfAttention attention;
  private final LayerNorm norm2;
  private final Linear ff1;
  private final Linear ff2;

  TransformerEncoderLayer(int embedDim, int heads, int ffDim, double dropout) {
    super(VERSION);
    this.dropout = (float) dropout;
    norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
    attention = addChildBlock("attention", new TransformerSelfAttention(embedDim, heads));
    norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
    ff1 = addChildBlock("ff1", Linear.builder().setUnits(ffDim).build());
    ff2 = addChildBlock("ff2", Linear.builder().setUnits(embedDim).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = inputs.get(0);
    NDList attIn = new NDList(norm1.forward(ps, new NDList(h), training, params).head());
    if (inputs.size() > 1) {
      attIn.add(inputs.get(1));
    }
    h = h.add(drop(attention.forward(ps, attIn, training, params).head(), training));
    NDArray f = norm2.forward(ps, new NDList(h), training, params).head();
    f = Activation.gelu(ff1.forward(ps, new NDList(f), training, params).head());
    f = ff2.forward(ps, new NDList(f), training, params).head();
    return new NDList(h.add(drop(f, training)));
  }

  private NDArray drop(NDArray a, boolean training) {
    return training && dropout > 0 ? Dropout.dropout(a, dropout, true).head() : a;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape h = inputShapes[0];
    norm1.initialize(manager, dataType, h);
    attention.initialize(manager, dataType, h);
    norm2.initialize(manager, dataType, h);
    ff1.initialize(manager, dataType, h);
    ff2.initialize(manager, dataType, ff1.getOutputShapes(new Shape[] {h})[0]);
  }
}
