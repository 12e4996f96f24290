package org.nphunt.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.nphunt.io.Hashing;
import org.nphunt.json.Json;

/**
 * Provenance of one output: what made it, from what, with which seed and code.
 *
 * @param tool always "nphunt"
 * @param version nphunt's version
 * @param gitRevision the source revision ("unknown" outside a checkout; "+dirty" when modified)
 * @param command the command or library entry point, e.g. "train"
 * @param seed the user seed every random choice derived from, or null when nothing was random
 * @param config the configuration as JSON
 * @param inputs input files with their SHA-256
 * @param java JVM vendor and version
 * @param os operating system and architecture
 * @param cores available processors
 * @param created UTC time of creation
 * @param runtimeNotes what this process found out about its numerical runtime and worked around
 *     ({@link RuntimeNotes}, e.g. libtorch's oneDNN convolution turned off because it was wrong on this
 *     machine); empty when nothing was (and in manifests written before the field existed)
 */
public record Manifest(
    String tool,
    String version,
    String gitRevision,
    String command,
    Long seed,
    JsonNode config,
    List<InputFile> inputs,
    String java,
    String os,
    int cores,
    String created,
    List<String> runtimeNotes) {

  /** An input file and its content hash. */
  public record InputFile(String path, long bytes, String sha256) {
    public static InputFile of(Path file) {
      return of(file, null);
    }

    /**
     * An input named relative to {@code base} when it lies inside it (e.g. {@code data/sm_train.h5}
     * inside a run folder, which is written under a temporary name and renamed: an absolute path would
     * name a folder that no longer exists), else by its absolute path.
     */
    public static InputFile of(Path file, Path base) {
      try {
        Path abs = file.toAbsolutePath().normalize();
        String name = base != null && abs.startsWith(base.toAbsolutePath().normalize())
            ? base.toAbsolutePath().normalize().relativize(abs).toString() : abs.toString();
        return new InputFile(name, Files.size(file), Hashing.sha256(file));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  public Manifest {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    runtimeNotes = runtimeNotes == null ? List.of() : List.copyOf(runtimeNotes);
  }

  /** A manifest for now, hashing each input file. */
  public static Manifest create(String command, Long seed, Object config, List<Path> inputs) {
    List<InputFile> files = new ArrayList<>();
    for (Path p : inputs) {
      files.add(InputFile.of(p));
    }
    return withHashedInputs(command, seed, config, files);
  }

  /** A manifest for now with inputs hashed earlier (to hash a large input once per command). */
  public static Manifest withHashedInputs(String command, Long seed, Object config, List<InputFile> files) {
    return new Manifest(
        "nphunt",
        nphuntVersion(),
        currentGitRevision(),
        command,
        seed,
        config == null ? null : Json.mapper().valueToTree(config),
        files,
        System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        RuntimeNotes.all());
  }

  private static String cachedVersion;
  private static String cachedRevision;

  /** nphunt's version, from the build. */
  public static synchronized String nphuntVersion() {
    if (cachedVersion == null) {
      Properties p = new Properties();
      try (InputStream in = Manifest.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException ignored) {
        // fall through to "unknown"
      }
      cachedVersion = p.getProperty("version", "unknown");
    }
    return cachedVersion;
  }

  /**
   * The git revision: {@code NPHUNT_GIT_REVISION} when the launcher set it, else {@code git rev-parse}
   * in the working directory, else "unknown".
   */
  public static synchronized String currentGitRevision() {
    if (cachedRevision == null) {
      String env = System.getenv("NPHUNT_GIT_REVISION");
      cachedRevision = env != null && !env.isBlank() ? env.trim() : askGit();
    }
    return cachedRevision;
  }

  private static String askGit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("[0-9a-f]{40}")) {
        return "unknown";
      }
      Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
      String dirty = new String(d.getInputStream().readAllBytes()).trim();
      d.waitFor(5, TimeUnit.SECONDS);
      return dirty.isEmpty() ? out : out + "+dirty";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
