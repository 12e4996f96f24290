package org.nphunt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.hdf5.HlfReader;
import org.nphunt.hdf5.HlfWriter;
import org.nphunt.io.OutputRules;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.score.HlfSampler;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nphunt sample}: the HLF VAE as an event generator (arXiv:1811.10276; {@link HlfSampler}): draws
 * latent points from the prior, decodes them and writes the drawn features as an HLF table. Thin:
 * parses options and calls the library.
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Use a trained hlf-vae as a generator: draw z ~ N(0, I) from the latent prior, decode each feature's"
          + " distribution, draw the features from it (clamped to their valid ranges) and write an HLF table"
          + " (/HLF, /HLF_Names) that nphunt train/score read. The same seed gives the same table."
    })
public final class SampleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Folder of a trained hlf-vae.")
  Path model;

  @Option(names = "--events", required = true, paramLabel = "N", description = "Number of events to draw.")
  int events;

  @Option(names = "--out", required = true, paramLabel = "HLF.h5", description = "Output table.")
  Path out;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--force", description = "Replace an earlier table written by nphunt sample or features.")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (events < 1) {
      throw new IllegalArgumentException("--events must be > 0, found " + events);
    }
    new OutputRules("a feature table written by nphunt", SampleCommand::isTable, List.of(model)).check(out, force, false);
    PrintWriter stdout = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    try (LoadedModel m = LoadedModel.load(model)) {
      Events table = HlfSampler.sample(m, events, seed);
      Manifest manifest = Manifest.create("sample", seed, Map.of("events", events, "model", model.toString()),
          List.of(model.resolve(ModelFile.FILE_NAME), model.resolve(ModelFile.WEIGHTS_NAME)));
      try (HlfWriter w = HlfWriter.create(out, (HlfSchema) table.schema(), force)) {
        w.write(table);
        w.attribute("manifest", Json.write(manifest));
        w.attribute("source", "sampled from " + model);
        w.commit();
      }
      stdout.printf(Locale.ROOT, "%,d events sampled from %s in %.1f s -> %s%n", events, model,
          (System.nanoTime() - t0) / 1e9, out);
      stdout.flush();
    }
    return 0;
  }

  static boolean isTable(Path p) {
    try (HlfReader r = HlfReader.open(p)) {
      return r.attributes().containsKey("manifest");
    } catch (RuntimeException e) {
      return false;
    }
  }
}
