package org.nphunt.score;

import static org.nphunt.data.Adc2021.INPUTS;
import static org.nphunt.data.Adc2021.SLOTS;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.io.AtomicOutput;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.Tensors;
import org.nphunt.preprocess.OutputBounds;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.training.history.TrainingHistory;
import org.nphunt.training.TrainingConfig;

/**
 * A trained autoencoder ready to score: architecture block with its weights, the preprocessing and
 * the output head, plus the training history and manifest. Owns a DJL {@link NDManager}; close it.
 *
 * <p>Dense and VAE models score through a pure-Java pass ({@link JavaForward}), others through DJL;
 * both are deterministic, so a saved and reloaded model gives bit-identical scores.
 */
public final class LoadedModel implements AutoCloseable {
  /** Events per parallel task of the Java pass. */
  private static final int TASK = 1024;
  /** Largest number of events in one DJL forward pass when scoring. */
  private static final int DJL_PASS = 1024;
  /** Smallest part of a batch scored by one thread. */
  private static final int MIN_PART = 256;

  private final TrainingConfig config;
  private final Standardizer preprocessing;
  private final OutputBounds bounds;
  private final Block block;
  private final NDManager manager;
  private final TrainingHistory history;
  private final Manifest manifest;
  private JavaForward java;
  private boolean javaUnavailable;
  private boolean allowJava = true;
  private int scoringThreads = Runtime.getRuntime().availableProcessors();

  private LoadedModel(TrainingConfig config, Standardizer preprocessing, Block block, NDManager manager,
      TrainingHistory history, Manifest manifest) {
    this.config = config;
    this.preprocessing = preprocessing;
    this.bounds = new OutputBounds(config.boundedOutputs(), preprocessing);
    this.block = block;
    this.manager = manager;
    this.history = history;
    this.manifest = manifest;
  }

  /**
   * Wraps an initialised block (used by the trainer). The model takes ownership of {@code manager}.
   */
  public static LoadedModel of(TrainingConfig config, Standardizer preprocessing, Block block, NDManager manager,
      TrainingHistory history, Manifest manifest) {
    return new LoadedModel(config, preprocessing, block, manager, history, manifest);
  }

