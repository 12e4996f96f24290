package org.nphunt.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nphunt.data.ObjectType;

/**
 * The recurrent sequence-to-sequence autoencoder with Bahdanau attention ({@code rnn-attention},
 * {@code org.nphunt.model.RecurrentAeConfig}; GRU cells as PyTorch's GRUCell, attention after
 * arXiv:1409.0473, teacher forcing after Williams and Zipser 1989 / arXiv:1506.03099) on nphunt's
 * {@link Kernels}: the same parameters and the same equations as the DJL block
 * {@code org.nphunt.model.RecurrentAutoencoder}, as a forward pass (scoring) and its exact backward
 * pass through time (training, {@link RecurrentTraining}).
 *
 * <p>Shapes (per event; H the GRU state, D = 2H bidirectional else H, A the attention size, L the
 * latent size, T = 19 slots): encoder inputs (T, 8) = (pT, eta, phi, occupancy, type one-hot of 4);
 * encoder states (T, D); keys (T, A); decoder states (T + 1, H); reconstruction 57 = (T, 3) in
 * standardised units. Linear maps use the kernels' transposed, padded layouts ({@link DenseLayer}); the
 * one-hot slot columns of the decoder's input map are folded into a bias per step (the same sums,
 * 19 fewer multiply-adds per output and step).
 *
 * <p>Work per event (issue 17): an event has a few real objects (SM: 3.2 of 19 slots on average) and
 * the block's arithmetic lets empty slots be skipped exactly. The encoder visits only the real rows
 * (slot t of event e with m != 0, gathered in (slot, event) order): an empty slot carries the state
 * (next m + prev (1 - m) = prev) and gets no gradient through the GRU. An empty slot's attention weight
 * is exactly 0 (score - 1e9, cut by {@link FastMath#SOFTMAX_MIN}), so its key, its context term and all
 * its attention gradients are exact zeros: keys, scores, weights, their backward and dL/dalpha are
 * computed for the real rows only, in row layout (a key, a query, a projection per row; each row's sum
 * over features in {@link RecurrentOps#laneSum}'s order), the softmax per event over its real slots.
 * The context c_i = sum_j alpha_ij h_j enters the decoder's GRU input map and
 * the output map only through W c_i, computed as sum_j alpha_ij P_j with P_j = W h_j projected once
 * per real row ({@link #ctx}) instead of a (3H + 3) x D product per step. Skipping exact zeros changes
 * at most the sign of an exact zero; the projection changes the order of a sum (float rounding).
 *
 * <p>Determinism: every event's numbers depend on that event's inputs only (activations are rows of
 * one event; the gate, attention and softmax arithmetic is plain float code in a fixed order with the
 * activations of {@link FastMath}), so scores do not depend on the tile, the batch or the thread. The
 * agreement with libtorch is float32 with another summation order and other tanh/exp implementations:
 * about 1e-6 relative on the reconstruction (tested).
 *
 * <p>Parameters are held as {@link Lin} in the DJL block's order and layout ((out x in) row-major
 * weights); after changing them call {@link #refresh()}.
 */
public final class RecurrentNet {
  /** Slots (sequence steps). */
  public static final int T = Kernels.SLOTS;
  /** Kinematic features per slot. */
  public static final int K = 3;
  /** Encoder input features per step. */
  public static final int STEP = 8;
  /** Events per tile (scoring) and per training slice. */
  public static final int TILE = 32;
  /** Added to the attention score of an empty slot, as in the DJL block. */
  static final float MASKED = -1e9f;
  private static final int[] TYPE = new int[T];

  static {
    for (int s = 0; s < T; s++) {
      TYPE[s] = ObjectType.ofSlot(s).ordinal();
    }
  }

  /** One linear map of the block: weight (out x in) row-major and bias (out; null for the attention vector). */
  public static final class Lin {
    public final String name;
    public final int out;
    public final int in;
    public final float[] w;
    public final float[] b;

    public Lin(String name, int out, int in, float[] w, float[] b) {
      if (w.length != out * in || (b != null && b.length != out)) {
        throw new IllegalArgumentException(name + ": expected " + out + " x " + in + " weights and " + out
            + " biases, found " + w.length + " and " + (b == null ? 0 : b.length));
      }
      this.name = name;
      this.out = out;
      this.in = in;
      this.w = w;
      this.b = b;
    }
  }

  final int h;
  final int d;
  final int a;
  final int latent;
  final boolean bidi;
  final int g3;
  final int ap;
  final int lp;
  final int hp;
  final int dp;
  /** Row width of a context projection: the GRU-input part (g3 lanes), then the output part (16 lanes). */
  final int pw;
  private final List<Lin> lins;
  final DenseLayer encFx;
  final DenseLayer encFh;
  final DenseLayer encBx;
  final DenseLayer encBh;
  final DenseLayer toLatent;
  final DenseLayer fromLatent;
  final DenseLayer attnKey;
  final DenseLayer attnQuery;
  final float[] v;
  /** The attention vector padded with zeros to {@link #ap} lanes (the row operations' layout). */
  final float[] vp;
  final Lin decX;
  /** decX's columns of y_(i-1): K -> 3h (its bias is decX's; the forward pass uses {@link #stepBias}). */
  final DenseLayer decY;
  final float[][] stepBias;
  final DenseLayer decH;
  final Lin out;
  /** out's columns of s_i: h -> K, with out's bias. */
  final DenseLayer outS;
  /**
   * The context columns of decX and of out stacked: D -> 3h + K, outputs 0..3h-1 in lanes 0..3h-1 and
   * output 3h + k in lane g3 + k (rows of {@link #pw}), no bias. Applied to every encoder state once per
   * event: W c_i = sum_j alpha_ij (W h_j) for both maps.
   */
  final DenseLayer ctx;

