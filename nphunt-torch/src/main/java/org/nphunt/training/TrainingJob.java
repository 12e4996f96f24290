package org.nphunt.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSource;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.manifest.Manifest;
import org.nphunt.deploy.LatencyProbe;
import org.nphunt.deploy.ModelCost;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ModelFile;

/**
 * A whole training job as {@code nphunt train} and {@code nphunt run} perform it: train with
 * checkpoints in {@code OUT/checkpoint}, save the model folder ({@code OUT/model.json} +
 * {@code OUT/weights.params}) with its manifest, then remove the checkpoint.
 */
public final class TrainingJob {
  /** Subfolder of the output folder holding the per-epoch checkpoint. */
  public static final String CHECKPOINT = "checkpoint";

  private TrainingJob() {}

  /**
   * Trains on event sources and saves the model into {@code outDir}.
   *
   * @param inputFiles files to hash into the manifest (may be empty for generated data)
   * @param listeners extra listeners (e.g. {@link Listeners#progress()})
   * @return the trained model (close it) and its history
   */
  public static TrainingResult train(TrainingConfig config, EventSource train, EventSource validation, Path outDir,
      boolean force, List<Path> inputFiles, List<TrainingListener> listeners) {
    return trainHashed(config, train, validation, outDir, force, hash(inputFiles), listeners);
  }

  private static List<Manifest.InputFile> hash(List<Path> files) {
    List<Manifest.InputFile> out = new ArrayList<>();
    for (Path p : files) {
      try {
        out.add(Manifest.InputFile.of(p));
      } catch (java.io.UncheckedIOException e) {
        throw new NphuntException("cannot read " + p + ": " + e.getCause().getMessage(), e);
      }
    }
    return out;
  }

  /** What {@code --force} may replace: a model folder nphunt wrote, never a folder of someone else's files. */
  public static final String MODEL_FOLDER = "a model folder written by nphunt train";

