package org.nphunt.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.nphunt.preprocess.ModelInput;

/**
 * A supervised binary classifier's objective: weighted binary cross-entropy on the logit l,
 * w [max(l, 0) - l y + log(1 + exp(-|l|))] averaged over the batch (the numerically stable form of
 * -w [y log sigmoid(l) + (1 - y) log(1 - sigmoid(l))]), with the truth {@code label} y and
 * {@code weight} w from the preprocessing. Score {@value #SCORE}: the logit (a monotonic function of
 * the probability that does not saturate in float precision, so the tail of the ROC stays resolved).
 */
public final class Classification implements Objective {
  public static final String SCORE = "supervised_logit";
  private static final List<ModelInput> OUTPUTS = List.of(ModelInput.of("logit", 1));

  @Override
  public List<ModelInput> outputs() {
    return OUTPUTS;
  }

  @Override
  public List<String> scoreNames() {
    return List.of(SCORE);
  }

  @Override
  public List<String> lossInputs() {
    return List.of("label", "weight");
  }

  @Override
  public NDArray loss(NDList out, Map<String, NDArray> inputs, int n, NDManager model) {
    NDArray l = out.get(0);
    NDArray y = Objective.input(inputs, "label");
    NDArray w = Objective.input(inputs, "weight");
    NDArray bce = l.maximum(0f).sub(l.mul(y)).add(l.abs().neg().exp().add(1f).log());
    return bce.mul(w).sum().div((float) n);
  }

  @Override
  public void scores(float[][] inputs, float[][] outputs, int events, double[][] out, int offset) {
    for (int e = 0; e < events; e++) {
      out[0][offset + e] = outputs[0][e];
    }
  }
}
