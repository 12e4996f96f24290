package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.nphunt.preprocess.JetFourVectors;

/**
 * The DJL block of {@link LolaAeConfig}. B = batch of jets, N = constituents, M = combinations, K = N + M,
 * H_1..H_h = hidden widths, L = bottleneck; ReLU after every hidden layer:
 *
 * <pre>
 * fourvectors (B,N,4)
 *   CoLa (N x M weights)                    -> (B,K,4)   inputs + M learned combinations
 *   LoLa (K x K energy and distance weights) -> (B,K,4)   m^2, pT, sum w^E E, sum w^d d^2 -> flatten (B,4K)
 *   BatchNorm over the 4K features
 *   Linear H_1 .. Linear H_h -> Linear L (linear bottleneck)
 *   Linear H_h .. Linear H_1 -> Linear 3N (linear) -> (B,N,3)
 * </pre>
 *
 * The batch normalisation puts the LoLa features on a common scale: in units of the jet's scalar pT sum
 * the masses squared are ~1e-2 and the distances between constituents ~1e-4 (on toy jets it changed the
 * loss little: 1.644 after 6 epochs with it, 1.650 without). In scoring it uses its running statistics
 * (DJL's default momentum).
 *
 * <p>Inputs: NDList[fourvectors (B,N,4), target (B,N,3), mask (B,N)] (the preprocessing's
 * {@link JetFourVectors}); the block reads only the four-vectors (target and mask pass through the
 * model contract so that the per-jet loss is a function of the block's inputs and outputs, which mass
 * decorrelation needs). Output: NDList[recon (B,N,3)], the reconstruction of the standardised canonical constituent list
 * (Delta eta', Delta phi', z).
 */
public final class LolaAutoencoder extends AbstractBlock {
  private static final byte VERSION = 1;
  /** Examples per inference pass (see {@link FixedChunks}): scores do not depend on the batching. */
  static final int INFERENCE_CHUNK = 32;
  private final LolaAeConfig config;
  private final CombinationLayer cola;
  private final LorentzLayer lola;
  private final BatchNorm norm;
  private final List<Linear> encoder = new ArrayList<>();
  private final Linear bottleneck;
  private final List<Linear> decoder = new ArrayList<>();
  private final Linear head;

  LolaAutoencoder(LolaAeConfig config) {
    super(VERSION);
    this.config = config;
    cola = addChildBlock("cola", new CombinationLayer(config.constituents(), config.combinations()));
    lola = addChildBlock("lola", new LorentzLayer(config.objects()));
    norm = addChildBlock("norm", BatchNorm.builder().optEpsilon(DenseAeConfig.BATCH_NORM_EPSILON).build());
    List<Integer> hidden = config.hidden();
    for (int i = 0; i < hidden.size(); i++) {
      encoder.add(addChildBlock("enc" + i, Linear.builder().setUnits(hidden.get(i)).build()));
    }
    bottleneck = addChildBlock("bottleneck", Linear.builder().setUnits(config.latentDim()).build());
    for (int i = hidden.size() - 1; i >= 0; i--) {
      decoder.add(addChildBlock("dec" + i, Linear.builder().setUnits(hidden.get(i)).build()));
    }
    head = addChildBlock("head", Linear.builder().setUnits((long) config.constituents() * JetFourVectors.FEATURES).build());
  }

  public LolaAeConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList four = new NDList(inputs.get(0));
    if (!training) {
      return FixedChunks.apply(four, INFERENCE_CHUNK, in -> compute(ps, in, false, params));
    }
    return compute(ps, four, true, params);
  }

  private NDList compute(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray k = inputs.get(0);
    long b = k.getShape().get(0);
    NDArray h = cola.forward(ps, new NDList(k), training, params).head();
    h = lola.forward(ps, new NDList(h), training, params).head().reshape(b, -1);
    h = norm.forward(ps, new NDList(h), training, params).head();
    for (Linear l : encoder) {
      h = Activation.relu(l.forward(ps, new NDList(h), training, params).head());
    }
    h = bottleneck.forward(ps, new NDList(h), training, params).head();
    for (Linear l : decoder) {
      h = Activation.relu(l.forward(ps, new NDList(h), training, params).head());
    }
    h = head.forward(ps, new NDList(h), training, params).head();
    return new NDList(h.reshape(b, config.constituents(), JetFourVectors.FEATURES));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), config.constituents(), JetFourVectors.FEATURES)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    int n = config.constituents();
    if (in.dimension() != 3 || in.get(1) != n || in.get(2) != JetFourVectors.COMPONENTS) {
      throw new IllegalArgumentException("the LoLa autoencoder expects four-vectors (B," + n + ",4), found " + in);
    }
    long b = in.get(0);
    cola.initialize(manager, dataType, new Shape(b, n, 4));
    lola.initialize(manager, dataType, new Shape(b, config.objects(), 4));
    long width = (long) config.objects() * LorentzLayer.FEATURES;
    norm.initialize(manager, dataType, new Shape(b, width));
    for (Linear l : encoder) {
      l.initialize(manager, dataType, new Shape(b, width));
      width = l.getOutputShapes(new Shape[] {new Shape(b, width)})[0].get(1);
    }
    bottleneck.initialize(manager, dataType, new Shape(b, width));
    width = config.latentDim();
    for (Linear l : decoder) {
      l.initialize(manager, dataType, new Shape(b, width));
      width = l.getOutputShapes(new Shape[] {new Shape(b, width)})[0].get(1);
    }
    head.initialize(manager, dataType, new Shape(b, width));
  }
}