  /**
   * @param hidden H
   * @param latentDim L
   * @param attention A
   * @param bidirectional read the slots backward too
   * @param params the block's linear maps by name (encFx, encFh, [encBx, encBh], toLatent, fromLatent,
   *     attnKey, attnQuery, attnScore, decX, decH, out), values copied
   */
  public RecurrentNet(int hidden, int latentDim, int attention, boolean bidirectional, java.util.Map<String, Lin> params) {
    this.h = hidden;
    this.latent = latentDim;
    this.a = attention;
    this.bidi = bidirectional;
    this.d = bidirectional ? 2 * hidden : hidden;
    this.g3 = Kernels.pad(3 * h);
    this.ap = Kernels.pad(a);
    this.lp = Kernels.pad(latent);
    this.hp = Kernels.pad(h);
    this.dp = Kernels.pad(d);
    this.pw = g3 + Kernels.LANES;
    this.lins = new ArrayList<>();
    encFx = layer(params, "encFx", 3 * h, STEP);
    encFh = layer(params, "encFh", 3 * h, h);
    encBx = bidi ? layer(params, "encBx", 3 * h, STEP) : null;
    encBh = bidi ? layer(params, "encBh", 3 * h, h) : null;
    toLatent = layer(params, "toLatent", latent, d);
    fromLatent = layer(params, "fromLatent", h, latent);
    attnKey = layer(params, "attnKey", a, d);
    attnQuery = layer(params, "attnQuery", a, h);
    Lin score = get(params, "attnScore", 1, a, false);
    this.v = score.w.clone();
    this.vp = new float[ap];
    lins.add(new Lin("attnScore", 1, a, v, null));
    Lin dx = get(params, "decX", 3 * h, K + T + d, true);
    this.decX = new Lin("decX", dx.out, dx.in, dx.w.clone(), dx.b.clone());
    lins.add(decX);
    this.decY = new DenseLayer(new float[3 * h * K], new float[3 * h], K, 3 * h, false, 0f);
    this.stepBias = new float[T][g3];
    decH = layer(params, "decH", 3 * h, h);
    Lin o = get(params, "out", K, h + d, true);
    this.out = new Lin("out", K, h + d, o.w.clone(), o.b.clone());
    lins.add(out);
    this.outS = new DenseLayer(new float[K * h], new float[K], h, K, false, 0f);
    int[] lanes = new int[3 * h + K];
    for (int c = 0; c < lanes.length; c++) {
      lanes[c] = c < 3 * h ? c : g3 + c - 3 * h;
    }
    this.ctx = new DenseLayer(new float[(3 * h + K) * d], new float[3 * h + K], d, 3 * h + K, false, 0f, lanes);
    refresh();
  }

  private static Lin get(java.util.Map<String, Lin> params, String name, int out, int in, boolean bias) {
    Lin l = params.get(name);
    if (l == null) {
      throw new IllegalArgumentException("recurrent autoencoder parameters lack '" + name + "'");
    }
    if (l.out != out || l.in != in || (l.b != null) != bias) {
      throw new IllegalArgumentException(name + ": expected " + out + " x " + in + (bias ? " with" : " without")
          + " bias, found " + l.out + " x " + l.in + (l.b != null ? " with" : " without") + " bias");
    }
    return l;
  }

  private DenseLayer layer(java.util.Map<String, Lin> params, String name, int o, int i) {
    Lin l = get(params, name, o, i, true);
    DenseLayer layer = new DenseLayer(l.w, l.b, i, o, false, 0f);
    lins.add(new Lin(name, o, i, layer.weight(), layer.bias()));
    return layer;
  }

  /** The parameters (live master arrays) in the DJL block's order. */
  public List<Lin> parameters() {
    List<Lin> order = new ArrayList<>();
    for (String n : names(bidi)) {
      for (Lin l : lins) {
        if (l.name.equals(n)) {
          order.add(l);
        }
      }
    }
    return order;
  }

  /** The block's linear maps in its order of construction. */
  public static List<String> names(boolean bidirectional) {
    List<String> n = new ArrayList<>(List.of("encFx", "encFh"));
    if (bidirectional) {
      n.addAll(List.of("encBx", "encBh"));
    }
    n.addAll(List.of("toLatent", "fromLatent", "attnKey", "attnQuery", "attnScore", "decX", "decH", "out"));
    return n;
  }

  public int hidden() {
    return h;
  }

  public int attention() {
    return a;
  }

  public int latent() {
    return latent;
  }

  public boolean bidirectional() {
    return bidi;
  }

  /** Rebuilds the kernels' layouts from the master parameters (after training changed them). */
  public void refresh() {
    for (DenseLayer l : new DenseLayer[] {encFx, encFh, encBx, encBh, toLatent, fromLatent, attnKey, attnQuery, decH}) {
      if (l != null) {
        l.refresh();
      }
    }
    // decX split into its y columns (decY), its one-hot columns (a bias per step) and its context columns
    // (ctx, with out's context columns); out into its s columns (outS) and its context columns
    int in = decX.in;
    float[] wy = decY.weight();
    float[] wc = ctx.weight();
    for (int o = 0; o < 3 * h; o++) {
      for (int c = 0; c < d; c++) {
        wc[o * d + c] = decX.w[o * in + K + T + c];
      }
      for (int k = 0; k < K; k++) {
        wy[o * K + k] = decX.w[o * in + k];
      }
      decY.bias()[o] = decX.b[o];
      for (int i = 0; i < T; i++) {
        stepBias[i][o] = decX.b[o] + decX.w[o * in + K + i];
      }
    }
    for (int o = 0; o < K; o++) {
      for (int c = 0; c < h; c++) {
        outS.weight()[o * h + c] = out.w[o * (h + d) + c];
      }
      for (int c = 0; c < d; c++) {
        wc[(3 * h + o) * d + c] = out.w[o * (h + d) + h + c];
      }
      outS.bias()[o] = out.b[o];
    }
    decY.refresh();
    outS.refresh();
    ctx.refresh();
    System.arraycopy(v, 0, vp, 0, a);
  }

  /** Parameters in total. */
  public long parameterCount() {
    long n = 0;
    for (Lin l : lins) {
      n += (long) l.out * l.in + (l.b == null ? 0 : l.out);
    }
    return n;
  }

  /** Buffers of one thread for up to {@link #TILE} events (forward activations kept for the backward pass). */
  public Work work() {
    return new Work(this);
  }

