package org.nphunt.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSource;
import org.nphunt.io.AtomicOutput;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.Tensors;
import org.nphunt.objective.Objective;
import org.nphunt.preprocess.ModelInput;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.random.Seeds;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ScoreReference;
import org.nphunt.training.history.EpochRecord;
import org.nphunt.training.history.TrainingHistory;
import org.nphunt.training.TrainingListener.Action;

/**
 * Trains any registered architecture on events streamed from an {@link EventSource}.
 *
 * <p>Per epoch: seeded shuffle of blocks and events, mini-batch Adam steps (one NDManager per batch,
 * closed at once), validation loss, best-weights tracking, then the listeners (learning-rate
 * schedule, early stopping, progress, checkpoint) which return CONTINUE/STOP. The non-finite guard
 * stops at the first NaN/Inf loss; a NaN/Inf gradient with a finite loss also stops training before
 * Adam applies it. At the end the best weights are restored. Constants in losses and blocks go through
 * {@link Tensors#mul} and its siblings (autograd-safe; see {@link Tensors}).
 *
 * <p>Engines: the dense autoencoder and the VAE without BatchNorm, dropout or bounded outputs, and the
 * recurrent autoencoder without bounded outputs, train on nphunt's fused Java kernels ({@link FusedEngine}:
 * forward, backward and Adam in one pass on {@code config.threads()} threads; issue 17); other models step
 * through DJL/libtorch, one JNI call per operation, on one intra-op thread.
 *
 * <p>Reproducibility: weights are initialised from {@link Seeds} in Java (PyTorch's default
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for linear and convolution weights and biases), the engine's
 * generator (VAE noise, dropout) is reseeded from the seed at every epoch, and libtorch runs with a
 * fixed number of intra-op threads; the fused engine sums per-slice gradients in a fixed order. The same
 * seed gives identical weights, for any thread count and machine load.
 *
 * <p>Concurrency: several trainers may run at once on separate Java threads (issue 17: {@code nphunt run}
 * trains its DJL models side by side). Each libtorch operation runs on its calling thread (one intra-op
 * thread), autograd recording is the thread's own grad mode, and the initialisation draws are serialised,
 * so each model's weights are the same as when trained alone, bit for bit, provided it draws nothing from
 * libtorch's process-wide generator while training (no dropout; VAE noise comes from {@link Seeds}).
 *
 * <p>Loss: reconstruction MSE over the 57 standardised inputs (or, masked, over the inputs of real
 * objects of the batch); for variational models (1 - beta) reco + beta mean KL.
 */
public final class Trainer {
  /** Guards seeding and initialisation draws from libtorch's process-wide generator (see {@link #fit}). */
  private static final Object ENGINE_GENERATOR = new Object();
  private final TrainingConfig config;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private Path checkpointDir;
  private CheckpointFile resumeFrom;
  private Path resumeDir;
  private long cacheBytes = Runtime.getRuntime().maxMemory() / 4;
  private String trainSha256;

  public Trainer(TrainingConfig config) {
    this.config = config;
    listeners.add(Listeners.nonFiniteGuard());
    listeners.add(Listeners.reduceLrOnPlateau());
    listeners.add(Listeners.earlyStopping());
  }

  /**
   * A trainer that continues the run checkpointed in {@code checkpointDir} (same configuration;
   * {@code epochs} may raise or lower the limit when non-null). Checkpoints keep going there.
   */
  public static Trainer resume(Path checkpointDir, Integer epochs) {
    CheckpointFile cp = CheckpointFile.read(checkpointDir);
    TrainingConfig cfg = epochs == null ? cp.training() : cp.training().withEpochs(epochs);
    Trainer t = new Trainer(cfg);
    t.resumeFrom = cp;
    t.resumeDir = checkpointDir;
    t.trainSha256 = cp.trainSha256();
    t.checkpointDir = checkpointDir;
    return t;
  }

  public TrainingConfig config() {
    return config;
  }

  /**
   * Whether {@code config} trains on nphunt's fused Java kernels ({@link FusedTraining}: all of
   * {@code config.threads()}) rather than through DJL/libtorch (one libtorch thread).
   */
  public static boolean usesFusedEngine(TrainingConfig config) {
    return FusedEngine.supports(config);
  }

  /** Adds a listener, run after the built-in ones (guard, LR schedule, early stopping). */
  public Trainer addListener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  /** Writes a checkpoint into {@code dir} after every epoch. */
  public Trainer checkpointTo(Path dir) {
    this.checkpointDir = dir;
    return this;
  }

