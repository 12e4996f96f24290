package org.nphunt.kernel;

import java.util.Arrays;

/**
 * A "same"-padded convolution over a small image of 3 columns, with an optional nearest-neighbour
 * upsampling before it, folded into dense bands from the stored source image to the stored output
 * image. The folded weight of (output q, input i) is the sum of the kernel taps that read source
 * element i for output element q; it is zero for most (q, i) (an output reads one to three source rows),
 * so the folded matrix is cut into bands: the outputs in blocks of {@code outBlock} lanes (one output
 * row, or 16 lanes), each a dense layer over the one contiguous range of inputs that block reads. The
 * backward pass to the inputs is cut the same way the other way round: the inputs in blocks of
 * {@code inBlock} (one source row), each a dense layer over the contiguous range of output gradients
 * that read it. {@link ConvAutoencoderNet} runs its first convolution and both decoder convolutions this
 * way: no im2col copy, and only the taps' rows are multiplied (the 3x3 decoder convolution over a 7x3
 * image from a 3x3 one: 50,688 instead of 96,768 multiply-adds per event; the one-channel output
 * convolution 9,216 instead of 21,504; issue 17).
 *
 * <p>The inputs a band skips all have folded weight 0 for its outputs, and every band adds its inputs in
 * increasing order, so a band computes the same floats as the whole folded layer over all inputs
 * (skipping {@code fma(0, x, acc) = acc}, exact for finite x up to the sign of an exact zero); likewise
 * for the input gradients and, for the weight gradients, each (q, i) entry of a band is the same sum over
 * the events as in the whole folded layer.
 *
 * <p>The master parameters stay the libtorch tensors (weight (Cout, Cin, kh, kw) as a (Cout) x
 * (Cin kh kw) {@link DenseLayer}, bias (Cout)); {@link #refresh()} rebuilds the bands from them and
 * {@link #unfold} maps the bands' weight and bias gradients back onto them (the chain rule through the
 * sum above), both in one fixed order. Folding changes the float32 rounding against an im2col
 * evaluation (taps reading the same upsampled element are added before the multiplication) at the
 * level of float32 rounding; tested against libtorch and a double-precision reference.
 */
