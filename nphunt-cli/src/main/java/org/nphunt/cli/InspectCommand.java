package org.nphunt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nphunt.NphuntException;
import org.nphunt.hdf5.FileSummary;
import org.nphunt.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nphunt inspect FILE...}: what an ADC2021 event file holds ({@link FileSummary}). */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Summarise ADC2021 event files: events, dtype, layout (chunks, filters), objects per class,",
      "multiplicities, per-feature ranges and quantiles per object type, attributes.",
      "Every file is read once in blocks and validated. A bad file is reported and the others are",
      "still inspected; the exit code is then 1."
    })
public final class InspectCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "HDF5 event files (Particles (N,19,4)).")
  List<Path> files;

  @Option(names = "--json", description = "Print a JSON array with one summary per file instead of text.")
  boolean json;

  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<FileSummary> summaries = new ArrayList<>();
    int failed = 0;
    for (Path f : files) {
      try {
        FileSummary s = FileSummary.of(f);
        summaries.add(s);
        if (!json) {
          out.print(s.toText());
          out.flush();
        }
      } catch (NphuntException e) {
        failed++;
        err.println("nphunt: error: " + e.getMessage());
        if (main != null && main.debug) {
          e.printStackTrace(err);
        }
        err.flush();
      }
    }
    if (json) {
      out.println(Json.write(summaries));
      out.flush();
    }
    return failed == 0 ? 0 : Main.EXIT_ERROR;
  }
}
