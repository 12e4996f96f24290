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
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.io.AtomicOutput;
import org.nphunt.manifest.Manifest;
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
    AtomicOutput.checkTarget(outDir.resolve(ModelFile.FILE_NAME), force);
    Path cp = outDir.resolve(CHECKPOINT);
    if (Files.exists(cp.resolve(CheckpointFile.STATE)) && !force) {
      throw new NphuntException(outDir + " holds the checkpoint of an interrupted run (use --resume " + outDir
          + " to continue it, or --force to start over)");
    }
    deleteTree(cp);
    Trainer trainer = new Trainer(config).checkpointTo(cp);
    listeners.forEach(trainer::addListener);
    return finish(trainer.fit(train, validation), outDir, true, inputFiles);
  }

  /** Continues the run checkpointed in {@code outDir/checkpoint} and saves the model there. */
  public static TrainingResult resume(Path outDir, EventSource train, EventSource validation, Integer epochs,
      List<Path> inputFiles, List<TrainingListener> listeners) {
    Trainer trainer = Trainer.resume(outDir.resolve(CHECKPOINT), epochs);
    listeners.forEach(trainer::addListener);
    return finish(trainer.fit(train, validation), outDir, true, inputFiles);
  }

  private static TrainingResult finish(TrainingResult r, Path outDir, boolean force, List<Path> inputFiles) {
    try {
      TrainingConfig cfg = r.model().config();
      Manifest manifest = Manifest.create("train", cfg.seed(), org.nphunt.model.Architectures.mapper().valueToTree(cfg), inputFiles);
      r.model().save(outDir, r.history(), manifest, force);
      deleteTree(outDir.resolve(CHECKPOINT));
      return new TrainingResult(org.nphunt.score.LoadedModel.of(cfg, r.model().preprocessing(), r.model().block(),
          r.model().manager(), r.history(), manifest), r.history());
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /** {@code nphunt train}: files in, model folder out. */
  public static TrainingResult trainFiles(TrainingConfig config, Path trainFile, Path valFile, Path outDir, boolean force,
      Path resumeDir, Integer epochs, List<TrainingListener> listeners) {
    List<Path> inputs = new ArrayList<>(List.of(trainFile));
    if (valFile != null) {
      inputs.add(valFile);
    }
    try (EventSource train = Hdf5EventReader.open(trainFile);
        EventSource val = valFile == null ? null : Hdf5EventReader.open(valFile)) {
      if (resumeDir != null) {
        return resume(resumeDir, train, val, epochs, inputs, listeners);
      }
      return train(config, train, val, outDir, force, inputs, listeners);
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
