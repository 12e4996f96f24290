package org.nphunt.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nphunt.NphuntException;
import org.nphunt.deploy.ModelCost;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.Architectures;
import java.util.List;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.training.history.TrainingHistory;
import org.nphunt.training.TrainingConfig;

/**
 * The JSON header of a model folder ({@code model.json}); the weights sit beside it in a DJL
 * parameter file. Never Java serialization.
 *
 * <p>Versions: 1 (nphunt 0.1: an untagged ADC2021 standardizer, no weights hash) is read and upgraded
 * on load ({@link #upgradeVersion1}); 2 adds the type-tagged preprocessing, the input schema, the score
 * names and the SHA-256 of the weights file, checked on load so that a model.json never runs with
 * another model's weights; 3 adds the optional {@code pValueReference} and the model's cost per event
 * ({@link ModelCost}: parameters, multiply-accumulates, weight memory of the deployed network at W bits,
 * measured CPU latency); versions 1 and 2 load without them. A newer version is refused with a one-line
 * message.
 *
 * @param formatVersion 1..{@link #FORMAT_VERSION}
 * @param training architecture, hyper-parameters and training options (tagged by architecture name)
 * @param preprocessing the preprocessing fitted on the training sample (tagged by type)
 * @param history per-epoch losses, best epoch and stop reason
 * @param manifest provenance: seed, input SHA-256, versions, git revision, time
 * @param weights file name of the weights, relative to the folder
 * @param weightsSha256 SHA-256 of the weights file (null in version 1)
 * @param inputSchema the event schema the model reads
 * @param scores the score names it writes, in order
 * @param pValueReference the SM validation distribution of the total loss that gives the p-value score
 *     ({@link ScoreReference}); null when the model has none (non-variational models, older files)
 * @param cost the cost per event, or null (versions 1 and 2, or not computed)
 */
public record ModelFile(
    int formatVersion,
    TrainingConfig training,
    Preprocessing preprocessing,
    TrainingHistory history,
    Manifest manifest,
    String weights,
    String weightsSha256,
    String inputSchema,
    List<String> scores,
    ScoreReference pValueReference,
    ModelCost cost) {
  public static final int FORMAT_VERSION = 3;
  public static final String FILE_NAME = "model.json";
  public static final String WEIGHTS_NAME = "weights.params";

  public ModelFile {
    if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "formatVersion must be in 1.." + FORMAT_VERSION + " (this nphunt), found " + formatVersion);
    }
    if (inputSchema == null) {
      inputSchema = org.nphunt.data.Adc2021Schema.NAME;
    }
    scores = scores == null ? null : List.copyOf(scores);
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

  /**
   * Rewrites a version-1 model or checkpoint JSON object in place into the current form: its
   * preprocessing, an untagged ADC2021 standardizer, gets its type tag. Other versions are untouched.
   */
  public static void upgradeVersion1(com.fasterxml.jackson.databind.node.ObjectNode node) {
    if (node.path("formatVersion").asInt() == 1 && node.get("preprocessing") instanceof
        com.fasterxml.jackson.databind.node.ObjectNode pre && !pre.has("type")) {
      com.fasterxml.jackson.databind.node.ObjectNode tagged = node.objectNode();
      tagged.put("type", org.nphunt.preprocess.Standardizer.TYPE);
      tagged.setAll(pre);
      node.set("preprocessing", tagged);
    }
  }

  public static ModelFile fromJson(String json, String source) {
    try {
      var mapper = Architectures.mapper();
      var tree = mapper.readTree(json);
      if (!(tree instanceof com.fasterxml.jackson.databind.node.ObjectNode node)) {
        throw new NphuntException(source + ": invalid model file: not a JSON object");
      }
      int version = node.path("formatVersion").asInt(-1);
      if (version > FORMAT_VERSION) {
        throw new NphuntException(source + ": model format version " + version + " was written by a newer nphunt;"
            + " this one reads versions 1.." + FORMAT_VERSION + " (upgrade nphunt)");
      }
      if (version < 1) {
        throw new NphuntException(source + ": invalid model file: formatVersion missing or not a positive integer");
      }
      upgradeVersion1(node);
      return mapper.treeToValue(node, ModelFile.class);
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
