package org.nphunt.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transformer autoencoder of {@code org.nphunt.model.TransformerAutoencoder} (self-attention of
 * Vaswani et al., arXiv:1706.03762, pre-LayerNorm layers as in Xiong et al., arXiv:2002.04745) on
 * nphunt's {@link Kernels}: the same parameters, the same function, computed without libtorch.
 *
 * <pre>
 * x (57) -> 19 tokens of 3 -> embed (Linear 3 -> d) + slotEmbedding[s]         tokens (19, d)
 *   N x [h += out(attention(LN1(h), key mask)); h += ff2(GELU(ff1(LN2(h))))]
 *   mean over real slots -> encoderNorm -> toLatent (d -> L) -> fromLatent (L -> d)     (d)
 *   + slotQueries[s]                                                             queries (19, d)
 *   M x the same layer over all 19 queries (no mask)
 *   decoderNorm -> head (d -> 3) -> reconstruction (57)
 * </pre>
 *
 * <p>Attention: one projection qkv (d -> 3d), columns [q | k | v], head h on columns h dh .. h dh + dh - 1
 * of each (dh = d / heads); q is scaled by 1 / sqrt(dh) after the projection; softmax over keys. LayerNorm
 * normalises over the d features with epsilon 1e-5 (DJL's default), then gamma and beta; its mean and
 * variance are float32 sums in a fixed lane order. GELU is the exact (erf) form,
 * {@code x / 2 (1 + erf(x / sqrt 2))}, as libtorch's default; GELU and the softmax's exp are float32
 * approximations. The softmax, LayerNorm and GELU are {@link TransformerOps} row ops, vectorised with the
 * vector kernels (one call per head's rows or per layer's rows).
 *
 * <p>The encoder runs on an event's real slots only (slot 0, the MET, always counts as real): the DJL
 * block gives an empty slot's key an attention bias of -1e9 (weight exactly 0 after the softmax) and skips
 * it in the pooled mean, so an empty token changes nothing downstream; leaving it out gives the same
 * numbers for the real tokens (within float rounding of the sums) and skips 50-80% of the encoder's work
 * on typical events. The decoder always runs all 19 slot queries; with dh = 8 its attention runs on groups
 * of 16 events with the events in the vector lanes ({@link TransformerOps#attentionLanes}: a head's 8
 * channels and 19 keys fill every lane, where per event they filled rows of 16 and 32 lanes half), and in
 * a scoring tile the whole decoder does ({@link #decoderLanes}); both give the bits of the per-event path.
 *
 * <p>Every number of an event depends on that event only and is computed in a fixed order, so results do
 * not depend on the tile, the batch or the thread. Parameters are float arrays named as in the DJL block
 * with its child-number prefixes removed ({@link #parameterNames}); the arrays given to the constructor are
 * copied, and {@link #parameter} returns the live master copy (change it, then {@link #refresh()}).
 */
public final class TransformerNet {
  /** Events per scoring tile. */
  public static final int TILE = 16;
  /** LayerNorm epsilon (DJL's {@code LayerNorm} default). */
  public static final float LN_EPS = 1e-5f;
  /** Slots (tokens) of an event. */
  public static final int T = Kernels.SLOTS;
  private static final int K = 3;
  /** Padded key count: a row of attention scores or weights. */
  static final int TP = Kernels.pad(T);
  private static final int IN = 3 * T;

  private final int d;
  private final int heads;
  private final int dh;
  private final int ff;
  private final int latent;
  private final int dp;
  private final int qp;
  private final int fp;
  private final Map<String, float[]> params = new LinkedHashMap<>();
  private final List<DenseLayer> linears = new ArrayList<>();
  /** Each LayerNorm's gamma and beta (master arrays of d) with their copies padded to dp, for the ops. */
  private final List<float[][]> norms = new ArrayList<>();
  private final Map<String, DenseLayer> linearByName = new LinkedHashMap<>();
  final DenseLayer embed;
  final float[] slotEmbedding;
  final Layer[] encoder;
  /** {gamma, beta} of the encoder's final LayerNorm, padded to dp (as Layer.norm1). */
  final float[][] encNorm;
  final DenseLayer toLatent;
  final DenseLayer fromLatent;
  final float[] slotQueries;
  final Layer[] decoder;
  final float[][] decNorm;
  /** 1 on the d feature columns of a row of dp, 0 on its padding. */
  final float[] colMask;
  final DenseLayer head;

  /** One pre-LN layer's parameters. */
  static final class Layer {
    /** {gamma, beta} of norm1, padded to dp (copies of the master arrays, see {@link #refresh}). */
    float[][] norm1;
    DenseLayer qkv;
    DenseLayer out;
    float[][] norm2;
    DenseLayer ff1;
    DenseLayer ff2;
  }

  /**
   * @param embedDim token width d (a multiple of heads)
   * @param heads attention heads
   * @param ffDim feed-forward hidden width
   * @param latentDim bottleneck width L
   * @param encoderLayers N >= 1
   * @param decoderLayers M >= 0
   * @param values every name of {@link #parameterNames} with an array of its size (copied)
   * @throws IllegalArgumentException on a missing name or a wrong size
   */
  public TransformerNet(int embedDim, int heads, int ffDim, int latentDim, int encoderLayers, int decoderLayers,
      Map<String, float[]> values) {
    if (embedDim < 1 || heads < 1 || embedDim % heads != 0 || ffDim < 1 || latentDim < 1 || encoderLayers < 1
        || decoderLayers < 0) {
      throw new IllegalArgumentException("bad transformer shape: d " + embedDim + ", heads " + heads + ", ff " + ffDim
          + ", latent " + latentDim + ", layers " + encoderLayers + " + " + decoderLayers);
    }
    this.d = embedDim;
    this.heads = heads;
    this.dh = embedDim / heads;
    this.ff = ffDim;
    this.latent = latentDim;
    this.dp = Kernels.pad(d);
    this.qp = Kernels.pad(3 * d);
    this.fp = Kernels.pad(ff);
    colMask = new float[dp];
    Arrays.fill(colMask, 0, d, 1f);
    Map<String, Integer> sizes = parameterSizes(embedDim, ffDim, latentDim, encoderLayers, decoderLayers);
    for (var e : sizes.entrySet()) {
      float[] v = values.get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException("transformer parameter " + e.getKey() + " missing");
      }
      if (v.length != e.getValue()) {
        throw new IllegalArgumentException("transformer parameter " + e.getKey() + " holds " + v.length
            + " values, expected " + e.getValue());
      }
    }
    embed = linear("embed", values, K, d);
    slotEmbedding = plain("slotEmbedding", values);
    encoder = new Layer[encoderLayers];
    for (int i = 0; i < encoderLayers; i++) {
      encoder[i] = layer("encoder" + i, values);
    }
    encNorm = norm(plain("encoderNorm_gamma", values), plain("encoderNorm_beta", values));
    toLatent = linear("toLatent", values, d, latent);
    fromLatent = linear("fromLatent", values, latent, d);
    slotQueries = plain("slotQueries", values);
    decoder = new Layer[decoderLayers];
    for (int i = 0; i < decoderLayers; i++) {
      decoder[i] = layer("decoder" + i, values);
    }
    decNorm = norm(plain("decoderNorm_gamma", values), plain("decoderNorm_beta", values));
    head = linear("head", values, d, K);
    refresh();
  }

  /** Registers a LayerNorm's master gamma and beta; returns their padded copies {gamma, beta} (see refresh). */
  private float[][] norm(float[] gamma, float[] beta) {
    float[][] padded = {new float[dp], new float[dp]};
    norms.add(new float[][] {gamma, beta, padded[0], padded[1]});
    return padded;
  }

  private float[] plain(String name, Map<String, float[]> values) {
    float[] v = values.get(name).clone();
    params.put(name, v);
    return v;
  }

  private DenseLayer linear(String name, Map<String, float[]> values, int in, int out) {
    DenseLayer l = new DenseLayer(values.get(name + "_weight"), values.get(name + "_bias"), in, out, false, 0f);
    params.put(name + "_weight", l.weight());
    params.put(name + "_bias", l.bias());
    linears.add(l);
    linearByName.put(name, l);
    return l;
  }

  private Layer layer(String p, Map<String, float[]> values) {
    Layer l = new Layer();
    float[] g1 = plain(p + "_norm1_gamma", values);
    float[] b1 = plain(p + "_norm1_beta", values);
    l.qkv = linear(p + "_attention_qkv", values, d, 3 * d);
    l.out = linear(p + "_attention_out", values, d, d);
    float[] g2 = plain(p + "_norm2_gamma", values);
    float[] b2 = plain(p + "_norm2_beta", values);
    l.ff1 = linear(p + "_ff1", values, d, ff);
    l.ff2 = linear(p + "_ff2", values, ff, d);
    l.norm1 = norm(g1, b1);
    l.norm2 = norm(g2, b2);
    return l;
  }

  /**
   * The parameter names and sizes of a configuration, in the DJL block's order (its direct parameters
   * slotEmbedding and slotQueries first, then the children in order), child-number prefixes removed.
   */
  public static Map<String, Integer> parameterSizes(int d, int ff, int latent, int encoderLayers, int decoderLayers) {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("slotEmbedding", T * d);
    m.put("slotQueries", T * d);
    m.put("embed_weight", d * K);
    m.put("embed_bias", d);
    for (int i = 0; i < encoderLayers; i++) {
      layerSizes(m, "encoder" + i, d, ff);
    }
    m.put("encoderNorm_gamma", d);
    m.put("encoderNorm_beta", d);
    m.put("toLatent_weight", latent * d);
    m.put("toLatent_bias", latent);
    m.put("fromLatent_weight", d * latent);
    m.put("fromLatent_bias", d);
    for (int i = 0; i < decoderLayers; i++) {
      layerSizes(m, "decoder" + i, d, ff);
    }
    m.put("decoderNorm_gamma", d);
    m.put("decoderNorm_beta", d);
    m.put("head_weight", K * d);
    m.put("head_bias", K);
    return m;
  }

  private static void layerSizes(Map<String, Integer> m, String p, int d, int ff) {
    m.put(p + "_norm1_gamma", d);
    m.put(p + "_norm1_beta", d);
    m.put(p + "_attention_qkv_weight", 3 * d * d);
    m.put(p + "_attention_qkv_bias", 3 * d);
    m.put(p + "_attention_out_weight", d * d);
    m.put(p + "_attention_out_bias", d);
    m.put(p + "_norm2_gamma", d);
    m.put(p + "_norm2_beta", d);
    m.put(p + "_ff1_weight", ff * d);
    m.put(p + "_ff1_bias", ff);
    m.put(p + "_ff2_weight", d * ff);
    m.put(p + "_ff2_bias", d);
  }

  /** The names of {@link #parameterSizes}, in order. */
  public List<String> parameterNames() {
    return Collections.unmodifiableList(new ArrayList<>(params.keySet()));
  }

  /** The live master array of a parameter (layouts as DJL: Linear weights out x in, row-major). */
  public float[] parameter(String name) {
    float[] v = params.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no transformer parameter " + name);
    }
    return v;
  }

  /**
   * Rebuilds the kernels' padded layouts (linear layers, LayerNorm gammas and betas) after the master arrays
   * changed.
   */
  public void refresh() {
    for (DenseLayer l : linears) {
      l.refresh();
    }
    for (float[][] n : norms) {
      System.arraycopy(n[0], 0, n[2], 0, d);
      System.arraycopy(n[1], 0, n[3], 0, d);
    }
  }

  public int embedDim() {
    return d;
  }

  public int heads() {
    return heads;
  }

  public int ffDim() {
    return ff;
  }

  public int latentDim() {
    return latent;
  }

  public int encoderLayers() {
    return encoder.length;
  }

  public int decoderLayers() {
    return decoder.length;
  }

  /** Parameters in total. */
  public long parameters() {
    long n = 0;
    for (float[] v : params.values()) {
      n += v.length;
    }
    return n;
  }

  // ------------------------------------------------------------------ buffers

  /** Buffers of one transformer layer's pass over up to {@code rows} tokens of up to {@code events} events. */
  final class LayerBuf {
    final float[] mean1;
    final float[] rstd1;
    final float[] u1;
    final float[] qkv;
    final float[] p;
    final float[] att;
    final float[] hMid;
    final float[] mean2;
    final float[] rstd2;
    final float[] u2;
    final float[] f1;
    final float[] g;
    /**
     * The decoder's attention with the events in the lanes ({@link TransformerOps#attentionLanes}): per
     * group of {@value TransformerOps#LANE_EVENTS} events, the layer's q (scaled), k, v ([T][3d][G]) and the
     * softmax weights ([heads][T][T][G]); null for the encoder's layers.
     */
    final float[] xt;
    final float[] pt;
    /** Whether the last forward pass ran the attention in the lanes (xt and pt hold it) or per event (p). */
    boolean laned;

    LayerBuf(int rows, int events, boolean lanes) {
      mean1 = new float[rows];
      rstd1 = new float[rows];
      u1 = new float[rows * dp];
      qkv = new float[rows * qp];
      p = new float[events * heads * T * TP];
      att = new float[rows * dp];
      hMid = new float[rows * dp];
      mean2 = new float[rows];
      rstd2 = new float[rows];
      u2 = new float[rows * dp];
      f1 = new float[rows * fp];
      g = new float[rows * fp];
      int groups = (events + G - 1) / G;
      xt = lanes ? new float[groups * T * 3 * d * G] : null;
      pt = lanes ? new float[groups * heads * T * T * G] : null;
    }
  }

  /**
   * A thread's working buffers for up to {@link #events} events. With {@code keep} every layer's
   * intermediates are kept (what the backward pass of training needs), else the layers share buffers.
   */
  public final class Tile {
    public final int events;
    final boolean keep;
    /** Encoder tokens of the tile's events: event e has tokens [start[e], start[e + 1]), slot of each. */
    final int[] start;
    final int[] slot;
    final float[] tokIn;
    /** Encoder activations: hEnc[l] is layer l's input, hEnc[N] the encoder's output. */
    final float[][] hEnc;
    final LayerBuf[] encBuf;
    final float[] tmp;
    final float[] pooled;
    final float[] poolMean;
    final float[] poolRstd;
    final float[] pooledN;
    final float[] z;
    final float[] zq;
    final float[][] hDec;
    final LayerBuf[] decBuf;
    final float[] decMean;
    final float[] decRstd;
    final float[] ud;
    final float[] out;
    /** Attention scratch: one head's keys transposed (dh x kp), values (T x vp) and attended values (T x vp). */
    final float[] kT;
    final float[] vP;
    final float[] aT;
    /** The lanes' attended values of one group of events ([T][d][G]). */
    final float[] atLanes;
    /**
     * A scoring tile's decoder in the lane layout (one group of events, see {@link #decoderLanes}): the
     * layer input and output, LayerNorm output, q/k/v, softmax weights, attended values, a linear layer's
     * output, the mid-layer activations, the feed-forward pre-activations and GELU, the head's output.
     */
    final float[] hL;
    final float[] hL2;
    final float[] uL;
    final float[] qkvL;
    final float[] ptL;
    final float[] tmpL;
    final float[] hMidL;
    final float[] f1L;
    final float[] gL;
    final float[] outL;

    Tile(int events, boolean keep) {
      this.events = events;
      this.keep = keep;
      int rows = events * T;
      start = new int[events + 1];
      slot = new int[rows];
      tokIn = new float[rows * Kernels.LANES];
      int nEnc = encoder.length;
      int nDec = decoder.length;
      hEnc = new float[nEnc + 1][];
      for (int l = 0; l <= nEnc; l++) {
        hEnc[l] = keep || l < 2 ? new float[rows * dp] : hEnc[l % 2];
      }
      encBuf = new LayerBuf[nEnc];
      for (int l = 0; l < nEnc; l++) {
        encBuf[l] = keep || l == 0 ? new LayerBuf(rows, events, false) : encBuf[0];
      }
      tmp = new float[rows * Math.max(dp, fp)];
      pooled = new float[events * dp];
      poolMean = new float[events];
      poolRstd = new float[events];
      pooledN = new float[events * dp];
      z = new float[events * Kernels.pad(latent)];
      zq = new float[events * dp];
      hDec = new float[nDec + 1][];
      for (int l = 0; l <= nDec; l++) {
        hDec[l] = keep || l < 2 ? new float[rows * dp] : hDec[l % 2];
      }
      decBuf = new LayerBuf[nDec];
      for (int l = 0; l < nDec; l++) {
        decBuf[l] = keep || l == 0 ? new LayerBuf(rows, events, true) : decBuf[0];
      }
      decMean = new float[rows];
      decRstd = new float[rows];
      ud = new float[rows * dp];
      out = new float[rows * Kernels.LANES];
      kT = new float[dh * TP];
      vP = new float[T * Kernels.pad(dh)];
      aT = new float[T * Kernels.pad(dh)];
      atLanes = new float[T * d * G];
      boolean lanes = !keep && dh == 8 && d == dp;
      hL = lanes ? new float[T * d * G] : null;
      hL2 = lanes ? new float[T * d * G] : null;
      uL = lanes ? new float[T * d * G] : null;
      qkvL = lanes ? new float[T * 3 * d * G] : null;
      ptL = lanes ? new float[heads * T * T * G] : null;
      tmpL = lanes ? new float[T * d * G] : null;
      hMidL = lanes ? new float[T * d * G] : null;
      f1L = lanes ? new float[T * ff * G] : null;
      gL = lanes ? new float[T * ff * G] : null;
      outL = lanes ? new float[T * K * G] : null;
    }
  }

  /**
   * This thread's scoring tile of {@link #TILE} events, made once per thread and net (results do not
   * depend on the tile, so one tile serves every block; allocating one per block of 256 events cost 1-5%
   * of the scoring profile).
   */
  public Tile scoringTile() {
    return scoringTiles.get();
  }

  private final ThreadLocal<Tile> scoringTiles = ThreadLocal.withInitial(() -> new Tile(TILE, false));

  /**
   * Whether the decoder's attention runs with the events in the lanes (default; only for dh = 8, where a
   * head's rows fill half a vector) or per event on the dense kernel (tests: both give the same bits).
   */
  void setLaneAttention(boolean on) {
    laneAttention = on;
  }

  private boolean laneAttention = true;

  /** Buffers for scoring tiles of up to {@code events} events (at most {@link #TILE}). */
  public Tile tile(int events) {
    return new Tile(Math.max(1, Math.min(events, TILE)), false);
  }

  /** Buffers for training slices of up to {@code events} events, keeping every intermediate. */
  public Tile trainingTile(int events) {
    return new Tile(Math.max(1, events), true);
  }

  // ------------------------------------------------------------------ forward

  /**
   * Runs events [from, from + n) (n at most the tile's events) of {@code x57} (rows of 57 standardised
   * inputs) and {@code mask19} (rows of 19 slot occupancies, 0 = empty) and writes the reconstructions to
   * {@code out57} rows [outFrom, outFrom + n).
   */
  public void forward(Kernels k, Tile t, float[] x57, float[] mask19, int from, int n, float[] out57, int outFrom) {
    forward(k, t, x57, mask19, from, n);
    for (int e = 0; e < n; e++) {
      for (int s = 0; s < T; s++) {
        int src = (e * T + s) * Kernels.LANES;
        int dst = (outFrom + e) * IN + K * s;
        out57[dst] = t.out[src];
        out57[dst + 1] = t.out[src + 1];
        out57[dst + 2] = t.out[src + 2];
      }
    }
  }

  /** The forward pass into the tile's buffers (reconstruction in {@code t.out}, rows of 16, 3 used). */
  void forward(Kernels k, Tile t, float[] x57, float[] mask19, int from, int n) {
    if (n > t.events) {
      throw new IllegalArgumentException(n + " events do not fit a tile of " + t.events);
    }
    // encoder tokens: the real slots (slot 0 always)
    int r = 0;
    for (int e = 0; e < n; e++) {
      t.start[e] = r;
      int ev = from + e;
      for (int s = 0; s < T; s++) {
        if (s == 0 || mask19[ev * T + s] != 0f) {
          t.slot[r] = s;
          int o = r * Kernels.LANES;
          int xi = ev * IN + K * s;
          t.tokIn[o] = x57[xi];
          t.tokIn[o + 1] = x57[xi + 1];
          t.tokIn[o + 2] = x57[xi + 2];
          r++;
        }
      }
    }
    t.start[n] = r;
    int rows = r;
    float[] h0 = t.hEnc[0];
    k.dense(t.tokIn, 0, Kernels.LANES, K, embed.wt(), embed.paddedBias(), dp, false, 0f, h0, 0, dp, rows);
    for (int i = 0; i < rows; i++) {
      int s = t.slot[i];
      for (int c = 0; c < d; c++) {
        h0[i * dp + c] += slotEmbedding[s * d + c];
      }
    }
    for (int l = 0; l < encoder.length; l++) {
      layerForward(k, t, encoder[l], t.encBuf[l], t.hEnc[l], t.hEnc[l + 1], t.start, n, rows, false);
    }
    // masked mean pool, LayerNorm, bottleneck
    float[] hE = t.hEnc[encoder.length];
    for (int e = 0; e < n; e++) {
      int a = t.start[e];
      int b = t.start[e + 1];
      for (int c = 0; c < d; c++) {
        float sum = 0f;
        for (int i = a; i < b; i++) {
          sum += hE[i * dp + c];
        }
        t.pooled[e * dp + c] = sum / (b - a);
      }
    }
    TransformerOps ops = TransformerOps.of(k);
    ops.layerNorm(t.pooled, n, d, dp, encNorm[0], encNorm[1], colMask, LN_EPS, t.pooledN, t.poolMean, t.poolRstd);
    int zp = Kernels.pad(latent);
    k.dense(t.pooledN, 0, dp, d, toLatent.wt(), toLatent.paddedBias(), zp, false, 0f, t.z, 0, zp, n);
    k.dense(t.z, 0, zp, latent, fromLatent.wt(), fromLatent.paddedBias(), dp, false, 0f, t.zq, 0, dp, n);
    // decoder over all 19 slot queries
    if (t.hL != null && laneAttention) {
      for (int e0 = 0; e0 < n; e0 += G) {
        decoderLanes(ops, t, e0, Math.min(G, n - e0));
      }
      return;
    }
    float[] q0 = t.hDec[0];
    for (int e = 0; e < n; e++) {
      for (int s = 0; s < T; s++) {
        int o = (e * T + s) * dp;
        for (int c = 0; c < d; c++) {
          q0[o + c] = t.zq[e * dp + c] + slotQueries[s * d + c];
        }
      }
    }
    int[] full = new int[n + 1];
    for (int e = 0; e <= n; e++) {
      full[e] = e * T;
    }
    for (int l = 0; l < decoder.length; l++) {
      layerForward(k, t, decoder[l], t.decBuf[l], t.hDec[l], t.hDec[l + 1], full, n, n * T,
          laneAttention && dh == 8);
    }
    ops.layerNorm(t.hDec[decoder.length], n * T, d, dp, decNorm[0], decNorm[1], colMask, LN_EPS, t.ud, t.decMean,
        t.decRstd);
    k.dense(t.ud, 0, dp, d, head.wt(), head.paddedBias(), Kernels.LANES, false, 0f, t.out, 0, Kernels.LANES, n * T);
  }

  /**
   * The decoder of a scoring tile's events [e0, e0 + ne) (at most {@value TransformerOps#LANE_EVENTS}) with
   * the events in the lanes throughout ({@link TransformerOps#denseLanes}, {@link TransformerOps#layerNormLanes},
   * {@link TransformerOps#attentionLanes}, GELU and the residual adds element-wise), from the latent
   * queries zq to the reconstruction in t.out: per event the operations of the row path (the training
   * tile's, which keeps the rows for the backward pass), so the same bits, without transposing q/k/v and
   * the attended values per layer, without LayerNorm's horizontal sums and without the dense kernel's
   * single-row remainders of 19-row calls. Lanes from ne on compute on zero inputs and are dropped.
   */
  private void decoderLanes(TransformerOps ops, Tile t, int e0, int ne) {
    float[] h = t.hL;
    // the latent queries in lanes ([d][G] in the first d G floats of uL), then + slotQueries[t]
    float[] z = t.uL;
    for (int c = 0; c < d; c++) {
      for (int l = 0; l < G; l++) {
        z[c * G + l] = l < ne ? t.zq[(e0 + l) * dp + c] : 0f;
      }
    }
    for (int tk = 0; tk < T; tk++) {
      for (int c = 0; c < d; c++) {
        int o = (tk * d + c) * G;
        float q = slotQueries[tk * d + c];
        for (int l = 0; l < G; l++) {
          h[o + l] = z[c * G + l] + q;
        }
      }
    }
    float scale = (float) (1.0 / Math.sqrt(dh));
    int len = T * d * G;
    for (Layer w : decoder) {
      ops.layerNormLanes(h, d, w.norm1[0], w.norm1[1], LN_EPS, t.uL);
      ops.denseLanes(t.uL, 0, d, w.qkv.wt(), w.qkv.paddedBias(), w.qkv.op(), 3 * d, t.qkvL, 0);
      for (int tk = 0; tk < T; tk++) {
        int o = tk * 3 * d * G;
        for (int i = 0; i < d * G; i++) {
          t.qkvL[o + i] *= scale;
        }
      }
      ops.attentionLanes(t.qkvL, 0, d, heads, t.ptL, 0, t.atLanes, 0);
      ops.denseLanes(t.atLanes, 0, d, w.out.wt(), w.out.paddedBias(), w.out.op(), d, t.tmpL, 0);
      for (int i = 0; i < len; i++) {
        t.hMidL[i] = h[i] + t.tmpL[i];
      }
      ops.layerNormLanes(t.hMidL, d, w.norm2[0], w.norm2[1], LN_EPS, t.uL);
      ops.denseLanes(t.uL, 0, d, w.ff1.wt(), w.ff1.paddedBias(), w.ff1.op(), ff, t.f1L, 0);
      ops.gelu(t.f1L, t.gL, T * ff * G);
      ops.denseLanes(t.gL, 0, ff, w.ff2.wt(), w.ff2.paddedBias(), w.ff2.op(), d, t.tmpL, 0);
      float[] next = h == t.hL ? t.hL2 : t.hL;
      for (int i = 0; i < len; i++) {
        next[i] = t.hMidL[i] + t.tmpL[i];
      }
      h = next;
    }
    ops.layerNormLanes(h, d, decNorm[0], decNorm[1], LN_EPS, t.uL);
    ops.denseLanes(t.uL, 0, d, head.wt(), head.paddedBias(), head.op(), K, t.outL, 0);
    for (int l = 0; l < ne; l++) {
      for (int s = 0; s < T; s++) {
        int o = ((e0 + l) * T + s) * Kernels.LANES;
        for (int f = 0; f < K; f++) {
          t.out[o + f] = t.outL[(s * K + f) * G + l];
        }
      }
    }
  }

  /**
   * One pre-LN layer over the tokens of n events (event e: rows [start[e], start[e + 1])); with
   * {@code lanes} (the decoder: T tokens per event) the attention runs on groups of
   * {@value TransformerOps#LANE_EVENTS} events with the events in the lanes, else per event.
   */
  private void layerForward(Kernels k, Tile t, Layer w, LayerBuf b, float[] hIn, float[] hOut, int[] start, int n,
      int rows, boolean lanes) {
    float[] tmp = t.tmp;
    TransformerOps ops = TransformerOps.of(k);
    ops.layerNorm(hIn, rows, d, dp, w.norm1[0], w.norm1[1], colMask, LN_EPS, b.u1, b.mean1, b.rstd1);
    k.dense(b.u1, 0, dp, d, w.qkv.wt(), w.qkv.paddedBias(), qp, false, 0f, b.qkv, 0, qp, rows);
    // q scaled by 1/sqrt(dh) after the projection, as the DJL block does
    float scale = (float) (1.0 / Math.sqrt(dh));
    for (int i = 0; i < rows; i++) {
      for (int c = 0; c < d; c++) {
        b.qkv[i * qp + c] *= scale;
      }
    }
    b.laned = lanes;
    if (lanes) {
      for (int e0 = 0; e0 < n; e0 += G) {
        int ne = Math.min(G, n - e0);
        int grp = e0 / G;
        ops.toLanes(b.qkv, qp, 3 * d, e0, ne, b.xt, grp * T * 3 * d * G);
        ops.attentionLanes(b.xt, grp * T * 3 * d * G, d, heads, b.pt, grp * heads * T * T * G, t.atLanes, 0);
        ops.fromLanes(t.atLanes, 0, d, e0, ne, b.att, dp);
      }
    } else {
      for (int e = 0; e < n; e++) {
        attention(k, ops, t, b.qkv, b.p, b.att, start[e], start[e + 1] - start[e], e);
      }
    }
    k.dense(b.att, 0, dp, d, w.out.wt(), w.out.paddedBias(), dp, false, 0f, tmp, 0, dp, rows);
    for (int i = 0; i < rows * dp; i++) {
      b.hMid[i] = hIn[i] + tmp[i];
    }
    ops.layerNorm(b.hMid, rows, d, dp, w.norm2[0], w.norm2[1], colMask, LN_EPS, b.u2, b.mean2, b.rstd2);
    k.dense(b.u2, 0, dp, d, w.ff1.wt(), w.ff1.paddedBias(), fp, false, 0f, b.f1, 0, fp, rows);
    ops.gelu(b.f1, b.g, rows * fp);
    k.dense(b.g, 0, fp, ff, w.ff2.wt(), w.ff2.paddedBias(), dp, false, 0f, tmp, 0, dp, rows);
    for (int i = 0; i < rows * dp; i++) {
      hOut[i] = b.hMid[i] + tmp[i];
    }
  }

  /**
   * Self-attention of the tn tokens at rows [r0, r0 + tn) of qkv (rows of qp: [q scaled | k | v]) on the
   * dense kernel: per head, the scores q k^T (keys transposed into t.kT at stride kp = pad(tn), so that
   * an encoder event of at most 16 tokens computes one vector of scores per query, not two) and the
   * weighted values P v are kernel calls over tn rows, the softmax one {@link TransformerOps#softmax} call
   * over the head's tn rows; the softmax weights stay in p (event e's block of heads x T rows of TP,
   * columns from pad(tn) on not written), the attended values go to att (rows of dp).
   */
  private void attention(Kernels k, TransformerOps ops, Tile t, float[] qkv, float[] p, float[] att, int r0, int tn,
      int e) {
    int vp = Kernels.pad(dh);
    float[] kT = t.kT;
    float[] vP = t.vP;
    float[] aT = t.aT;
    int kp = Kernels.pad(tn);
    Arrays.fill(kT, 0, dh * kp, 0f);
    for (int hh = 0; hh < heads; hh++) {
      int qo = hh * dh;
      int ko = d + hh * dh;
      int vo = 2 * d + hh * dh;
      for (int j = 0; j < tn; j++) {
        int row = (r0 + j) * qp;
        for (int c = 0; c < dh; c++) {
          kT[c * kp + j] = qkv[row + ko + c];
          vP[j * vp + c] = qkv[row + vo + c];
        }
      }
      int po = (e * heads + hh) * T * TP;
      k.dense(qkv, r0 * qp + qo, qp, dh, kT, null, kp, false, 0f, p, po, TP, tn);
      ops.softmax(p, po, tn, TP, tn);
      k.dense(p, po, TP, tn, vP, null, vp, false, 0f, aT, 0, vp, tn);
      for (int i = 0; i < tn; i++) {
        System.arraycopy(aT, i * vp, att, (r0 + i) * dp + qo, dh);
      }
    }
  }

  /** Events per lane group. */
  static final int G = TransformerOps.LANE_EVENTS;

  int dp() {
    return dp;
  }

  int qp() {
    return qp;
  }

  int fp() {
    return fp;
  }

  DenseLayer linear(String name) {
    return linearByName.get(name);
  }
}