  /** A thread's buffers; the reconstruction of the last {@link #forward} is in {@link #recon} (rows of 64). */
  public static final class Work {
    final int n = TILE;
    /** Encoder inputs of the real rows (rows of {@link RecurrentNet#STEP}, in (slot, event) order). */
    final float[] encIn;
    /** Real rows: the events of slot t are liveEv[rowStart[t] .. rowStart[t + 1]). */
    final int[] rowStart;
    final int[] liveEv;
    /** Each real row's occupancy m. */
    final float[] rowMask;
    /** Each event's real rows in slot order: evRow[evStart[e] .. evStart[e + 1]). */
    final int[] evStart;
    final int[] evRow;
    /** Previous encoder states of the real rows (rows of h), forward and backward direction. */
    final float[] prevF;
    final float[] prevB;
    /** Encoder states [hF | hB] of the real rows (rows of D). */
    final float[] liveHs;
    /** One step's real rows (rows of h): new states, then dL/d(new state). */
    final float[] stepOut;
    /** One step's real rows (rows of h): dL/d(previous state), direct part. */
    final float[] stepPrev;
    /** The real row of slot j of event e at j n + e, -1 for an empty slot. */
    final int[] rowOf;
    /** The context projections {@link RecurrentNet#ctx} of the real rows' states (rows of pw). */
    final float[] proj;
    /** One decoder step's output part of sum_j alpha_ij P_j, W_oc c_i (rows of {@link Kernels#LANES}). */
    final float[] ctxY;
    /** y_(i-1) of every decoder step (rows of K at (i n + e) K). */
    final float[] yIn;
    /** dL/d(projection) of the real rows (rows of pw). */
    final float[] dProj;
    final float[] gx;
    final float[] gh;
    final float[] gatesF;
    final float[] gatesB;
    final float[] gatesD;
    final float[] hF;
    final float[] hB;
    final float[] summ;
    final float[] z;
    final float[] tmp;
    /** Attention keys of the real rows (rows of ap). */
    final float[] keys;
    final float[] sp;
    /** Queries of every decoder step (rows of ap at (i n + e) ap). */
    final float[] qs;
    /** Attention weights of decoder step i for the real rows, at i T n + row. */
    final float[] alpha;
    /** tanh(key + query) of decoder step i for the real rows (rows of ap at (i T n + row) ap). */
    final float[] th;
    final float[] yPrev;
    final float[] yo;
    /** The reconstruction, rows of {@link Kernels#ROW} (positions 57..63 zero). */
    public final float[] recon;
    final float[] x64;
    final float[] cm;
    // backward
    final float[] drec;
    final double[] rowLoss;
    final float[] dyhat;
    final float[] tb;
    final float[] tbig;
    final float[] ds;
    final float[] dsPrev;
    final float[] dyNext;
    final float[] dghD;
    final float[] dgxD;
    /** dL/dq per decoder step (rows of ap, as {@link #qs}). */
    final float[] dq;
    /** One decoder step's dL/dalpha, then dL/dscore, per real row. */
    final float[] dalpha;
    /** dL/dkey of the real rows (rows of ap). */
    final float[] dkeys;
    final float[] dhs;
    /** dL/dv (ap lanes). */
    final float[] dv;
    final float[] dgh;
    final float[] dgx;
    final float[] dh;
    final float[] da0;
    final float[] dz;
    final float[] dsum;

    Work(RecurrentNet net) {
      int h = net.h;
      int d = net.d;
      int a = net.a;
      int g3 = net.g3;
      encIn = new float[T * n * STEP];
      rowStart = new int[T + 1];
      liveEv = new int[T * n];
      rowMask = new float[T * n];
      evStart = new int[n + 1];
      evRow = new int[T * n];
      prevF = new float[T * n * h];
      prevB = new float[T * n * h];
      liveHs = new float[T * n * d];
      stepOut = new float[n * h];
      stepPrev = new float[n * h];
      rowOf = new int[T * n];
      proj = new float[T * n * net.pw];
      ctxY = new float[n * Kernels.LANES];
      yIn = new float[T * n * K];
      dProj = new float[T * n * net.pw];
      gx = new float[T * n * g3];
      gh = new float[n * g3];
      gatesF = new float[T * n * 4 * h];
      gatesB = new float[T * n * 4 * h];
      gatesD = new float[T * n * 4 * h];
      hF = new float[(T + 1) * n * h];
      hB = new float[(T + 1) * n * h];
      summ = new float[n * d];
      z = new float[n * net.lp];
      int wide = Math.max(net.hp, net.dp);
      tmp = new float[n * Math.max(wide, g3)];
      keys = new float[T * n * net.ap];
      sp = new float[(T + 1) * n * h];
      qs = new float[T * n * net.ap];
      alpha = new float[T * T * n];
      th = new float[T * T * n * net.ap];
      yPrev = new float[n * K];
      yo = new float[n * Kernels.LANES];
      recon = new float[n * Kernels.ROW];
      x64 = new float[n * Kernels.ROW];
      cm = new float[n * Kernels.ROW];
      drec = new float[n * Kernels.ROW];
      rowLoss = new double[n];
      dyhat = new float[T * n * Kernels.LANES];
      tb = new float[n * Math.max(wide, g3)];
      tbig = new float[T * n * net.dp];
      ds = new float[n * h];
      dsPrev = new float[n * h];
      dyNext = new float[n * K];
      dghD = new float[T * n * g3];
      dgxD = new float[T * n * g3];
      dq = new float[T * n * net.ap];
      dalpha = new float[T * n];
      dkeys = new float[T * n * net.ap];
      dhs = new float[T * n * d];
      dv = new float[net.ap];
      dgh = new float[T * n * g3];
      dgx = new float[T * n * g3];
      dh = new float[n * h];
      da0 = new float[n * net.hp];
      dz = new float[n * net.lp];
      dsum = new float[n * net.dp];
    }
  }

