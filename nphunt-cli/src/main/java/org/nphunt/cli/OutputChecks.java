package org.nphunt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.nphunt.hdf5.Hdf5EventReader;

/**
 * Recognisers of nphunt's own outputs, for {@link org.nphunt.io.OutputRules}: {@code --force} replaces
 * an earlier output of the same kind and nothing else.
 */
public final class OutputChecks {
  private OutputChecks() {}

  /** An HDF5 event file with the generator's attributes. */
  public static boolean isGeneratedEventFile(Path p) {
    try (Hdf5EventReader r = Hdf5EventReader.open(p)) {
      return r.attributes().containsKey("generator_version");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A folder holding only what {@code nphunt evaluate} writes, with its results.json. */
  public static boolean isEvaluationFolder(Path dir) {
    Set<String> allowed = Set.of("results.json", "results.md", "report.html", "plots");
    try (var s = Files.list(dir)) {
      return Files.isRegularFile(dir.resolve("results.json"))
          && s.allMatch(p -> allowed.contains(p.getFileName().toString()));
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
