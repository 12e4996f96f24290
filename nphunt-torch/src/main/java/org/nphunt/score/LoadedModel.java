package org.nphunt.score;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.Events;
import org.nphunt.io.AtomicOutput;
import org.nphunt.io.Hashing;
import org.nphunt.kernel.AutoencoderNet;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.ArchitectureConfig;
import org.nphunt.model.Tensors;
import org.nphunt.objective.EventReconstruction;
import org.nphunt.objective.Objective;
import org.nphunt.preprocess.ModelInput;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.history.TrainingHistory;

/**
 * A trained model ready to score: architecture block with its weights, the preprocessing and the
 * objective (loss and scores), plus the training history and manifest. Owns a DJL {@link NDManager};
 * close it.
 *
 * <p>Scoring: events are preprocessed into the model's inputs, run through the block and turned into
 * the objective's named per-event scores. Dense, VAE and conv models run a pure-Java pass
 * ({@link JavaForward}) on all cores, the transformer and rnn-attention their kernel twins
 * ({@link org.nphunt.kernel.TransformerNet}, {@link org.nphunt.kernel.RecurrentNet}) on all cores; others go
 * through DJL in passes of at most {@value #DJL_PASS}
 * events. Both are deterministic, so a saved and reloaded model gives bit-identical scores, whatever
 * the batch size and thread count.
 */
public final class LoadedModel implements AutoCloseable {
  /** Events per parallel task of the Java pass. */
  private static final int TASK = 1024;
  /**
   * Largest number of events in one DJL forward pass when scoring; a block is scored in passes of this
   * many events from its first event, so scoring a block in parts that start at multiples of it gives the
   * same passes, and the same numbers, as scoring it whole (nphunt run splits blocks so across threads).
   */
  public static final int DJL_PASS = 1024;
  /** Smallest part of a batch scored by one thread. */
  private static final int MIN_PART = 256;

  private final TrainingConfig config;
  private final Preprocessing preprocessing;
  private final Objective objective;
  private final Block block;
  private final NDManager manager;
  private final TrainingHistory history;
  private final Manifest manifest;
  private final int[] inputWidths;
  private final int[] outputWidths;
  private final int perEvent;
  private JavaForward java;
  private JavaForward.Standardisation standardisation;
  /** rnn-attention's fused Java network (issue 17), built on first use. */
  private org.nphunt.kernel.RecurrentNet recurrent;
  private boolean javaUnavailable;
  private boolean allowJava = true;
  /** The transformer on nphunt's kernels (issue 17), built on first use; see {@link #transformerNet()}. */
  private org.nphunt.kernel.TransformerNet transformer;
  private int scoringThreads = Runtime.getRuntime().availableProcessors();
  /** The total loss's SM validation distribution (adds the p-value score), or null. */
  private ScoreReference pValueReference;
  private org.nphunt.deploy.ModelCost cost;

  private LoadedModel(TrainingConfig config, Preprocessing preprocessing, Block block, NDManager manager,
      TrainingHistory history, Manifest manifest) {
    this.config = config;
    this.preprocessing = preprocessing;
    this.objective = config.architecture().objective(config, preprocessing);
    this.block = block;
    this.manager = manager;
    this.history = history;
    this.manifest = manifest;
    this.inputWidths = preprocessing.inputs().stream().mapToInt(ModelInput::width).toArray();
    this.outputWidths = objective.outputs().stream().mapToInt(ModelInput::width).toArray();
    this.perEvent = preprocessing.examplesPerEvent();
  }

  /**
   * Wraps an initialised block (used by the trainer). The model takes ownership of {@code manager}.
   */
  public static LoadedModel of(TrainingConfig config, Preprocessing preprocessing, Block block, NDManager manager,
      TrainingHistory history, Manifest manifest) {
    return new LoadedModel(config, preprocessing, block, manager, history, manifest);
  }

