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
      "Generate events with nphunt's built-in generators. Trigger events (docs/generator.md) in the ADC2021"
          + " layout plus ProcessId: sm (W, QCD, Z, ttbar mixed as in the dataset), Ato4l, LQ, h0tautau,"
          + " hplustaunu (t h- and h+ h-; hplus_tH, hplus_pair alone), W, QCD, Z, ttbar. Jet events"
          + " (docs/jet-generator.md) as particle lists in the LHC Olympics layout"
          + " (--out) and/or clustered into the dijet layout (--dijet-out): qcd-dijet, wprime-xy, graviton-ww-MASS[-broad],"
          + " top, qcd-top, dark-shower, lhco-rnd. Or a JSON process/cocktail spec of either generator. The same"
          + " seed gives the same file for any --threads."
    })
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--process", required = true, paramLabel = "NAME|SPEC.json",
      description = "A trigger process (sm, Ato4l, LQ, h0tautau, hplustaunu, W, QCD, Z, ttbar, hplus_tH, hplus_pair), a jet process"
          + " (qcd-dijet, wprime-xy, graviton-ww-2500, top, dark-shower, lhco-rnd, ...) or a .json spec.")
  String process;

  @Option(names = "--dijet-out", paramLabel = "DIJETS.h5",
      description = "Jet processes: also (or, without --out, only) write the events clustered into the dijet layout.")
  Path dijetOut;

  @Option(names = "--events", required = true, paramLabel = "N", description = "Number of triggered events.")
  long events;

  @Option(names = "--seed", defaultValue = "1", description = "The seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "FILE.h5",
      description = "Output HDF5 file (trigger events: ADC2021 layout; jet events: LHC Olympics particle layout).")
  Path out;

  @Option(names = "--threads", description = "Worker threads (default: all cores); does not change the output.")
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
    org.nphunt.physics.jets.JetCocktailSpec jets = jetProcess(process);
    if (jets != null) {
      return generateJets(jets, nThreads, stdout);
    }
    if (!process.toLowerCase(Locale.ROOT).endsWith(".json") && Processes.names().stream().noneMatch(n -> n.equalsIgnoreCase(process))) {
      // neither catalogue knows it: name both (a mistyped jet process used to be told the trigger list only)
      throw new IllegalArgumentException("process must be one of the trigger processes " + Processes.names()
          + ", the jet processes " + org.nphunt.physics.jets.JetProcesses.names() + " or a .json spec, found " + process);
    }
    if (dijetOut != null) {
      throw new IllegalArgumentException("--dijet-out applies to jet processes, not to " + process);
    }
    if (out == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--out=FILE.h5'");
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

  /** The jet cocktail a --process names (a jet built-in, or a .json spec of the jet generator), else null. */
  static org.nphunt.physics.jets.JetCocktailSpec jetProcess(String process) {
    if (process.toLowerCase(Locale.ROOT).endsWith(".json")) {
      try {
        String json = java.nio.file.Files.readString(Path.of(process));
        if (json.contains("\"components\"") && !json.contains("\"shower\"") && !json.contains("\"type\"")) {
          return null; // a trigger cocktail
        }
        return isJetJson(json) ? org.nphunt.physics.jets.JetProcesses.parse(json, process) : null;
      } catch (java.io.IOException e) {
        return null; // the trigger path reports the unreadable file
      }
    }
    return org.nphunt.physics.jets.JetProcesses.names().contains(process.toLowerCase(Locale.ROOT))
        ? org.nphunt.physics.jets.JetProcesses.builtIn(process) : null;
  }

  private static boolean isJetJson(String json) {
    for (String type : List.of("qcd-dijet", "wprime-xy", "graviton-ww", "top-pair", "dark-shower")) {
      if (json.contains("\"" + type + "\"")) {
        return true;
      }
    }
    return false;
  }

  /** Jet events: particle lists (--out) and/or dijet events (--dijet-out), each written atomically. */
  private int generateJets(org.nphunt.physics.jets.JetCocktailSpec jets, int nThreads, PrintWriter stdout) {
    if (out == null && dijetOut == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "a jet process needs --out (particle lists) and/or --dijet-out (dijet events)");
    }
    if (float64 || noGzip) {
      // the jet layouts have fixed storage (LHC Olympics float64, dijet float32, both gzip): the options did nothing
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), (float64 ? "--float64" : "--no-gzip")
          + " sets the storage of trigger events (ADC2021 layout), not of jet processes: drop it");
    }
    if (out != null && dijetOut != null && out.toAbsolutePath().normalize().equals(dijetOut.toAbsolutePath().normalize())) {
      // the second commit would fail on the first file, after the whole generation, leaving one of the two
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--out and --dijet-out name the same file " + out + ": give two file names");
    }
    OutputRules rules = new OutputRules("an event file written by nphunt generate", OutputChecks::isGeneratedEventFile,
        List.of());
    for (Path p : new Path[] {out, dijetOut}) {
      if (p != null) {
        rules.check(p, force, false);
        DiskSpace.require(p.toAbsolutePath().getParent(), events * 2500L, String.format(Locale.ROOT, "%,d jet events", events));
      }
    }
    org.nphunt.physics.jets.JetGenerator gen = new org.nphunt.physics.jets.JetGenerator(jets);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("process", jets);
    config.put("events", events);
    config.put("threads", nThreads);
    String command = "nphunt " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    String manifest = Json.write(Manifest.create(command, seed, config, List.of()));
    org.nphunt.physics.jets.JetGenerationSummary summary;
    try (org.nphunt.data.EventSink particles = out == null ? null
            : org.nphunt.hdf5.EventFiles.create(out, gen.particleSchema(), force);
        org.nphunt.data.EventSink dijets = dijetOut == null ? null
            : org.nphunt.hdf5.EventFiles.create(dijetOut, gen.dijetSchema(), force);
        Progress progress = Progress.start("generate " + jets.name(), events, "ev")) {
      summary = org.nphunt.physics.jets.JetGenerator.generate(jets, events, seed, nThreads, particles, dijets, progress);
      for (org.nphunt.data.EventSink sink : new org.nphunt.data.EventSink[] {particles, dijets}) {
        if (sink != null) {
          sink.attribute("manifest", manifest);
          sink.commit();
        }
      }
    }
    stdout.printf(Locale.ROOT, "wrote %d %s events to %s (seed %d)%n", events, jets.name(),
        out != null && dijetOut != null ? out + " and " + dijetOut : out != null ? out : dijetOut, seed);
    stdout.println(Json.write(summary));
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
