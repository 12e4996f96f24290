package org.nphunt.benchmark;


import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nphunt.manifest.Manifest;
import org.nphunt.model.Architectures;
import org.nphunt.physics.Processes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nphunt bench}: the benchmark harness (library: {@link org.nphunt.benchmark}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure nphunt's speed and memory on this machine: generator, HDF5 read/write, training and"
        + " scoring per architecture, each with warm-up and repeats (median and spread, peak heap, resident memory)."
        + " Writes DIR/bench.json and DIR/bench.md. With --compare-pytorch: train and score the dense autoencoder"
        + " side by side with the PyTorch reference script (bench/reference), interleaved over --rounds, and write"
        + " DIR/compare.json and DIR/compare.md with the nphunt/PyTorch ratios."})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--suite", split = ",", defaultValue = "all",
      description = "all or any of generator, hdf5, train, score (comma-separated; default: ${DEFAULT-VALUE}).")
  List<String> suite;

  @Option(names = "--events", defaultValue = "1000000", description = "Events per HDF5 file (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--generator-events", defaultValue = "500000",
      description = "Accepted events per generator run (default: ${DEFAULT-VALUE}).")
  long generatorEvents;

  @Option(names = "--processes", split = ",", description = "Generator processes (default: all built-in).")
  List<String> processes;

  @Option(names = "--train-events", defaultValue = "131072",
      description = "Training events per timed epoch (default: ${DEFAULT-VALUE}).")
  int trainEvents;

  @Option(names = "--score-events", defaultValue = "262144",
      description = "Most events scored per timed repeat (default: ${DEFAULT-VALUE}).")
  int scoreEvents;

  @Option(names = "--batch", defaultValue = "1024", description = "Training batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--score-batches", split = ",", defaultValue = "1,64,1024,16384",
      description = "Scoring batch sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> scoreBatches;

  @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats per figure (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--warmup", defaultValue = "1", description = "Untimed warm-up runs per figure (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--threads", description = "Threads for 'all cores' figures (default: available processors).")
  Integer threads;

  @Option(names = "--models", split = ",", description = "Architectures (default: every registered ADC2021 model: dense, vae, conv, transformer).")
  List<String> models;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated events (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--force", description = "Replace existing outputs.")
  boolean force;

  @Option(names = "--compare-pytorch", description = "Run the side-by-side comparison with the PyTorch reference instead.")
  boolean compare;

  @Option(names = "--compare-chamfer", description = "Run the chamfer-vae comparison with its PyTorch reference instead"
      + " (bench/reference/chamfer_vae_reference.py; toy jets, see BENCHMARKS.md); writes DIR/compare-chamfer.{json,md}.")
  boolean compareChamfer;

  @Option(names = "--jets", defaultValue = "100000", description = "Chamfer comparison: jets per epoch (default: ${DEFAULT-VALUE}).")
  int jets;

  @Option(names = "--compare-kernels", description = "Compare nphunt's kernels with PyTorch on the same weights and"
      + " inputs instead (dense AE and VAE: training and scoring events/s, wall and per CPU-second, interleaved rounds;"
      + " score agreement); uses --train, --test, --models, --epochs, --batch, --score-batches, --threads, --rounds,"
      + " --repeats, --python, --reference (default nphunt-bench/src/main/python/speed/kernel_reference.py).")
  boolean compareKernels;

  @Option(names = "--train", description = "Comparison: SM training file.")
  Path trainFile;

  @Option(names = "--test", description = "Comparison: SM test file (background of the AUCs).")
  Path testFile;

  @Option(names = "--signal", description = "Comparison: NAME=FILE, repeatable.")
  List<String> signals = new ArrayList<>();

  @Option(names = "--epochs", defaultValue = "5", description = "Comparison: epochs on both sides (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--rounds", defaultValue = "3", description = "Comparison: interleaved rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Comparison: Python with torch (default: ${DEFAULT-VALUE}).")
  String python;

  @Option(names = "--reference", description = "Comparison: the reference script (default: bench/reference/dense_ae_reference.py"
      + " beside the launcher, else in the working directory).")
  Path reference;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    String command = "nphunt " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    if (compareChamfer) {
      var cfg = new org.nphunt.benchmark.jets.ChamferVaeComparison.Config(jets, epochs, batch, rounds, seed, python,
          reference == null ? org.nphunt.benchmark.jets.ChamferVaeComparison.defaultScript() : reference, out, force);
      var result = org.nphunt.benchmark.jets.ChamferVaeComparison.run(cfg, stdout);
      result.write(out, force);
      stdout.println(result.markdown());
      return 0;
    }
    if (compareKernels) {
      if (trainFile == null || testFile == null) {
        throw new IllegalArgumentException("--compare-kernels needs --train and --test");
      }
      KernelComparison.Config cfg = new KernelComparison.Config(trainFile, testFile,
          models == null ? List.of("dense", "vae") : models, epochs, batch, scoreBatches, nThreads, rounds, repeats, seed,
          python, reference == null ? KernelComparison.defaultScript() : reference);
      KernelComparison.checkTargets(out, force);
      var result = KernelComparison.run(cfg, command, stdout);
      result.write(out, force);
      stdout.println(result.markdown());
      stdout.println("wrote " + out.resolve(KernelComparison.JSON_NAME) + " and " + out.resolve(KernelComparison.MARKDOWN_NAME));
      return 0;
    }
    if (compare) {
      Map<String, Path> sig = new LinkedHashMap<>();
      for (String s : signals) {
        int eq = s.indexOf('=');
        if (eq <= 0 || eq == s.length() - 1) {
          throw new IllegalArgumentException("--signal must be NAME=FILE, found " + s);
        }
        sig.put(s.substring(0, eq), Path.of(s.substring(eq + 1)));
      }
      ComparisonConfig cfg = new ComparisonConfig(trainFile, testFile, sig, epochs, batch, nThreads, rounds, repeats,
          seed, python, reference == null ? PytorchComparison.defaultScript() : reference);
      PytorchComparison.checkTargets(out, force);
      var result = PytorchComparison.run(cfg, command, stdout);
      result.write(out, force);
      stdout.println(result.summaryText());
      stdout.println("wrote " + out.resolve(PytorchComparison.JSON_NAME) + " and " + out.resolve(PytorchComparison.MARKDOWN_NAME));
      return 0;
    }
    List<String> suites = suite.contains("all") ? BenchConfig.SUITES : suite;
    BenchConfig cfg = new BenchConfig(suites, events, generatorEvents, processes == null ? Processes.names() : processes,
        trainEvents, scoreEvents, batch, scoreBatches, repeats, warmup, nThreads,
        models == null ? Architectures.names(org.nphunt.data.Adc2021Schema.NAME) : models, seed);
    for (String p : cfg.processes()) {
      Processes.builtIn(p);
    }
    BenchReport.checkTargets(out, force);
    Machine machine = Machine.current();
    double[] load0 = Machine.loadAverage();
    Instant t0 = Instant.now();
    stdout.printf("nphunt bench: %d cores, %s, load average %.2f %.2f %.2f%n", machine.cores(), machine.jdk(), load0[0],
        load0[1], load0[2]);
    stdout.flush();
    List<Measurement> ms = new BenchSuites(cfg, out, stdout).run();
    double seconds = (Instant.now().toEpochMilli() - t0.toEpochMilli()) / 1000.0;
    BenchReport report = new BenchReport(BenchReport.SCHEMA, command, t0.toString(), seconds, machine, load0,
        Machine.loadAverage(), cfg, ms, Manifest.create(command, seed, cfg, List.of()));
    report.write(out, force);
    stdout.println("wrote " + out.resolve(BenchReport.JSON_NAME) + " and " + out.resolve(BenchReport.MARKDOWN_NAME));
    return 0;
  }
}
