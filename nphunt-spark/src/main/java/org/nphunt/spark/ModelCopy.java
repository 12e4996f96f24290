package org.nphunt.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nphunt.NphuntException;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ModelFile;

/**
 * A model folder in memory ({@code model.json} and its weights, a few kB to a few MB), broadcast from the
 * driver to the executors, where {@link #load} turns it into a {@link LoadedModel} once per executor JVM:
 * the executors need no access to the driver's model folder, and every task of an executor shares one
 * model (the dense and variational models score in pure Java, thread-safe).
 *
 * @param folder the driver's model folder, for messages
 * @param modelJson the bytes of {@code model.json}
 * @param weightsName the weights file name {@code model.json} refers to
 * @param weights the weights' bytes
 * @param key SHA-256 of both, naming the model in the executors' cache
 */
public record ModelCopy(String folder, byte[] modelJson, String weightsName, byte[] weights, String key) implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, LoadedModel> LOADED = new ConcurrentHashMap<>();

  /** Reads a model folder on the driver (a one-line NphuntException when it is not one). */
  public static ModelCopy read(Path dir) {
    ModelFile mf = ModelFile.read(dir);
    try {
      byte[] json = Files.readAllBytes(dir.resolve(ModelFile.FILE_NAME));
      byte[] w = Files.readAllBytes(dir.resolve(mf.weights()));
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(json);
      d.update(w);
      return new ModelCopy(dir.toString(), json, mf.weights(), w, HexFormat.of().formatHex(d.digest()));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new NphuntException(e.getFile() + ": no such file (model folder incomplete)", e);
    } catch (IOException e) {
      throw new NphuntException(dir + ": cannot read the model: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * This JVM's loaded copy of the model (loaded on first use, then shared by every task), scoring with
   * {@code threads} threads per call.
   */
  public LoadedModel load(int threads) {
    LoadedModel m = LOADED.computeIfAbsent(key, k -> materialize());
    m.setScoringThreads(threads);
    return m;
  }

  /** Whether this JVM holds the model already (tests). */
  boolean loadedHere() {
    return LOADED.containsKey(key);
  }

  private LoadedModel materialize() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("nphunt-model-");
      Files.write(dir.resolve(ModelFile.FILE_NAME), modelJson);
      Files.write(dir.resolve(weightsName), weights);
      return LoadedModel.load(dir);
    } catch (IOException e) {
      throw new NphuntException(folder + ": cannot copy the model to the executor's disk: " + e.getMessage(), e);
    } catch (NphuntException e) {
      throw new NphuntException(dir == null ? e.getMessage() : e.getMessage().replace(dir.toString(), folder), e);
    } finally {
      if (dir != null) {
        try {
          Files.deleteIfExists(dir.resolve(ModelFile.FILE_NAME));
          Files.deleteIfExists(dir.resolve(weightsName));
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          dir.toFile().deleteOnExit();
        }
      }
    }
  }
}