  /**
   * The forward pass of events [from, from + n) (n <= {@link #TILE}) of {@code x57} (rows of 57
   * standardised inputs, 0 in empty slots) and {@code mask19} (slot occupancies 0/1): the reconstruction
   * into {@code w.recon}, every activation kept in {@code w}. {@code tf} (rows of 19, the teacher-forcing
   * decisions k) or null for free decoding: the decoder's previous object is x k + yhat (1 - k).
   */
  public void forward(Kernels k, Work w, float[] x57, float[] mask19, float[] tf, int from, int n) {
    if (n > TILE || n < 1) {
      throw new IllegalArgumentException("a tile holds 1.." + TILE + " events, asked for " + n);
    }
    Arrays.fill(w.recon, 0, n * Kernels.ROW, 0f);
    Arrays.fill(w.x64, 0, n * Kernels.ROW, 0f);
    Arrays.fill(w.cm, 0, n * Kernels.ROW, 0f);
    for (int e = 0; e < n; e++) {
      int xr = (from + e) * 3 * T;
      int mr = (from + e) * T;
      System.arraycopy(x57, xr, w.x64, e * Kernels.ROW, 3 * T);
      for (int t = 0; t < T; t++) {
        float m = mask19[mr + t];
        int c = e * Kernels.ROW + 3 * t;
        w.cm[c] = m;
        w.cm[c + 1] = m;
        w.cm[c + 2] = m;
      }
    }
    // the real rows (slot t of event e with m != 0) in (slot, event) order: the encoder visits only these,
    // an empty slot carries the state (next m + prev (1 - m) = prev for m = 0) and gets no gradient
    int rows = 0;
    for (int t = 0; t < T; t++) {
      w.rowStart[t] = rows;
      for (int e = 0; e < n; e++) {
        float m = mask19[(from + e) * T + t];
        if (m != 0f) {
          int xr = (from + e) * 3 * T + 3 * t;
          int base = rows * STEP;
          w.encIn[base] = x57[xr];
          w.encIn[base + 1] = x57[xr + 1];
          w.encIn[base + 2] = x57[xr + 2];
          w.encIn[base + 3] = m;
          w.encIn[base + 4] = 0f;
          w.encIn[base + 5] = 0f;
          w.encIn[base + 6] = 0f;
          w.encIn[base + 7] = 0f;
          w.encIn[base + 4 + TYPE[t]] = 1f;
          w.rowMask[rows] = m;
          w.liveEv[rows++] = e;
        }
      }
    }
    w.rowStart[T] = rows;
    // encoder, forward direction: hF[t + 1] = GRU(gx_t, hF[t]) on the real rows of slot t, hF[0] = 0
    k.dense(w.encIn, 0, STEP, STEP, encFx.wt(), encFx.paddedBias(), g3, false, 0f, w.gx, 0, g3, rows);
    Arrays.fill(w.hF, 0, n * h, 0f);
    for (int t = 0; t < T; t++) {
      encoderStep(k, w, encFh, w.hF, t * n * h, (t + 1) * n * h, w.prevF, w.gatesF, t, n);
    }
    if (bidi) {
      k.dense(w.encIn, 0, STEP, STEP, encBx.wt(), encBx.paddedBias(), g3, false, 0f, w.gx, 0, g3, rows);
      Arrays.fill(w.hB, T * n * h, (T + 1) * n * h, 0f);
      for (int t = T - 1; t >= 0; t--) {
        encoderStep(k, w, encBh, w.hB, (t + 1) * n * h, t * n * h, w.prevB, w.gatesB, t, n);
      }
    }
    // the real rows' encoder states [hF | hB]
    Arrays.fill(w.rowOf, 0, T * n, -1);
    for (int t = 0; t < T; t++) {
      for (int r = w.rowStart[t]; r < w.rowStart[t + 1]; r++) {
        int e = w.liveEv[r];
        w.rowOf[t * n + e] = r;
        System.arraycopy(w.hF, ((t + 1) * n + e) * h, w.liveHs, r * d, h);
        if (bidi) {
          System.arraycopy(w.hB, (t * n + e) * h, w.liveHs, r * d + h, h);
        }
      }
    }
    // each event's real rows in slot order (the attention's softmax and context run over these only)
    int q = 0;
    for (int e = 0; e < n; e++) {
      w.evStart[e] = q;
      for (int t = 0; t < T; t++) {
        int r = w.rowOf[t * n + e];
        if (r >= 0) {
          w.evRow[q++] = r;
        }
      }
    }
    w.evStart[n] = q;
    for (int e = 0; e < n; e++) {
      System.arraycopy(w.hF, (T * n + e) * h, w.summ, e * d, h);
      if (bidi) {
        System.arraycopy(w.hB, e * h, w.summ, e * d + h, h);
      }
    }
    // bottleneck and the decoder's first state s_0 = tanh(W' z + b')
    k.dense(w.summ, 0, d, d, toLatent.wt(), toLatent.paddedBias(), lp, false, 0f, w.z, 0, lp, n);
    k.dense(w.z, 0, lp, latent, fromLatent.wt(), fromLatent.paddedBias(), hp, false, 0f, w.tmp, 0, hp, n);
    for (int e = 0; e < n; e++) {
      for (int c = 0; c < h; c++) {
        w.sp[e * h + c] = FastMath.tanh(w.tmp[e * hp + c]);
      }
    }
    // attention keys of the real rows (empty slots need none: their attention weights are exactly 0)
    k.dense(w.liveHs, 0, d, d, attnKey.wt(), attnKey.paddedBias(), ap, false, 0f, w.keys, 0, ap, rows);
    // context projections of the real rows
    k.dense(w.liveHs, 0, d, d, ctx.wt(), ctx.paddedBias(), pw, false, 0f, w.proj, 0, pw, rows);
    Arrays.fill(w.yPrev, 0, n * K, 0f);
    for (int i = 0; i < T; i++) {
      decoderStep(k, w, x57, mask19, tf, from, n, i);
    }
  }

