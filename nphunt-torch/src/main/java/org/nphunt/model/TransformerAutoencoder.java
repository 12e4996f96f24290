package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nphunt.data.Adc2021;
import org.nphunt.kernel.TransformerNet;

/**
 * Transformer autoencoder over the 19 ADC2021 object slots as tokens (self-attention from Vaswani et
 * al., arXiv:1706.03762; data and slot layout from the ADC2021 challenge, arXiv:2107.02157).
 *
 * <pre>
 * x (B,57) -> (B,19,3) -> Linear d + slotEmbedding (19,d)          tokens (B,19,d)
 *   N x pre-LN encoder layer, self-attention with key-padding mask  (B,19,d)
 *   mean over real slots (mask) -> LayerNorm -> Linear latent        z (B,L)
 *   Linear d (B,d) + slotQueries (19,d)                              queries (B,19,d)
 *   M x pre-LN layer, self-attention over all 19 queries             (B,19,d)
 *   LayerNorm -> Linear 3 -> (B,57)
 * </pre>
 *
 * <p>Key-padding mask: empty slots (mask 0) get a bias of -1e9 on their attention keys, so after the
 * softmax they carry exactly zero weight. Slot 0 (MET, present in every event) is always treated as
 * real, so no attention row is ever fully masked and the pooled mean never divides by zero. As a
 * consequence the reconstruction depends on an empty slot's inputs not at all (tested): real tokens
 * never attend to it and the pooling skips it, and the decoder sees the input only through z.
 *
 * <p>The decoder reconstructs every slot, empty ones too (they are zeros in standardised units);
 * whether they count in the loss is the trainer's choice. Slot embeddings and queries start from
 * N(0, 1), like {@code torch.nn.Embedding}; the output head from N(0, 0.02^2) so the first
 * reconstruction is near zero; other linear weights from DJL's default (He-scaled Gaussian).
 */
public final class TransformerAutoencoder extends AbstractBlock {
  private static final byte VERSION = 1;
  /** Additive attention bias of an empty slot's key: exp(-1e9) is exactly 0 in float32. */
  static final float MASKED = -1e9f;
  /**
   * Initial standard deviation of the output head's weights: the reconstruction starts near zero
   * (the mean in standardised units). With the default He-scaled head the initial outputs have
   * unit scale and training first sits on a plateau near the zero-output loss for hundreds of steps.
   */
  static final float HEAD_SIGMA = 0.02f;

  private final TransformerAeConfig config;
  private final Linear embed;
  private final Parameter slotEmbedding;
  private final List<TransformerEncoderLayer> encoder = new ArrayList<>();
  private final LayerNorm encoderNorm;
  private final Linear toLatent;
  private final Linear fromLatent;
  private final Parameter slotQueries;
  private final List<TransformerEncoderLayer> decoder = new ArrayList<>();
  private final LayerNorm decoderNorm;
  private final Linear head;

  /** An uninitialised block for {@code config}; initialise it with shapes (B,57) and (B,19). */
  public TransformerAutoencoder(TransformerAeConfig config) {
    super(VERSION);
    this.config = config;
    int d = config.embedDim();
    embed = addChildBlock("embed", Linear.builder().setUnits(d).build());
    slotEmbedding = addParameter(slotParameter("slotEmbedding", d));
    for (int i = 0; i < config.encoderLayers(); i++) {
      encoder.add(addChildBlock("encoder" + i, layer(config)));
    }
    encoderNorm = addChildBlock("encoderNorm", LayerNorm.builder().axis(1).build());
    toLatent = addChildBlock("toLatent", Linear.builder().setUnits(config.latentDim()).build());
    fromLatent = addChildBlock("fromLatent", Linear.builder().setUnits(d).build());
    slotQueries = addParameter(slotParameter("slotQueries", d));
    for (int i = 0; i < config.decoderLayers(); i++) {
      decoder.add(addChildBlock("decoder" + i, layer(config)));
    }
    decoderNorm = addChildBlock("decoderNorm", LayerNorm.builder().axis(2).build());
    head = addChildBlock("head", Linear.builder().setUnits(Adc2021.KINEMATIC).build());
    head.setInitializer(new NormalInitializer(HEAD_SIGMA), Parameter.Type.WEIGHT);
  }

  private static TransformerEncoderLayer layer(TransformerAeConfig c) {
    return new TransformerEncoderLayer(c.embedDim(), c.heads(), c.ffDim(), c.dropout());
  }

