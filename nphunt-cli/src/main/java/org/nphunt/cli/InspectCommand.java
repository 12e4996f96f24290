package org.nphunt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nphunt.NphuntException;
import org.nphunt.hdf5.EventFileSummary;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.hdf5.FileSummary;
import org.nphunt.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nphunt inspect FILE...}: what an event file holds, for every format nphunt reads ({@link
 * EventFiles}): ADC2021 files by object type ({@link FileSummary}), the LHC Olympics, top-tagging and
 * dijet layouts by tensor and feature ({@link EventFileSummary}).
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Summarise event files of every format nphunt reads: ADC2021 (/Particles), LHC Olympics (pandas",
      "/df/block0_values), top tagging (pandas /table/table) and dijet (/jetConstituentsList): format,",
      "events, layout (dtype, chunks, filters), label counts, particles per event, per-feature ranges,",
      "means and quantiles (ADC2021: per object type, with multiplicities), attributes.",
      "Every file is read once in blocks and validated. A bad file is reported and the others are",
      "still inspected; the exit code is then 1."
    })
public final class InspectCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "HDF5 event files of any supported format.")
  List<Path> files;

  @Option(names = "--json", description = "Print a JSON array with one summary per file instead of text (a bad file's"
      + " entry is {\"file\": FILE, \"error\": MESSAGE}).")
  boolean json;

  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Object> summaries = new ArrayList<>();
    int failed = 0;
    for (Path f : files) {
      try {
        String text;
        if (EventFiles.detect(f) == EventFiles.Format.ADC2021) {
          FileSummary s = FileSummary.of(f);
          summaries.add(s);
          text = s.toText();
        } else {
          EventFileSummary s = EventFileSummary.of(f);
          summaries.add(s);
          text = s.toText();
        }
        if (!json) {
          out.print(text);
          out.flush();
        }
      } catch (NphuntException e) {
        failed++;
        // the JSON array keeps one entry per file given, in order: a bad file's is its error
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("file", f.toString());
        bad.put("error", e.getMessage());
        summaries.add(bad);
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
