package org.nphunt.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nphunt.NphuntException;
import org.nphunt.model.Architectures;
import org.nphunt.preprocess.Standardizer;

/**
 * {@code checkpoint/state.json}: everything needed to continue a run after a crash. The binary files
 * it names are written first; this file is replaced atomically last, so it always names complete
 * files.
 *
 * @param formatVersion 1
 * @param training the run's configuration
 * @param preprocessing the fitted statistics
 * @param trainSource name of the training source (for messages)
 * @param trainSize its number of events (checked on resume)
 * @param state counters, learning rate and history after the last completed epoch
 * @param adamSteps optimizer step count
 * @param weights current weights file (DJL NDList encoding)
 * @param best best weights file
 * @param adam optimizer moments file
 */
public record CheckpointFile(
    int formatVersion,
    TrainingConfig training,
    Standardizer preprocessing,
    String trainSource,
    long trainSize,
    TrainingState.Snapshot state,
    long adamSteps,
    String weights,
    String best,
    String adam) {
  public static final String STATE = "state.json";

  public static CheckpointFile read(Path dir) {
    Path f = dir.resolve(STATE);
    try {
      return Architectures.mapper().readValue(Files.readString(f), CheckpointFile.class);
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
