package org.nphunt.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nphunt.data.Adc2021;

/** The DJL block of {@link DenseAeConfig}: input [x (B,57), mask], output [recon (B,57)]. */
public final class DenseAutoencoder extends AbstractBlock {
  private static final byte VERSION = 1;
  private final DenseAeConfig config;
  private final SequentialBlock encoder;
  private final SequentialBlock decoder;

  DenseAutoencoder(DenseAeConfig config) {
    super(VERSION);
    this.config = config;
    List<Integer> enc = new ArrayList<>(config.hidden());
    enc.add(config.latentDim());
    List<Integer> dec = new ArrayList<>(config.hidden());
    Collections.reverse(dec);
    dec.add(Adc2021.INPUTS);
    float slope = (float) config.leakySlope();
    encoder = addChildBlock("encoder", Mlp.build(enc, false, slope, config.batchNorm(), (float) config.dropout()));
    decoder = addChildBlock("decoder", Mlp.build(dec, false, slope, config.batchNorm(), (float) config.dropout()));
  }

  public DenseAeConfig config() {
    return config;
  }

  public SequentialBlock encoder() {
    return encoder;
  }

  public SequentialBlock decoder() {
    return decoder;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList z = encoder.forward(ps, new NDList(inputs.get(0)), training, params);
    return decoder.forward(ps, z, training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), Adc2021.INPUTS)};
  }

  @Override
  protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    encoder.initialize(manager, dataType, inputShapes[0]);
    decoder.initialize(manager, dataType, new Shape(b, config.latentDim()));
  }
}
