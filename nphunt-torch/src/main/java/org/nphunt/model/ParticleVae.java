package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL block of {@link ChamferVaeConfig}, the layer sequence of the public particle VAE ("vande",
 * VAEparticle) in PyTorch's channel-first layout. B = batch of jets, C = constituents, F = 3 features,
 * f1, f2, f3 = {@link ChamferVaeConfig#filters()}, P = (C - 6) / 2, L = latent dimension, ReLU after
 * every hidden layer (the default {@link ChamferVaeConfig.Kernel2d#K3X3}; with
 * {@link ChamferVaeConfig.Kernel2d#K1X3}, the public code's last run, the 2D kernels are 1x3, the list keeps
 * its length C after the first convolution, every "C - 2k" below reads "C - 2k + 2" and P = (C - 4) / 2;
 * {@link ChamferVaeConfig.Activation#ELU} replaces ReLU):
 *
 * <pre>
 * x (B,C,3) -> (B,1,C,3)
 *   Conv2d f1 3x3                      -> (B,f1,C-2,1) -> (B,f1,C-2)
 *   Conv1d f2 k3                       -> (B,f2,C-4)
 *   Conv1d f3 k3                       -> (B,f3,C-6)
 *   AvgPool1d 2                        -> (B,f3,P) -> flatten (B,f3 P)
 *   Linear dense[0], dense[1], ...     -> (B,dense[-1])
 *   Linear L -> mu, Linear L -> logVar (linear)
 * z = mu + exp(logVar / 2) eps in training (eps (B,L) is the third input), z = mu otherwise
 *   Linear dense[-1], ..., dense[0], f3 P -> (B,f3,P)
 *   nearest-neighbour upsampling x2    -> (B,f3,C-6)
 *   "transposed" Conv1d f2 k3          -> (B,f2,C-4)
 *   "transposed" Conv1d f1 k3          -> (B,f1,C-2) -> (B,f1,C-2,1)
 *   "transposed" Conv2d 1 3x3 (linear) -> (B,1,C,3) -> recon (B,C,3)
 * </pre>
 *
 * A transposed convolution with stride 1 and no padding is a convolution of the zero-padded input
 * (padding kernel - 1 on each side) with the flipped kernel; the kernel being learned, the flip is
 * immaterial, so the "transposed" layers are convolutions with padding 2 (the DJL PyTorch engine
 * implements no transposed convolution). The published decoder ends in an ELU; here the output is
 * linear, since standardised features are negative as often as positive. Outputs: [recon (B,C,3),
 * mu (B,L), logVar (B,L)]. Inputs: [constituents (B,C,3), mask (B,C)] (+ eps in training); the
 * mask does not enter the network (padded slots are zeros), only the loss.
 */
public final class ParticleVae extends AbstractBlock {
  private static final byte VERSION = 1;
  private final ChamferVaeConfig config;
  private final int c;
  /** Rows of the 2D kernel (3 or 1) and the list length after the 2D convolution, C - rows + 1. */
  private final int rows;
  private final int c1;
  private final int pooled;
  private final Conv2d conv2d;
  private final Conv1d conv1a;
  private final Conv1d conv1b;
  private final List<Linear> encoder = new ArrayList<>();
  private final Linear mu;
  private final Linear logVar;
  private final List<Linear> decoder = new ArrayList<>();
  private final Conv1d deconv1b;
  private final Conv1d deconv1a;
  private final Conv2d deconv2d;

  ParticleVae(ChamferVaeConfig config) {
    super(VERSION);
    this.config = config;
    this.c = config.constituents();
    this.rows = config.kernel2d().rows();
    this.c1 = c - rows + 1;
    this.pooled = (c1 - 4) / 2;
    List<Integer> f = config.filters();
    conv2d = addChildBlock("conv2d", Conv2d.builder().setFilters(f.get(0)).setKernelShape(new Shape(rows, 3)).build());
    conv1a = addChildBlock("conv1a", Conv1d.builder().setFilters(f.get(1)).setKernelShape(new Shape(3)).build());
    conv1b = addChildBlock("conv1b", Conv1d.builder().setFilters(f.get(2)).setKernelShape(new Shape(3)).build());
    for (int i = 0; i < config.dense().size(); i++) {
      encoder.add(addChildBlock("enc" + i, Linear.builder().setUnits(config.dense().get(i)).build()));
    }
    mu = addChildBlock("mu", Linear.builder().setUnits(config.latentDim()).build());
    logVar = addChildBlock("logVar", Linear.builder().setUnits(config.latentDim()).build());
    for (int i = config.dense().size() - 1; i >= 0; i--) {
      decoder.add(addChildBlock("dec" + i, Linear.builder().setUnits(config.dense().get(i)).build()));
    }
    decoder.add(addChildBlock("decConv", Linear.builder().setUnits((long) f.get(2) * pooled).build()));
    deconv1b = addChildBlock("deconv1b", Conv1d.builder().setFilters(f.get(1)).setKernelShape(new Shape(3))
        .optPadding(new Shape(2)).build());
    deconv1a = addChildBlock("deconv1a", Conv1d.builder().setFilters(f.get(0)).setKernelShape(new Shape(3))
        .optPadding(new Shape(2)).build());
    deconv2d = addChildBlock("deconv2d", Conv2d.builder().setFilters(1).setKernelShape(new Shape(rows, 3))
        .optPadding(new Shape(rows - 1, 2)).build());
  }

  public ChamferVaeConfig config() {
    return config;
  }

  /** Examples per inference pass (see {@link FixedChunks}): scores do not depend on the batching. */
  static final int INFERENCE_CHUNK = 32;

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    TorchRuntime.requireExactConvolution("the chamfer-vae (libtorch path)");
    if (!training) {
      return FixedChunks.apply(inputs, INFERENCE_CHUNK, in -> compute(ps, in, false, params));
    }
    return compute(ps, inputs, true, params);
  }

  private NDList compute(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    long b = x.getShape().get(0);
    List<Integer> f = config.filters();
    NDArray h = x.reshape(b, 1, c, 3);
    h = act(conv2d.forward(ps, new NDList(h), training, params).head()).reshape(b, f.get(0), c1);
    h = act(conv1a.forward(ps, new NDList(h), training, params).head());
    h = act(conv1b.forward(ps, new NDList(h), training, params).head());
    h = Pool.avgPool1d(h, new Shape(2), new Shape(2), new Shape(0), false, true).reshape(b, -1);
    for (Linear l : encoder) {
      h = act(l.forward(ps, new NDList(h), training, params).head());
    }
    NDArray m = mu.forward(ps, new NDList(h), training, params).head();
    NDArray lv = logVar.forward(ps, new NDList(h), training, params).head();
    NDArray z = m;
    if (training) {
      if (inputs.size() < 3 || !inputs.get(2).getShape().equals(m.getShape())) {
        throw new IllegalArgumentException("training the chamfer VAE needs the noise eps " + m.getShape()
            + " as third input, found " + (inputs.size() < 3 ? "none" : inputs.get(2).getShape().toString()));
      }
      z = m.add(Tensors.mul(lv, 0.5f).exp().mul(inputs.get(2)));
    }
    NDArray d = z;
    for (Linear l : decoder) {
      d = act(l.forward(ps, new NDList(d), training, params).head());
    }
    d = d.reshape(b, f.get(2), pooled).repeat(2, 2);
    d = act(deconv1b.forward(ps, new NDList(d), training, params).head());
    d = act(deconv1a.forward(ps, new NDList(d), training, params).head());
    d = deconv2d.forward(ps, new NDList(d.reshape(b, f.get(0), c1, 1)), training, params).head();
    return new NDList(d.reshape(b, c, 3), m, lv);
  }

  /** The hidden layers' activation ({@link ChamferVaeConfig#activation()}). */
  private NDArray act(NDArray a) {
    return config.activation() == ChamferVaeConfig.Activation.ELU ? Activation.elu(a, 1f) : Activation.relu(a);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    Shape l = new Shape(b, config.latentDim());
    return new Shape[] {new Shape(b, c, 3), l, l};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 3 || in.get(1) != c || in.get(2) != 3) {
      throw new IllegalArgumentException("the chamfer VAE expects constituents (B," + c + ",3), found " + in);
    }
    long b = in.get(0);
    List<Integer> f = config.filters();
    conv2d.initialize(manager, dataType, new Shape(b, 1, c, 3));
    conv1a.initialize(manager, dataType, new Shape(b, f.get(0), c1));
    conv1b.initialize(manager, dataType, new Shape(b, f.get(1), c1 - 2));
    long width = (long) f.get(2) * pooled;
    for (Linear l : encoder) {
      l.initialize(manager, dataType, new Shape(b, width));
      width = l.getOutputShapes(new Shape[] {new Shape(b, width)})[0].get(1);
    }
    mu.initialize(manager, dataType, new Shape(b, width));
    logVar.initialize(manager, dataType, new Shape(b, width));
    width = config.latentDim();
    for (Linear l : decoder) {
      l.initialize(manager, dataType, new Shape(b, width));
      width = l.getOutputShapes(new Shape[] {new Shape(b, width)})[0].get(1);
    }
    deconv1b.initialize(manager, dataType, new Shape(b, f.get(2), c1 - 4));
    deconv1a.initialize(manager, dataType, new Shape(b, f.get(1), c1 - 2));
    deconv2d.initialize(manager, dataType, new Shape(b, f.get(0), c1, 1));
  }
}
