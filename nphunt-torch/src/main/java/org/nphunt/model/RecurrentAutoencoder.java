package org.nphunt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.nphunt.data.Adc2021;
import org.nphunt.data.ObjectType;

/**
 * The DJL block of {@link RecurrentAeConfig} (design there): input [x (B,57), mask (B,19)] and, in
 * training, the teacher-forcing decisions tf (B,19); output [reconstruction (B,57)] in standardised
 * units, slot-major like the input. The GRU cells follow PyTorch's {@code GRUCell}: r = sigma(W_ir x +
 * b_ir + W_hr h + b_hr), u = sigma(W_iu x + b_iu + W_hu h + b_hu), n = tanh(W_in x + b_in + r (W_hn h +
 * b_hn)), h' = (1 - u) n + u h, with the input and hidden maps as one Linear each (gates r, u, n in that
 * order).
 */
public final class RecurrentAutoencoder extends AbstractBlock {
  private static final byte VERSION = 1;
  /** Features per encoder step: pT, eta, phi, occupancy, type one-hot (4). */
  static final int STEP_FEATURES = Adc2021.KINEMATIC + 1 + 4;
  static final int T = Adc2021.SLOTS;
  /** Added to the attention score of an empty slot (its weight is then exactly 0 in float). */
  private static final float MASKED = -1e9f;

  private final RecurrentAeConfig config;
  private final int h;
  private final int d;
  private final Linear encFx;
  private final Linear encFh;
  private final Linear encBx;
  private final Linear encBh;
  private final Linear toLatent;
  private final Linear fromLatent;
  private final Linear attnKey;
  private final Linear attnQuery;
  private final Linear attnScore;
  private final Linear decX;
  private final Linear decH;
  private final Linear out;

  RecurrentAutoencoder(RecurrentAeConfig config) {
    super(VERSION);
    this.config = config;
    this.h = config.hidden();
    this.d = config.bidirectional() ? 2 * h : h;
    encFx = addChildBlock("encFx", Linear.builder().setUnits(3L * h).build());
    encFh = addChildBlock("encFh", Linear.builder().setUnits(3L * h).build());
    encBx = config.bidirectional() ? addChildBlock("encBx", Linear.builder().setUnits(3L * h).build()) : null;
    encBh = config.bidirectional() ? addChildBlock("encBh", Linear.builder().setUnits(3L * h).build()) : null;
    toLatent = addChildBlock("toLatent", Linear.builder().setUnits(config.latentDim()).build());
    fromLatent = addChildBlock("fromLatent", Linear.builder().setUnits(h).build());
    attnKey = addChildBlock("attnKey", Linear.builder().setUnits(config.attention()).build());
    attnQuery = addChildBlock("attnQuery", Linear.builder().setUnits(config.attention()).build());
    attnScore = addChildBlock("attnScore", Linear.builder().setUnits(1).optBias(false).build());
    decX = addChildBlock("decX", Linear.builder().setUnits(3L * h).build());
    decH = addChildBlock("decH", Linear.builder().setUnits(3L * h).build());
    out = addChildBlock("out", Linear.builder().setUnits(Adc2021.KINEMATIC).build());
  }

  public RecurrentAeConfig config() {
    return config;
  }

  /**
   * The block's linear maps by name, in construction (= parameter) order: encFx, encFh, [encBx, encBh],
   * toLatent, fromLatent, attnKey, attnQuery, attnScore (no bias), decX (input [y (3), slot one-hot (19),
   * context (D)]), decH, out (input [s (H), context (D)]); read by nphunt's fused Java kernels
   * ({@code org.nphunt.kernel.RecurrentNet}).
   */
  public java.util.LinkedHashMap<String, Linear> linears() {
    java.util.LinkedHashMap<String, Linear> m = new java.util.LinkedHashMap<>();
    m.put("encFx", encFx);
    m.put("encFh", encFh);
    if (encBx != null) {
      m.put("encBx", encBx);
      m.put("encBh", encBh);
    }
    m.put("toLatent", toLatent);
    m.put("fromLatent", fromLatent);
    m.put("attnKey", attnKey);
    m.put("attnQuery", attnQuery);
    m.put("attnScore", attnScore);
    m.put("decX", decX);
    m.put("decH", decH);
    m.put("out", out);
    return m;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tf = training && inputs.size() > 2 ? inputs.get(2) : null;
    return new NDList(run(ps, inputs.get(0), inputs.get(1), tf, training, params, null));
  }