  /** Records the training file's SHA-256 in the checkpoints, so that a resume can check it is the same file. */
  public Trainer trainingFileSha256(String sha256) {
    this.trainSha256 = sha256;
    return this;
  }

  /** Largest preprocessed data kept in memory across epochs (default: a quarter of the heap). */
  public Trainer cacheBytes(long bytes) {
    this.cacheBytes = bytes;
    return this;
  }

  /**
   * Trains on {@code train}, validating on {@code validation} when given, else on the seeded
   * valFraction of {@code train}.
   *
   * @throws NphuntException when no epoch completes with a finite loss
   */
  public TrainingResult fit(EventSource train, EventSource validation) {
    if (train.size() == 0) {
      throw new NphuntException(train.name() + ": no events to train on");
    }
    if (validation != null && validation.size() == 0) {
      throw new NphuntException(validation.name() + ": validation file has no events");
    }
    org.nphunt.model.TorchRuntime.init();
    Engine engine = Engine.getInstance();
    // one intra-op thread whatever config.threads() says: libtorch's reductions and GEMMs split work by
    // the thread count, so 1 and 2 threads give weights that differ in the last bit after one epoch
    JniUtils.setNumThreads(1);
    long seed = config.seed();
    Split split = validation == null && config.valFraction() > 0 ? new Split(seed, config.valFraction()) : null;
    LongPredicate trainKeep = split == null ? null : split::isTraining;
    ArchitectureConfig arch = config.architecture();
    checkSchema(arch, train);
    if (validation != null) {
      checkSchema(arch, validation);
    }
    Preprocessing pre;
    if (resumeFrom != null) {
      if (resumeFrom.trainSize() != train.size()) {
        throw new NphuntException(train.name() + " has " + train.size() + " events but the checkpoint in " + resumeDir
            + " was trained on " + resumeFrom.trainSize() + " (" + resumeFrom.trainSource() + ")");
      }
      pre = resumeFrom.preprocessing();
    } else {
      pre = arch.fitPreprocessing(train, trainKeep, config);
    }
    EventBlocks trainBlocks = new EventBlocks(train, pre, trainKeep, config.chunkEvents(), cacheBytes);
    EventBlocks valBlocks = validation != null
        ? new EventBlocks(validation, pre, null, config.chunkEvents(), cacheBytes)
        : split != null ? new EventBlocks(train, pre, split::isValidation, config.chunkEvents(), cacheBytes) : null;
    if (trainBlocks.events() == 0) {
      throw new NphuntException(train.name() + ": no training events left after the validation split");
    }
    if (valBlocks != null && valBlocks.events() == 0) {
      throw new NphuntException(train.name() + ": the validation split (valFraction " + config.valFraction()
          + ") holds no events; give more events, a --val file, or --val-fraction 0");
    }

    NDManager root = NDManager.newBaseManager();
    LoadedModel model = null;
    try {
      Block block;
      List<Parameter> params;
      // parameters that keep DJL's initialiser draw from libtorch's process-wide generator: seeding and
      // drawing happen under one lock, so that a model trained on another thread cannot interleave draws
      synchronized (ENGINE_GENERATOR) {
        engine.setRandomSeed((int) Seeds.derive(seed, "engine/init"));
        block = arch.build();
        block.initialize(root, DataType.FLOAT32, LoadedModel.blockInputShapes(arch, pre, config.batchSize()));
        params = initialise(block, seed);
      }
      model = LoadedModel.of(config, pre, block, root, null, null);
      Session s = new Session(model, params, trainBlocks, valBlocks, engine);
      s.run(train);
      model.weightsChanged();
      String total = model.objective().pValueScore();
      if (total != null && (validation != null || split != null)) {
        model.setPValueReference(validationReference(model, validation != null ? validation : train,
            validation != null ? null : split::isValidation, total));
      }
      TrainingHistory history = s.state.history();
      return new TrainingResult(model, history);
    } catch (RuntimeException | Error e) {
      if (model != null) {
        model.close();
      } else {
        root.close();
      }
      throw e;
    }
  }

