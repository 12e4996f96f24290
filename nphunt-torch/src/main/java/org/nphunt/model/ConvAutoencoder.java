package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.nphunt.data.Adc2021;

/**
 * Convolutional autoencoder over the 19 x 3 (slot, feature) matrix seen as a one-channel image, after
 * the CNN autoencoder of the ADC2021 data challenge (arXiv:2107.02157).
 *
 * <p>Layers (B = batch, F1/F2 = {@link ConvAeConfig#filters1()}/{@link ConvAeConfig#filters2()},
 * LReLU = LeakyReLU, pool = average pool kernel (3,1) stride (3,1) with one zero row of padding
 * above and below; the pool asks for the padding to be excluded from the average, but DJL 0.35.1 with
 * PyTorch counts it whatever the flag (measured, see org.nphunt.deploy.onnx.OnnxExport), so the edge
 * windows divide by 3):
 *
 * <pre>
 * x (B,57) -> (B,1,19,3)
 *   Conv2d F1 3x3, padding (1,1) "same"  -> (B,F1,19,3) -> LReLU -> pool -> (B,F1,7,3)
 *   Conv2d F2 3x1, padding (1,0) "same"  -> (B,F2,7,3)  -> LReLU -> pool -> (B,F2,3,3)
 *   flatten -> Linear latent              -> z (B,L)            (linear bottleneck)
 *   Linear F2*3*3 -> LReLU -> (B,F2,3,3)
 *   repeat rows x3 -> (B,F2,9,3) -> crop rows 1..7 -> (B,F2,7,3)
 *   Conv2d F1 3x3, padding (1,1) -> LReLU  -> (B,F1,7,3)
 *   repeat rows x3 -> (B,F1,21,3) -> crop rows 1..19 -> (B,F1,19,3)
 *   Conv2d 1 3x3, padding (1,1)          -> (B,1,19,3) -> (B,57)   (linear output)
 * </pre>
 *
 * The pooling pads 19 rows to 21 (7 windows) and 7 to 9 (3 windows) so no slot is dropped; the
 * decoder mirrors it: nearest-neighbour upsampling (a broadcast copy, as {@link NDArray#repeat(int, long)}) then a
 * centre crop that removes the padded rows, then a convolution (transposed convolutions are not
 * implemented by the DJL PyTorch engine). The slot mask (second input) is accepted for the common
 * contract but not used: empty slots are exact zeros after preprocessing, which the convolutions
 * see as such.
 *
 * <p>This block defines the parameters and the model file format and is the libtorch reference; nphunt
 * trains and scores it on its own CPU kernels ({@code org.nphunt.kernel.ConvAutoencoderNet}, issue 17),
 * which read and write these parameters ({@link #layers()}).
 */
