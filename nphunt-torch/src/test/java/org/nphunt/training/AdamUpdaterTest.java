package org.nphunt.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.model.Tensors;
import org.nphunt.model.TorchRuntime;

/** The gradient check that keeps a NaN gradient with a finite loss away from Adam. */
class AdamUpdaterTest {
  @Test
  void aNanGradientWithAFiniteLossIsDetected() {
    TorchRuntime.init();
    try (NDManager m = NDManager.newBaseManager()) {
      Linear lin = Linear.builder().setUnits(2).build();
      lin.initialize(m, DataType.FLOAT32, new Shape(1, 3));
      List<Parameter> params = new ArrayList<>();
      for (var p : lin.getParameters()) {
        params.add(p.getValue());
      }
      AdamUpdater adam = new AdamUpdater(params, m, 0);
      NDArray w = params.get(0).getArray();
      NDArray b = params.get(1).getArray();
      // finite: loss = sum(w^2) + sum(b^2), gradients 2w, 2b
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(w.square().sum().add(b.square().sum()));
      }
      assertTrue(adam.gradientsFinite());
      adam.zeroGradients();
      // loss = sum(sqrt(0 * w)) + sum(b^2) is finite, the gradient of w inf * 0 = NaN
      float loss;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray l = Tensors.mul(w, 0f).sqrt().sum().add(b.square().sum());
        loss = l.getFloat();
        gc.backward(l);
      }
      assertTrue(Float.isFinite(loss));
      assertFalse(adam.gradientsFinite());
      // the trainer's message names the parameter and what is wrong with its gradient
      String bad = adam.nonFiniteGradient();
      assertTrue(bad.equals(params.get(0).getName() + " (" + w.size() + " NaN, 0 infinite of " + w.size() + ")"), bad);
      float[] before = w.toFloatArray();
      adam.zeroGradients();
      assertTrue(adam.gradientsFinite());
      assertArrayEquals(before, w.toFloatArray(), 0f, "zeroGradients leaves the weights alone");
    }
  }
}
