package org.nphunt.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * Adam (Kingma and Ba, arXiv:1412.6980) exactly as {@code torch.optim.Adam(weight_decay=wd)}: the L2
 * penalty is added to the gradient (coupled, not AdamW) and the bias corrections are applied as in
 * PyTorch (epsilon added to sqrt(v_hat)). Uses libtorch's fused update through DJL's JNI and owns the
 * moment estimates so that checkpoints can save and restore them exactly.
 */
final class AdamUpdater {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final double EPSILON = 1e-8;

  private final List<Parameter> params;
  private final NDManager manager;
  private final float weightDecay;
  private NDArray[] mean;
  private NDArray[] variance;
  private long steps;

  AdamUpdater(List<Parameter> params, NDManager manager, double weightDecay) {
    this.params = params;
    this.manager = manager;
    this.weightDecay = (float) weightDecay;
    mean = new NDArray[params.size()];
    variance = new NDArray[params.size()];
    for (int i = 0; i < params.size(); i++) {
      mean[i] = params.get(i).getArray().zerosLike();
      variance[i] = params.get(i).getArray().zerosLike();
    }
  }

  long steps() {
    return steps;
  }

  /** One update of every parameter from its accumulated gradient, then zeroes the gradients. */
  void step(double lr) {
    steps++;
    double c1 = 1 - Math.pow(BETA1, steps);
    double c2 = 1 - Math.pow(BETA2, steps);
    // libtorch's kernel computes w -= lrc * m / (sqrt(v) + epsc); with lrc = lr sqrt(c2)/c1 and
    // epsc = eps sqrt(c2) this is PyTorch's w -= lr/c1 * m / (sqrt(v)/sqrt(c2) + eps).
    float lrc = (float) (lr * Math.sqrt(c2) / c1);
    float epsc = (float) (EPSILON * Math.sqrt(c2));
    for (int i = 0; i < params.size(); i++) {
      PtNDArray w = (PtNDArray) params.get(i).getArray();
      PtNDArray g = JniUtils.getGradient(w);
      try {
        JniUtils.adamUpdate(w, g, (PtNDArray) mean[i], (PtNDArray) variance[i], (float) lr, lrc, weightDecay,
            1f, -1f, BETA1, BETA2, epsc, false);
      } finally {
        g.close();
      }
      JniUtils.zeroGrad(w);
    }
  }

  /**
   * Whether every gradient is finite: one sum per parameter, non-finite when any element is NaN or
   * infinite (or when the sum overflows float32, a gradient that no step should apply either).
   */
  boolean gradientsFinite() {
    return nonFiniteGradient() == null;
  }

  /**
   * The first parameter whose gradient is not finite, as "NAME (k NaN, j infinite of n)" (or "NAME (sum
   * overflows float32)"), or null when every gradient is finite.
   */
  String nonFiniteGradient() {
    for (Parameter p : params) {
      try (PtNDArray g = JniUtils.getGradient((PtNDArray) p.getArray())) {
        if (g == null) {
          continue; // no gradient (the parameter did not enter the loss)
        }
        try (NDArray sum = g.sum()) {
          if (Float.isFinite(sum.getFloat())) {
            continue;
          }
        }
        try (NDArray nan = g.isNaN(); NDArray nanCount = nan.countNonzero();
            NDArray inf = g.isInfinite(); NDArray infCount = inf.countNonzero()) {
          long k = nanCount.getLong();
          long j = infCount.getLong();
          return p.getName() + (k == 0 && j == 0 ? " (sum overflows float32)"
              : " (" + k + " NaN, " + j + " infinite of " + g.size() + ")");
        }
      }
    }
    return null;
  }

  /** Zeroes gradients without updating (after a rejected step). */
  void zeroGradients() {
    for (Parameter p : params) {
      JniUtils.zeroGrad((PtNDArray) p.getArray());
    }
  }

  byte[] encode() {
    NDList all = new NDList();
    for (NDArray m : mean) {
      all.add(m);
    }
    for (NDArray v : variance) {
      all.add(v);
    }
    return all.encode();
  }

  void restore(byte[] bytes, long stepCount) {
    NDList all = org.nphunt.model.Tensors.owned(NDList.decode(manager, bytes));
    int n = params.size();
    if (all.size() != 2 * n) {
      throw new IllegalStateException("optimizer state holds " + all.size() + " arrays, expected " + 2 * n);
    }
    for (int i = 0; i < n; i++) {
      mean[i].close();
      variance[i].close();
      mean[i] = all.get(i);
      variance[i] = all.get(n + i);
    }
    steps = stepCount;
  }
}