  /** Decoder step i: attention over the encoder states, GRU, output; y_(i) for the next step. */
  private void decoderStep(Kernels k, Work w, float[] x57, float[] mask19, float[] tf, int from, int n, int i) {
    int spOff = i * n * h;
    int qo = i * n * ap;
    k.dense(w.sp, spOff, h, h, attnQuery.wt(), attnQuery.paddedBias(), ap, false, 0f, w.qs, qo, ap, n);
    // e_ij = v . tanh(key_j + q_i) + (1 - m_j)(-1e9) on the real rows (RecurrentOps.laneSum's order over the
    // features); an empty slot's score is about -1e9 and its weight exactly 0 (below), so it is not computed
    RecurrentOps ops = RecurrentOps.of(k);
    int alBase = i * T * n;
    int rows = w.rowStart[T];
    ops.rowScores(w.keys, w.qs, qo, w.liveEv, vp, ap, w.alpha, alBase, w.th, i * T * n * ap, 0, rows);
    // softmax over the event's slots: exp(e_j - max) / sum, weights below 2^-40 of the largest cut to 0
    // (FastMath.SOFTMAX_MIN), so the empty slots' terms are exact zeros, left out of the sums
    for (int e = 0; e < n; e++) {
      int q0 = w.evStart[e];
      int q1 = w.evStart[e + 1];
      if (q0 == q1) {
        continue;
      }
      float mx = Float.NEGATIVE_INFINITY;
      for (int q = q0; q < q1; q++) {
        int r = w.evRow[q];
        float sc = w.alpha[alBase + r] + (1f - w.rowMask[r]) * MASKED;
        w.alpha[alBase + r] = sc;
        mx = Math.max(mx, sc);
      }
      float sum = 0f;
      for (int q = q0; q < q1; q++) {
        int r = w.evRow[q];
        float x = w.alpha[alBase + r] - mx;
        float ex = x < FastMath.SOFTMAX_MIN ? 0f : (float) Math.exp(x);
        w.alpha[alBase + r] = ex;
        sum += ex;
      }
      for (int q = q0; q < q1; q++) {
        w.alpha[alBase + w.evRow[q]] /= sum;
      }
    }
    // the context c_i = sum_j alpha_ij h_j enters the GRU input and the output only through W c_i, taken as
    // sum_j alpha_ij P_j with P_j = W h_j over the event's real rows (the same sum in another order; empty
    // slots have weight exactly 0, an event without objects has no rows and a zero context):
    // GRU on [y_(i-1), one-hot i, c_i]: (W_y y_(i-1) + step bias) + W_c c_i, and W_oc c_i into ctxY
    System.arraycopy(w.yPrev, 0, w.yIn, i * n * K, n * K);
    k.dense(w.yIn, i * n * K, K, K, decY.wt(), stepBias[i], g3, false, 0f, w.gx, 0, g3, n);
    ops.context(w.alpha, alBase, w.evStart, w.evRow, w.proj, w.gx, 0, g3, w.ctxY, 0, Kernels.LANES, n);
    k.dense(w.sp, spOff, h, h, decH.wt(), decH.paddedBias(), g3, false, 0f, w.gh, 0, g3, n);
    ops.gru(w.gx, 0, w.gh, g3, w.sp, spOff, w.sp, spOff + n * h, w.gatesD, i * n * 4 * h, null, 0, 0, h, n);
    // yhat_i = (W_s s_i + b_o) + W_oc c_i
    k.dense(w.sp, spOff + n * h, h, h, outS.wt(), outS.paddedBias(), Kernels.LANES, false, 0f, w.yo, 0,
        Kernels.LANES, n);
    ops.axpy(1f, w.ctxY, 0, w.yo, 0, n * Kernels.LANES);
    for (int e = 0; e < n; e++) {
      for (int c = 0; c < K; c++) {
        float yh = w.yo[e * Kernels.LANES + c];
        w.recon[e * Kernels.ROW + K * i + c] = yh;
        if (tf == null) {
          w.yPrev[e * K + c] = yh;
        } else {
          float kf = tf[(from + e) * T + i];
          w.yPrev[e * K + c] = x57[(from + e) * 3 * T + K * i + c] * kf + yh * (1f - kf);
        }
      }
    }
  }

  /**
   * One encoder step of one direction on the real rows of slot t: the previous states of those rows
   * (rows of h of {@code states} at prevOff, event e at e h) are gathered into {@code prev} (rows of h,
   * the slot's block at rowStart[t]), W_h prev into {@code w.gh}, the GRU with the gates of
   * {@code w.gx} at the same rows, its gates saved into {@code gates} (rows of 4h, same rows); the new
   * states (at outOff) are the previous ones, overwritten on the real rows.
   */
  private void encoderStep(Kernels k, Work w, DenseLayer wh, float[] states, int prevOff, int outOff, float[] prev,
      float[] gates, int t, int n) {
    int r0 = w.rowStart[t];
    int c = w.rowStart[t + 1] - r0;
    System.arraycopy(states, prevOff, states, outOff, n * h);
    if (c == 0) {
      return;
    }
    for (int q = 0; q < c; q++) {
      System.arraycopy(states, prevOff + w.liveEv[r0 + q] * h, prev, (r0 + q) * h, h);
    }
    k.dense(prev, r0 * h, h, h, wh.wt(), wh.paddedBias(), g3, false, 0f, w.gh, 0, g3, c);
    RecurrentOps.of(k).gru(w.gx, r0 * g3, w.gh, g3, prev, r0 * h, w.stepOut, 0, gates, r0 * 4 * h, w.rowMask, r0, 1,
        h, c);
    for (int q = 0; q < c; q++) {
      System.arraycopy(w.stepOut, q * h, states, outOff + w.liveEv[r0 + q] * h, h);
    }
  }

  // ------------------------------------------------------------------ backward

  /** Gradients of one slice in the kernels' layouts (written by {@link #backward}). */
  public static final class Grad {
    final float[][] gwt;
    final float[][] gb;
    final float[] stepCol;
    final float[] gv;