  /** The shapes of the block's inputs for a batch of {@code batch} examples (for {@code Block.initialize}). */
  public static Shape[] blockInputShapes(ArchitectureConfig arch, Preprocessing pre, int batch) {
    List<String> names = arch.blockInputs();
    Shape[] shapes = new Shape[names.size()];
    for (int i = 0; i < shapes.length; i++) {
      int k = pre.inputIndex(names.get(i));
      if (k < 0) {
        throw new IllegalArgumentException("model '" + arch.architecture() + "' takes input '" + names.get(i)
            + "', which its preprocessing does not produce (" + pre.inputs() + ")");
      }
      shapes[i] = pre.inputs().get(k).batchShape(batch);
    }
    return shapes;
  }

  /** Loads a model folder written by {@link #save} (format version 1 or 2). */
  public static LoadedModel load(Path dir) {
    org.nphunt.model.TorchRuntime.init();
    ModelFile mf = ModelFile.read(dir);
    ArchitectureConfig arch = mf.training().architecture();
    Path w = dir.resolve(mf.weights());
    if (mf.weightsSha256() != null) {
      if (!Files.isRegularFile(w)) {
        throw new NphuntException(w + ": no such file (model folder incomplete)");
      }
      String actual;
      try {
        actual = Hashing.sha256(w);
      } catch (java.io.UncheckedIOException e) {
        throw new NphuntException(w + ": cannot read: " + e.getCause().getMessage(), e);
      }
      if (!actual.equals(mf.weightsSha256())) {
        throw new NphuntException(w + " does not belong to " + dir.resolve(ModelFile.FILE_NAME)
            + " (its SHA-256 is " + actual + ", model.json names " + mf.weightsSha256() + ")");
      }
    }
    NDManager manager = NDManager.newBaseManager();
    // one libtorch intra-op thread: deterministic, and the Java pass parallelises scoring itself
    ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
    try {
      Block block = arch.build();
      block.initialize(manager, DataType.FLOAT32, blockInputShapes(arch, mf.preprocessing(), 1));
      try (InputStream in = new BufferedInputStream(Files.newInputStream(w))) {
        block.loadParameters(manager, new DataInputStream(in));
      } catch (java.nio.file.NoSuchFileException e) {
        throw new NphuntException(w + ": no such file (model folder incomplete)", e);
      } catch (IOException | MalformedModelException | RuntimeException e) {
        if (e instanceof NphuntException ne) {
          throw ne;
        }
        String why = e.getMessage() != null ? e.getMessage()
            : e instanceof java.io.EOFException ? "the file ends early (truncated)" : e.getClass().getSimpleName();
        throw new NphuntException(w + ": cannot read weights for architecture '" + arch.architecture() + "': " + why, e);
      }
      Tensors.ownParameters(block); // decoded parameters wrap Java buffers of varying alignment
      LoadedModel model = new LoadedModel(mf.training(), mf.preprocessing(), block, manager, mf.history(), mf.manifest());
      if (mf.pValueReference() != null) {
        try {
          model.setPValueReference(mf.pValueReference());
        } catch (IllegalArgumentException e) {
          throw new NphuntException(dir.resolve(ModelFile.FILE_NAME) + ": " + e.getMessage(), e);
        }
      }
      model.cost = mf.cost();
      return model;
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Writes {@code dir/weights.params} then {@code dir/model.json} with the weights' SHA-256 (each
   * atomically; model.json last, so a folder with model.json is complete). Refuses to replace an
   * existing model unless force.
   */
  public void save(Path dir, TrainingHistory hist, Manifest man, boolean force) {
    save(dir, hist, man, null, force);
  }

  /** As {@link #save(Path, TrainingHistory, Manifest, boolean)}, recording the model's cost per event (or null). */
  public void save(Path dir, TrainingHistory hist, Manifest man, org.nphunt.deploy.ModelCost cost, boolean force) {
    Path json = dir.resolve(ModelFile.FILE_NAME);
    AtomicOutput.checkTarget(json, force);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new NphuntException("cannot create model folder " + dir + ": " + e.getMessage(), e);
    }
    Path weights = dir.resolve(ModelFile.WEIGHTS_NAME);
    String sha;
    try (AtomicOutput out = AtomicOutput.create(weights, true)) {
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out.temporary()));
          DataOutputStream dos = new DataOutputStream(os)) {
        block.saveParameters(dos);
      }
      sha = Hashing.sha256(out.temporary());
      out.commit();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new NphuntException("cannot write weights in " + dir + ": " + e.getMessage(), e);
    }
    ModelFile mf = new ModelFile(ModelFile.FORMAT_VERSION, config, preprocessing, hist, man, ModelFile.WEIGHTS_NAME,
        sha, config.architecture().inputSchema(), scoreNames(), pValueReference, cost);
    AtomicOutput.writeString(json, mf.toJson(), force);
  }

  public TrainingConfig config() {
    return config;
  }

  public ArchitectureConfig architecture() {
    return config.architecture();
  }

  public Preprocessing preprocessing() {
    return preprocessing;
  }

  public Objective objective() {
    return objective;
  }

  public TrainingHistory history() {
    return history;
  }

  public Manifest manifest() {
    return manifest;
  }

  /** The cost per event recorded in the model file (format version 3), or null. */
  public org.nphunt.deploy.ModelCost cost() {
    return cost;
  }

  /** Records the cost saved with this model (what {@link #cost()} returns). */
  public void setCost(org.nphunt.deploy.ModelCost cost) {
    this.cost = cost;
  }

  public Block block() {
    return block;
  }

  public NDManager manager() {
    return manager;
  }

  /**
   * Score dataset names, in the order of {@link #score}'s rows: the objective's, then the p-value score
   * ({@link ScoreReference#scoreName()}) when the model has a reference.
   */
  public List<String> scoreNames() {
    if (pValueReference == null) {
      return objective.scoreNames();
    }
    List<String> names = new java.util.ArrayList<>(objective.scoreNames());
    names.add(pValueReference.scoreName());
    return List.copyOf(names);
  }

  /** The SM validation distribution of the total loss behind the p-value score, or null. */
  public ScoreReference pValueReference() {
    return pValueReference;
  }

  /**
   * Sets (or, with null, removes) the reference that adds the p-value score; the trainer sets it at the
   * end of training and {@link #save} writes it into model.json.
   *
   * @throws IllegalArgumentException when the reference's score is not one of the objective's scores
   */
  public void setPValueReference(ScoreReference reference) {
    if (reference != null && objective.scoreIndex(reference.score()) < 0) {
      throw new IllegalArgumentException("the p-value reference is for score " + reference.score() + ", which model '"
          + architecture().architecture() + "' does not write (" + objective.scoreNames() + ")");
    }
    this.pValueReference = reference;
  }

  /** Threads used by {@link #score} on the Java path (default: available processors). */
  public void setScoringThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, found " + threads);
    }
    this.scoringThreads = threads;
  }

  /** Threads used by {@link #score} on the Java path. */
  public int scoringThreads() {
    return scoringThreads;
  }

  /** {@link #scoringPath()} of a model scored on nphunt's Java kernels (all threads, per-block fused passes). */
  public static final String FUSED_JAVA_KERNELS = "fused Java kernels";
  /** {@link #scoringPath()} of a model scored through DJL/libtorch (one libtorch thread per call). */
  public static final String DJL_LIBTORCH = "DJL/libtorch";

  /**
   * Whether {@link #score} runs through DJL/libtorch (one libtorch thread per call, so {@code nphunt run}
   * scores such models side by side on its pool), rather than on nphunt's Java kernels, which split a block
   * over {@link #scoringThreads()} themselves: false for the dense AE, VAE and conv AE (their Java pass), the
   * transformer and rnn-attention (their kernel twins) unless {@link #useJavaForward useJavaForward(false)}
   * or {@value #FUSED_TRANSFORMER}=false (transformer) says otherwise, or the model has no Java twin (e.g. a
   * variational rnn-attention).
   */
  public boolean scoresThroughLibtorch() {
    return transformerNet() == null && javaForward() == null && recurrentNet() == null;
  }

  /**
   * Which code scores, for humans: {@value #FUSED_JAVA_KERNELS} (every model on nphunt's Java kernels:
   * dense AE, VAE, conv AE, transformer, rnn-attention) or {@value #DJL_LIBTORCH}; decide with {@link
   * #scoresThroughLibtorch()}, not by comparing this text.
   */
  public String scoringPath() {
    return scoresThroughLibtorch() ? DJL_LIBTORCH : FUSED_JAVA_KERNELS;
  }

  /** Forces the DJL path (false) or allows the Java pass (true, default); for tests and benchmarks. */
  public void useJavaForward(boolean allowed) {
    this.allowJava = allowed;
  }

  /**
   * Result of a forward pass over {@code n} events: the preprocessed inputs and the block's raw
   * outputs (before any output head), one array per {@link Preprocessing#inputs()} and
   * {@link Objective#outputs()} entry.
   */
  record Pass(int n, float[][] inputs, float[][] outputs) {}

  Pass pass(Events events) {
    int n = events.size();
    float[][] in = buffers(inputWidths, n * perEvent);
    preprocessing.apply(events, 0, n, in, 0);
    return new Pass(n, in, forward(in, n * perEvent));
  }

  private static float[][] buffers(int[] widths, int rows) {
    float[][] b = new float[widths.length][];
    for (int i = 0; i < widths.length; i++) {
      b[i] = new float[rows * widths[i]];
    }
    return b;
  }

  /** The block's raw outputs for {@code rows} examples of preprocessed inputs. */
  private float[][] forward(float[][] in, int rows) {
    float[][] out = buffers(outputWidths, rows);
    JavaForward f = javaForward();
    org.nphunt.kernel.TransformerNet tn = transformerNet();
    if (tn != null) {
      transformerForward(tn, in, 0, rows, out[0]);
    } else if (f != null) {
      float[] x = in[preprocessing.inputIndex("x")];
      int tasks = (rows + TASK - 1) / TASK;
      if (tasks <= 1) {
        f.forward(x, 0, rows, out);
      } else {
        IntStream.range(0, tasks).parallel().forEach(t -> f.forward(x, t * TASK, Math.min(rows, (t + 1) * TASK), out));
      }
    } else if (rows > 0 && recurrentNet() != null) {
      recurrentForward(in, 0, rows, out);
    } else if (rows > 0) {
      djlForward(in, rows, out, 0);
    }
    return out;
  }

  /** DJL forward of {@code rows} examples into rows [at, at + rows) of {@code out}. */
  private void djlForward(float[][] in, int rows, float[][] out, int at) {
    try (NDManager m = manager.newSubManager()) {
      NDList list = new NDList();
      for (String name : architecture().blockInputs()) {
        int k = preprocessing.inputIndex(name);
        list.add(Tensors.owned(m, in[k], preprocessing.inputs().get(k).batchShape(rows)));
      }
      NDList result = block.forward(new ParameterStore(m, false), list, false);
      for (int o = 0; o < outputWidths.length; o++) {
        float[] v = result.get(o).toFloatArray();
        System.arraycopy(v, 0, out[o], at * outputWidths[o], rows * outputWidths[o]);
      }
    }
  }

  /** Scores of every event of a block: {@code result[score][event]}, rows in {@link #scoreNames()} order. */
  public double[][] score(Events events) {
    double[][] out = new double[scoreNames().size()][events.size()];
    score(events, out, 0);
    return out;
  }

  /**
   * Scores a block into {@code out[score][offset + event]}. On the Java path the block is split into
   * parts of at least {@value #MIN_PART} events scored in parallel (each event's numbers do not depend
   * on the split). A block of another schema than the model's is a one-line error.
   */
  public void score(Events events, double[][] out, int offset) {
    scoreObjective(events, out, offset);
    ScoreReference ref = pValueReference;
    if (ref != null) {
      double[] total = out[objective.scoreIndex(ref.score())];
      double[] p = out[objective.scoreNames().size()];
      for (int e = offset, end = offset + events.size(); e < end; e++) {
        p[e] = ref.score(total[e]);
      }
    }
  }

  /** The objective's scores (rows 0 .. objective.scoreNames().size() - 1). */
  private void scoreObjective(Events events, double[][] out, int offset) {
    if (!events.schema().name().equals(preprocessing.schema())) {
      throw new NphuntException("model '" + architecture().architecture() + "' reads " + preprocessing.schema()
          + " events, found " + events.schema().name() + " events");
    }
    int n = events.size();
    org.nphunt.kernel.TransformerNet tn = transformerNet();
    if (tn != null) {
      scoreTransformer(tn, events, out, offset);
      return;
    }
    JavaForward f = javaForward();
    if (f != null && fused()) {
      // fused per tile of 32 events: raw events -> standardised inputs -> network -> score sums
      EventBatch batch = EventBatch.of(events);
      EventReconstruction er = (EventReconstruction) objective;
      JavaForward.Standardisation std = standardisation;
      int parts = Math.max(1, Math.min(scoringThreads, n / MIN_PART));
      IntStream range = IntStream.range(0, parts);
      (parts > 1 ? range.parallel() : range).forEach(part -> {
        int from = (int) ((long) n * part / parts);
        int to = (int) ((long) n * (part + 1) / parts);
        f.score(batch, from, to - from, std, er.bounds(), config.maskedLoss(), config.beta(), out, offset + from);
      });
      return;
    }
    if (f != null) {
      int parts = Math.max(1, Math.min(scoringThreads, n / MIN_PART));
      IntStream range = IntStream.range(0, parts);
      int xi = preprocessing.inputIndex("x");
      (parts > 1 ? range.parallel() : range).forEach(part -> {
        int from = (int) ((long) n * part / parts);
        int to = (int) ((long) n * (part + 1) / parts);
        // fused per block of events: preprocess, forward, scores, all in cache-sized buffers
        int blk = Math.min(AutoencoderNet.TILE * 8, Math.max(1, to - from));
        float[][] in = buffers(inputWidths, blk * perEvent);
        float[][] o = buffers(outputWidths, blk * perEvent);
        for (int s = from; s < to; s += blk) {
          int c = Math.min(blk, to - s);
          preprocessing.apply(events, s, c, in, 0);
          f.forward(in[xi], 0, c * perEvent, o);
          objective.scores(in, o, c, out, offset + s);
        }
      });
      return;
    }
    if (recurrentNet() != null) {
      // rnn-attention on the fused Java kernels (issue 17): parts in parallel, per-event numbers independent of them
      int parts = Math.max(1, Math.min(scoringThreads, n / MIN_PART));
      IntStream range = IntStream.range(0, parts);
      (parts > 1 ? range.parallel() : range).forEach(part -> {
        int from = (int) ((long) n * part / parts);
        int to = (int) ((long) n * (part + 1) / parts);
        int blk = Math.min(org.nphunt.kernel.RecurrentNet.TILE * 8, Math.max(1, to - from));
        float[][] in = buffers(inputWidths, blk);
        float[][] o = buffers(outputWidths, blk);
        for (int s = from; s < to; s += blk) {
          int c = Math.min(blk, to - s);
          preprocessing.apply(events, s, c, in, 0);
          recurrentForward(in, 0, c, o);
          objective.scores(in, o, c, out, offset + s);
        }
      });
      return;
    }
    // DJL path: single-threaded (concurrent libtorch calls from two Java threads measured 5x more CPU
    // per event here), in passes of at most DJL_PASS events: larger passes only grow the native
    // intermediates (conv/transformer at batch 16384 were slower than at 1024, with GBs of RSS)
    int pass = Math.min(DJL_PASS, Math.max(1, n));
    float[][] in = buffers(inputWidths, pass * perEvent);
    float[][] o = buffers(outputWidths, pass * perEvent);
    for (int s = 0; s < n; s += pass) {
      int c = Math.min(pass, n - s);
      preprocessing.apply(events, s, c, in, 0);
      djlForward(in, c * perEvent, o, 0);
      objective.scores(in, o, c, out, offset + s);
    }
  }

  /**
   * Inputs and reconstructions of an ADC2021 batch in physical units (see {@link Reconstruction}).
   *
   * @throws IllegalStateException when the model is not an ADC2021 event autoencoder
   */
  public Reconstruction reconstruct(EventBatch batch) {
    if (!(objective instanceof EventReconstruction er) || !(preprocessing instanceof Standardizer std)) {
      throw new IllegalStateException("reconstruct() needs an ADC2021 event autoencoder, found '"
          + architecture().architecture() + "'");
    }
    Pass p = pass(batch);
    int n = p.n();
    float[] recon = p.outputs()[0];
    er.bounds().apply(recon, 0, n);
    float[] mask = p.inputs()[1];
    int inputs = Adc2021.INPUTS;
    double[] in = new double[n * inputs];
    double[] out = new double[n * inputs];
    boolean[] real = new boolean[n * Adc2021.SLOTS];
    for (int e = 0; e < n; e++) {
      for (int s = 0; s < Adc2021.SLOTS; s++) {
        boolean r = mask[e * Adc2021.SLOTS + s] != 0f;
        real[e * Adc2021.SLOTS + s] = r;
        for (int f = 0; f < Adc2021.KINEMATIC; f++) {
          int c = s * Adc2021.KINEMATIC + f;
          int i = e * inputs + c;
          in[i] = r ? batch.get(e, s, f) : 0.0;
          out[i] = std.physical(c, recon[i]);
        }
      }
    }
    return new Reconstruction(n, in, out, real);
  }

  /**
   * The latent mean mu of every example ({@code result[example][dim]}), for latent-space plots.
   *
   * @throws IllegalStateException when the model is not variational
   */
  public double[][] latent(Events events) {
    int mu = outputIndex("mu");
    if (!config.architecture().variational() || mu < 0) {
      throw new IllegalStateException("latent() needs a variational model, found '" + config.architecture().architecture() + "'");
    }
    Pass p = pass(events);
    int latent = outputWidths[mu];
    int rows = p.n() * perEvent;
    double[][] z = new double[rows][latent];
    for (int e = 0; e < rows; e++) {
      for (int l = 0; l < latent; l++) {
        z[e][l] = p.outputs()[mu][e * latent + l];
      }
    }
    return z;
  }

  private int outputIndex(String name) {
    List<ModelInput> o = objective.outputs();
    for (int i = 0; i < o.size(); i++) {
      if (o.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The rnn-attention model on the fused Java kernels when allowed and applicable, else null. */
  private synchronized org.nphunt.kernel.RecurrentNet recurrentNet() {
    if (!allowJava) {
      return null;
    }
    if (recurrent == null && block instanceof org.nphunt.model.RecurrentAutoencoder
        && objective instanceof EventReconstruction er && !er.variational()) {
      recurrent = RecurrentNetworks.of(block);
    }
    return recurrent;
  }

  /** Reconstructions of examples [from, from + rows) of the preprocessed inputs through {@link #recurrentNet()}. */
  private void recurrentForward(float[][] in, int from, int rows, float[][] out) {
    org.nphunt.kernel.RecurrentNet net = recurrentNet();
    RecurrentNetworks.forward(net, org.nphunt.kernel.Kernels.get(), RECURRENT_WORK.get().buffers(net),
        in[preprocessing.inputIndex("x")], in[preprocessing.inputIndex("mask")],
        from, from + rows, out[0]);
  }

  /** Per-thread buffers of the recurrent forward (a few MB; reused across calls and models of one shape). */
  private static final ThreadLocal<RecurrentBuffers> RECURRENT_WORK = ThreadLocal.withInitial(RecurrentBuffers::new);

  private static final class RecurrentBuffers {
    private org.nphunt.kernel.RecurrentNet owner;
    private org.nphunt.kernel.RecurrentNet.Work work;

    org.nphunt.kernel.RecurrentNet.Work buffers(org.nphunt.kernel.RecurrentNet net) {
      if (owner != net) {
        work = net.work();
        owner = net;
      }
      return work;
    }
  }

  /**
   * The transformer's scores on nphunt's kernels: the block is split into {@code scoringThreads} parts scored in
   * parallel, each in blocks of 256 events (preprocessing, the network in tiles of
   * {@link org.nphunt.kernel.TransformerNet#TILE} events, the objective's scores). Every event's numbers depend on
   * that event only, so the scores do not depend on the split or the thread count.
   */
  private void scoreTransformer(org.nphunt.kernel.TransformerNet tn, Events events, double[][] out, int offset) {
    int n = events.size();
    int parts = Math.max(1, Math.min(scoringThreads, n / MIN_PART));
    IntStream range = IntStream.range(0, parts);
    (parts > 1 ? range.parallel() : range).forEach(part -> {
      int from = (int) ((long) n * part / parts);
      int to = (int) ((long) n * (part + 1) / parts);
      int blk = Math.min(256, Math.max(1, to - from));
      float[][] in = buffers(inputWidths, blk);
      float[][] o = buffers(outputWidths, blk);
      for (int s = from; s < to; s += blk) {
        int c = Math.min(blk, to - s);
        preprocessing.apply(events, s, c, in, 0);
        transformerForward(tn, in, 0, c, o[0]);
        objective.scores(in, o, c, out, offset + s);
      }
    });
  }

  /** Reconstructions of examples [from, from + rows) of the preprocessed inputs into {@code out57} (same rows). */
  private void transformerForward(org.nphunt.kernel.TransformerNet tn, float[][] in, int from, int rows, float[] out57) {
    float[] x = in[preprocessing.inputIndex("x")];
    float[] mask = in[preprocessing.inputIndex("mask")];
    org.nphunt.kernel.TransformerNet.Tile t = tn.scoringTile();
    org.nphunt.kernel.Kernels k = org.nphunt.kernel.Kernels.get();
    for (int e = from; e < from + rows; e += t.events) {
      int c = Math.min(t.events, from + rows - e);
      tn.forward(k, t, x, mask, e, c, out57, e);
    }
  }

  /** System property: {@code -Dnphunt.fusedTransformer=false} scores (and trains) the transformer through DJL. */
  public static final String FUSED_TRANSFORMER = "nphunt.fusedTransformer";

  /** The transformer on the kernels when allowed (see {@link #useJavaForward}, {@link #FUSED_TRANSFORMER}), else null. */
  private synchronized org.nphunt.kernel.TransformerNet transformerNet() {
    if (!allowJava || "false".equals(System.getProperty(FUSED_TRANSFORMER))
        || !(block instanceof org.nphunt.model.TransformerAutoencoder ta)
        || preprocessing.inputIndex("x") < 0 || preprocessing.inputIndex("mask") < 0) {
      return null;
    }
    if (transformer == null) {
      transformer = ta.kernelNet();
    }
    return transformer;
  }

  /** Whether the fused Java scoring applies: ADC2021 standardisation and event-reconstruction scores. */
  private boolean fused() {
    return standardisation != null;
  }

  /** The Java pass when allowed and available, else null. */
  private synchronized JavaForward javaForward() {
    if (allowJava && java == null && !javaUnavailable) {
      java = preprocessing.inputIndex("x") >= 0 ? JavaForward.of(block) : null;
      javaUnavailable = java == null;
      standardisation = java != null && preprocessing instanceof Standardizer std
          && objective instanceof EventReconstruction ? JavaForward.Standardisation.of(std) : null;
    }
    return allowJava ? java : null;
  }

  /** Invalidates the cached Java weights (after the block's parameters changed). */
  public synchronized void weightsChanged() {
    java = null;
    transformer = null;
    standardisation = null;
    javaUnavailable = false;
    recurrent = null;
  }

  @Override
  public void close() {
    manager.close();
  }
}
