package org.nphunt.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nphunt.data.Adc2021Schema;
import org.nphunt.model.Architectures;

/**
 * Configuration of {@code nphunt run}, in three parts: what to run ({@link #seed}, {@link #models},
 * {@link #epochs}, {@link #batchSize}), on what ({@link Samples}; generated, or {@link #dataDir} with
 * the published files plus named {@link #signals}) and how to read the results ({@link TriggerRates}).
 *
 * @param seed the one seed of every random choice (data, splits, initialisation, shuffles)
 * @param models architectures to train, by registry name
 * @param samples sample sizes
 * @param epochs maximum epochs per model (early stopping may end sooner)
 * @param batchSize training batch size
 * @param dataDir a folder of real ADC2021 files (published names), or null to generate the data
 * @param signals further signal files by display name (with or without {@code dataDir})
 * @param outRoot parent folder of run folders
 * @param threads generator, I/O, training (fused dense AE/VAE) and scoring threads
 * @param rates the trigger's rates, for the operating-point table
 * @param keepData also write the streamed Standard-Model test sample and its scores to disk (large)
 */
public record RunConfig(
    long seed,
    List<String> models,
    Samples samples,
    int epochs,
    int batchSize,
    Path dataDir,
    Map<String, Path> signals,
    Path outRoot,
    int threads,
    TriggerRates rates,
    boolean keepData) {

  /** The default models of {@code nphunt run}. */
  public static final List<String> DEFAULT_MODELS = List.of("dense", "vae");

  /**
   * Sample sizes.
   *
   * @param trainEvents Standard-Model events for training (validation is split off by the trainer)
   * @param testEvents Standard-Model events for evaluation
   * @param signalEvents events per signal sample
   * @param reconstructionEvents events per sample used for the input-vs-reconstruction plots
   */
  public record Samples(long trainEvents, long testEvents, long signalEvents, int reconstructionEvents) {
    public Samples {
      positive("trainEvents", trainEvents);
      positive("testEvents", testEvents);
      positive("signalEvents", signalEvents);
      positive("reconstructionEvents", reconstructionEvents);
    }
  }

  /**
   * The trigger the operating point is computed for.
   *
   * @param inputRateHz rate of events entering the selection
   * @param outputPerDay affordable selected events per day
   * @param lumiPerMonthPb integrated luminosity per month in pb^-1 (for cross-section reach)
   */
  public record TriggerRates(double inputRateHz, double outputPerDay, double lumiPerMonthPb) {
    public TriggerRates {
      if (!(inputRateHz > 0) || !(outputPerDay > 0) || !(lumiPerMonthPb > 0)) {
        throw new IllegalArgumentException("inputRateHz, outputPerDay and lumiPerMonthPb must be > 0, found "
            + inputRateHz + ", " + outputPerDay + ", " + lumiPerMonthPb);
      }
    }
  }

  public RunConfig {
    models = models == null ? DEFAULT_MODELS : List.copyOf(models);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("models must name at least one architecture, found none");
    }
    List<String> eventModels = Architectures.names(Adc2021Schema.NAME);
    for (String m : models) {
      if (!eventModels.contains(m)) {
        String other = Architectures.names().contains(m)
            ? " (it reads " + Architectures.defaults(m).inputSchema() + " events; the run trains on ADC2021 events)" : "";
        throw new IllegalArgumentException("models must be among " + eventModels + ", found " + m + other);
      }
    }
    if (samples == null || rates == null) {
      throw new IllegalArgumentException("samples and rates must be given");
    }
    positive("epochs", epochs);
    positive("batchSize", batchSize);
    positive("threads", threads);
    signals = signals == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(signals));
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
   * Standard-Model test events of the default run: the size of the published background file
   * (13.45M, arXiv:2107.02157), enough to resolve FPR 1e-5 and the 30-per-day operating point
   * (FPR 7.9e-7) with at least 10 background events above the threshold. Streamed, never stored.
   */
  public static final long DEFAULT_TEST_EVENTS = 13_450_000;

  /**
   * Default integrated luminosity per month, 5 fb^-1: the value the HLT study's operating-point table
   * implies (its 100-events/month cross-sections equal 100 / (efficiency x 5,000 pb^-1);
   * arXiv:1811.10276, table 4), so that the tables are comparable.
   */
  public static final double DEFAULT_LUMI_PER_MONTH_PB = 5_000;

  /**
   * The defaults: seed 1 (every command's default), dense AE and VAE, 300k SM training events, 13.45M streamed SM test events,
   * 50k events per signal, at most 30 epochs, batch 1024, generated data, output under {@code runs/};
   * operating point: 440 Hz of lepton-triggered events in, 30 selected events per day, 5 fb^-1 per month.
   */
  public static RunConfig defaults() {
    return new RunConfig(1, DEFAULT_MODELS, new Samples(300_000, DEFAULT_TEST_EVENTS, 50_000, 20_000), 30, 1024, null,
        Map.of(), Path.of("runs"), Runtime.getRuntime().availableProcessors(),
        new TriggerRates(440, 30, DEFAULT_LUMI_PER_MONTH_PB), false);
  }

  /**
   * The {@code --quick} preset, a look in under a minute: 100k training events, 1M test events (FPR
   * 1e-5 resolved, the operating point not), 20k events per signal, at most 8 epochs.
   */
  public RunConfig quick() {
    return withSamples(new Samples(100_000, 1_000_000, 20_000, 10_000)).withEpochs(Math.min(epochs, 8));
  }

  public long trainEvents() {
    return samples.trainEvents();
  }

  public long testEvents() {
    return samples.testEvents();
  }

  public long signalEvents() {
    return samples.signalEvents();
  }

  public int reconstructionEvents() {
    return samples.reconstructionEvents();
  }

  public double inputRateHz() {
    return rates.inputRateHz();
  }

  public double outputPerDay() {
    return rates.outputPerDay();
  }

  public double lumiPerMonthPb() {
    return rates.lumiPerMonthPb();
  }

  public RunConfig withModels(List<String> v) {
    return new RunConfig(seed, v, samples, epochs, batchSize, dataDir, signals, outRoot, threads, rates, keepData);
  }

  public RunConfig withSamples(Samples v) {
    return new RunConfig(seed, models, v, epochs, batchSize, dataDir, signals, outRoot, threads, rates, keepData);
  }

  public RunConfig withEvents(long train, long test, long signal) {
    return withSamples(new Samples(train, test, signal, samples.reconstructionEvents()));
  }

  public RunConfig withReconstructionEvents(int v) {
    return withSamples(new Samples(samples.trainEvents(), samples.testEvents(), samples.signalEvents(), v));
  }

  public RunConfig withSeed(long v) {
    return new RunConfig(v, models, samples, epochs, batchSize, dataDir, signals, outRoot, threads, rates, keepData);
  }

  public RunConfig withEpochs(int v) {
    return new RunConfig(seed, models, samples, v, batchSize, dataDir, signals, outRoot, threads, rates, keepData);
  }

  public RunConfig withBatchSize(int v) {
    return new RunConfig(seed, models, samples, epochs, v, dataDir, signals, outRoot, threads, rates, keepData);
  }

  public RunConfig withDataDir(Path v) {
    return new RunConfig(seed, models, samples, epochs, batchSize, v, signals, outRoot, threads, rates, keepData);
  }

  public RunConfig withSignals(Map<String, Path> v) {
    return new RunConfig(seed, models, samples, epochs, batchSize, dataDir, v, outRoot, threads, rates, keepData);
  }

  public RunConfig withOutRoot(Path v) {
    return new RunConfig(seed, models, samples, epochs, batchSize, dataDir, signals, v, threads, rates, keepData);
  }

  public RunConfig withThreads(int v) {
    return new RunConfig(seed, models, samples, epochs, batchSize, dataDir, signals, outRoot, v, rates, keepData);
  }

  public RunConfig withKeepData(boolean v) {
    return new RunConfig(seed, models, samples, epochs, batchSize, dataDir, signals, outRoot, threads, rates, v);
  }

  public RunConfig withOperatingPoint(double inHz, double perDay, double lumi) {
    return new RunConfig(seed, models, samples, epochs, batchSize, dataDir, signals, outRoot, threads,
        new TriggerRates(inHz, perDay, lumi), keepData);
  }
}
