package org.nphunt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nphunt.model.Architectures;
import org.nphunt.run.RunConfig;
import org.nphunt.run.RunPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nphunt run}: the main job on the embedded default (or on real files with --data). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "The main job: generate the default dataset with the built-in generator (Standard-Model training and",
      "test samples and the four ADC2021 signals), train the models on Standard-Model events, score every",
      "sample, evaluate (AUC, TPR at FPR 1e-5..1e-2, trigger operating point) and write the report into",
      "runs/<timestamp>/. With --data DIR the same pipeline runs on the published ADC2021 files."
    })
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--models", split = ",", paramLabel = "NAME[,NAME...]",
      description = "Architectures to train: dense, vae, conv, transformer, or all (default: dense,vae).")
  List<String> models;

  @Option(names = "--events", paramLabel = "N",
      description = "Standard-Model training events (default 300000); the test sample is 2/3 of it and each signal 1/6.")
  Long events;

  @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs per model (default: ${DEFAULT-VALUE}).",
      defaultValue = "30")
  int epochs;

  @Option(names = "--batch", paramLabel = "B", description = "Training batch size (default: ${DEFAULT-VALUE}).",
      defaultValue = "1024")
  int batch;

  @Option(names = "--seed", paramLabel = "S", description = "The seed of every random choice (default: ${DEFAULT-VALUE}).",
      defaultValue = "4")
  long seed;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder of real ADC2021 files (background_for_training.h5 and the signal files by their published names).")
  Path data;

  @Option(names = "--out", paramLabel = "DIR", description = "Parent folder of run folders (default: ${DEFAULT-VALUE}).",
      defaultValue = "runs")
  Path out;

  @Option(names = "--threads", paramLabel = "T", description = "Generator, I/O, training and scoring threads (default: all cores; results do not depend on it).")
  Integer threads;

  @Option(names = "--input-rate", paramLabel = "HZ", defaultValue = "440",
      description = "Rate of events entering the selection, for the operating point (default: ${DEFAULT-VALUE} Hz).")
  double inputRate;

  @Option(names = "--output-per-day", paramLabel = "N", defaultValue = "30",
      description = "Affordable selected events per day (default: ${DEFAULT-VALUE}).")
  double outputPerDay;

  @Option(names = "--lumi", paramLabel = "PB-1", defaultValue = "10000",
      description = "Integrated luminosity per month in pb^-1, for cross-section reach (default: ${DEFAULT-VALUE}).")
  double lumi;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    RunConfig cfg = config();
    PrintWriter out = spec.commandLine().getOut();
    RunPipeline.Result r = new RunPipeline(cfg, line -> {
      out.println(line);
      out.flush();
    }).run();
    out.println();
    out.println(r.aucTable());
    out.printf(Locale.ROOT, "%nreport: %s%nfinished in %.1f s%n", r.report(), r.elapsed().toMillis() / 1000.0);
    out.flush();
    return 0;
  }

  /** The run configuration these options describe. */
  RunConfig config() {
    RunConfig cfg = RunConfig.defaults().withSeed(seed).withEpochs(epochs).withBatchSize(batch).withOutRoot(out)
        .withOperatingPoint(inputRate, outputPerDay, lumi);
    if (models != null) {
      cfg = cfg.withModels(models.size() == 1 && models.get(0).equals("all") ? Architectures.names() : models);
    }
    if (events != null) {
      if (events <= 0) {
        throw new IllegalArgumentException("--events must be > 0, found " + events);
      }
      cfg = cfg.withEvents(events, Math.max(1, events * 2 / 3), Math.max(1, events / 6));
    }
    if (threads != null) {
      cfg = cfg.withThreads(threads);
    }
    if (data != null) {
      cfg = cfg.withDataDir(data);
    }
    return cfg;
  }
}
