package org.nphunt.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nphunt.NphuntException;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.Architectures;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.training.history.TrainingHistory;
import org.nphunt.training.TrainingConfig;

/**
 * The JSON header of a model folder ({@code model.json}); the weights sit beside it in a DJL
 * parameter file. Never Java serialization.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; newer files are refused with a clear message
 * @param training architecture, hyper-parameters and training options (tagged by architecture name)
 * @param preprocessing the standardisation fitted on the training sample
 * @param history per-epoch losses, best epoch and stop reason
 * @param manifest provenance: seed, input SHA-256, versions, git revision, time
 * @param weights file name of the weights, relative to the folder
 */
public record ModelFile(
    int formatVersion,
    TrainingConfig training,
    Standardizer preprocessing,
    TrainingHistory history,
    Manifest manifest,
    String weights) {
  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "model.json";
  public static final String WEIGHTS_NAME = "weights.params";

  public ModelFile {
    if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "formatVersion must be in 1.." + FORMAT_VERSION + " (this nphunt), found " + formatVersion);
    }
    if (training == null || preprocessing == null) {
      throw new IllegalArgumentException("training and preprocessing must be present, found " + training + ", " + preprocessing);
    }
    if (weights == null || weights.isBlank() || weights.contains("/")) {
      throw new IllegalArgumentException("weights must be a file name in the model folder, found " + weights);
    }
  }

  public String toJson() {
    try {
      return Architectures.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise model.json", e);
    }
  }

  public static ModelFile fromJson(String json, String source) {
    try {
      return Architectures.mapper().readValue(json, ModelFile.class);
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      throw new NphuntException(source + ": " + c.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new NphuntException(source + ": invalid model file: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads {@code DIR/model.json}; a missing folder or file is a one-line NphuntException. */
  public static ModelFile read(Path dir) {
    Path f = dir.resolve(FILE_NAME);
    if (!Files.isDirectory(dir)) {
      throw new NphuntException(dir + ": no such model folder");
    }
    try {
      return fromJson(Files.readString(f), f.toString());
    } catch (NoSuchFileException e) {
      throw new NphuntException(f + ": no such file (not a model folder, or training did not finish)", e);
    } catch (IOException e) {
      throw new NphuntException(f + ": cannot read: " + e.getMessage(), e);
    }
  }
}