    Grad(RecurrentNet net) {
      DenseLayer[] ls = net.layers();
      gwt = new float[ls.length][];
      gb = new float[ls.length][];
      for (int l = 0; l < ls.length; l++) {
        if (ls[l] != null) {
          gwt[l] = new float[ls[l].in() * ls[l].op()];
          gb[l] = new float[ls[l].op()];
        }
      }
      stepCol = new float[T * net.g3];
      gv = new float[net.a];
    }

    /** this += other, array by array (the fixed-order sum of slice gradients). */
    void add(Kernels k, Grad other) {
      for (int l = 0; l < gwt.length; l++) {
        if (gwt[l] != null) {
          k.accumulate(gwt[l], other.gwt[l], gwt[l].length);
          k.accumulate(gb[l], other.gb[l], gb[l].length);
        }
      }
      k.accumulate(stepCol, other.stepCol, stepCol.length);
      k.accumulate(gv, other.gv, gv.length);
    }

    void copyFrom(Grad other) {
      for (int l = 0; l < gwt.length; l++) {
        if (gwt[l] != null) {
          System.arraycopy(other.gwt[l], 0, gwt[l], 0, gwt[l].length);
          System.arraycopy(other.gb[l], 0, gb[l], 0, gb[l].length);
        }
      }
      System.arraycopy(other.stepCol, 0, stepCol, 0, stepCol.length);
      System.arraycopy(other.gv, 0, gv, 0, gv.length);
    }
  }

  /** Gradient buffers of one slice. */
  public Grad grad() {
    return new Grad(this);
  }

  private static final int L_ENC_FX = 0;
  private static final int L_ENC_FH = 1;
  private static final int L_ENC_BX = 2;
  private static final int L_ENC_BH = 3;
  private static final int L_TO_LATENT = 4;
  private static final int L_FROM_LATENT = 5;
  private static final int L_KEY = 6;
  private static final int L_QUERY = 7;
  private static final int L_DEC_Y = 8;
  private static final int L_DEC_H = 9;
  private static final int L_OUT = 10;
  private static final int L_CTX = 11;

  private DenseLayer[] layers() {
    return new DenseLayer[] {encFx, encFh, encBx, encBh, toLatent, fromLatent, attnKey, attnQuery, decY, decH, outS,
        ctx};
  }

