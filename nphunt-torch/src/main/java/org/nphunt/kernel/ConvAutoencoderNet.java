package org.nphunt.kernel;

import java.util.Arrays;
import java.util.List;

/**
 * The convolutional autoencoder of the ADC2021 data challenge (arXiv:2107.02157; nphunt's
 * {@code org.nphunt.model.ConvAutoencoder}, model name {@code conv}) on nphunt's {@link Kernels}: the
 * first convolution (one input channel) and the decoder's two are folded dense bands per event, the
 * upsampling and the kernel taps folded into their weights and only the rows an output block reads
 * multiplied ({@link FoldedConvolution}: the images are small, and the last convolution has a single
 * output channel); the second convolution is an im2col copy (runs of F1 channels copied whole) followed
 * by a {@link Kernels#dense} GEMM over (event, position) rows; the pools are {@link Kernels#avgPool3Rows}. Scoring and training thus run the same register-blocked kernels as the dense
 * autoencoder instead of one libtorch call per operation on tiny tensors (issue 17).
 *
 * <p>Shapes (B events; F1, F2 filters; L latent; images are (channels, 19 or 7 or 3 rows, 3 columns);
 * "pool" is the block's average pool, kernel (3,1), stride (3,1), one zero row of padding above and
 * below that counts in the divisor (the window sum over the rows inside the image, divided by 3);
 * "up" is nearest-neighbour x3 along the rows followed by the centre crop, output row j = input row
 * (j + 1) / 3):
 * <pre>
 * x (57 = 19 x 3)  -conv1 3x3 F1, LReLU-> (F1,19,3) -pool-> (F1,7,3) -conv2 3x1 F2, LReLU-> (F2,7,3)
 *   -pool-> (F2,3,3) -flatten (c,h,w)-> 9 F2 -toLatent-> z (L) -fromLatent, LReLU-> (F2,3,3)
 *   -up-> (F2,7,3) -deconv2 3x3 F1, LReLU-> (F1,7,3) -up-> (F1,19,3) -deconv1 3x3 1-> (1,19,3) = r (57)
 * </pre>
 * Every convolution has "same" zero padding (kernel / 2).
 *
 * <p>Parameters: each layer is a {@link DenseLayer} whose master weight (out x in) is exactly the
 * libtorch tensor flattened row-major: a convolution's (Cout, Cin, kh, kw) weight is the (Cout) x
 * (Cin kh kw) matrix, im2col row entry {@code (c kh + ky) kw + kx} holding input channel c at
 * offset (ky - kh/2, kx - kw/2); the linear layers read and write the (c, h, w) flattening of
 * PyTorch. So weights, gradients and Adam moments move between this class and the DJL block without
 * any permutation; only the kernels' working copies read or write other orders: fromLatent's outputs land
 * in other lanes ({@link DenseLayer#lane}), conv2 reads its im2col rows in (tap, channel) order and toLatent
 * the position-major pooled image ({@link PermutedLayer}).
 *
 * <p>Layouts: images produced by a convolution are stored position-major, one row of {@code op}
 * (padded channels) per (event, position) as the dense kernel writes them; positions are
 * {@code h * 3 + w}; fromLatent's output is position-major too (lane {@code p * pad(F2) + c}). Every
 * number of an event depends on that event only (each GEMM row is one event, or one position of one
 * event, and the pool and im2col copies are per event), so results do not depend on the tile, the batch
 * or the thread.
 */
public final class ConvAutoencoderNet {
  /** Events per scoring tile. */
  public static final int TILE = 16;
  /** Image columns (pT, eta, phi). */
  static final int W = 3;
  /** Rows of the input image, after the first pool, after the second pool. */
  static final int H0 = Kernels.SLOTS;
  static final int H1 = 7;
  static final int H2 = 3;
  /** Positions (rows x 3) of those images. */
  static final int P0 = H0 * W;
  static final int P1 = H1 * W;
  static final int P2 = H2 * W;
  static final int[] SAME19 = rowMap(H0, false);
  static final int[] UP7 = rowMap(H1, true);
  static final int[] UP19 = rowMap(H0, true);