  /** Loads a model folder written by {@link #save}. */
  public static LoadedModel load(Path dir) {
    ModelFile mf = ModelFile.read(dir);
    ArchitectureConfig arch = mf.training().architecture();
    NDManager manager = NDManager.newBaseManager();
    // one libtorch intra-op thread: deterministic, and the Java pass parallelises scoring itself
    ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
    try {
      Block block = arch.build();
      block.initialize(manager, DataType.FLOAT32, new Shape(1, INPUTS), new Shape(1, SLOTS));
      Path w = dir.resolve(mf.weights());
      try (InputStream in = new BufferedInputStream(Files.newInputStream(w))) {
        block.loadParameters(manager, new DataInputStream(in));
      } catch (java.nio.file.NoSuchFileException e) {
        throw new NphuntException(w + ": no such file (model folder incomplete)", e);
      } catch (IOException | MalformedModelException | RuntimeException e) {
        if (e instanceof NphuntException ne) {
          throw ne;
        }
        throw new NphuntException(w + ": cannot read weights for architecture '" + arch.architecture() + "': " + e.getMessage(), e);
      }
      return new LoadedModel(mf.training(), mf.preprocessing(), block, manager, mf.history(), mf.manifest());
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Writes {@code dir/weights.params} then {@code dir/model.json} (each atomically; model.json last,
   * so a folder with model.json is complete). Refuses to replace an existing model unless force.
   */
  public void save(Path dir, TrainingHistory hist, Manifest man, boolean force) {
    Path json = dir.resolve(ModelFile.FILE_NAME);
    AtomicOutput.checkTarget(json, force);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new NphuntException("cannot create model folder " + dir + ": " + e.getMessage(), e);
    }
    try (AtomicOutput out = AtomicOutput.create(dir.resolve(ModelFile.WEIGHTS_NAME), true)) {
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out.temporary()));
          DataOutputStream dos = new DataOutputStream(os)) {
        block.saveParameters(dos);
      }
      out.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write weights in " + dir, e);
    }
    ModelFile mf = new ModelFile(ModelFile.FORMAT_VERSION, config, preprocessing, hist, man, ModelFile.WEIGHTS_NAME);
    AtomicOutput.writeString(json, mf.toJson(), force);
  }

  public TrainingConfig config() {
    return config;
  }

  public ArchitectureConfig architecture() {
    return config.architecture();
  }

  public Standardizer preprocessing() {
    return preprocessing;
  }

  public OutputBounds bounds() {
    return bounds;
  }

  public TrainingHistory history() {
    return history;
  }

  public Manifest manifest() {
    return manifest;
  }

  public Block block() {
    return block;
  }

  public NDManager manager() {
    return manager;
  }

  /** Score dataset names, in the order of {@link #score}'s rows. */
  public List<String> scoreNames() {
    return Scores.names(config.architecture().variational());
  }

  /** Threads used by {@link #score} on the Java path (default: available processors). */
  public void setScoringThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, found " + threads);
    }
    this.scoringThreads = threads;
  }

  /** Forces the DJL path (false) or allows the Java pass (true, default); for tests and benchmarks. */
  public void useJavaForward(boolean allowed) {
    this.allowJava = allowed;
  }

  /** Result of a forward pass: standardised x and reconstructions, slot mask, and VAE latents. */
  record Pass(int n, float[] x, float[] mask, float[] recon, float[] mu, float[] logVar, int latent) {}

  Pass pass(EventBatch batch) {
    int n = batch.size();
    float[] x = new float[n * INPUTS];
    float[] mask = new float[n * SLOTS];
    preprocessing.apply(batch, 0, n, x, mask, 0);
    return pass(x, mask, n);
  }

  /** Forward pass on already preprocessed inputs (the reconstruction includes the output head). */
  Pass pass(float[] x, float[] mask, int n) {
    boolean variational = config.architecture().variational();
    int latent = variational ? config.architecture().latentDim() : 0;
    float[] recon = new float[n * INPUTS];
    float[] mu = variational ? new float[n * latent] : null;
    float[] logVar = variational ? new float[n * latent] : null;
    JavaForward f = javaForward();
    if (f != null) {
      int tasks = (n + TASK - 1) / TASK;
      if (tasks <= 1) {
        f.forward(x, 0, n, recon, mu, logVar);
      } else {
        IntStream.range(0, tasks).parallel().forEach(t -> f.forward(x, t * TASK, Math.min(n, (t + 1) * TASK), recon, mu, logVar));
      }
      bounds.apply(recon, 0, n);
    } else if (n > 0) {
      try (NDManager m = manager.newSubManager()) {
        NDList in = new NDList(Tensors.owned(m, x, new Shape(n, INPUTS)), Tensors.owned(m, mask, new Shape(n, SLOTS)));
        NDList out = block.forward(new ParameterStore(m, false), in, false);
        NDArray r = bounds.apply(out.get(0), manager);
        System.arraycopy(r.toFloatArray(), 0, recon, 0, n * INPUTS);
        if (variational) {
          System.arraycopy(out.get(1).toFloatArray(), 0, mu, 0, n * latent);
          System.arraycopy(out.get(2).toFloatArray(), 0, logVar, 0, n * latent);
        }
      }
    }
    return new Pass(n, x, mask, recon, mu, logVar, latent);
  }

  /** Scores of every event of a batch: {@code result[score][event]}, rows in {@link #scoreNames()} order. */
  public double[][] score(EventBatch batch) {
    double[][] out = new double[scoreNames().size()][batch.size()];
    score(batch, out, 0);
    return out;
  }

  /**
   * Scores a batch into {@code out[score][offset + event]}. On the Java path the batch is split into
   * parts of at least {@value #MIN_PART} events scored in parallel (each event's numbers do not depend
   * on the split).
   */
  public void score(EventBatch batch, double[][] out, int offset) {
    int n = batch.size();
    JavaForward f = javaForward();
    if (f != null) {
      boolean variational = config.architecture().variational();
      int latent = variational ? config.architecture().latentDim() : 0;
      int parts = Math.max(1, Math.min(scoringThreads, n / MIN_PART));
      IntStream range = IntStream.range(0, parts);
      (parts > 1 ? range.parallel() : range).forEach(part -> {
        int from = (int) ((long) n * part / parts);
        int to = (int) ((long) n * (part + 1) / parts);
        // fused per block of events: preprocess, forward, head, scores, all in cache-sized buffers
        int blk = Math.min(JavaForward.BLOCK, Math.max(1, to - from));
        float[] x = new float[blk * INPUTS];
        float[] mask = new float[blk * SLOTS];
        float[] recon = new float[blk * INPUTS];
        float[] mu = variational ? new float[blk * latent] : null;
        float[] logVar = variational ? new float[blk * latent] : null;
        for (int s = from; s < to; s += blk) {
          int c = Math.min(blk, to - s);
          preprocessing.apply(batch, s, c, x, mask, 0);
          f.forward(x, 0, c, recon, mu, logVar);
          bounds.apply(recon, 0, c);
          Scores.compute(x, mask, recon, mu, logVar, latent, config.maskedLoss(), config.beta(), 0, c, out, offset + s);
        }
      });
      return;
    }
    // DJL path: single-threaded (concurrent libtorch calls from two Java threads measured 5x more CPU
    // per event here), in passes of at most DJL_PASS events: larger passes only grow the native
    // intermediates (conv/transformer at batch 16384 were slower than at 1024, with GBs of RSS)
    if (n <= DJL_PASS) {
      Pass p = pass(batch);
      Scores.compute(p.x, p.mask, p.recon, p.mu, p.logVar, p.latent, config.maskedLoss(), config.beta(), 0, p.n, out,
          offset);
      return;
    }
    for (int s = 0; s < n; s += DJL_PASS) {
      score(batch.slice(s, Math.min(DJL_PASS, n - s)), out, offset + s);
    }
  }

  /** Inputs and reconstructions of a batch in physical units (see {@link Reconstruction}). */
  public Reconstruction reconstruct(EventBatch batch) {
    Pass p = pass(batch);
    int n = p.n;
    double[] in = new double[n * INPUTS];
    double[] out = new double[n * INPUTS];
    boolean[] real = new boolean[n * SLOTS];
    for (int e = 0; e < n; e++) {
      for (int s = 0; s < SLOTS; s++) {
        boolean r = p.mask[e * SLOTS + s] != 0f;
        real[e * SLOTS + s] = r;
        for (int f = 0; f < 3; f++) {
          int c = s * 3 + f;
          int i = e * INPUTS + c;
          in[i] = r ? batch.get(e, s, f) : 0.0;
          out[i] = preprocessing.physical(c, p.recon[i]);
        }
      }
    }
    return new Reconstruction(n, in, out, real);
  }

  /**
   * The VAE latent mean mu of every event ({@code result[event][dim]}), for latent-space plots.
   *
   * @throws IllegalStateException when the model is not variational
   */
  public double[][] latent(EventBatch batch) {
    if (!config.architecture().variational()) {
      throw new IllegalStateException("latent() needs a variational model, found '" + config.architecture().architecture() + "'");
    }
    Pass p = pass(batch);
    double[][] z = new double[p.n][p.latent];
    for (int e = 0; e < p.n; e++) {
      for (int l = 0; l < p.latent; l++) {
        z[e][l] = p.mu[e * p.latent + l];
      }
    }
    return z;
  }

  /** The Java pass when allowed and available, else null. */
  private synchronized JavaForward javaForward() {
    if (allowJava && java == null && !javaUnavailable) {
      java = JavaForward.of(block);
      javaUnavailable = java == null;
    }
    return allowJava ? java : null;
  }

  /** Invalidates the cached Java weights (after the block's parameters changed). */
  public void weightsChanged() {
    java = null;
    javaUnavailable = false;
  }

  @Override
  public void close() {
    manager.close();
  }
}
