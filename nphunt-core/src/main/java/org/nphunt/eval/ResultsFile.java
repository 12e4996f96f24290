package org.nphunt.eval;

import java.nio.file.Path;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;

/**
 * The content of {@code results.json}: the evaluation results with the manifest of the run that made
 * them.
 *
 * @param manifest provenance (command, seed, input hashes, version, git revision)
 * @param results the measured numbers
 */
public record ResultsFile(Manifest manifest, EvaluationResults results) {
  public static final String NAME = "results.json";

  /** Reads and validates a results.json (one-line NphuntException on bad content). */
  public static ResultsFile read(Path file) {
    return Json.read(file, ResultsFile.class);
  }
}
