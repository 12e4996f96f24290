package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The DJL block of {@link HlfVaeConfig}: input [x (B,F)] and, in training, eps (B,L) ~ N(0,1); output
 * [params (B,3F), mu (B,L), logVar (B,L)] where params are the raw per-feature distribution parameters
 * ({@link org.nphunt.objective.HlfLikelihood}). Training decodes z = mu + exp(logVar/2) eps, inference
 * z = mu; {@link #decode} maps latent points to parameters (the VAE as a generator). The output head's
 * width 3F is taken from the input shape when the block is initialised.
 */
public final class HlfVae extends AbstractBlock {
  private static final byte VERSION = 1;
  private final HlfVaeConfig config;
  private final SequentialBlock encoder;
  private final Linear muHead;
  private final Linear logVarHead;
  private final SequentialBlock decoder;
  private Linear head;
  private int features;

  HlfVae(HlfVaeConfig config) {
    super(VERSION);
    this.config = config;
    List<Integer> dec = new ArrayList<>(config.hidden());
    Collections.reverse(dec);
    encoder = addChildBlock("encoder", Mlp.build(config.hidden(), true, 0f, false, 0f));
    muHead = addChildBlock("mu", Linear.builder().setUnits(config.latentDim()).build());
    logVarHead = addChildBlock("logVar", Linear.builder().setUnits(config.latentDim()).build());
    decoder = addChildBlock("decoder", Mlp.build(dec, true, 0f, false, 0f));
  }

  public HlfVaeConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList h = encoder.forward(ps, new NDList(inputs.get(0)), training, params);
    NDArray mu = muHead.forward(ps, h, training, params).singletonOrThrow();
    NDArray logVar = logVarHead.forward(ps, h, training, params).singletonOrThrow();
    NDArray z = mu;
    if (training) {
      if (inputs.size() < 2 || !inputs.get(1).getShape().equals(mu.getShape())) {
        throw new IllegalArgumentException("training the HLF VAE needs the noise eps " + mu.getShape()
            + " as second input, found " + (inputs.size() < 2 ? "none" : inputs.get(1).getShape().toString()));
      }
      z = mu.add(logVar.mul(0.5f).exp().mul(inputs.get(1)));
    }
    return new NDList(decode(ps, z, training, params), mu, logVar);
  }

  /** The raw distribution parameters (B, 3F) of latent points z (B, L). */
  public NDArray decode(ParameterStore ps, NDArray z, boolean training, PairList<String, Object> params) {
    NDList d = decoder.forward(ps, new NDList(z), training, params);
    return head.forward(ps, d, training, params).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    Shape l = new Shape(b, config.latentDim());
    return new Shape[] {new Shape(b, 3L * inputShapes[0].get(1)), l, l};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    features = (int) inputShapes[0].get(1);
    if (head == null) {
      head = addChildBlock("head", Linear.builder().setUnits(3L * features).build());
    }
    encoder.initialize(manager, dataType, inputShapes[0]);
    Shape h = new Shape(b, config.hidden().get(config.hidden().size() - 1));
    muHead.initialize(manager, dataType, h);
    logVarHead.initialize(manager, dataType, h);
    decoder.initialize(manager, dataType, new Shape(b, config.latentDim()));
    head.initialize(manager, dataType, new Shape(b, config.hidden().get(0)));
  }

  /** Number of features F (known once initialised). */
  public int features() {
    return features;
  }
}