  /**
   * The SM validation distribution of the total loss {@code total} under the final (best) weights: the
   * validation events (those of {@code source} whose index passes {@code keep}, all when null) scored in
   * chunks; the p-value score's reference ({@link ScoreReference}).
   */
  ScoreReference validationReference(LoadedModel model, EventSource source, LongPredicate keep, String total) {
    int row = model.objective().scoreIndex(total);
    long size = source.size();
    double[] values = new double[1024];
    int n = 0;
    for (long start = 0; start < size; start += config.chunkEvents()) {
      int count = (int) Math.min(config.chunkEvents(), size - start);
      double[] scores = model.score(source.read(start, count))[row];
      for (int e = 0; e < count; e++) {
        if (keep == null || keep.test(start + e)) {
          if (n == values.length) {
            values = java.util.Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, 2L * n));
          }
          values[n++] = scores[e];
        }
      }
    }
    return ScoreReference.of(total, java.util.Arrays.copyOf(values, n));
  }

  /** A model that reads another schema than the source's is a one-line error naming both. */
  static void checkSchema(ArchitectureConfig arch, EventSource source) {
    String have = source.schema().name();
    if (!have.equals(arch.inputSchema())) {
      throw new NphuntException(source.name() + ": model '" + arch.architecture() + "' reads " + arch.inputSchema()
          + " events, this source holds " + have + " events");
    }
  }

  /** PyTorch's default init of linear/conv layers from the seed; other parameters keep DJL's. */
  static List<Parameter> initialise(Block block, long seed) {
    List<Parameter> trainable = new ArrayList<>();
    long fanIn = 0;
    int index = 0;
    for (var pair : block.getParameters()) {
      Parameter p = pair.getValue();
      Shape shape = p.getArray().getShape();
      SplittableRandom rnd = Seeds.random(seed, "init/" + pair.getKey(), index++);
      if (p.getType() == Parameter.Type.WEIGHT && shape.dimension() >= 2) {
        fanIn = shape.size() / shape.get(0);
        fill(p, rnd, 1.0 / Math.sqrt(fanIn));
      } else if (p.getType() == Parameter.Type.BIAS && fanIn > 0) {
        fill(p, rnd, 1.0 / Math.sqrt(fanIn));
      }
      if (p.requiresGradient()) {
        trainable.add(p);
      }
    }
    return trainable;
  }

  private static void fill(Parameter p, SplittableRandom rnd, double bound) {
    NDArray a = p.getArray();
    float[] v = new float[(int) a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
    }
    Tensors.assign(a, v);
  }

  /** One run's mutable machinery. */
  private final class Session {
    private final LoadedModel model;
    private final Block block;
    private final NDManager root;
    private final List<Parameter> params;
    private final EventBlocks trainBlocks;
    private final EventBlocks valBlocks;
    private final Engine engine;
    private final Objective objective;
    private final List<ModelInput> inputs;
    private final List<String> blockInputs;
    private final AdamUpdater adam;
    private final TrainingState state;
    private final ParameterStore store;
    /** The fused Java engine of plain dense AEs and VAEs (issue 17), else null: DJL/libtorch steps. */
    private final FusedEngine fused;
    private byte[] best;

    Session(LoadedModel model, List<Parameter> params, EventBlocks trainBlocks, EventBlocks valBlocks, Engine engine) {
      this.model = model;
      this.block = model.block();
      this.root = model.manager();
      this.params = params;
      this.trainBlocks = trainBlocks;
      this.valBlocks = valBlocks;
      this.engine = engine;
      this.objective = model.objective();
      this.inputs = model.preprocessing().inputs();
      this.blockInputs = config.architecture().blockInputs();
      this.adam = new AdamUpdater(params, root, config.weightDecay());
      this.state = new TrainingState(config, trainBlocks.events(), valBlocks == null ? 0 : valBlocks.events(),
          model.preprocessing().examplesPerEvent());
      this.store = new ParameterStore(root, false);
      this.fused = FusedEngine.create(block, params, config);
    }

    void run(EventSource train) {
      if (resumeFrom != null) {
        restore(resumeFrom);
      }
      for (TrainingListener l : listeners) {
        l.onStart(state);
      }
      try {
        while (state.stopReason == null && state.epoch < config.epochs()) {
          if (!epoch(train)) {
            break;
          }
        }
      } finally {
        if (fused != null) {
          fused.close();
        }
        for (TrainingListener l : listeners) {
          l.onEnd(state);
        }
      }
      if (state.stopReason == null) {
        state.stop("max epochs");
      }
      if (state.bestEpoch == 0 || best == null) {
        throw new NphuntException("training stopped before completing an epoch: " + state.stopReason);
      }
      setWeights(best);
    }

    /** Runs one epoch; false when training must stop. */
    private boolean epoch(EventSource train) {
      int epoch = ++state.epoch;
      engine.setRandomSeed((int) Seeds.derive(config.seed(), "engine/epoch", epoch));
      double lr = state.learningRate;
      long t0 = System.nanoTime();
      double[] sum = {0};
      long[] count = {0};
      int[] batchNo = {0};
      boolean completed = trainBlocks.forEachBatch(config.batchSize(), true, config.seed(), epoch, (batch, n) -> {
        batchNo[0]++;
        double loss = trainStep(batch, n, lr, batchNo[0]);
        sum[0] += loss * n;
        count[0] += n;
        boolean go = true;
        for (TrainingListener l : listeners) {
          go &= l.onBatch(state, batchNo[0], n, loss) == Action.CONTINUE;
        }
        return go;
      });
      if (!completed) {
        state.epoch--;
        state.stop(state.stopReason == null ? "stopped by a listener" : state.stopReason);
        return false;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double trainLoss = sum[0] / Math.max(1, count[0]);
      double valLoss = valBlocks == null ? Double.NaN : evaluate(valBlocks);
      double monitored = valBlocks == null ? trainLoss : valLoss;
      if (!Double.isFinite(monitored)) {
        state.stop("non-finite " + (valBlocks == null ? "training" : "validation") + " loss (" + monitored
            + ") at epoch " + epoch + "; try a lower --lr or check the inputs");
        state.epoch--;
        return false;
      }
      if (monitored < state.bestLoss) {
        state.bestLoss = monitored;
        state.bestEpoch = epoch;
        state.sinceBest = 0;
        state.sinceLrChange = 0;
        best = weights();
      } else {
        state.sinceBest++;
        state.sinceLrChange++;
      }
      // count[0] counts examples (two jets per dijet event): the record's throughput is in events
      double events = (double) count[0] / model.preprocessing().examplesPerEvent();
      EpochRecord rec = new EpochRecord(epoch, trainLoss, valLoss, lr, seconds, events / Math.max(seconds, 1e-9));
      state.epochs.add(rec);
      boolean go = true;
      for (TrainingListener l : listeners) {
        go &= l.onEpoch(state, rec) == Action.CONTINUE;
      }
      if (checkpointDir != null) {
        writeCheckpoint(train);
      }
      return go;
    }

    private double trainStep(float[][] batch, int n, double lr, int batchNo) {
      if (fused != null) {
        return fused.step(batch, n, config.architecture().variational() ? noise(n, batchNo) : fusedInputs(n, batchNo),
            lr, config.weightDecay());
      }
      try (NDManager bm = root.newSubManager()) {
        java.util.Map<String, NDArray> byName = arrays(batch, n, bm);
        NDList in = blockInput(byName);
        if (config.architecture().variational()) {
          in.add(Tensors.owned(bm, noise(n, batchNo), new Shape(n, config.architecture().latentDim())));
        }
        if (config.architecture() instanceof org.nphunt.model.TrainingInputs extra) {
          in.addAll(extra.trainingInputs(bm, n, state.epoch,
              Seeds.random(config.seed(), "train/extra-inputs/" + state.epoch, batchNo)));
        }
        NDArray loss;
        // autograd recording is libtorch's thread-local grad mode, switched here rather than through DJL's
        // GradientCollector, which allows one collector per process: independent models may then train
        // concurrently on separate threads (nphunt run trains conv, transformer and rnn-attention side by side)
        boolean wasRecording = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
          NDList out = block.forward(store, in, true);
          loss = objective.loss(out, byName, n, root);
          try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
          }
        } finally {
          if (!wasRecording) {
            JniUtils.setGradMode(false);
          }
        }
        double v = loss.getFloat();
        String bad = Double.isFinite(v) ? adam.nonFiniteGradient() : null;
        if (Double.isFinite(v) && bad == null) {
          adam.step(lr);
          return v;
        }
        // a NaN/infinite gradient with a finite loss must not reach Adam (it would write NaN into every
        // weight it touches): stop here, as the non-finite-loss guard does, and keep the best weights
        if (Double.isFinite(v)) {
          state.stop("non-finite gradient of " + bad + " at epoch " + state.epoch + ", batch " + batchNo + " (loss " + v
              + "); try a lower --lr or check the inputs");
          v = Double.NaN; // the non-finite guard then stops the epoch
        }
        adam.zeroGradients();
        return v;
      }
    }

    /** The batch's preprocessed arrays as libtorch-owned arrays, by input name. */
    private java.util.Map<String, NDArray> arrays(float[][] batch, int n, NDManager bm) {
      java.util.Map<String, NDArray> byName = new java.util.LinkedHashMap<>();
      for (int i = 0; i < inputs.size(); i++) {
        ModelInput mi = inputs.get(i);
        byName.put(mi.name(), Tensors.owned(bm, batch[i], mi.batchShape(n)));
      }
      return byName;
    }

    private NDList blockInput(java.util.Map<String, NDArray> byName) {
      NDList in = new NDList();
      for (String name : blockInputs) {
        NDArray a = byName.get(name);
        if (a == null) {
          throw new IllegalStateException("block input '" + name + "' is not produced by the preprocessing "
              + byName.keySet());
        }
        in.add(a);
      }
      return in;
    }

    /** The recurrent AE's teacher-forcing decisions for a fused engine: the DJL path's draws; else null. */
    private float[] fusedInputs(int n, int batchNo) {
      return config.architecture() instanceof org.nphunt.model.RecurrentAeConfig r ? r.teacherForcingDecisions(n,
          state.epoch, Seeds.random(config.seed(), "train/extra-inputs/" + state.epoch, batchNo)) : null;
    }

    /**
     * The VAE's reparametrisation noise eps ~ N(0, 1), (n x latent), from nphunt's seeded stream of
     * this epoch and batch: never from libtorch's process-wide generator, which any other thread may
     * advance.
     */
    private float[] noise(int n, int epochBatch) {
      int latent = config.architecture().latentDim();
      SplittableRandom rnd = Seeds.random(config.seed(), "train/vae-noise/" + state.epoch, epochBatch);
      float[] eps = new float[n * latent];
      for (int i = 0; i < eps.length; i++) {
        eps[i] = (float) rnd.nextGaussian();
      }
      return eps;
    }

    private double evaluate(EventBlocks blocks) {
      double[] sum = {0};
      long[] count = {0};
      blocks.forEachBatch(config.batchSize(), false, config.seed(), 0, (batch, n) -> {
        if (fused != null) {
          sum[0] += fused.loss(batch, n) * n;
          count[0] += n;
          return true;
        }
        try (NDManager bm = root.newSubManager()) {
          java.util.Map<String, NDArray> byName = arrays(batch, n, bm);
          NDList out = block.forward(store, blockInput(byName), false);
          sum[0] += objective.loss(out, byName, n, root).getFloat() * (double) n;
          count[0] += n;
        }
        return true;
      });
      return count[0] == 0 ? Double.NaN : sum[0] / count[0];
    }

    /** All parameters (trainable and BatchNorm statistics) in block order, encoded. */
    private byte[] weights() {
      if (fused != null) {
        fused.toBlock();
      }
      NDList all = new NDList();
      for (var p : block.getParameters()) {
        all.add(p.getValue().getArray());
      }
      return all.encode();
    }

    private void setWeights(byte[] bytes) {
      try (NDManager tmp = root.newSubManager()) {
        NDList all = Tensors.owned(NDList.decode(tmp, bytes));
        int i = 0;
        for (var p : block.getParameters()) {
          Tensors.assign(p.getValue().getArray(), all.get(i++).toFloatArray());
        }
      }
      if (fused != null) {
        fused.fromBlock();
      }
    }

    private void writeCheckpoint(EventSource train) {
      try {
        Files.createDirectories(checkpointDir);
        String tag = String.format("%05d", state.epoch);
        String w = "weights-" + tag + ".bin";
        String b = "best-" + tag + ".bin";
        String a = "adam-" + tag + ".bin";
        AtomicOutput.writeBytes(checkpointDir.resolve(w), weights(), true);
        AtomicOutput.writeBytes(checkpointDir.resolve(b), best, true);
        AtomicOutput.writeBytes(checkpointDir.resolve(a), fused != null ? fused.encodeAdam(root) : adam.encode(), true);
        CheckpointFile cp = new CheckpointFile(CheckpointFile.FORMAT_VERSION, config, model.preprocessing(), train.name(), train.size(),
            state.snapshot(), fused != null ? fused.steps() : adam.steps(), w, b, a, trainSha256);
        AtomicOutput.writeString(checkpointDir.resolve(CheckpointFile.STATE), cp.toJson(), true);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(checkpointDir, "*.bin")) {
          for (Path p : ds) {
            String name = p.getFileName().toString();
            if (!name.equals(w) && !name.equals(b) && !name.equals(a)) {
              Files.deleteIfExists(p);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write checkpoint in " + checkpointDir, e);
      }
    }

    private void restore(CheckpointFile cp) {
      try {
        setWeights(Files.readAllBytes(resumeDir.resolve(cp.weights())));
        best = Files.readAllBytes(resumeDir.resolve(cp.best()));
        byte[] moments = Files.readAllBytes(resumeDir.resolve(cp.adam()));
        if (fused != null) {
          fused.restoreAdam(moments, cp.adamSteps(), root);
        } else {
          adam.restore(moments, cp.adamSteps());
        }
      } catch (IOException e) {
        throw new NphuntException("cannot read checkpoint in " + resumeDir + ": " + e.getMessage(), e);
      }
      state.restore(cp.state());
    }
  }
}