  private final DenseLayer conv1;
  private final DenseLayer conv2;
  private final DenseLayer toLatent;
  private final DenseLayer fromLatent;
  private final DenseLayer deconv2;
  private final DenseLayer deconv1;
  private final FoldedConvolution conv1f;
  private final PermutedLayer conv2w;
  private final PermutedLayer toLatentw;
  private final FoldedConvolution deconv2f;
  private final FoldedConvolution deconv1f;
  private final int f1;
  private final int f2;
  private final int latent;
  private final float slope;

  /**
   * @param latent bottleneck dimension L
   * @param filters1 F1
   * @param filters2 F2
   * @param slope LeakyReLU negative slope, in [0, 1)
   * @param weights the six layers' weights in forward order (conv1, conv2, toLatent, fromLatent, deconv2,
   *     deconv1), each the libtorch tensor flattened row-major; copied
   * @param biases their biases; copied
   * @throws IllegalArgumentException when a count does not match the shapes above
   */
  public ConvAutoencoderNet(int latent, int filters1, int filters2, float slope, List<float[]> weights,
      List<float[]> biases) {
    if (latent < 1 || filters1 < 1 || filters2 < 1) {
      throw new IllegalArgumentException("latent and filters must be > 0, found " + latent + ", " + filters1 + ", "
          + filters2);
    }
    if (weights.size() != 6 || biases.size() != 6) {
      throw new IllegalArgumentException("the conv autoencoder has 6 layers, found " + weights.size() + " weights and "
          + biases.size() + " biases");
    }
    this.latent = latent;
    this.f1 = filters1;
    this.f2 = filters2;
    this.slope = slope;
    int f2p = Kernels.pad(f2);
    int[] positionMajor = new int[P2 * f2];
    for (int c = 0; c < f2; c++) {
      for (int p = 0; p < P2; p++) {
        positionMajor[c * P2 + p] = p * f2p + c;
      }
    }
    conv1 = new DenseLayer(weights.get(0), biases.get(0), 9, f1, true, slope);
    conv2 = new DenseLayer(weights.get(1), biases.get(1), 3 * f1, f2, true, slope);
    toLatent = new DenseLayer(weights.get(2), biases.get(2), P2 * f2, latent, false, 0f);
    // the (c, h, w) outputs of fromLatent land position-major (lane p * f2p + c): each decoder row band of
    // deconv2 then reads one contiguous range of source rows
    fromLatent = new DenseLayer(weights.get(3), biases.get(3), latent, P2 * f2, true, slope, positionMajor);
    deconv2 = new DenseLayer(weights.get(4), biases.get(4), 9 * f2, f1, true, slope);
    deconv1 = new DenseLayer(weights.get(5), biases.get(5), 9 * f1, 1, false, 0f);
    int op1 = conv1.op();
    int op2 = conv2.op();
    int opd = Kernels.pad(f1);
    // conv2 reads im2col rows in (tap, channel) order (runs of F1 copied whole), toLatent the position-major
    // pooled image (lane p * op2 + c) instead of the (c, h, w) flattening
    int[] tapMajor = new int[3 * f1];
    for (int c = 0; c < f1; c++) {
      for (int ky = 0; ky < 3; ky++) {
        tapMajor[c * 3 + ky] = ky * f1 + c;
      }
    }
    conv2w = new PermutedLayer(conv2, tapMajor, 3 * f1);
    int[] pooled = new int[P2 * f2];
    for (int c = 0; c < f2; c++) {
      for (int p = 0; p < P2; p++) {
        pooled[c * P2 + p] = p * op2 + c;
      }
    }
    toLatentw = new PermutedLayer(toLatent, pooled, P2 * op2);
    // conv1 reads the input rows (one channel, position p at p) and writes position-major rows of op1 lanes, one
    // band per output row (its 3 x 3 input window); deconv2 reads the position-major fromLatent output, one band
    // per output row forward and per source row backward; deconv1 reads those rows and writes the 57 outputs in
    // the kernels' row layout, bands of 16 output lanes forward and one source row backward
    conv1f = new FoldedConvolution(conv1, 1, 3, 3, SAME19, 0, 1, Kernels.ROW, 1, op1, P0 * op1, true, slope, W * op1, 0);
    deconv2f = new FoldedConvolution(deconv2, f2, 3, 3, UP7, 1, f2p, P2 * f2p, 1, opd, P1 * opd, true, slope, W * opd,
        W * f2p);
    deconv1f = new FoldedConvolution(deconv1, f1, 3, 3, UP19, 1, opd, P1 * opd, 0, 1, Kernels.ROW, false, 0f,
        Kernels.LANES, W * opd);
  }

