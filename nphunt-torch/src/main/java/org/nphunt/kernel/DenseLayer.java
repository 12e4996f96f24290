package org.nphunt.kernel;

/**
 * One fully connected layer y = act(W x + b) with W of shape (out, in) stored row-major as PyTorch and
 * DJL store {@code Linear.weight}, plus the padded layouts the kernels read: {@code wt} (in x op, for
 * the forward pass), {@code wb} (op x ip, for the backward pass to the inputs) and the padded bias.
 * Output o lands in lane {@code lanes[o]} of an output row (lane o when no mapping is given; the ADC2021
 * output layer maps its 57 outputs to the {@link Kernels#ROW} layout); other lanes compute exactly 0.
 * The master arrays {@link #weight()} and {@link #bias()} are what training updates; call
 * {@link #refresh()} after changing them.
 */
public final class DenseLayer {
  private final int in;
  private final int out;
  private final int op;
  private final int ip;
  private final boolean act;
  private final float slope;
  private final float[] w;
  private final float[] b;
  private final float[] wt;
  private final float[] bp;
  private final float[] wb;
  private final int[] lanes;

  /** A layer whose output o is lane o. */
  public DenseLayer(float[] weight, float[] bias, int in, int out, boolean act, float slope) {
    this(weight, bias, in, out, act, slope, null);
  }

  /** The ADC2021 output layer: 57 linear outputs in the {@link Kernels#ROW} layout (lanes 57..63 are 0). */
  public static DenseLayer adcOutput(float[] weight, float[] bias, int in) {
    return new DenseLayer(weight, bias, in, 3 * Kernels.SLOTS, false, 0f, null);
  }

  /**
   * @param weight (out x in) row-major, copied
   * @param bias (out), copied
   * @param act LeakyReLU after the layer
   * @param slope LeakyReLU negative slope, in [0, 1)
   * @param lanes output lane of each output, increasing (null: lane o)
   */
  public DenseLayer(float[] weight, float[] bias, int in, int out, boolean act, float slope, int[] lanes) {
    if (in < 1 || out < 1 || weight.length != in * out || bias.length != out) {
      throw new IllegalArgumentException("layer " + in + " -> " + out + " needs " + in * out + " weights and " + out
          + " biases, found " + weight.length + " and " + bias.length);
    }
    if (act && !(slope >= 0 && slope < 1)) {
      throw new IllegalArgumentException("LeakyReLU slope must be in [0, 1), found " + slope);
    }
    if (lanes != null && (lanes.length != out || lanes[0] < 0)) {
      throw new IllegalArgumentException("lanes must map the " + out + " outputs");
    }
    this.lanes = lanes == null ? null : lanes.clone();
    this.in = in;
    this.out = out;
    this.op = Kernels.pad(lanes == null ? out : lanes[out - 1] + 1);
    this.ip = Kernels.pad(in);
    this.act = act;
    this.slope = slope;
    this.w = weight.clone();
    this.b = bias.clone();
    this.wt = new float[in * op];
    this.bp = new float[op];
    this.wb = new float[op * ip];
    refresh();
  }

  /** Rebuilds the padded layouts from the master weights and bias. */
  public void refresh() {
    for (int o = 0; o < out; o++) {
      int l = lane(o);
      for (int i = 0; i < in; i++) {
        float v = w[o * in + i];
        wt[i * op + l] = v;
        wb[l * ip + i] = v;
      }
      bp[l] = b[o];
    }
  }

  /** The lane of output o. */
  public int lane(int o) {
    return lanes == null ? o : lanes[o];
  }

  /** Whether outputs are mapped to other lanes than their index. */
  public boolean mapped() {
    return lanes != null;
  }

  /** Rows of {@code wb} the backward pass visits: the outputs, or every lane when mapped. */
  public int backRows() {
    return lanes == null ? out : op;
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  /** Padded output width in lanes (a multiple of 16). */
  public int op() {
    return op;
  }

  /** Padded input width (a multiple of 16). */
  public int ip() {
    return ip;
  }

  public boolean act() {
    return act;
  }

  public float slope() {
    return slope;
  }

  /** The master weights (out x in), live: change them, then {@link #refresh()}. */
  public float[] weight() {
    return w;
  }

  /** The master bias (out), live. */
  public float[] bias() {
    return b;
  }

  float[] wt() {
    return wt;
  }

  float[] paddedBias() {
    return bp;
  }

  float[] wb() {
    return wb;
  }

  /** Parameters: in x out weights plus out biases. */
  public long parameters() {
    return (long) in * out + out;
  }
}
