package org.nphunt.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nphunt.model.DecorrelatedConfig;
import org.nphunt.model.Tensors;
import org.nphunt.preprocess.JetMassTarget;
import org.nphunt.preprocess.ModelInput;

/**
 * The objective of a mass-decorrelated model ({@link DecorrelatedConfig}): the base model's loss L_auto
 * plus the decorrelation term, and the base model's scores by the same names.
 *
 * <ul>
 *   <li>adversary: L_adv = the batch mean of the cross entropy -sum_k y_k log softmax(logits)_k of the
 *       adversary's mass-bin prediction (y = one-hot mass bin). The loss is L_auto + L_adv -
 *       (1 + lambda) stop(L_adv): its value is L_auto - lambda L_adv (the model's objective) and its
 *       gradient that of L_auto + L_adv, the block's gradient-reversal layer turning the model's share
 *       of the latter into -lambda dL_adv (see {@link org.nphunt.model.DecorrelatedBlock}).
 *   <li>DisCo: L_auto + lambda dCorr^2(s, m) with s the per-example score and m the standardised mass
 *       of the batch's jets (arXiv:2001.05310): dCov^2(x, y) = mean_ij A_ij B_ij with A, B the
 *       double-centred distance matrices |x_i - x_j|, |y_i - y_j|, and dCorr^2 = dCov^2(s, m) /
 *       sqrt(dCov^2(s, s) dCov^2(m, m)).
 * </ul>
 */
public final class MassDecorrelation implements Objective {
  private final DecorrelatedConfig config;
  private final Objective base;
  private final int baseOutputs;
  private final List<ModelInput> outputs;

  public MassDecorrelation(DecorrelatedConfig config, Objective base) {
    this.config = config;
    this.base = base;
    this.baseOutputs = base.outputs().size();
    List<ModelInput> o = new ArrayList<>(base.outputs());
    if (config.method() == DecorrelatedConfig.Method.ADVERSARY) {
      o.add(ModelInput.of("adversary", config.massBins()));
    }
    this.outputs = List.copyOf(o);
  }

  /** The base model's objective. */
  public Objective base() {
    return base;
  }

  @Override
  public List<ModelInput> outputs() {
    return outputs;
  }

  @Override
  public List<String> scoreNames() {
    return base.scoreNames();
  }

  @Override
  public List<String> lossInputs() {
    return List.of(JetMassTarget.MASS, JetMassTarget.MASS_BIN);
  }

  @Override
  public NDArray loss(NDList out, Map<String, NDArray> inputs, int n, NDManager model) {
    NDList own = new NDList(out.subNDList(0, baseOutputs));
    NDArray auto = base.loss(own, inputs, n, model);
    float lambda = (float) config.lambda();
    if (config.method() == DecorrelatedConfig.Method.ADVERSARY) {
      NDArray logits = out.get(baseOutputs);
      NDArray adv = crossEntropy(logits, Objective.input(inputs, JetMassTarget.MASS_BIN));
      return auto.add(adv).sub(Tensors.mul(adv.stopGradient(), 1 + lambda));
    }
    NDList blockIn = new NDList();
    for (String name : config.base().blockInputs()) {
      blockIn.add(Objective.input(inputs, name));
    }
    NDArray s = config.base().exampleScore(blockIn, own);
    NDArray m = Objective.input(inputs, JetMassTarget.MASS).reshape(-1);
    return auto.add(Tensors.mul(distanceCorrelation(s, m), lambda));
  }

  /** Mean over the batch of -sum_k y_k log softmax(logits)_k; logits and one-hot y (n, K). */
  public static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
    return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
  }

  /** The squared distance correlation of two samples x, y (n) (Szekely, Rizzo, Bakirov 2007), differentiable. */
  public static NDArray distanceCorrelation(NDArray x, NDArray y) {
    NDArray a = centred(x);
    NDArray b = centred(y);
    NDArray xy = a.mul(b).mean();
    NDArray xx = a.square().mean();
    NDArray yy = b.square().mean();
    return xy.div(xx.mul(yy).sqrt().add(1e-12f));
  }

  /** The double-centred distance matrix of a sample: A_ij = a_ij - mean_i - mean_j + mean. */
  private static NDArray centred(NDArray v) {
    NDArray col = v.reshape(-1, 1);
    // |v_i - v_j| with a tiny floor inside the square root keeps the gradient finite at i = j
    NDArray d = col.sub(col.transpose()).square().add(1e-12f).sqrt();
    return d.sub(d.mean(new int[] {0}, true)).sub(d.mean(new int[] {1}, true)).add(d.mean());
  }

  @Override
  public void scores(float[][] inputs, float[][] out, int events, double[][] scores, int offset) {
    int nb = inputs.length - 2; // the base's inputs, then mass and massBin
    base.scores(Arrays.copyOf(inputs, nb), Arrays.copyOf(out, baseOutputs), events, scores, offset);
  }
}
