package org.nphunt.run;

import java.nio.file.Path;
import java.util.List;
import org.nphunt.model.Architectures;

/**
 * Configuration of {@code nphunt run}. The defaults make the whole job (generation, training of the
 * dense AE and the VAE, scoring, evaluation, report) finish in a few minutes on two cores.
 *
 * @param seed the one seed of every random choice (data, splits, initialisation, shuffles)
 * @param models architectures to train, by registry name
 * @param trainEvents Standard-Model events for training (validation is split off by the trainer)
 * @param testEvents Standard-Model events for evaluation
 * @param signalEvents events per signal sample
 * @param epochs maximum epochs per model (early stopping may end sooner)
 * @param batchSize training batch size
 * @param dataDir a folder of real ADC2021 files (published names), or null to generate the data
 * @param outRoot parent folder of run folders
 * @param threads generator, I/O, training (fused dense AE/VAE) and scoring threads
 * @param inputRateHz rate of events entering the selection (for the operating-point table)
 * @param outputPerDay affordable selected events per day
 * @param lumiPerMonthPb integrated luminosity per month in pb^-1 (for cross-section reach)
 * @param reconstructionEvents events per sample used for the input-vs-reconstruction plots
 */
public record RunConfig(
    long seed,
    List<String> models,
    long trainEvents,
    long testEvents,
    long signalEvents,
    int epochs,
    int batchSize,
    Path dataDir,
    Path outRoot,
    int threads,
    double inputRateHz,
    double outputPerDay,
    double lumiPerMonthPb,
    int reconstructionEvents) {

  /** The default models of {@code nphunt run}. */
  public static final List<String> DEFAULT_MODELS = List.of("dense", "vae");

  public RunConfig {
    models = models == null ? DEFAULT_MODELS : List.copyOf(models);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("models must name at least one architecture, found none");
    }
    for (String m : models) {
      if (!Architectures.names().contains(m)) {
        throw new IllegalArgumentException("models must be among " + Architectures.names() + ", found " + m);
      }
    }
    positive("trainEvents", trainEvents);
    positive("testEvents", testEvents);
    positive("signalEvents", signalEvents);
    positive("epochs", epochs);
    positive("batchSize", batchSize);
    positive("threads", threads);
    positive("reconstructionEvents", reconstructionEvents);
    if (!(inputRateHz > 0) || !(outputPerDay > 0) || !(lumiPerMonthPb > 0)) {
      throw new IllegalArgumentException("inputRateHz, outputPerDay and lumiPerMonthPb must be > 0, found "
          + inputRateHz + ", " + outputPerDay + ", " + lumiPerMonthPb);
    }
    if (outRoot == null) {
      throw new IllegalArgumentException("outRoot must be given, found null");
    }
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, found " + v);
    }
  }

  /**
   * The defaults: seed 4, dense AE and VAE, 300k SM training and 200k SM test events, 50k events per
   * signal, at most 30 epochs, batch 1024, generated data, output under {@code runs/}; operating
   * point: 440 Hz of lepton-triggered events in, 30 selected events per day, 10 fb^-1 per month.
   */
  public static RunConfig defaults() {
    return new RunConfig(4, DEFAULT_MODELS, 300_000, 200_000, 50_000, 30, 1024, null, Path.of("runs"),
        Runtime.getRuntime().availableProcessors(), 440, 30, 10_000, 20_000);
  }

  public RunConfig withModels(List<String> v) {
    return new RunConfig(seed, v, trainEvents, testEvents, signalEvents, epochs, batchSize, dataDir, outRoot, threads,
        inputRateHz, outputPerDay, lumiPerMonthPb, reconstructionEvents);
  }

  public RunConfig withEvents(long train, long test, long signal) {
    return new RunConfig(seed, models, train, test, signal, epochs, batchSize, dataDir, outRoot, threads,
        inputRateHz, outputPerDay, lumiPerMonthPb, reconstructionEvents);
  }

  public RunConfig withSeed(long v) {
    return new RunConfig(v, models, trainEvents, testEvents, signalEvents, epochs, batchSize, dataDir, outRoot, threads,
        inputRateHz, outputPerDay, lumiPerMonthPb, reconstructionEvents);
  }

  public RunConfig withEpochs(int v) {
    return new RunConfig(seed, models, trainEvents, testEvents, signalEvents, v, batchSize, dataDir, outRoot, threads,
        inputRateHz, outputPerDay, lumiPerMonthPb, reconstructionEvents);
  }

  public RunConfig withBatchSize(int v) {
    return new RunConfig(seed, models, trainEvents, testEvents, signalEvents, epochs, v, dataDir, outRoot, threads,
        inputRateHz, outputPerDay, lumiPerMonthPb, reconstructionEvents);
  }

  public RunConfig withDataDir(Path v) {
    return new RunConfig(seed, models, trainEvents, testEvents, signalEvents, epochs, batchSize, v, outRoot, threads,
        inputRateHz, outputPerDay, lumiPerMonthPb, reconstructionEvents);
  }

  public RunConfig withOutRoot(Path v) {
    return new RunConfig(seed, models, trainEvents, testEvents, signalEvents, epochs, batchSize, dataDir, v, threads,
        inputRateHz, outputPerDay, lumiPerMonthPb, reconstructionEvents);
  }

  public RunConfig withThreads(int v) {
    return new RunConfig(seed, models, trainEvents, testEvents, signalEvents, epochs, batchSize, dataDir, outRoot, v,
        inputRateHz, outputPerDay, lumiPerMonthPb, reconstructionEvents);
  }

  public RunConfig withOperatingPoint(double inHz, double perDay, double lumi) {
    return new RunConfig(seed, models, trainEvents, testEvents, signalEvents, epochs, batchSize, dataDir, outRoot,
        threads, inHz, perDay, lumi, reconstructionEvents);
  }

  public RunConfig withReconstructionEvents(int v) {
    return new RunConfig(seed, models, trainEvents, testEvents, signalEvents, epochs, batchSize, dataDir, outRoot,
        threads, inputRateHz, outputPerDay, lumiPerMonthPb, v);
  }
}