public final class ConvAutoencoder extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final Shape POOL = new Shape(3, 1);
  private static final Shape POOL_PADDING = new Shape(1, 0);

  private final ConvAeConfig config;
  private final Conv2d conv1;
  private final Conv2d conv2;
  private final Linear toLatent;
  private final Linear fromLatent;
  private final Conv2d deconv2;
  private final Conv2d deconv1;
  private final float slope;

  /** An uninitialised block for {@code config}; initialise it with shapes (B,57) and (B,19). */
  public ConvAutoencoder(ConvAeConfig config) {
    super(VERSION);
    this.config = config;
    this.slope = (float) config.negativeSlope();
    conv1 = addChildBlock("conv1", conv(config.filters1(), 3, 3));
    conv2 = addChildBlock("conv2", conv(config.filters2(), 3, 1));
    toLatent = addChildBlock("toLatent", Linear.builder().setUnits(config.latentDim()).build());
    fromLatent = addChildBlock(
        "fromLatent", Linear.builder().setUnits(config.filters2() * 3L * Adc2021.KINEMATIC).build());
    deconv2 = addChildBlock("deconv2", conv(config.filters1(), 3, 3));
    deconv1 = addChildBlock("deconv1", conv(1, 3, 3));
  }

  private static Conv2d conv(int filters, int kh, int kw) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kh, kw))
        .optPadding(new Shape(kh / 2, kw / 2))
        .build();
  }

  /** The configuration this block was built from. */
  public ConvAeConfig config() {
    return config;
  }

  /**
   * The six parameterised layers in forward order: conv1, conv2 ({@link Conv2d}), toLatent, fromLatent
   * ({@link Linear}), deconv2, deconv1 ({@link Conv2d}); for nphunt's own kernels
   * (org.nphunt.kernel.ConvAutoencoderNet), which read and write their parameters.
   */
  public java.util.List<AbstractBlock> layers() {
    return java.util.List.of(conv1, conv2, toLatent, fromLatent, deconv2, deconv1);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    TorchRuntime.requireExactConvolution("the conv autoencoder (libtorch path)");
    NDArray x = checkInputs(inputs, "conv").duplicate(); // libtorch-owned copy: see checkInputs
    long b = x.getShape().get(0);
    NDArray h = x.reshape(b, 1, Adc2021.SLOTS, Adc2021.KINEMATIC);
    h = pool(act(conv1.forward(ps, new NDList(h), training, params).head()));
    h = pool(act(conv2.forward(ps, new NDList(h), training, params).head()));
    NDArray z = toLatent.forward(ps, new NDList(h.reshape(b, -1)), training, params).head();
    h = act(fromLatent.forward(ps, new NDList(z), training, params).head());
    h = h.reshape(b, config.filters2(), 3, Adc2021.KINEMATIC);
    h = upsample(h, 7);
    h = act(deconv2.forward(ps, new NDList(h), training, params).head());
    h = upsample(h, Adc2021.SLOTS);
    h = deconv1.forward(ps, new NDList(h), training, params).head();
    return new NDList(h.reshape(b, Adc2021.INPUTS));
  }

  /**
   * The inputs array x after checking the contract's shapes, x (B,57) and mask (B,19), so that a
   * wrong shape fails with one line instead of a libtorch trace.
   *
   * <p>Callers then {@code duplicate()} the inputs: an array DJL creates from a Java buffer wraps
   * that buffer in place ({@code from_blob}), so its alignment varies from run to run, and the CPU
   * matrix kernels round differently for different alignments; measured: the same seeded
   * transformer training followed 2 different trajectories over 5 JVM runs without the copy, 1
   * over 6 runs with it. The copy is B x 76 floats.
   */
  static NDArray checkInputs(NDList inputs, String architecture) {
    if (inputs.size() != 2) {
      throw new IllegalArgumentException(
          architecture + " autoencoder expects 2 inputs (x, mask), found " + inputs.size());
    }
    Shape x = inputs.get(0).getShape();
    Shape m = inputs.get(1).getShape();
    if (x.dimension() != 2 || x.get(1) != Adc2021.INPUTS || m.dimension() != 2
        || m.get(0) != x.get(0) || m.get(1) != Adc2021.SLOTS) {
      throw new IllegalArgumentException(architecture + " autoencoder expects x (B,"
          + Adc2021.INPUTS + ") and mask (B," + Adc2021.SLOTS + "), found " + x + " and " + m);
    }
    return inputs.get(0);
  }

  private NDArray act(NDArray a) {
    return Activation.leakyRelu(a, slope);
  }

  private static NDArray pool(NDArray a) {
    return Pool.avgPool2d(a, POOL, POOL, POOL_PADDING, false, false);
  }

  /**
   * Nearest-neighbour x3 along the slot axis, then the centre {@code rows} rows: (B,C,H,W) is viewed as
   * (B,C,H,1,W), broadcast to (B,C,H,3,W) and read as (B,C,3H,W), the same values as {@code repeat(2, 3)}
   * (libtorch's repeat_interleave), which builds an index tensor and gathers through it: 20% of the conv
   * AE's scoring time in a profile (issue 17), against a plain copy here.
   */
  private static NDArray upsample(NDArray a, int rows) {
    Shape s = a.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long h = s.get(2);
    long w = s.get(3);
    return a.reshape(b, c, h, 1, w).broadcast(b, c, h, 3, w).reshape(b, c, 3 * h, w)
        .get(new NDIndex().addAllDim().addAllDim().addSliceDim(1, 1 + rows));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), Adc2021.INPUTS)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    conv1.initialize(manager, dataType, new Shape(b, 1, Adc2021.SLOTS, Adc2021.KINEMATIC));
    conv2.initialize(manager, dataType, new Shape(b, config.filters1(), 7, Adc2021.KINEMATIC));
    toLatent.initialize(manager, dataType, new Shape(b, config.filters2() * 3L * Adc2021.KINEMATIC));
    fromLatent.initialize(manager, dataType, new Shape(b, config.latentDim()));
    deconv2.initialize(manager, dataType, new Shape(b, config.filters2(), 7, Adc2021.KINEMATIC));
    deconv1.initialize(manager, dataType, new Shape(b, config.filters1(), Adc2021.SLOTS, Adc2021.KINEMATIC));
  }
}