  /**
   * The attention weights of every decoder step of free decoding: (B, 19 steps, 19 slots), each row
   * summing to 1 over the real slots and 0 on empty ones.
   */
  public NDArray attentionWeights(ParameterStore ps, NDArray x, NDArray mask) {
    List<NDArray> alphas = new ArrayList<>();
    run(ps, x, mask, null, false, null, alphas);
    return NDArrays.stack(new NDList(alphas), 1);
  }

  /**
   * The decoder's outputs when every previous object is the true one (teacher forcing with k = 1):
   * the next-step predictions of the target sequence.
   */
  public NDArray teacherForced(ParameterStore ps, NDArray x, NDArray mask) {
    NDArray ones = mask.onesLike();
    return run(ps, x, mask, ones, false, null, null);
  }

  private NDArray constant(NDManager m, float[] v, Shape s) {
    return Tensors.owned(m, v, s);
  }

  /** The reconstruction (B,57); tf (B,19) or null for free decoding; alphas collects attention weights. */
  NDArray run(ParameterStore ps, NDArray x, NDArray mask, NDArray tf, boolean training, PairList<String, Object> params,
      List<NDArray> alphas) {
    NDManager m = x.getManager();
    long b = x.getShape().get(0);
    NDArray xs = x.reshape(b, T, Adc2021.KINEMATIC);
    // step features: kinematics, occupancy, type one-hot
    float[] types = new float[T * 4];
    for (int s = 0; s < T; s++) {
      types[s * 4 + ObjectType.ofSlot(s).ordinal()] = 1f;
    }
    NDArray typeNd = constant(m, types, new Shape(1, T, 4)).broadcast(b, T, 4);
    NDArray encIn = NDArrays.concat(new NDList(xs, mask.expandDims(2), typeNd), 2).reshape(b * T, STEP_FEATURES);
    NDArray gxF = lin(encFx, ps, encIn, training, params).reshape(b, T, 3L * h);
    NDArray[] hF = new NDArray[T];
    NDArray state = m.zeros(new Shape(b, h));
    for (int t = 0; t < T; t++) {
      state = gru(ps, gxF.get(":, " + t + ", :"), state, encFh, mask.get(":, " + t + ":" + (t + 1)), training, params);
      hF[t] = state;
    }
    NDArray[] hs = new NDArray[T];
    NDArray summary;
    if (config.bidirectional()) {
      NDArray gxB = lin(encBx, ps, encIn, training, params).reshape(b, T, 3L * h);
      NDArray[] hB = new NDArray[T];
      state = m.zeros(new Shape(b, h));
      for (int t = T - 1; t >= 0; t--) {
        state = gru(ps, gxB.get(":, " + t + ", :"), state, encBh, mask.get(":, " + t + ":" + (t + 1)), training, params);
        hB[t] = state;
      }
      for (int t = 0; t < T; t++) {
        hs[t] = hF[t].concat(hB[t], 1);
      }
      summary = hF[T - 1].concat(hB[0], 1);
    } else {
      hs = hF;
      summary = hF[T - 1];
    }
    NDArray enc = NDArrays.stack(new NDList(hs), 1); // (B, T, D)
    NDArray z = lin(toLatent, ps, summary, training, params);
    NDArray s = lin(fromLatent, ps, z, training, params).tanh();
    NDArray keys = lin(attnKey, ps, enc.reshape(b * T, d), training, params).reshape(b, T, config.attention());
    NDArray masked = Tensors.mul(mask.neg().add(1f), MASKED);
    float[] eye = new float[T * T];
    for (int i = 0; i < T; i++) {
      eye[i * T + i] = 1f;
    }
    NDArray slots = constant(m, eye, new Shape(T, T));
    NDArray y = m.zeros(new Shape(b, Adc2021.KINEMATIC));
    List<NDArray> outs = new ArrayList<>(T);
    for (int i = 0; i < T; i++) {
      NDArray q = lin(attnQuery, ps, s, training, params).expandDims(1); // (B, 1, A)
      NDArray e = lin(attnScore, ps, keys.add(q).tanh().reshape(b * T, config.attention()), training, params)
          .reshape(b, T).add(masked);
      NDArray alpha = e.softmax(1);
      if (alphas != null) {
        alphas.add(alpha);
      }
      NDArray c = alpha.expandDims(1).batchMatMul(enc).reshape(b, d);
      NDArray onehot = slots.get(i + ":" + (i + 1)).broadcast(b, T);
      NDArray decIn = NDArrays.concat(new NDList(y, onehot, c), 1);
      s = gru(ps, lin(decX, ps, decIn, training, params), s, decH, null, training, params);
      NDArray yhat = lin(out, ps, s.concat(c, 1), training, params);
      outs.add(yhat);
      if (i < T - 1) {
        if (tf != null) {
          NDArray k = tf.get(":, " + i + ":" + (i + 1));
          y = xs.get(":, " + i + ", :").mul(k).add(yhat.mul(k.neg().add(1f)));
        } else {
          y = yhat;
        }
      }
    }
    return NDArrays.stack(new NDList(outs), 1).reshape(b, (long) T * Adc2021.KINEMATIC);
  }