  /** Rebuilds every derived layout (padded, folded, permuted) from the master weights of all layers. */
  void refold() {
    for (int l = 0; l < 6; l++) {
      refresh(l);
    }
  }

  /** Rebuilds the derived layouts of layer l (forward order) after its master weights changed. */
  void refresh(int l) {
    layers().get(l).refresh();
    switch (l) {
      case 0 -> conv1f.refresh();
      case 1 -> conv2w.refresh();
      case 2 -> toLatentw.refresh();
      case 4 -> deconv2f.refresh();
      case 5 -> deconv1f.refresh();
      default -> { }
    }
  }

  private static int[] rowMap(int rows, boolean up) {
    int[] m = new int[rows];
    for (int j = 0; j < rows; j++) {
      m[j] = up ? (j + 1) / 3 : j;
    }
    return m;
  }

  /** The layers in forward order (conv1, conv2, toLatent, fromLatent, deconv2, deconv1). */
  public List<DenseLayer> layers() {
    return List.of(conv1, conv2, toLatent, fromLatent, deconv2, deconv1);
  }

  public int latent() {
    return latent;
  }

  public int filters1() {
    return f1;
  }

  public int filters2() {
    return f2;
  }

  public float slope() {
    return slope;
  }

  /** Parameters of all layers. */
  public long parameters() {
    long n = 0;
    for (DenseLayer l : layers()) {
      n += l.parameters();
    }
    return n;
  }

  /** Multiply-accumulates of one event's forward pass (every tap counted, padding included, no lane padding). */
  public long macsPerEvent() {
    return (long) P0 * conv1.in() * f1 + (long) P1 * conv2.in() * f2 + toLatent.parameters() - latent
        + fromLatent.parameters() - (long) P2 * f2 + (long) P1 * deconv2.in() * f1 + (long) P0 * deconv1.in();
  }

  /** Buffers of one thread for scoring tiles of up to {@code rows} events. */
  public Buffers tile(int rows) {
    return new Buffers(this, Math.max(1, Math.min(rows, TILE)));
  }

  /** Buffers for training slices of {@code rows} events (the forward images kept for the backward pass). */
  Buffers trainingBuffers(int rows) {
    return new Buffers(this, rows);
  }

  /**
   * A thread's working buffers: inputs {@code x} (rows of {@link Kernels#ROW}), column mask {@code cm},
   * slot bits, the reconstruction {@code r} (rows of {@link Kernels#ROW}, positions 57..63 kept 0),
   * score sums and preprocessing scratch, as {@code AutoencoderNet.Tile}; then the intermediate images.
   */
  public static final class Buffers {
    public final int rows;
    public final float[] x;
    public final float[] cm;
    public final int[] bits;
    public final float[] r;
    public final double[] sums;
    public final double[] tmp;
    final float[] a1;
    final float[] p1;
    final float[] col2;
    final float[] a2;
    final float[] p2;
    final float[] z;
    final float[] u;
    final float[] d2;

    Buffers(ConvAutoencoderNet net, int rows) {
      this.rows = rows;
      x = new float[rows * Kernels.ROW];
      cm = new float[rows * Kernels.ROW];
      bits = new int[rows];
      r = new float[rows * Kernels.ROW];
      sums = new double[rows * Kernels.SUMS];
      tmp = new double[rows * Kernels.RAW];
      col2 = new float[rows * P1 * net.conv2.in()];
      a1 = new float[rows * P0 * net.conv1.op()];
      p1 = new float[rows * P1 * net.conv1.op()];
      a2 = new float[rows * P1 * net.conv2.op()];
      p2 = new float[rows * P2 * net.conv2.op()];
      z = new float[rows * net.toLatent.op()];
      u = new float[rows * net.fromLatent.op()];
      d2 = new float[rows * P1 * Kernels.pad(net.f1)];
    }
  }

