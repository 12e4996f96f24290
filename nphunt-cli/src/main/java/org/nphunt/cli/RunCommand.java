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
  @Option(names = "--models", split = ",", paramLabel = "NAME", splitSynopsisLabel = ",",
      description = "Architectures to train: dense, vae, conv, transformer, rnn-attention, or all (default: dense,vae).")
  List<String> models;

  @Option(names = "--events", paramLabel = "N",
      description = "Standard-Model training events (default 300000); each signal gets 1/6 of it.")
  Long events;

  @Option(names = "--test-events", paramLabel = "N",
      description = "Standard-Model test events, streamed past every model and never stored (default 13450000, the"
          + " published background's size: enough for FPR 1e-5 and the 30-per-day operating point).")
  Long testEvents;

  @Option(names = "--quick", description = "A look in under a minute: 100k training and 1M test events, 20k per signal,"
      + " at most 8 epochs (FPR 1e-5 resolved, the operating point not).")
  boolean quick;

  @Option(names = "--keep-data", description = "Also write the streamed Standard-Model test sample and its scores to"
      + " data/ and scores/ (about 0.6 GB for the default 13.45M events).")
  boolean keepData;

  @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs per model (default: ${DEFAULT-VALUE}).",
      defaultValue = "30")
  int epochs;

  @Option(names = "--batch", description = "Training batch size (default: ${DEFAULT-VALUE}).",
      defaultValue = "1024")
  int batch;

  @Option(names = "--seed", description = "The seed of every random choice (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  long seed;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder of real ADC2021 files (background_for_training.h5 and the signal files by their published names).")
  Path data;

  @Option(names = "--signal", paramLabel = "NAME=FILE",
      description = "A further signal file (repeatable), e.g. --signal Graviton=graviton.h5; with --data, besides the"
          + " published signals found there.")
  List<String> signals;

  @Option(names = "--out", paramLabel = "DIR", description = "Parent folder of run folders (default: ${DEFAULT-VALUE}).",
      defaultValue = "runs")
  Path out;

  @Option(names = "--threads",
      description = "Generator, I/O, training and scoring threads (default: all cores; results do not depend on it).")
  Integer threads;

  @Option(names = "--input-rate", paramLabel = "HZ", defaultValue = "440",
      description = "Rate of events entering the selection, for the operating point (default: ${DEFAULT-VALUE} Hz).")
  double inputRate;

  @Option(names = "--output-per-day", paramLabel = "N", defaultValue = "30",
      description = "Affordable selected events per day (default: ${DEFAULT-VALUE}).")
  double outputPerDay;

  @Option(names = "--lumi", paramLabel = "PB^-1", defaultValue = "5000",
      description = "Integrated luminosity per month in pb^-1, for cross-section reach (default: ${DEFAULT-VALUE}, as the"
          + " HLT study's operating-point table, arXiv:1811.10276).")
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
    out.println(r.summary());
    out.printf(Locale.ROOT, "%nreport: %s%nfinished in %.1f s%n", r.report(), r.elapsed().toMillis() / 1000.0);
    out.flush();
    return 0;
  }

  /** The RunConfig fields set from options, for usage errors naming the option. */
  static final java.util.Map<String, String> CONFIG_OPTIONS = java.util.Map.of("epochs", "--epochs", "batchSize", "--batch",
      "threads", "--threads", "inputRateHz", "--input-rate", "outputPerDay", "--output-per-day", "lumiPerMonthPb", "--lumi",
      "models", "--models");

  /** The run configuration these options describe; a bad value is a usage error naming the option. */
  RunConfig config() {
    return OptionNames.translated(CONFIG_OPTIONS, this::options);
  }

  private RunConfig options() {
    RunConfig cfg = RunConfig.defaults().withSeed(seed).withEpochs(epochs).withBatchSize(batch).withOutRoot(out)
        .withOperatingPoint(inputRate, outputPerDay, lumi);
    if (models != null) {
      cfg = cfg.withModels(models.size() == 1 && models.get(0).equals("all") ? Architectures.names(org.nphunt.data.Adc2021Schema.NAME) : models);
    }
    if (quick) {
      cfg = cfg.quick();
    }
    if (events != null) {
      if (events <= 0) {
        throw new IllegalArgumentException("--events must be > 0, found " + events);
      }
      cfg = cfg.withEvents(events, cfg.testEvents(), Math.max(1, events / 6));
    }
    if (testEvents != null) {
      if (testEvents <= 0) {
        throw new IllegalArgumentException("--test-events must be > 0, found " + testEvents);
      }
      cfg = cfg.withEvents(cfg.trainEvents(), testEvents, cfg.signalEvents());
    }
    cfg = cfg.withKeepData(keepData);
    if (threads != null) {
      cfg = cfg.withThreads(threads);
    }
    if (data != null) {
      cfg = cfg.withDataDir(data);
    }
    if (signals != null) {
      java.util.Map<String, Path> m = new java.util.LinkedHashMap<>();
      for (String s : signals) {
        int eq = s.indexOf('=');
        if (eq <= 0 || eq == s.length() - 1) {
          throw new IllegalArgumentException("--signal must be NAME=FILE, found '" + s + "'");
        }
        if (m.put(s.substring(0, eq), Path.of(s.substring(eq + 1))) != null) {
          throw new IllegalArgumentException("--signal " + s.substring(0, eq) + " given twice");
        }
      }
      if (data == null) {
        throw new IllegalArgumentException("--signal needs --data (the generated run has its own signals)");
      }
      cfg = cfg.withSignals(m);
    }
    return cfg;
  }
}