  private static Parameter slotParameter(String name, int d) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(Adc2021.SLOTS, d))
        .optInitializer(new NormalInitializer(1f))
        .build();
  }

  /** The configuration this block was built from. */
  public TransformerAeConfig config() {
    return config;
  }

  /**
   * The block's parameters by the names {@link TransformerNet} uses: DJL's names with the two-digit
   * child-number prefixes removed ({@code 02encoder0_01norm1_gamma} -> {@code encoder0_norm1_gamma}), in
   * the block's order.
   */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> m = new LinkedHashMap<>();
    for (var p : getParameters()) {
      m.put(p.getKey().replaceAll("(^|_)\\d\\d(?=[A-Za-z])", "$1"), p.getValue());
    }
    return m;
  }

  /**
   * The same network on nphunt's Java kernels, with a copy of the block's current parameters (the fused
   * scoring and training path, issue 17).
   *
   * @throws IllegalStateException when the block is not initialised
   */
  public TransformerNet kernelNet() {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (var e : namedParameters().entrySet()) {
      if (e.getValue().getArray() == null) {
        throw new IllegalStateException("transformer parameter " + e.getKey() + " is not initialised");
      }
      values.put(e.getKey(), e.getValue().getArray().toFloatArray());
    }
    return new TransformerNet(config.embedDim(), config.heads(), config.ffDim(), config.latentDim(),
        config.encoderLayers(), config.decoderLayers(), values);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    // copies in libtorch-owned memory: see ConvAutoencoder.checkInputs
    NDArray x = ConvAutoencoder.checkInputs(inputs, "transformer").duplicate();
    NDArray mask = inputs.get(1).duplicate();
    long b = x.getShape().get(0);
    NDManager nd = x.getManager();

    // Slot 0 (MET) always counts as real: no fully masked attention row, no empty pooling.
    NDArray first = nd.arange(0f, Adc2021.SLOTS, 1f, DataType.FLOAT32).lt(0.5f)
        .toType(DataType.FLOAT32, false); // (19): 1 for slot 0
    NDArray real = mask.maximum(first); // (B,19)
    NDArray keyBias = Tensors.mul(real.sub(1f), -MASKED).reshape(b, 1, 1, Adc2021.SLOTS);

    NDArray h = x.reshape(b, Adc2021.SLOTS, Adc2021.KINEMATIC);
    h = embed.forward(ps, new NDList(h), training, params).head()
        .add(ps.getValue(slotEmbedding, x.getDevice(), training));
    for (TransformerEncoderLayer layer : encoder) {
      h = layer.forward(ps, new NDList(h, keyBias), training, params).head();
    }
    NDArray weights = real.expandDims(2); // (B,19,1)
    NDArray pooled = h.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1})); // (B,d)
    pooled = encoderNorm.forward(ps, new NDList(pooled), training, params).head();
    NDArray z = toLatent.forward(ps, new NDList(pooled), training, params).head();

    NDArray q = fromLatent.forward(ps, new NDList(z), training, params).head().expandDims(1)
        .add(ps.getValue(slotQueries, x.getDevice(), training)); // (B,19,d)
    for (TransformerEncoderLayer layer : decoder) {
      q = layer.forward(ps, new NDList(q), training, params).head();
    }
    q = decoderNorm.forward(ps, new NDList(q), training, params).head();
    NDArray out = head.forward(ps, new NDList(q), training, params).head();
    return new NDList(out.reshape(b, Adc2021.INPUTS));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), Adc2021.INPUTS)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    int d = config.embedDim();
    Shape tokens = new Shape(b, Adc2021.SLOTS, d);
    embed.initialize(manager, dataType, new Shape(b, Adc2021.SLOTS, Adc2021.KINEMATIC));
    for (TransformerEncoderLayer layer : encoder) {
      layer.initialize(manager, dataType, tokens);
    }
    encoderNorm.initialize(manager, dataType, new Shape(b, d));
    toLatent.initialize(manager, dataType, new Shape(b, d));
    fromLatent.initialize(manager, dataType, new Shape(b, config.latentDim()));
    for (TransformerEncoderLayer layer : decoder) {
      layer.initialize(manager, dataType, tokens);
    }
    decoderNorm.initialize(manager, dataType, tokens);
    head.initialize(manager, dataType, tokens);
  }
}