  /**
   * The loss gradient of the last {@link #forward} of these n events through time, given dL/d(recon)
   * in {@code w.drec} (rows of {@link Kernels#ROW}): every parameter's gradient summed over the events
   * (in event order within each step, steps in order) into {@code g} (overwritten).
   */
  public void backward(Kernels k, Work w, Grad g, float[] mask19, float[] tf, int from, int n) {
    int tn = T * n;
    RecurrentOps ops = RecurrentOps.of(k);
    Arrays.fill(w.dyNext, 0, n * K, 0f);
    Arrays.fill(w.ds, 0, n * h, 0f);
    Arrays.fill(w.dhs, 0, tn * d, 0f);
    Arrays.fill(w.dv, 0f);
    Arrays.fill(w.dyhat, 0, tn * Kernels.LANES, 0f);
    Arrays.fill(w.dq, 0, tn * ap, 0f);
    int rows = w.rowStart[T];
    Arrays.fill(w.dkeys, 0, rows * ap, 0f);
    int ipOut = outS.ip();
    int ipY = decY.ip();
    for (int i = T - 1; i >= 0; i--) {
      // dL/dyhat_i: the loss term, plus (1 - k) times the gradient of y_i fed to step i + 1
      for (int e = 0; e < n; e++) {
        int base = (i * n + e) * Kernels.LANES;
        for (int c = 0; c < K; c++) {
          float dy = w.drec[e * Kernels.ROW + K * i + c];
          if (i < T - 1) {
            float kf = tf == null ? 0f : tf[(from + e) * T + i];
            dy += w.dyNext[e * K + c] * (1f - kf);
          }
          w.dyhat[base + c] = dy;
        }
      }
      // output layer: ds_i += W_s^T dyhat (the context's part through the projections, in attentionBack)
      k.dense(w.dyhat, i * n * Kernels.LANES, Kernels.LANES, outS.backRows(), outS.wb(), null, ipOut, false, 0f, w.tb,
          0, ipOut, n);
      for (int e = 0; e < n; e++) {
        ops.axpy(1f, w.tb, e * ipOut, w.ds, e * h, h);
      }
      // decoder GRU (no mask): dgx, dgh of step i; ds_(i-1) = ds u + W_h^T dgh (+ the query's part below)
      RecurrentOps.of(k).gruBack(w.ds, w.gatesD, i * n * 4 * h, w.sp, i * n * h, null, 0, 0, w.dgxD, i * n * g3,
          w.dghD, i * n * g3, g3, w.dsPrev, h, n);
      addBack(k, decH, w.dghD, i * n * g3, w.tb, w.dsPrev, 0, h, n);
      // decoder input y_(i-1): W_y^T dgx
      k.dense(w.dgxD, i * n * g3, g3, decY.backRows(), decY.wb(), null, ipY, false, 0f, w.tb, 0, ipY, n);
      for (int e = 0; e < n; e++) {
        System.arraycopy(w.tb, e * ipY, w.dyNext, e * K, K);
      }
      attentionBack(k, w, i, n);
      addBack(k, attnQuery, w.dq, i * n * ap, w.tb, w.dsPrev, 0, h, n);
      float[] s = w.ds;
      System.arraycopy(w.dsPrev, 0, s, 0, n * h);
    }
    // s_0 = tanh(W' z + b'), z = W summary + b
    Arrays.fill(w.da0, 0, n * hp, 0f);
    for (int e = 0; e < n; e++) {
      for (int c = 0; c < h; c++) {
        float s0 = w.sp[e * h + c];
        w.da0[e * hp + c] = w.ds[e * h + c] * (1f - s0 * s0);
      }
    }
    k.weightGradient(w.z, 0, lp, latent, w.da0, 0, hp, hp, n, g.gwt[L_FROM_LATENT], g.gb[L_FROM_LATENT]);
    k.dense(w.da0, 0, hp, fromLatent.backRows(), fromLatent.wb(), null, fromLatent.ip(), false, 0f, w.dz, 0, lp, n);
    k.weightGradient(w.summ, 0, d, d, w.dz, 0, lp, lp, n, g.gwt[L_TO_LATENT], g.gb[L_TO_LATENT]);
    k.dense(w.dz, 0, lp, toLatent.backRows(), toLatent.wb(), null, toLatent.ip(), false, 0f, w.dsum, 0, dp, n);
    // context projections of the real rows: dL/dP_j = sum_i alpha_ij G_i (steps from the last), W_ctx^T dP into
    // dL/dh, and the stacked weights' gradient
    ops.projectionGradient(w.alpha, T * n, T, w.dgxD, g3, w.dyhat, Kernels.LANES, n, w.liveEv, w.dProj, 0, rows);
    k.weightGradient(w.liveHs, 0, d, d, w.dProj, 0, pw, pw, rows, g.gwt[L_CTX], g.gb[L_CTX]);
    k.dense(w.dProj, 0, pw, ctx.backRows(), ctx.wb(), null, ctx.ip(), false, 0f, w.tbig, 0, dp, rows);
    for (int j = 0; j < T; j++) {
      for (int r = w.rowStart[j]; r < w.rowStart[j + 1]; r++) {
        ops.axpy(1f, w.tbig, r * dp, w.dhs, (j * n + w.liveEv[r]) * d, d);
      }
    }
    // keys of the real rows (an empty slot has no key: its attention weights are exactly 0)
    k.weightGradient(w.liveHs, 0, d, d, w.dkeys, 0, ap, ap, rows, g.gwt[L_KEY], g.gb[L_KEY]);
    k.dense(w.dkeys, 0, ap, attnKey.backRows(), attnKey.wb(), null, attnKey.ip(), false, 0f, w.tbig, 0, dp, rows);
    for (int j = 0; j < T; j++) {
      for (int r = w.rowStart[j]; r < w.rowStart[j + 1]; r++) {
        ops.axpy(1f, w.tbig, r * dp, w.dhs, (j * n + w.liveEv[r]) * d, d);
      }
    }
    for (int e = 0; e < n; e++) {
      for (int c = 0; c < h; c++) {
        w.dhs[((T - 1) * n + e) * d + c] += w.dsum[e * dp + c];
        if (bidi) {
          w.dhs[e * d + h + c] += w.dsum[e * dp + h + c];
        }
      }
    }
    // encoder, forward direction (t = T-1 .. 0), on the real rows
    Arrays.fill(w.dh, 0, n * h, 0f);
    for (int t = T - 1; t >= 0; t--) {
      encoderStepBack(k, w, encFh, w.gatesF, w.prevF, 0, t, n);
    }
    k.weightGradient(w.prevF, 0, h, h, w.dgh, 0, g3, g3, rows, g.gwt[L_ENC_FH], g.gb[L_ENC_FH]);
    k.weightGradient(w.encIn, 0, STEP, STEP, w.dgx, 0, g3, g3, rows, g.gwt[L_ENC_FX], g.gb[L_ENC_FX]);
    if (bidi) {
      Arrays.fill(w.dh, 0, n * h, 0f);
      for (int t = 0; t < T; t++) {
        encoderStepBack(k, w, encBh, w.gatesB, w.prevB, h, t, n);
      }
      k.weightGradient(w.prevB, 0, h, h, w.dgh, 0, g3, g3, rows, g.gwt[L_ENC_BH], g.gb[L_ENC_BH]);
      k.weightGradient(w.encIn, 0, STEP, STEP, w.dgx, 0, g3, g3, rows, g.gwt[L_ENC_BX], g.gb[L_ENC_BX]);
    }
    // decoder weights over all steps
    k.weightGradient(w.sp, 0, h, h, w.dghD, 0, g3, g3, tn, g.gwt[L_DEC_H], g.gb[L_DEC_H]);
    k.weightGradient(w.yIn, 0, K, K, w.dgxD, 0, g3, g3, tn, g.gwt[L_DEC_Y], g.gb[L_DEC_Y]);
    Arrays.fill(g.stepCol, 0f);
    for (int i = 0; i < T; i++) {
      for (int e = 0; e < n; e++) {
        ops.axpy(1f, w.dgxD, (i * n + e) * g3, g.stepCol, i * g3, g3);
      }
    }
    k.weightGradient(w.sp, 0, h, h, w.dq, 0, ap, ap, tn, g.gwt[L_QUERY], g.gb[L_QUERY]);
    k.weightGradient(w.sp, n * h, h, h, w.dyhat, 0, Kernels.LANES, Kernels.LANES, tn, g.gwt[L_OUT], g.gb[L_OUT]);
    System.arraycopy(w.dv, 0, g.gv, 0, a);
  }

  /** acc[rows of h] += W^T dOut (dOut rows of the layer's op at off). */
  private static void addBack(Kernels k, DenseLayer layer, float[] dOut, int off, float[] tb, float[] acc, int accOff,
      int width, int n) {
    int ip = layer.ip();
    k.dense(dOut, off, layer.op(), layer.backRows(), layer.wb(), null, ip, false, 0f, tb, 0, ip, n);
    RecurrentOps ops = RecurrentOps.of(k);
    for (int e = 0; e < n; e++) {
      ops.axpy(1f, tb, e * ip, acc, accOff + e * width, width);
    }
  }

