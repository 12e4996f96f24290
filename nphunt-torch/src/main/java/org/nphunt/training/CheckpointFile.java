package org.nphunt.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nphunt.NphuntException;
import org.nphunt.model.Architectures;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.score.ModelFile;

/**
 * {@code checkpoint/state.json}: everything needed to continue a run after a crash. The binary files
 * it names are written first; this file is replaced atomically last, so it always names complete
 * files.
 *
 * @param formatVersion 2 (version 1 checkpoints, with an untagged ADC2021 standardizer, still resume)
 * @param training the run's configuration
 * @param preprocessing the fitted preprocessing
 * @param trainSource name of the training source (for messages)
 * @param trainSize its number of events (checked on resume)
 * @param state counters, learning rate and history after the last completed epoch
 * @param adamSteps optimizer step count
 * @param weights current weights file (DJL NDList encoding)
 * @param best best weights file
 * @param adam optimizer moments file
 * @param trainSha256 SHA-256 of the training file when training read one (checked on resume), else null
 */
public record CheckpointFile(
    int formatVersion,
    TrainingConfig training,
    Preprocessing preprocessing,
    String trainSource,
    long trainSize,
    TrainingState.Snapshot state,
    long adamSteps,
    String weights,
    String best,
    String adam,
    String trainSha256) {
  public static final String STATE = "state.json";
  public static final int FORMAT_VERSION = 2;

  public static CheckpointFile read(Path dir) {
    Path f = dir.resolve(STATE);
    try {
      var mapper = Architectures.mapper();
      var tree = mapper.readTree(Files.readString(f));
      if (!(tree instanceof com.fasterxml.jackson.databind.node.ObjectNode node)) {
        throw new NphuntException(f + ": invalid checkpoint: not a JSON object");
      }
      int version = node.path("formatVersion").asInt(-1);
      if (version < 1 || version > FORMAT_VERSION) {
        throw new NphuntException(f + ": checkpoint format version " + version + "; this nphunt resumes versions 1.."
            + FORMAT_VERSION);
      }
      ModelFile.upgradeVersion1(node);
      return mapper.treeToValue(node, CheckpointFile.class);
    } catch (NoSuchFileException e) {
      throw new NphuntException(f + ": no checkpoint to resume from (no completed epoch yet?)", e);
    } catch (JsonProcessingException e) {
      throw new NphuntException(f + ": invalid checkpoint: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new NphuntException(f + ": cannot read: " + e.getMessage(), e);
    }
  }

  String toJson() {
    try {
      return Architectures.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