final class FoldedConvolution {
  private final DenseLayer master;
  private final int outBlock;
  private final int inBlock;
  private final boolean act;
  private final float slope;
  /** Per fold entry: the master weight index ((o * Cin + c) * kh + ky) * kw + kx. */
  private final int[] tap;
  /** Per fold entry: its forward band and index in that band's weights ((i - from) * outBlock + q - q0). */
  private final int[] fwdBand;
  private final int[] fwdAt;
  /** Per fold entry: its backward band and index in that band's weights ((q - from) * inBlock + i - i0). */
  private final int[] bwdBand;
  private final int[] bwdAt;
  /** Per folded output q: the output channel whose bias it carries, -1 for a padding lane. */
  private final int[] channelOf;
  /** Forward band b: inputs [fwdFrom[b], fwdFrom[b] + fwdCount[b]) -> outputs [b outBlock, (b + 1) outBlock). */
  private final int[] fwdFrom;
  private final int[] fwdCount;
  private final float[][] fwdW;
  private final float[][] fwdB;
  /** Backward band c: output gradients [bwdFrom[c], + bwdCount[c]) -> input gradients [c inBlock, (c + 1) inBlock). */
  private final int[] bwdFrom;
  private final int[] bwdCount;
  private final float[][] bwdW;

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
   * @param outBlock outputs per forward band, a multiple of {@link Kernels#LANES} dividing {@code out}
   * @param inBlock inputs per backward band, a multiple of {@link Kernels#LANES} dividing {@code in}; 0: no
   *     backward pass to the inputs (a first layer)
   */
  FoldedConvolution(DenseLayer master, int cin, int kh, int kw, int[] rowMap, int sc, int sp, int in, int oc, int opos,
      int out, boolean act, float slope, int outBlock, int inBlock) {
    if (outBlock < Kernels.LANES || outBlock % Kernels.LANES != 0 || out % outBlock != 0
        || inBlock < 0 || inBlock % Kernels.LANES != 0 || (inBlock > 0 && in % inBlock != 0)) {
      throw new IllegalArgumentException("bands of " + outBlock + " outputs / " + inBlock + " inputs do not tile a "
          + in + " -> " + out + " layer");
    }
    this.master = master;
    this.outBlock = outBlock;
    this.inBlock = inBlock;
    this.act = act;
    this.slope = slope;
    int cout = master.out();
    int rows = rowMap.length;
    int w = ConvAutoencoderNet.W;
    int entries = 0;
    int[] tapTmp = new int[cout * rows * w * cin * kh * kw];
    int[] qTmp = new int[tapTmp.length];
    int[] iTmp = new int[tapTmp.length];
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
                  tapTmp[entries] = ((o * cin + c) * kh + ky) * kw + kx;
                  qTmp[entries] = q;
                  iTmp[entries] = c * sc + (rowMap[hh] * w + ww) * sp;
                  entries++;
                }
              }
            }
          }
        }
      }
    }
    tap = Arrays.copyOf(tapTmp, entries);
    int nf = out / outBlock;
    fwdFrom = new int[nf];
    fwdCount = new int[nf];
    range(qTmp, iTmp, entries, outBlock, fwdFrom, fwdCount);
    fwdBand = new int[entries];
    fwdAt = new int[entries];
    fwdW = new float[nf][];
    fwdB = new float[nf][];
    for (int b = 0; b < nf; b++) {
      fwdW[b] = new float[fwdCount[b] * outBlock];
      fwdB[b] = new float[outBlock];
    }
    for (int e = 0; e < entries; e++) {
      int b = qTmp[e] / outBlock;
      fwdBand[e] = b;
      fwdAt[e] = (iTmp[e] - fwdFrom[b]) * outBlock + qTmp[e] - b * outBlock;
    }
    int nb = inBlock == 0 ? 0 : in / inBlock;
    bwdFrom = new int[nb];
    bwdCount = new int[nb];
    range(iTmp, qTmp, entries, inBlock, bwdFrom, bwdCount);
    bwdBand = new int[nb == 0 ? 0 : entries];
    bwdAt = new int[bwdBand.length];
    bwdW = new float[nb][];
    for (int c = 0; c < nb; c++) {
      bwdW[c] = new float[bwdCount[c] * inBlock];
    }
    for (int e = 0; e < bwdBand.length; e++) {
      int c = iTmp[e] / inBlock;
      bwdBand[e] = c;
      bwdAt[e] = (qTmp[e] - bwdFrom[c]) * inBlock + iTmp[e] - c * inBlock;
    }
    refresh();
  }

  /**
   * For every block key / block of the entries: the smallest and past-the-largest value they read, as
   * {@code from} and {@code count} (0 and 0 for a block without entries).
   */
  private static void range(int[] key, int[] value, int entries, int block, int[] from, int[] count) {
    if (block == 0) {
      return;
    }
    int[] lo = new int[from.length];
    int[] hi = new int[from.length];
    Arrays.fill(lo, Integer.MAX_VALUE);
    Arrays.fill(hi, -1);
    for (int e = 0; e < entries; e++) {
      int b = key[e] / block;
      lo[b] = Math.min(lo[b], value[e]);
      hi[b] = Math.max(hi[b], value[e]);
    }
    for (int b = 0; b < from.length; b++) {
      from[b] = hi[b] < 0 ? 0 : lo[b];
      count[b] = hi[b] < 0 ? 0 : hi[b] + 1 - lo[b];
    }
  }

  /** The convolution's own parameters. */
  DenseLayer master() {
    return master;
  }

  /** Forward bands (output blocks). */
  int bands() {
    return fwdW.length;
  }

  /** Floats of forward band b's weight gradient (its inputs x {@code outBlock}). */
  int bandWeights(int b) {
    return fwdW[b].length;
  }

  /** Lanes of a forward band (the length of its bias gradient). */
  int outBlock() {
    return outBlock;
  }

  /** Multiply-adds of the forward pass per event (the bands' inputs x their lanes). */
  long bandMacs() {
    long m = 0;
    for (float[] w : fwdW) {
      m += w.length;
    }
    return m;
  }

  /** Rebuilds the bands' weights and biases from the master ones (taps added in one fixed order). */
  void refresh() {
    float[] mw = master.weight();
    float[] mb = master.bias();
    for (float[] w : fwdW) {
      Arrays.fill(w, 0f);
    }
    for (int e = 0; e < tap.length; e++) {
      fwdW[fwdBand[e]][fwdAt[e]] += mw[tap[e]];
    }
    for (int b = 0; b < fwdB.length; b++) {
      for (int j = 0; j < outBlock; j++) {
        int c = channelOf[b * outBlock + j];
        fwdB[b][j] = c < 0 ? 0f : mb[c];
      }
    }
    for (int e = 0; e < bwdBand.length; e++) {
      bwdW[bwdBand[e]][bwdAt[e]] = fwdW[fwdBand[e]][fwdAt[e]];
    }
  }

  /**
   * The layer over n events: source rows {@code in[inOff + e * is + i]}, output rows
   * {@code out[outOff + e * os + q]} (all {@code out} lanes written), as {@link Kernels#dense} of the whole
   * folded layer with its activation.
   */
  void forward(Kernels k, float[] in, int inOff, int is, float[] out, int outOff, int os, int n) {
    for (int b = 0; b < fwdW.length; b++) {
      k.dense(in, inOff + fwdFrom[b], is, fwdCount[b], fwdW[b], fwdB[b], outBlock, act, slope, out,
          outOff + b * outBlock, os, n);
    }
  }

  /**
   * The gradient of the source rows ({@code into[intoOff + e * intoS + i]}, all {@code in} lanes written)
   * from the output gradient rows {@code g[gOff + e * gs + q]} (after the activation's backward pass):
   * for each input i, the sum over the outputs q that read it, in increasing q, of fma(folded(q, i), g).
   */
  void backward(Kernels k, float[] g, int gOff, int gs, float[] into, int intoOff, int intoS, int n) {
    if (bwdW.length == 0) {
      throw new IllegalStateException("this convolution has no backward bands (a first layer)");
    }
    for (int c = 0; c < bwdW.length; c++) {
      k.dense(g, gOff + bwdFrom[c], gs, bwdCount[c], bwdW[c], null, inBlock, false, 0f, into, intoOff + c * inBlock,
          intoS, n);
    }
  }

  /**
   * The bands' weight and bias gradients over n events ({@link Kernels#weightGradient} of each band: source
   * rows {@code a}, output gradient rows {@code d}); overwrites {@code gw[b]} ({@link #bandWeights}) and
   * {@code gb[b]} ({@link #outBlock} floats).
   */
  void weightGradient(Kernels k, float[] a, int aOff, int as, float[] d, int dOff, int ds, int n, float[][] gw,
      float[][] gb) {
    for (int b = 0; b < fwdW.length; b++) {
      k.weightGradient(a, aOff + fwdFrom[b], as, fwdCount[b], d, dOff + b * outBlock, ds, outBlock, n, gw[b], gb[b]);
    }
  }

  /**
   * The master weight (Cout x Cin kh kw) and bias (Cout) gradients from the bands' gradients (as
   * {@link #weightGradient} writes them); overwrites {@code gw} and {@code gbias}. Fixed order: the fold
   * entries (output channel, output position, input channel, ky, kx), then the bias lanes in increasing q.
   */
  void unfold(float[][] bandW, float[][] bandB, float[] gw, float[] gbias) {
    Arrays.fill(gw, 0f);
    Arrays.fill(gbias, 0f);
    for (int e = 0; e < tap.length; e++) {
      gw[tap[e]] += bandW[fwdBand[e]][fwdAt[e]];
    }
    for (int q = 0; q < channelOf.length; q++) {
      if (channelOf[q] >= 0) {
        gbias[channelOf[q]] += bandB[q / outBlock][q % outBlock];
      }
    }
  }
}
