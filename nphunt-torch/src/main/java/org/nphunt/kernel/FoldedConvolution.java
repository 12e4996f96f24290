package org.nphunt.kernel;

import java.util.Arrays;

/**
 * A "same"-padded convolution over a small image, with the nearest-neighbour upsampling before it,
 * folded into one dense layer from the stored source image to the stored output image: the folded
 * weight of (output q, input i) is the sum of the kernel taps that read source element i for output
 * element q. The decoder convolutions of {@link ConvAutoencoderNet} run this way: one GEMM per event
 * row instead of an im2col copy per output position, and the one-channel output convolution fills
 * 57 useful lanes of 64 instead of 1 of 16.
 *
 * <p>The master parameters stay the libtorch tensors (weight (Cout, Cin, kh, kw) as a (Cout) x
 * (Cin kh kw) {@link DenseLayer}, bias (Cout)); {@link #refresh()} rebuilds the folded layer from them
 * and {@link #unfold} maps a folded weight and bias gradient back onto them (the chain rule through
 * the sum above), both in one fixed order. Folding changes the float32 rounding against an im2col
 * evaluation (taps reading the same upsampled element are added before the multiplication) at the
 * level of float32 rounding; tested against libtorch and a double-precision reference.
 */
final class FoldedConvolution {
  private final DenseLayer master;
  private final DenseLayer dense;
  /** Per fold entry: the master weight index (o, c, ky, kx) and the folded master index q * in + i. */
  private final int[] tap;
  private final int[] at;
  /** Per folded output q: the output channel whose bias it carries, -1 for a padding lane. */
  private final int[] channelOf;

  /**
   * @param master the convolution's weight (Cout x Cin kh kw) and bias, live
   * @param cin input channels
   * @param kh kernel rows (odd)
   * @param kw kernel columns (odd)
   * @param rowMap source row of each row of the (upsampled) input image; the image has rowMap.length rows
   *     and 3 columns
   * @param sc source storage stride of a channel
   * @param sp source storage stride of a position (row * 3 + column)
   * @param in source storage width (the folded layer's inputs)
   * @param oc output storage stride of a channel
   * @param opos output storage stride of a position
   * @param out output storage width (the folded layer's outputs; unaddressed lanes stay 0)
   * @param act LeakyReLU after the layer
   * @param slope its negative slope
   */
  FoldedConvolution(DenseLayer master, int cin, int kh, int kw, int[] rowMap, int sc, int sp, int in, int oc, int opos,
      int out, boolean act, float slope) {
    this.master = master;
    int cout = master.out();
    int rows = rowMap.length;
    int w = ConvAutoencoderNet.W;
    int entries = 0;
    int[] tapTmp = new int[cout * rows * w * cin * kh * kw];
    int[] atTmp = new int[tapTmp.length];
    channelOf = new int[out];
    Arrays.fill(channelOf, -1);
    for (int o = 0; o < cout; o++) {
      for (int h = 0; h < rows; h++) {
        for (int x = 0; x < w; x++) {
          int q = o * oc + (h * w + x) * opos;
          channelOf[q] = o;
          for (int c = 0; c < cin; c++) {
            for (int ky = 0; ky < kh; ky++) {
              int hh = h + ky - kh / 2;
              for (int kx = 0; kx < kw; kx++) {
                int ww = x + kx - kw / 2;
                if (hh >= 0 && hh < rows && ww >= 0 && ww < w) {
                  int i = c * sc + (rowMap[hh] * w + ww) * sp;
                  tapTmp[entries] = ((o * cin + c) * kh + ky) * kw + kx;
                  atTmp[entries] = q * in + i;
                  entries++;
                }
              }
            }
          }
        }
      }
    }
    tap = Arrays.copyOf(tapTmp, entries);
    at = Arrays.copyOf(atTmp, entries);
    dense = new DenseLayer(new float[out * in], new float[out], in, out, act, slope);
    refresh();
  }

  /** The folded layer (its master arrays are derived: change {@link #master()} and call {@link #refresh()}). */
  DenseLayer dense() {
    return dense;
  }

  /** The convolution's own parameters. */
  DenseLayer master() {
    return master;
  }

  /** Rebuilds the folded weights and bias from the master ones (taps added in one fixed order). */
  void refresh() {
    float[] fw = dense.weight();
    float[] fb = dense.bias();
    float[] mw = master.weight();
    float[] mb = master.bias();
    Arrays.fill(fw, 0f);
    for (int e = 0; e < tap.length; e++) {
      fw[at[e]] += mw[tap[e]];
    }
    for (int q = 0; q < fb.length; q++) {
      fb[q] = channelOf[q] < 0 ? 0f : mb[channelOf[q]];
    }
    dense.refresh();
  }

  /**
   * The master weight (Cout x Cin kh kw) and bias (Cout) gradients from the folded layer's gradients in
   * the kernels' layout ({@code gwt[i * op + q]}, {@code gb[q]}, as {@link Kernels#weightGradient} writes
   * them); overwrites {@code gw} and {@code gbias}.
   */
  void unfold(float[] gwt, float[] gb, float[] gw, float[] gbias) {
    int in = dense.in();
    int op = dense.op();
    Arrays.fill(gw, 0f);
    Arrays.fill(gbias, 0f);
    for (int e = 0; e < tap.length; e++) {
      int q = at[e] / in;
      int i = at[e] - q * in;
      gw[tap[e]] += gwt[i * op + q];
    }
    for (int q = 0; q < channelOf.length; q++) {
      if (channelOf[q] >= 0) {
        gbias[channelOf[q]] += gb[q];
      }
    }
  }
}