  private static NDArray lin(Linear l, ParameterStore ps, NDArray a, boolean training, PairList<String, Object> params) {
    return l.forward(ps, new NDList(a), training, params).singletonOrThrow();
  }

  /** One GRU step (PyTorch's GRUCell); with a (B,1) occupancy, empty steps keep the previous state. */
  private NDArray gru(ParameterStore ps, NDArray gx, NDArray state, Linear wh, NDArray occupancy, boolean training,
      PairList<String, Object> params) {
    NDArray gh = lin(wh, ps, state, training, params);
    String r = ":, 0:" + h;
    String u = ":, " + h + ":" + 2 * h;
    String n = ":, " + 2 * h + ":" + 3 * h;
    NDArray reset = Activation.sigmoid(gx.get(r).add(gh.get(r)));
    NDArray update = Activation.sigmoid(gx.get(u).add(gh.get(u)));
    NDArray cand = gx.get(n).add(reset.mul(gh.get(n))).tanh();
    NDArray next = update.neg().add(1f).mul(cand).add(update.mul(state));
    if (occupancy == null) {
      return next;
    }
    return next.mul(occupancy).add(state.mul(occupancy.neg().add(1f)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), Adc2021.INPUTS)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encFx.initialize(manager, dataType, new Shape(1, STEP_FEATURES));
    encFh.initialize(manager, dataType, new Shape(1, h));
    if (encBx != null) {
      encBx.initialize(manager, dataType, new Shape(1, STEP_FEATURES));
      encBh.initialize(manager, dataType, new Shape(1, h));
    }
    toLatent.initialize(manager, dataType, new Shape(1, d));
    fromLatent.initialize(manager, dataType, new Shape(1, config.latentDim()));
    attnKey.initialize(manager, dataType, new Shape(1, d));
    attnQuery.initialize(manager, dataType, new Shape(1, h));
    attnScore.initialize(manager, dataType, new Shape(1, config.attention()));
    decX.initialize(manager, dataType, new Shape(1, Adc2021.KINEMATIC + T + d));
    decH.initialize(manager, dataType, new Shape(1, h));
    out.initialize(manager, dataType, new Shape(1, h + d));
  }
}
