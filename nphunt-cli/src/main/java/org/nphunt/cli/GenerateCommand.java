package org.nphunt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.hdf5.Dtype;
import org.nphunt.io.DiskSpace;
import org.nphunt.io.OutputRules;
import org.nphunt.hdf5.Hdf5EventWriter;
import org.nphunt.hdf5.WriteOptions;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.physics.CocktailSpec;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.GenerationSummary;
import org.nphunt.physics.ProcessStats;
import org.nphunt.physics.Processes;
import org.nphunt.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nphunt generate}: events of the built-in generator ({@link EventGenerator}) in the ADC2021
 * layout plus {@code ProcessId}, with the per-process trigger efficiencies, the seed and a manifest
 * as file attributes. Thin: parses options and calls the library.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate triggered events with nphunt's built-in parametric event generator, in the ADC2021 "
          + "layout (Particles, Particles_Names, Particles_Classes) plus ProcessId. The same seed gives the "
          + "same file for any --threads. Processes: sm (W, QCD, Z, ttbar mixed as in the dataset), Ato4l, "
          + "LQ, h0tautau, hplustaunu, W, QCD, Z, ttbar, or a JSON process/cocktail spec (docs/generator.md)."
    })
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--process", required = true, paramLabel = "NAME|SPEC.json",
      description = "sm, Ato4l, LQ, h0tautau, hplustaunu, W, QCD, Z, ttbar, or a .json spec.")
  String process;

  @Option(names = "--events", required = true, paramLabel = "N", description = "Number of triggered events.")
  long events;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE.h5", description = "Output HDF5 file.")
  Path out;

  @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores); does not change the output.")
  Integer threads;

  @Option(names = "--force", description = "Replace an existing output file.")
  boolean force;

  @Option(names = "--float64", description = "Store Particles as float64 (default float32).")
  boolean float64;

  @Option(names = "--no-gzip", description = "Store uncompressed (default gzip level 4, as the real files).")
  boolean noGzip;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    if (events <= 0) {
      throw new IllegalArgumentException("--events must be > 0, found " + events);
    }
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (nThreads <= 0) {
      throw new IllegalArgumentException("--threads must be > 0, found " + nThreads);
    }
    CocktailSpec cocktail = Processes.resolve(process);
    // fail before generating, not at commit; --force replaces only an earlier generated file
    new OutputRules("an event file written by nphunt generate", OutputChecks::isGeneratedEventFile, List.of())
        .check(out, force, false);
    DiskSpace.require(out.toAbsolutePath().getParent(), estimatedBytes(events, float64, noGzip),
        String.format(Locale.ROOT, "%,d events", events));
    WriteOptions options = WriteOptions.defaults()
        .withDtype(float64 ? Dtype.FLOAT64 : Dtype.FLOAT32)
        .withGzipLevel(noGzip ? 0 : 4)
        .withForce(force)
        .withThreads(nThreads);
    List<Path> inputs = new ArrayList<>();
    if (process.toLowerCase(Locale.ROOT).endsWith(".json")) {
      inputs.add(Path.of(process));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("process", cocktail);
    config.put("events", events);
    config.put("threads", nThreads);
    config.put("dtype", options.dtype());
    config.put("gzipLevel", options.gzipLevel());
    String command = "nphunt " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    GenerationSummary summary;
    try (Hdf5EventWriter writer = Hdf5EventWriter.create(out, options);
        Progress progress = Progress.start("generate " + cocktail.name(), events, "ev")) {
      summary = EventGenerator.generate(cocktail, events, seed, nThreads, writer, progress);
      writer.attribute("manifest", Json.write(Manifest.create(command, seed, config, inputs)));
      writer.commit();
    }
    stdout.printf(Locale.ROOT, "wrote %d %s events to %s (seed %d)%n", summary.events(), summary.process(), out, seed);
    for (ProcessStats p : summary.processes()) {
      stdout.printf(Locale.ROOT, "  %-11s id %2d  accepted %9d  generated %.4g  efficiency %.4f%%%n",
          p.name(), p.processId(), p.accepted(), p.generated(), 100 * p.efficiency());
    }
    stdout.flush();
    return 0;
  }

  /**
   * Bytes a file of {@code events} generated events takes: 76 values of 4 (8) bytes, and with gzip about
   * 15% of that (measured: 8.8 MB for 200k SM events, 44 bytes per event; signals are larger, so 15%).
   */
  static long estimatedBytes(long events, boolean float64, boolean noGzip) {
    double perEvent = 76.0 * (float64 ? 8 : 4) * (noGzip ? 1.0 : 0.15);
    return (long) (events * perEvent);
  }
}