  /**
   * One encoder step backward on the real rows of slot t ({@code col}: the direction's columns in the
   * encoder states, 0 or h): dL/dh_t = external (attention, keys, bottleneck) + carried from the next
   * step; an empty slot passes it on unchanged; the real rows (block rowStart[t] of {@code gates} and of
   * the gathered previous states {@code prev}) give dgx, dgh at the same rows and add W_h^T dgh.
   */
  private void encoderStepBack(Kernels k, Work w, DenseLayer wh, float[] gates, float[] prev, int col, int t, int n) {
    RecurrentOps ops = RecurrentOps.of(k);
    for (int e = 0; e < n; e++) {
      System.arraycopy(w.dhs, (t * n + e) * d + col, w.ds, e * h, h);
      ops.axpy(1f, w.dh, e * h, w.ds, e * h, h);
    }
    System.arraycopy(w.ds, 0, w.dh, 0, n * h);
    int r0 = w.rowStart[t];
    int cnt = w.rowStart[t + 1] - r0;
    if (cnt == 0) {
      return;
    }
    for (int q = 0; q < cnt; q++) {
      System.arraycopy(w.ds, w.liveEv[r0 + q] * h, w.stepOut, q * h, h);
    }
    ops.gruBack(w.stepOut, gates, r0 * 4 * h, prev, r0 * h, w.rowMask, r0, 1, w.dgx, r0 * g3, w.dgh,
        r0 * g3, g3, w.stepPrev, h, cnt);
    int ip = wh.ip();
    k.dense(w.dgh, r0 * g3, g3, wh.backRows(), wh.wb(), null, ip, false, 0f, w.tb, 0, ip, cnt);
    for (int q = 0; q < cnt; q++) {
      int dst = w.liveEv[r0 + q] * h;
      System.arraycopy(w.stepPrev, q * h, w.dh, dst, h);
      ops.axpy(1f, w.tb, q * ip, w.dh, dst, h);
    }
  }

  /**
   * Attention backward of decoder step i, given dL/dgx_i in {@code w.dgxD} and dL/dyhat_i in
   * {@code w.dyhat} (together G_i, rows of pw as the projections): dL/dalpha_ij = G_i . P_j on the real
   * rows, dL/dkey into {@code w.dkeys}, dL/dq_i into {@code w.dq} rows of step i, dL/dv into {@code w.dv}
   * (dL/dP_j = sum_i alpha_ij G_i after the last step, {@link RecurrentOps#projectionGradient}).
   */
  private void attentionBack(Kernels k, Work w, int i, int n) {
    int alBase = i * T * n;
    int rows = w.rowStart[T];
    RecurrentOps ops = RecurrentOps.of(k);
    ops.rowDots(w.dgxD, i * n * g3, g3, w.dyhat, i * n * Kernels.LANES, Kernels.LANES, w.liveEv, w.proj, w.dalpha, 0,
        0, rows);
    // softmax backward over the event's real rows in slot order: de_j = alpha_j (dalpha_j - sum_k alpha_k dalpha_k)
    for (int e = 0; e < n; e++) {
      int q0 = w.evStart[e];
      int q1 = w.evStart[e + 1];
      float sdot = 0f;
      for (int q = q0; q < q1; q++) {
        int r = w.evRow[q];
        sdot += w.alpha[alBase + r] * w.dalpha[r];
      }
      for (int q = q0; q < q1; q++) {
        int r = w.evRow[q];
        float al = w.alpha[alBase + r];
        w.dalpha[r] = al * (w.dalpha[r] - sdot);
      }
    }
    ops.rowScoresBack(w.th, i * T * n * ap, i * n * ap, w.liveEv, vp, ap, w.dalpha, 0, w.dv, w.dkeys, w.dq, 0, rows);
  }

  /**
   * The gradients of {@code g} in the master layouts, one array per parameter in {@link #parameters()}
   * order: weight (out x in) then bias for each linear map (the attention vector has no bias).
   */
  public List<float[]> masterGradients(Grad g) {
    List<float[]> res = new ArrayList<>();
    DenseLayer[] ls = layers();
    for (String name : names(bidi)) {
      switch (name) {
        case "attnScore" -> res.add(g.gv.clone());
        case "decX" -> {
          int in = decX.in;
          float[] gw = new float[decX.out * in];
          float[] gy = g.gwt[L_DEC_Y];
          float[] gc = g.gwt[L_CTX];
          for (int o = 0; o < 3 * h; o++) {
            for (int c = 0; c < d; c++) {
              gw[o * in + K + T + c] = gc[c * pw + o];
            }
            for (int kk = 0; kk < K; kk++) {
              gw[o * in + kk] = gy[kk * g3 + o];
            }
            for (int s = 0; s < T; s++) {
              gw[o * in + K + s] = g.stepCol[s * g3 + o];
            }
          }
          res.add(gw);
          res.add(Arrays.copyOf(g.gb[L_DEC_Y], 3 * h));
        }
        case "out" -> {
          float[] gw = new float[K * (h + d)];
          float[] gs = g.gwt[L_OUT];
          float[] gc = g.gwt[L_CTX];
          for (int o = 0; o < K; o++) {
            for (int c = 0; c < h; c++) {
              gw[o * (h + d) + c] = gs[c * Kernels.LANES + o];
            }
            for (int c = 0; c < d; c++) {
              gw[o * (h + d) + h + c] = gc[c * pw + g3 + o];
            }
          }
          res.add(gw);
          res.add(Arrays.copyOf(g.gb[L_OUT], K));
        }
        default -> {
          int l = index(name);
          DenseLayer dl = ls[l];
          float[] gw = new float[dl.out() * dl.in()];
          for (int o = 0; o < dl.out(); o++) {
            for (int c = 0; c < dl.in(); c++) {
              gw[o * dl.in() + c] = g.gwt[l][c * dl.op() + o];
            }
          }
          res.add(gw);
          res.add(Arrays.copyOf(g.gb[l], dl.out()));
        }
      }
    }
    return res;
  }

  /** The master arrays in {@link #masterGradients} order (live: weight then bias of each map). */
  public List<float[]> masterArrays() {
    List<float[]> res = new ArrayList<>();
    for (Lin l : parameters()) {
      res.add(l.w);
      if (l.b != null) {
        res.add(l.b);
      }
    }
    return res;
  }

  private static int index(String name) {
    return switch (name) {
      case "encFx" -> L_ENC_FX;
      case "encFh" -> L_ENC_FH;
      case "encBx" -> L_ENC_BX;
      case "encBh" -> L_ENC_BH;
      case "toLatent" -> L_TO_LATENT;
      case "fromLatent" -> L_FROM_LATENT;
      case "attnKey" -> L_KEY;
      case "attnQuery" -> L_QUERY;
      case "decH" -> L_DEC_H;
      default -> throw new IllegalArgumentException("no layer " + name);
    };
  }
}
