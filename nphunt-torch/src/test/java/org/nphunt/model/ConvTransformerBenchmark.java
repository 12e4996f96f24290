package org.nphunt.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Locale;
import org.nphunt.model.ConvTransformerFixtures.Batch;

/**
 * Throughput of the conv and transformer autoencoders (not a test): training events/s (forward,
 * MSE, backward, Adam step, arrays built from Java floats each batch) and inference events/s (eval
 * forward, result copied back to Java) at a given batch size.
 *
 * <p>Usage: {@code ConvTransformerBenchmark [conv|transformer|all] [batch=1024] [seconds=10]}, from
 * the repository root:
 *
 * <pre>
 * mvn -o -q -B -pl nphunt-torch -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Dai.djl.offline=true -cp nphunt-torch/target/test-classes:nphunt-torch/target/classes:$(cat \
 *     nphunt-torch/target/cp.txt) org.nphunt.model.ConvTransformerBenchmark all 1024 10
 * </pre>
 */
public final class ConvTransformerBenchmark {
  private ConvTransformerBenchmark() {}

  public static void main(String[] args) {
    String which = args.length > 0 ? args[0] : "all";
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    System.out.printf(Locale.ROOT, "engine %s %s, %d cores visible, batch %d, %.0f s per phase%n",
        Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(),
        Runtime.getRuntime().availableProcessors(), batch, seconds);
    Batch data = ConvTransformerFixtures.structured(1, batch * 8);
    if (which.equals("all") || which.equals("conv")) {
      run("conv", ConvAeConfig.defaults(), data, batch, seconds);
    }
    if (which.equals("all") || which.equals("transformer")) {
      run("transformer", TransformerAeConfig.defaults(), data, batch, seconds);
    }
  }

  private static void run(String name, ArchitectureConfig config, Batch data, int batch, double seconds) {
    Block block = config.build();
    try (Model model = Model.newInstance(name)) {
      model.setBlock(block);
      DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss())
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
      try (Trainer trainer = model.newTrainer(tc)) {
        Engine.getInstance().setRandomSeed(1);
        trainer.initialize(new Shape(batch, ConvTransformerFixtures.N), new Shape(batch, ConvTransformerFixtures.S));
        timed(name + " train", batch, seconds, i -> {
          try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList in = slice(data, i, batch).on(sub);
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray loss = trainer.forward(in).head().sub(in.get(0)).square().mean();
              gc.backward(loss);
            }
            trainer.step();
          }
        });
      }
      NDManager base = model.getNDManager();
      timed(name + " infer", batch, seconds, i -> {
        try (NDManager sub = base.newSubManager()) {
          NDList in = slice(data, i, batch).on(sub);
          block.forward(new ParameterStore(sub, false), in, false).head().toFloatArray();
        }
      });
      System.out.printf(Locale.ROOT, "%s parameters %d%n", name, ConvTransformerFixtures.parameterCount(block));
    }
  }

  private static Batch slice(Batch data, long i, int batch) {
    int chunks = data.n() / batch;
    int c = (int) (i % chunks);
    float[] x = java.util.Arrays.copyOfRange(data.x(), c * batch * ConvTransformerFixtures.N,
        (c + 1) * batch * ConvTransformerFixtures.N);
    float[] m = java.util.Arrays.copyOfRange(data.mask(), c * batch * ConvTransformerFixtures.S,
        (c + 1) * batch * ConvTransformerFixtures.S);
    return new Batch(batch, x, m);
  }

  private static void timed(String label, int batch, double seconds, java.util.function.LongConsumer step) {
    for (int i = 0; i < 5; i++) {
      step.accept(i); // warm-up
    }
    long start = System.nanoTime();
    long steps = 0;
    while (System.nanoTime() - start < seconds * 1e9) {
      step.accept(steps++);
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%-18s %9.0f events/s  (%d batches in %.1f s, %.2f ms/batch)%n",
        label, steps * batch / s, steps, s, 1e3 * s / steps);
  }
}
