package org.nphunt.kernel;

import java.util.List;

/**
 * The topology of the dense autoencoder and of the VAE (arXiv:2107.02157, arXiv:1312.6114) on the 57
 * ADC2021 inputs, as layers for the {@link Kernels}: an encoder whose first layer reads the inputs x
 * slot by slot, for the VAE a head layer giving [mu | logVar] (2L outputs, z = mu at inference), and a
 * decoder whose last layer gives the 57 reconstructed inputs (padded to 64).
 *
 * <p>Inference runs rows in tiles of at most {@link #TILE} events through {@link #forward}; every
 * row's numbers depend on that row only, so results do not depend on the tile, the batch or the
 * thread.
 */
public final class AutoencoderNet {
  /** Rows per tile: every buffer of a tile stays in the L1 cache. */
  public static final int TILE = 32;

  private final List<DenseLayer> encoder;
  private final DenseLayer head;
  private final List<DenseLayer> decoder;
  private final int latent;
  private final int widest;

  /**
   * @param encoder layers from the 57 inputs to the latent (dense AE) or to the last hidden layer (VAE)
   * @param head the VAE's [mu | logVar] layer, or null for a plain autoencoder
   * @param decoder layers from the latent to the 57 outputs
   */
  public AutoencoderNet(List<DenseLayer> encoder, DenseLayer head, List<DenseLayer> decoder) {
    this.encoder = List.copyOf(encoder);
    this.head = head;
    this.decoder = List.copyOf(decoder);
    if (this.encoder.isEmpty() || this.decoder.isEmpty()) {
      throw new IllegalArgumentException("encoder and decoder need at least one layer each");
    }
    if (this.encoder.get(0).in() != 3 * Kernels.SLOTS) {
      throw new IllegalArgumentException("the first layer must read the 57 inputs, found " + this.encoder.get(0).in());
    }
    DenseLayer last = this.decoder.get(this.decoder.size() - 1);
    if (last.out() != 3 * Kernels.SLOTS || last.act() || last.op() != Kernels.ROW) {
      throw new IllegalArgumentException("the last layer must give 57 linear outputs in the kernels' row layout"
          + " (DenseLayer.adcOutput), found " + last.out());
    }
    DenseLayer enc = this.encoder.get(this.encoder.size() - 1);
    if (head != null) {
      if (head.in() != enc.out() || head.out() % 2 != 0 || head.act()) {
        throw new IllegalArgumentException("the VAE head must map " + enc.out() + " to 2L linear outputs, found "
            + head.in() + " -> " + head.out());
      }
      this.latent = head.out() / 2;
    } else {
      this.latent = enc.out();
    }
    if (this.decoder.get(0).in() != latent) {
      throw new IllegalArgumentException("the decoder must read the latent (" + latent + "), found "
          + this.decoder.get(0).in());
    }
    int w = Kernels.ROW;
    for (DenseLayer l : this.encoder) {
      w = Math.max(w, l.op());
    }
    for (DenseLayer l : this.decoder) {
      w = Math.max(w, l.op());
    }
    this.widest = head == null ? w : Math.max(w, head.op());
  }

  public List<DenseLayer> encoder() {
    return encoder;
  }

  /** The VAE head, or null. */
  public DenseLayer head() {
    return head;
  }

  public List<DenseLayer> decoder() {
    return decoder;
  }

  public boolean variational() {
    return head != null;
  }

  public int latent() {
    return latent;
  }

  /** Widest padded activation row. */
  public int widest() {
    return widest;
  }

  /** Every layer in forward order (encoder, head, decoder). */
  public List<DenseLayer> layers() {
    java.util.ArrayList<DenseLayer> all = new java.util.ArrayList<>(encoder);
    if (head != null) {
      all.add(head);
    }
    all.addAll(decoder);
    return all;
  }

  /** Parameters of all layers. */
  public long parameters() {
    long n = 0;
    for (DenseLayer l : layers()) {
      n += l.parameters();
    }
    return n;
  }

  /** Multiply-accumulates of one event's forward pass (every input counted, no padding). */
  public long macsPerEvent() {
    long n = 0;
    for (DenseLayer l : layers()) {
      n += (long) l.in() * l.out();
    }
    return n;
  }

  /** Buffers of one thread for tiles of up to {@code rows} rows. */
  public Tile tile(int rows) {
    return new Tile(this, Math.max(1, Math.min(rows, TILE)));
  }

  /**
   * A thread's working buffers: inputs {@code x}, column mask {@code cm} and slot bits (written by
   * {@link Kernels#preprocess} or by the caller), the reconstruction {@code r} (rows of
   * {@link Kernels#ROW}) and, for the VAE, {@code head} ([mu | logVar] rows of {@code headStride}).
   */
  public static final class Tile {
    public final int rows;
    public final float[] x;
    public final float[] cm;
    public final int[] bits;
    public final float[] r;
    public final float[] head;
    public final int headStride;
    public final double[] sums;
    public final double[] tmp;
    final float[] a;
    final float[] b;

    Tile(AutoencoderNet net, int rows) {
      this.rows = rows;
      x = new float[rows * Kernels.ROW];
      cm = new float[rows * Kernels.ROW];
      bits = new int[rows];
      r = new float[rows * Kernels.ROW];
      headStride = net.head == null ? Kernels.LANES : net.head.op();
      head = new float[rows * headStride];
      sums = new double[rows * Kernels.SUMS];
      tmp = new double[rows * Kernels.RAW];
      a = new float[rows * net.widest];
      b = new float[rows * net.widest];
    }
  }

  /** Runs rows [0, n) of the tile (n <= tile rows): x, bits -> r (and head for the VAE). */
  public void forward(Kernels k, Tile t, int n) {
    float[] cur = t.a;
    float[] nxt = t.b;
    DenseLayer first = encoder.get(0);
    k.firstLayer(t.x, 0, Kernels.ROW, t.bits, 0, first.wt(), first.paddedBias(), first.op(), first.act(), first.slope(),
        cur, 0, first.op(), n);
    int stride = first.op();
    for (int l = 1; l < encoder.size(); l++) {
      DenseLayer d = encoder.get(l);
      k.dense(cur, 0, stride, d.in(), d.wt(), d.paddedBias(), d.op(), d.act(), d.slope(), nxt, 0, d.op(), n);
      stride = d.op();
      float[] s = cur;
      cur = nxt;
      nxt = s;
    }
    if (head != null) {
      k.dense(cur, 0, stride, head.in(), head.wt(), head.paddedBias(), head.op(), false, 0f, t.head, 0, t.headStride, n);
      cur = t.head;
      stride = t.headStride;
      nxt = t.a;
    }
    for (int l = 0; l < decoder.size(); l++) {
      DenseLayer d = decoder.get(l);
      boolean last = l == decoder.size() - 1;
      float[] dst = last ? t.r : nxt;
      int os = last ? Kernels.ROW : d.op();
      k.dense(cur, 0, stride, d.in(), d.wt(), d.paddedBias(), d.op(), d.act(), d.slope(), dst, 0, os, n);
      stride = os;
      if (!last) {
        float[] s = cur == t.head ? t.b : cur;
        cur = dst;
        nxt = s;
      }
    }
  }
}
