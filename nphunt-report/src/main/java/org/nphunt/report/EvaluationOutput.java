package org.nphunt.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.nphunt.io.AtomicDirectory;
import org.nphunt.eval.ResultsFile;
import org.nphunt.eval.ResultsTables;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;

/**
 * Writes the outputs of an evaluation: {@code results.json} ({@link ResultsFile}), {@code results.md}
 * (the tables), {@code report.html} and {@code plots/*.png}.
 */
public final class EvaluationOutput {
  public static final String RESULTS_MD = "results.md";

  private EvaluationOutput() {}

  /**
   * Writes everything into {@code dir}, which should be fresh (e.g. the temporary directory of an
   * {@link AtomicDirectory} the caller commits later, as {@code nphunt run} does for its run folder).
   *
   * @param input must carry results and a manifest
   * @return the path of report.html
   */
  public static Path writeInto(Path dir, ReportInput input) {
    Objects.requireNonNull(input.results(), "input.results");
    Manifest m = Objects.requireNonNull(input.manifest(), "input.manifest");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(ResultsFile.NAME), Json.write(new ResultsFile(m, input.results())));
      String header = input.title() + "\n\n" + "_" + m.command() + ", " + m.created() + ", nphunt " + m.version()
          + ", git " + m.gitRevision() + "_";
      Files.writeString(dir.resolve(RESULTS_MD), ResultsTables.markdown(input.results(), header));
    } catch (IOException e) {
      throw org.nphunt.io.AtomicOutput.cannotWriteIn(dir, e);
    }
    return Report.write(dir, input);
  }

  /**
   * Writes everything into {@code target} atomically: into a temporary sibling directory renamed at the
   * end. Refuses an existing non-empty {@code target} unless {@code force}.
   *
   * @return the final path of report.html
   */
  public static Path write(Path target, boolean force, ReportInput input) {
    return write(target, force, org.nphunt.io.OutputRules.any(), input);
  }

  /**
   * As {@link #write(Path, boolean, ReportInput)}, with {@code rules} deciding what {@code force} may
   * replace (never a folder holding an input, nor one that is not an earlier evaluation).
   */
  public static Path write(Path target, boolean force, org.nphunt.io.OutputRules rules, ReportInput input) {
    try (AtomicDirectory out = AtomicDirectory.create(target, force, rules)) {
      writeInto(out.temporary(), input);
      out.commit();
      return out.target().resolve(Report.HTML);
    }
  }
}