  /**
   * Checks, before any work, that the model folder can be written: not a file, creatable, writable
   * (a full or read-only disk is reported now, not after an epoch); an existing non-empty folder only with
   * force, and then only when it is a model folder nphunt wrote ({@link #isModelFolder}): a folder of the
   * user's files (notes.txt, a model.json of another tool) is left alone, never mixed into or replaced. A folder
   * holding an interrupted run's checkpoint names --resume.
   */
  static void checkOutputFolder(Path outDir, boolean force) {
    if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
      throw new NphuntException(outDir + " is a file, expected a model folder");
    }
    if (!force && Files.exists(outDir.resolve(CHECKPOINT).resolve(CheckpointFile.STATE)) && isModelFolder(outDir)) {
      throw new NphuntException(outDir + " holds the checkpoint of an interrupted run (use --resume " + outDir
          + " to continue it, or --force to start over)");
    }
    new org.nphunt.io.OutputRules(MODEL_FOLDER, TrainingJob::isModelFolder, List.of()).check(outDir, force, true);
    try {
      Files.createDirectories(outDir);
      Path probe = Files.createTempFile(outDir, ".nphunt-write-check-", ".tmp");
      try {
        Files.write(probe, new byte[4096]);
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (java.io.IOException e) {
      String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
      throw new NphuntException("cannot write the model folder " + outDir + ": " + why, e);
    }
  }

  /**
   * Whether {@code dir} is a model folder nphunt wrote (or is writing): it holds nothing but {@code model.json},
   * {@code weights.params}, the {@code checkpoint} folder of a run and nphunt's temporaries ({@code .nphunt-*}, {@code .*.partial}),
   * and its {@code model.json}, if any, is an nphunt model file (it parses as one, with its format version).
   */
  public static boolean isModelFolder(Path dir) {
    java.util.Set<String> allowed = java.util.Set.of(ModelFile.FILE_NAME, ModelFile.WEIGHTS_NAME, CHECKPOINT);
    try (Stream<Path> s = Files.list(dir)) {
      if (!s.map(p -> p.getFileName().toString()).allMatch(n -> allowed.contains(n) || n.startsWith(".nphunt-")
          || n.startsWith(".") && n.endsWith(".partial"))) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
    Path json = dir.resolve(ModelFile.FILE_NAME);
    if (Files.exists(json)) {
      try {
        ModelFile.fromJson(Files.readString(json), json.toString());
      } catch (IOException | RuntimeException e) {
        return false;
      }
    } else if (!Files.isDirectory(dir.resolve(CHECKPOINT))) {
      return false;
    }
    return true;
  }

  /** As {@link #train}, with the inputs already hashed (e.g. named relative to a run folder). */
  public static TrainingResult trainHashed(TrainingConfig config, EventSource train, EventSource validation, Path outDir,
      boolean force, List<Manifest.InputFile> inputs, List<TrainingListener> listeners) {
    Path created = firstMissing(outDir);
    checkOutputFolder(outDir, force);
    Path cp = outDir.resolve(CHECKPOINT);
    deleteTree(cp);
    try {
      Trainer trainer = new Trainer(config).checkpointTo(cp);
      if (!inputs.isEmpty()) {
        trainer.trainingFileSha256(inputs.get(0).sha256());
      }
      listeners.forEach(trainer::addListener);
      return finish(trainer.fit(train, validation), outDir, true, inputs, train);
    } catch (RuntimeException e) {
      if (created != null && !Files.exists(cp.resolve(CheckpointFile.STATE))) {
        removeEmptyFolders(cp, created);
      }
      throw e;
    }
  }

  /** The outermost folder of {@code dir} (itself included) that does not exist yet, or null when it exists. */
  private static Path firstMissing(Path dir) {
    Path p = dir.toAbsolutePath().normalize();
    Path missing = null;
    while (p != null && !Files.exists(p)) {
      missing = p;
      p = p.getParent();
    }
    return missing;
  }

  /**
   * After a training that failed before its first checkpoint (e.g. a model refusing the file's schema):
   * removes the folders this job created, from {@code deepest} up to {@code top}, each only if empty, so a
   * refused command leaves no empty model folder behind (a folder holding anything is left alone).
   */
  private static void removeEmptyFolders(Path deepest, Path top) {
    Path stop = top.getParent();
    for (Path p = deepest.toAbsolutePath().normalize(); p != null && !p.equals(stop); p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return; // not empty (or not ours to remove): leave it and its parents
      }
      if (p.equals(top)) {
        return;
      }
    }
  }

  /** Continues the run checkpointed in {@code outDir/checkpoint} and saves the model there. */
  public static TrainingResult resume(Path outDir, EventSource train, EventSource validation, Integer epochs,
      List<Path> inputFiles, List<TrainingListener> listeners) {
    Path cp = outDir.resolve(CHECKPOINT);
    if (!Files.exists(cp.resolve(CheckpointFile.STATE)) && Files.exists(outDir.resolve(ModelFile.FILE_NAME))) {
      throw new NphuntException(outDir + ": training is complete (model.json is there, no checkpoint left); to train"
          + " longer, start a new run with a larger --epochs");
    }
    checkOutputFolder(outDir, true);
    List<Manifest.InputFile> inputs = hash(inputFiles);
    CheckpointFile state = CheckpointFile.read(cp);
    if (state.trainSha256() != null && !inputs.isEmpty() && !state.trainSha256().equals(inputs.get(0).sha256())) {
      throw new NphuntException(inputFiles.get(0) + " is not the file this run was trained on (" + state.trainSource()
          + "; their SHA-256 differ): resume with the same --train file");
    }
    Trainer trainer = Trainer.resume(cp, epochs);
    listeners.forEach(trainer::addListener);
    return finish(trainer.fit(train, validation), outDir, true, inputs, train);
  }

  private static TrainingResult finish(TrainingResult r, Path outDir, boolean force, List<Manifest.InputFile> inputs,
      EventSource train) {
    try {
      TrainingConfig cfg = r.model().config();
      Manifest manifest = Manifest.withHashedInputs("train", cfg.seed(), org.nphunt.model.Architectures.mapper().valueToTree(cfg), inputs);
      ModelCost cost = cost(r.model(), train);
      r.model().save(outDir, r.history(), manifest, cost, force);
      deleteTree(outDir.resolve(CHECKPOINT));
      LoadedModel saved = LoadedModel.of(cfg, r.model().preprocessing(), r.model().block(), r.model().manager(),
          r.history(), manifest);
      saved.setCost(cost);
      return new TrainingResult(saved, r.history());
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /** Events of the batched latency measurement. */
  static final int LATENCY_BATCH = 1024;

  /**
   * The model's cost with its CPU latency measured on the first events of the training source (one, and a
   * batch of up to {@value #LATENCY_BATCH}); a few tenths of a second per model.
   */
  static ModelCost cost(LoadedModel model, EventSource train) {
    ModelCost.Latency latency = null;
    if (train.size() > 0) {
      latency = LatencyProbe.measure(model, train.read(0, 1), train.read(0, (int) Math.min(LATENCY_BATCH, train.size())));
    }
    return ModelCost.of(model.block(), latency);
  }

  /**
   * {@code nphunt train}: files in (any layout {@link EventFiles} knows, detected from the datasets; a
   * model refuses another schema than its own with one line naming both), model folder out.
   */
  public static TrainingResult trainFiles(TrainingConfig config, Path trainFile, Path valFile, Path outDir, boolean force,
      Path resumeDir, Integer epochs, List<TrainingListener> listeners) {
    return trainFiles(config, trainFile, valFile, outDir, force, resumeDir, epochs, listeners, note -> { });
  }

  /**
   * As {@link #trainFiles(TrainingConfig, Path, Path, Path, boolean, Path, Integer, List)}, handing the readers'
   * notes on the training and validation files (what they converted on reading: phi stored in [0, 2 pi) wrapped,
   * absolute dijet constituent coordinates made relative, ...) to {@code notes} once the training is saved.
   */
  public static TrainingResult trainFiles(TrainingConfig config, Path trainFile, Path valFile, Path outDir, boolean force,
      Path resumeDir, Integer epochs, List<TrainingListener> listeners, java.util.function.Consumer<String> notes) {
    List<Path> inputs = new ArrayList<>(List.of(trainFile));
    if (valFile != null) {
      inputs.add(valFile);
    }
    try (EventSource train = EventFiles.open(trainFile);
        EventSource val = valFile == null ? null : EventFiles.open(valFile)) {
      TrainingResult r = resumeDir != null ? resume(resumeDir, train, val, epochs, inputs, listeners)
          : train(config, train, val, outDir, force, inputs, listeners);
      train.notes().forEach(notes);
      if (val != null) {
        val.notes().forEach(notes);
      }
      return r;
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new NphuntException("cannot remove " + dir + ": " + e.getMessage(), e);
    }
  }
}
