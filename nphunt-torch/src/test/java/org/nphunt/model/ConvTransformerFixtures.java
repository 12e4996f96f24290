package org.nphunt.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.SplittableRandom;
import org.nphunt.data.Adc2021;
import org.nphunt.random.Seeds;

/** Shared test data and helpers for the conv and transformer autoencoder tests. */
final class ConvTransformerFixtures {
  static final int S = Adc2021.SLOTS;
  static final int K = Adc2021.KINEMATIC;
  static final int N = Adc2021.INPUTS;

  private ConvTransformerFixtures() {}

  /** Inputs x (n*57) and mask (n*19), row-major. */
  record Batch(int n, float[] x, float[] mask) {
    NDList on(NDManager m) {
      return new NDList(m.create(x, new Shape(n, N)), m.create(mask, new Shape(n, S)));
    }
  }

  /**
   * Structured events: MET always present, 0-2 electrons, 0-2 muons, 2-6 jets; each real slot's
   * (pT, eta, phi) is a fixed linear map of 3 event-level Gaussian factors plus 5% noise, so a small
   * bottleneck can learn it; empty slots are exact zeros, as after preprocessing.
   */
  static Batch structured(long seed, int n) {
    SplittableRandom w = Seeds.random(seed, "weights");
    double[][] map = new double[N][3];
    for (double[] row : map) {
      for (int j = 0; j < 3; j++) {
        row[j] = w.nextGaussian() / Math.sqrt(3);
      }
    }
    SplittableRandom r = Seeds.random(seed, "events");
    float[] x = new float[n * N];
    float[] mask = new float[n * S];
    for (int e = 0; e < n; e++) {
      double[] u = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      mask[e * S] = 1;
      fill(mask, e * S + 1, r.nextInt(3));
      fill(mask, e * S + 5, r.nextInt(3));
      fill(mask, e * S + 9, 2 + r.nextInt(5));
      for (int s = 0; s < S; s++) {
        if (mask[e * S + s] == 0) {
          continue;
        }
        for (int f = 0; f < K; f++) {
          int i = s * K + f;
          double v = map[i][0] * u[0] + map[i][1] * u[1] + map[i][2] * u[2];
          x[e * N + i] = (float) (v + 0.05 * r.nextGaussian());
        }
      }
    }
    return new Batch(n, x, mask);
  }

  /** The MSE of reconstructing every input as 0 (the training-set mean in standardised units). */
  static double meanSquare(Batch data) {
    double sum = 0;
    for (float v : data.x()) {
      sum += v * v;
    }
    return sum / data.x().length;
  }

  private static void fill(float[] mask, int from, int count) {
    for (int i = 0; i < count; i++) {
      mask[from + i] = 1;
    }
  }

  /** Seeds the engine, then initialises the block for batch shape {@code batch}. */
  static void initialise(Block block, NDManager manager, int batch, int seed) {
    Engine.getInstance().setRandomSeed(seed);
    block.initialize(manager, DataType.FLOAT32, new Shape(batch, N), new Shape(batch, S));
  }

  /** Eval-mode (or training-mode) forward pass, as a flat float array. */
  static float[] forward(Block block, NDManager manager, NDList inputs, boolean training) {
    try (NDManager sub = manager.newSubManager()) {
      NDList in = new NDList(inputs.get(0).duplicate(), inputs.get(1).duplicate());
      in.attach(sub);
      NDArray out = block.forward(new ParameterStore(sub, false), in, training).head();
      return out.toFloatArray();
    }
  }

  /**
   * One training-mode forward and backward of the MSE on a freshly initialised block; the sum of
   * absolute gradient values of every parameter, by name.
   */
  static java.util.Map<String, Double> gradientSums(Block block, Batch data, int seed) {
    java.util.Map<String, Double> sums = new java.util.TreeMap<>();
    try (NDManager m = NDManager.newBaseManager()) {
      initialise(block, m, data.n(), seed);
      NDList in = data.on(m);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out = block.forward(new ParameterStore(m, false), in, true).head();
        gc.backward(out.sub(in.get(0)).square().mean());
      }
      for (var p : block.getParameters()) {
        sums.put(p.getKey(), (double) p.getValue().getArray().getGradient().abs().sum().getFloat());
      }
    }
    return sums;
  }

  static long parameterCount(Block block) {
    long total = 0;
    for (Parameter p : block.getParameters().values()) {
      total += p.getArray().size();
    }
    return total;
  }

  /**
   * Trains the block (seeded initialisation) with Adam on the full-batch MSE over all 57 inputs and
   * returns the loss of every step, the last entry being the loss after the final step.
   */
  static float[] train(Block block, Batch data, int steps, float lr, int seed) {
    return train(block, data, steps, lr, seed, b -> { });
  }

  /** As {@link #train(Block, Batch, int, float, int)}, then {@code trained} on the block before its model closes. */
  static float[] train(Block block, Batch data, int steps, float lr, int seed,
      java.util.function.Consumer<Block> trained) {
    float[] losses = new float[steps + 1];
    try (Model model = Model.newInstance("test")) {
      model.setBlock(block);
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        Engine.getInstance().setRandomSeed(seed);
        trainer.initialize(new Shape(data.n(), N), new Shape(data.n(), S));
        for (int step = 0; step <= steps; step++) {
          try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList in = data.on(sub);
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray loss = trainer.forward(in).head().sub(in.get(0)).square().mean();
              losses[step] = loss.getFloat();
              if (step < steps) {
                gc.backward(loss);
              }
            }
            if (step < steps) {
              trainer.step();
            }
          }
        }
        trained.accept(block);
      }
    }
    return losses;
  }
}
