package org.nphunt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.NphuntException;
import org.nphunt.data.HlfSchema;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.hdf5.HlfReader;
import org.nphunt.hdf5.HlfWriter;
import org.nphunt.hlt.HighLevelFeatures;
import org.nphunt.io.OutputRules;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nphunt features}: the high-level features of the HLT study (arXiv:1811.10276) of an ADC2021
 * file, written as an HLF table ({@link HighLevelFeatures}, {@link HlfWriter}). Thin: parses options and
 * calls the library.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Compute the 21 high-level features of the HLT study (arXiv:1811.10276) of ADC2021 events and write them"
          + " as a table: /HLF (N, F) float32, /HLF_Names, /EvtId and /ProcessId when the events have them."
          + " The isolation sums, lepton charge, b tags and hadron multiplicities come from the truth columns"
          + " nphunt generate writes; a file without them (the published ADC2021 files) gives the 14 features"
          + " its objects determine, and the missing ones are named. Models with input schema 'hlf' read the table."
    })
public final class FeaturesCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, paramLabel = "FILE", description = "ADC2021 event file.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "HLF.h5", description = "Output table.")
  Path out;

  @Option(names = "--block", defaultValue = "65536", paramLabel = "N", description = "Events per block (default: ${DEFAULT-VALUE}).")
  int block;

  @Option(names = "--force", description = "Replace an earlier table written by nphunt features.")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    if (block < 1) {
      throw new IllegalArgumentException("--block must be > 0, found " + block);
    }
    new OutputRules("a feature table written by nphunt features", FeaturesCommand::isFeatureTable, List.of(in))
        .check(out, force, false);
    long t0 = System.nanoTime();
    try (Hdf5EventReader source = Hdf5EventReader.open(in)) {
      if (source.size() == 0) {
        throw new NphuntException(in + ": no events");
      }
      HlfSchema schema = HighLevelFeatures.schemaFor(source);
      String note = HighLevelFeatures.missingNote(in.toString(), schema);
      if (note != null) {
        spec.commandLine().getErr().println("nphunt: note: " + note);
        spec.commandLine().getErr().flush();
      }
      Manifest manifest = Manifest.create("features", null, Map.of("block", block, "features", schema.features()), List.of(in));
      long n;
      try (HlfWriter w = HlfWriter.create(out, schema, force);
          Progress bar = Progress.start("features " + in.getFileName(), source.size(), "ev")) {
        n = HighLevelFeatures.convert(source, schema, w, block, bar);
        w.attribute("manifest", Json.write(manifest));
        w.attribute("source", in.toString());
        if (note != null) {
          w.attribute("missing_features", note);
        }
        w.commit();
      }
      stdout.printf(Locale.ROOT, "%d features of %,d events in %.1f s -> %s%n", schema.width(), n,
          (System.nanoTime() - t0) / 1e9, out);
      stdout.flush();
    }
    return 0;
  }

  /** A table written by nphunt features (an HLF file with a manifest). */
  static boolean isFeatureTable(Path p) {
    try (HlfReader r = HlfReader.open(p)) {
      return r.attributes().containsKey("manifest");
    } catch (RuntimeException e) {
      return false;
    }
  }
}
