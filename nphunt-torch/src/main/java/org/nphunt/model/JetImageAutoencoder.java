package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The DJL block of {@link JetImageAeConfig}. B = batch of jets, P = pixels, Q = P / 4, F1, F2 =
 * {@link JetImageAeConfig#filters()}, D = dense width, L = bottleneck, ReLU after every hidden layer:
 *
 * <pre>
 * image (B,1,P,P)
 *   Conv2d F1 3x3 pad 1 -> MaxPool 2x2     -> (B,F1,P/2,P/2)
 *   Conv2d F2 3x3 pad 1 -> MaxPool 2x2     -> (B,F2,Q,Q) -> flatten
 *   Linear D -> Linear L (linear bottleneck)
 *   Linear D -> Linear F2 Q^2 -> (B,F2,Q,Q)
 *   upsample x2 (nearest) -> Conv2d F1 3x3 pad 1 -> (B,F1,P/2,P/2)
 *   upsample x2 (nearest) -> Conv2d 1 3x3 pad 1 (linear) -> (B,1,P,P)
 * </pre>
 *
 * Upsampling then convolution stands for the transposed convolutions of the published decoders (the
 * DJL PyTorch engine has none); it also avoids their checkerboard artefacts. Output: [recon (B,1,P,P)].
 */
public final class JetImageAutoencoder extends AbstractBlock {
  private static final byte VERSION = 1;
  private final JetImageAeConfig config;
  private final int p;
  private final int q;
  private final Conv2d conv1;
  private final Conv2d conv2;
  private final Linear enc;
  private final Linear bottleneck;
  private final Linear dec;
  private final Linear toMaps;
  private final Conv2d deconv2;
  private final Conv2d deconv1;

  JetImageAutoencoder(JetImageAeConfig config) {
    super(VERSION);
    this.config = config;
    this.p = config.pixels();
    this.q = p / 4;
    int f1 = config.filters().get(0);
    int f2 = config.filters().get(1);
    conv1 = addChildBlock("conv1", conv(f1));
    conv2 = addChildBlock("conv2", conv(f2));
    enc = addChildBlock("enc", Linear.builder().setUnits(config.dense()).build());
    bottleneck = addChildBlock("bottleneck", Linear.builder().setUnits(config.latentDim()).build());
    dec = addChildBlock("dec", Linear.builder().setUnits(config.dense()).build());
    toMaps = addChildBlock("toMaps", Linear.builder().setUnits((long) f2 * q * q).build());
    deconv2 = addChildBlock("deconv2", conv(f1));
    deconv1 = addChildBlock("deconv1", conv(1));
  }

  private static Conv2d conv(int filters) {
    return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build();
  }

  public JetImageAeConfig config() {
    return config;
  }

  /** Examples per inference pass (see {@link FixedChunks}): scores do not depend on the batching. */
  static final int INFERENCE_CHUNK = 32;

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    TorchRuntime.requireExactConvolution("the jet-image autoencoder (libtorch path)");
    if (!training) {
      return FixedChunks.apply(inputs, INFERENCE_CHUNK, in -> compute(ps, in, false, params));
    }
    return compute(ps, inputs, true, params);
  }

  private NDList compute(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    long b = x.getShape().get(0);
    NDArray h = pool(Activation.relu(conv1.forward(ps, new NDList(x), training, params).head()));
    h = pool(Activation.relu(conv2.forward(ps, new NDList(h), training, params).head())).reshape(b, -1);
    h = Activation.relu(enc.forward(ps, new NDList(h), training, params).head());
    NDArray z = bottleneck.forward(ps, new NDList(h), training, params).head();
    NDArray d = Activation.relu(dec.forward(ps, new NDList(z), training, params).head());
    d = Activation.relu(toMaps.forward(ps, new NDList(d), training, params).head());
    d = up(d.reshape(b, config.filters().get(1), q, q));
    d = up(Activation.relu(deconv2.forward(ps, new NDList(d), training, params).head()));
    d = deconv1.forward(ps, new NDList(d), training, params).head();
    return new NDList(d);
  }

  private static NDArray pool(NDArray a) {
    return Pool.maxPool2d(a, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
  }

  /** Nearest-neighbour x2 along both image axes. */
  private static NDArray up(NDArray a) {
    return a.repeat(2, 2).repeat(3, 2);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), 1, p, p)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 4 || in.get(1) != 1 || in.get(2) != p || in.get(3) != p) {
      throw new IllegalArgumentException("the jet-image autoencoder expects images (B,1," + p + "," + p + "), found " + in);
    }
    long b = in.get(0);
    int f1 = config.filters().get(0);
    int f2 = config.filters().get(1);
    conv1.initialize(manager, dataType, new Shape(b, 1, p, p));
    conv2.initialize(manager, dataType, new Shape(b, f1, p / 2, p / 2));
    enc.initialize(manager, dataType, new Shape(b, (long) f2 * q * q));
    bottleneck.initialize(manager, dataType, new Shape(b, config.dense()));
    dec.initialize(manager, dataType, new Shape(b, config.latentDim()));
    toMaps.initialize(manager, dataType, new Shape(b, config.dense()));
    deconv2.initialize(manager, dataType, new Shape(b, f2, p / 2, p / 2));
    deconv1.initialize(manager, dataType, new Shape(b, f1, p, p));
  }
}
