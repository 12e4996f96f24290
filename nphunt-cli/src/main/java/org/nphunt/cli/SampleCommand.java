package org.nphunt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.hdf5.Hdf5EventWriter;
import org.nphunt.hdf5.HlfWriter;
import org.nphunt.hdf5.WriteOptions;
import org.nphunt.io.OutputRules;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.HlfVaeConfig;
import org.nphunt.model.VaeConfig;
import org.nphunt.report.GeneratorQuality;
import org.nphunt.run.GeneratorCheck;
import org.nphunt.score.EventSampler;
import org.nphunt.score.HlfSampler;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nphunt sample}: a trained VAE as an event generator (arXiv:1811.10276; {@link HlfSampler} for
 * the HLF VAE, {@link EventSampler} for the object-level VAE) and, with {@code --report}, the
 * generator-quality page against real SM events ({@link GeneratorCheck}). Thin: parses options and
 * calls the library.
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Use a trained VAE as a generator: draw z ~ N(0, I) from the latent prior and decode. An hlf-vae gives"
          + " each feature's distribution, the features are drawn from it (clamped to their valid ranges) and"
          + " written as an HLF table (/HLF, /HLF_Names); a vae (ADC2021 objects) gives (pT, eta, phi) per slot,"
          + " written as ADC2021 events clamped to valid values (slots filled as often as in training). The"
          + " same seed gives the same output.",
      "With --report DIR, also writes a report with the generator-quality page: per feature, generated vs"
          + " real SM histograms with ratio panels and the Wasserstein-1 and Kolmogorov-Smirnov distances,"
          + " worst first (for a vae: on the 14 HLF features its events determine). The real events come"
          + " from --compare FILE (an HLF table or ADC2021 events) or, without it, from nphunt's built-in"
          + " SM generator."
    })
public final class SampleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Folder of a trained hlf-vae or vae.")
  Path model;

  @Option(names = "--events", required = true, paramLabel = "N", description = "Number of events to draw.")
  int events;

  @Option(names = "--out", required = true, paramLabel = "FILE.h5", description = "Output: HLF table (hlf-vae) or ADC2021 events (vae).")
  Path out;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--report", paramLabel = "DIR", description = "Also write the generator-quality report (report.html, plots/) into DIR.")
  Path report;

  @Option(names = "--compare", paramLabel = "FILE.h5",
      description = "Real SM events for the report: an HLF table (nphunt features) or ADC2021 events (default: the built-in SM generator).")
  Path compare;

  @Option(names = "--compare-events", defaultValue = "50000", paramLabel = "N",
      description = "Real events in the comparison: the first N of --compare, or N generated (default: ${DEFAULT-VALUE}).")
  int compareEvents;

  @Option(names = "--force", description = "Replace an earlier output of nphunt sample or features (and an earlier report).")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (events < 1) {
      throw new IllegalArgumentException("--events must be > 0, found " + events);
    }
    if (compareEvents < 1) {
      throw new IllegalArgumentException("--compare-events must be > 0, found " + compareEvents);
    }
    if (compare != null && report == null) {
      throw new IllegalArgumentException("--compare needs --report DIR (the comparison is a report page)");
    }
    if (report == null && spec.commandLine().getParseResult().hasMatchedOption("--compare-events")) {
      throw new IllegalArgumentException("--compare-events needs --report DIR (it sizes the report's comparison sample)");
    }
    List<Path> inputs = new ArrayList<>(List.of(model));
    if (compare != null) {
      inputs.add(compare);
    }
    new OutputRules("a file written by nphunt sample or features", SampleCommand::isSampled, inputs).check(out, force, false);
    OutputRules reportRules = new OutputRules("a report written by nphunt sample", GeneratorCheck::isReportFolder,
        inputs);
    if (report != null) {
      reportRules.check(report.toAbsolutePath().normalize(), force, true);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    try (LoadedModel m = LoadedModel.load(model)) {
      String arch = m.architecture().architecture();
      if (!arch.equals(VaeConfig.NAME) && !arch.equals(HlfVaeConfig.NAME)) {
        throw new org.nphunt.NphuntException("sampling needs an hlf-vae or vae model, found " + arch);
      }
      // the reference first: a bad --compare fails before anything is sampled or written
      Events real = report == null ? null : compare != null ? GeneratorCheck.reference(compare, compareEvents)
          : GeneratorCheck.builtinSm(compareEvents, seed);
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("events", events);
      config.put("model", model.toString());
      List<Path> manifestInputs = new ArrayList<>(List.of(model.resolve(ModelFile.FILE_NAME), model.resolve(ModelFile.WEIGHTS_NAME)));
      String command = "nphunt " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
      Manifest manifest = Manifest.create(command, seed, config, manifestInputs);
      Events generated;
      if (arch.equals(VaeConfig.NAME)) {
        generated = EventSampler.sample(m, events, seed);
        try (Hdf5EventWriter w = Hdf5EventWriter.create(out, WriteOptions.defaults().withForce(force))) {
          w.write(generated);
          w.attribute("manifest", Json.write(manifest));
          w.attribute("source", "sampled from " + model);
          w.commit();
        }
      } else {
        if (!arch.equals(HlfVaeConfig.NAME)) {
          throw new org.nphunt.NphuntException("sampling needs an hlf-vae or vae model, found " + arch);
        }
        generated = HlfSampler.sample(m, events, seed);
        try (HlfWriter w = HlfWriter.create(out, (HlfSchema) generated.schema(), force)) {
          w.write(generated);
          w.attribute("manifest", Json.write(manifest));
          w.attribute("source", "sampled from " + model);
          w.commit();
        }
      }
      stdout.printf(Locale.ROOT, "%,d events sampled from %s in %.1f s -> %s%n", events, model,
          (System.nanoTime() - t0) / 1e9, out);
      if (report != null) {
        String reference = compare != null ? "SM (" + compare.getFileName() + ")" : "SM (built-in generator)";
        GeneratorQuality q = GeneratorQuality.of(arch + " (" + model.getFileName() + ")", reference, real,
            GeneratorCheck.features(generated));
        if (compare != null) {
          manifestInputs.add(compare);
        }
        Path html = GeneratorCheck.writeReport(report, force, reportRules, "nphunt sample: generated vs real",
            Manifest.create(command, seed, config, manifestInputs), q);
        stdout.print(q.table().markdown());
        stdout.printf(Locale.ROOT, "report: %s%n", html);
      }
      stdout.flush();
    }
    return 0;
  }

  /** An HLF table or an event file that nphunt wrote (with a manifest). */
  static boolean isSampled(Path p) {
    try (var r = EventFiles.open(p)) {
      if (r instanceof org.nphunt.hdf5.HlfReader h) {
        return h.attributes().containsKey("manifest");
      }
      return r instanceof org.nphunt.hdf5.Hdf5EventReader h && h.attributes().containsKey("manifest")
          && h.attributes().getOrDefault("source", "").startsWith("sampled from");
    } catch (RuntimeException e) {
      return false;
    }
  }
}