  /** Runs events [0, n) of the buffers (n <= rows): x -> r. */
  public void forward(Kernels k, Buffers b, int n) {
    int op1 = conv1.op();
    int op2 = conv2.op();
    conv1f.forward(k, b.x, 0, Kernels.ROW, b.a1, 0, P0 * op1, n);
    k.avgPool3Rows(b.a1, H0, b.p1, H1, W * op1, n);
    columns(b.p1, op1, f1, b.col2, n);
    layer(k, conv2w.working(), b.col2, b.a2, n * P1);
    k.avgPool3Rows(b.a2, H1, b.p2, H2, W * op2, n);
    DenseLayer tl = toLatentw.working();
    k.dense(b.p2, 0, P2 * op2, tl.in(), tl.wt(), tl.paddedBias(), tl.op(), false, 0f, b.z, 0, tl.op(), n);
    k.dense(b.z, 0, tl.op(), latent, fromLatent.wt(), fromLatent.paddedBias(), fromLatent.op(), true, slope, b.u, 0,
        fromLatent.op(), n);
    deconv2f.forward(k, b.u, 0, fromLatent.op(), b.d2, 0, P1 * Kernels.pad(f1), n);
    deconv1f.forward(k, b.d2, 0, P1 * Kernels.pad(f1), b.r, 0, Kernels.ROW, n);
  }

  /** A layer over {@code rows} packed input rows (stride = the layer's input count). */
  static void layer(Kernels k, DenseLayer d, float[] in, float[] out, int rows) {
    k.dense(in, 0, d.in(), d.in(), d.wt(), d.paddedBias(), d.op(), d.act(), d.slope(), out, 0, d.op(), rows);
  }

  /**
   * conv2's im2col (3 x 1 taps, "same" padding over the 7 rows) on the position-major pooled image of n
   * events ({@code op} lanes per position, {@code cin} channels): row {@code e * 21 + h * 3 + w} of
   * {@code 3 cin} entries, entry {@code ky * cin + c} = channel c at (h + ky - 1, w), 0 outside; each
   * (row, tap) a run of cin floats copied whole.
   */
  static void columns(float[] src, int op, int cin, float[] dst, int n) {
    int width = 3 * cin;
    for (int e = 0; e < n; e++) {
      for (int h = 0; h < H1; h++) {
        for (int w = 0; w < W; w++) {
          int d = ((e * H1 + h) * W + w) * width;
          for (int ky = 0; ky < 3; ky++) {
            int r = h + ky - 1;
            if (r < 0 || r >= H1) {
              Arrays.fill(dst, d + ky * cin, d + (ky + 1) * cin, 0f);
            } else {
              System.arraycopy(src, ((e * H1 + r) * W + w) * op, dst, d + ky * cin, cin);
            }
          }
        }
      }
    }
  }

  /**
   * The adjoint of {@link #columns}: {@code dst} (the pooled image's gradient, same layout, first zeroed
   * over n events) gets every entry of the gradient rows {@code g} (row stride gs) added at the element it
   * was copied from ({@link Kernels#addRuns}); each element's terms in increasing gradient row.
   */
  static void uncolumns(Kernels k, float[] g, int gs, int op, int cin, float[] dst, int n) {
    Arrays.fill(dst, 0, n * P1 * op, 0f);
    for (int e = 0; e < n; e++) {
      // pixel row r gets the taps of rows h = r + 1 (ky 0), r (ky 1), r - 1 (ky 2) in increasing h, i.e. ky = 2, 1,
      // 0: per ky one call over the consecutive (h, w) positions whose row h + ky - 1 is inside the image
      for (int ky = 2; ky >= 0; ky--) {
        int h0 = Math.max(0, 1 - ky);
        int h1 = Math.min(H1, H1 + 1 - ky);
        k.addRuns(dst, ((e * H1 + h0 + ky - 1) * W) * op, op, g, ((e * H1 + h0) * W) * gs + ky * cin, gs, (h1 - h0) * W,
            cin);
      }
    }
  }

  DenseLayer conv1() {
    return conv1;
  }

  DenseLayer conv2() {
    return conv2;
  }

  DenseLayer toLatent() {
    return toLatent;
  }

  DenseLayer fromLatent() {
    return fromLatent;
  }

  PermutedLayer conv2Working() {
    return conv2w;
  }

  PermutedLayer toLatentWorking() {
    return toLatentw;
  }

  FoldedConvolution conv1Folded() {
    return conv1f;
  }

  FoldedConvolution deconv2Folded() {
    return deconv2f;
  }

  FoldedConvolution deconv1Folded() {
    return deconv1f;
  }
}
