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
import org.nphunt.data.Adc2021;

/**
 * The DJL block of {@link VaeConfig} (Kingma and Welling, arXiv:1312.6114): input [x (B,57), mask]
 * and, in training, the reparametrisation noise eps (B,L) ~ N(0,1) as a third input; output
 * [recon (B,57), mu (B,L), logVar (B,L)]. Training decodes z = mu + exp(logVar/2) * eps; inference
 * decodes z = mu so scores are deterministic. The caller draws eps from its own seeded stream (the
 * {@code Trainer} uses nphunt's {@code Seeds}), never from libtorch's process-wide generator, so
 * training gives the same weights whatever else runs in the process.
 */
public final class VariationalAutoencoder extends AbstractBlock {
  private static final byte VERSION = 1;
  private final VaeConfig config;
  private final SequentialBlock trunk;
  private final Linear muHead;
  private final Linear logVarHead;
  private final SequentialBlock decoder;

  VariationalAutoencoder(VaeConfig config) {
    super(VERSION);
    this.config = config;
    float slope = (float) config.leakySlope();
    List<Integer> dec = new ArrayList<>(config.hidden());
    Collections.reverse(dec);
    dec.add(Adc2021.INPUTS);
    trunk = addChildBlock("trunk", Mlp.build(config.hidden(), true, slope, config.batchNorm(), (float) config.dropout()));
    muHead = addChildBlock("mu", Linear.builder().setUnits(config.latentDim()).build());
    logVarHead = addChildBlock("logVar", Linear.builder().setUnits(config.latentDim()).build());
    decoder = addChildBlock("decoder", Mlp.build(dec, false, slope, config.batchNorm(), (float) config.dropout()));
  }

  public VaeConfig config() {
    return config;
  }

  public SequentialBlock trunk() {
    return trunk;
  }

  public Linear muHead() {
    return muHead;
  }

  public Linear logVarHead() {
    return logVarHead;
  }

  public SequentialBlock decoder() {
    return decoder;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList h = trunk.forward(ps, new NDList(inputs.get(0)), training, params);
    NDArray mu = muHead.forward(ps, h, training, params).singletonOrThrow();
    NDArray logVar = logVarHead.forward(ps, h, training, params).singletonOrThrow();
    NDArray z = mu;
    if (training) {
      if (inputs.size() < 3 || !inputs.get(2).getShape().equals(mu.getShape())) {
        throw new IllegalArgumentException("training the VAE needs the noise eps " + mu.getShape()
            + " as third input, found " + (inputs.size() < 3 ? "none" : inputs.get(2).getShape().toString()));
      }
      NDArray eps = inputs.get(2);
      z = mu.add(Tensors.mul(logVar, 0.5f).exp().mul(eps)); // Tensors.mul: autograd-safe constant
    }
    NDArray recon = decoder.forward(ps, new NDList(z), training, params).singletonOrThrow();
    return new NDList(recon, mu, logVar);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    Shape l = new Shape(b, config.latentDim());
    return new Shape[] {new Shape(b, Adc2021.INPUTS), l, l};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    trunk.initialize(manager, dataType, inputShapes[0]);
    Shape h = new Shape(b, config.hidden().get(config.hidden().size() - 1));
    muHead.initialize(manager, dataType, h);
    logVarHead.initialize(manager, dataType, h);
    decoder.initialize(manager, dataType, new Shape(b, config.latentDim()));
  }
}
