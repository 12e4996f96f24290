package org.nphunt.benchmark.torch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.hdf5.Hdf5EventWriter;
import org.nphunt.hdf5.WriteOptions;
import org.nphunt.json.Json;
import org.nphunt.model.RecurrentAeConfig;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingResult;

/**
 * Training speed of the recurrent autoencoder {@code rnn-attention} (issue 14) next to the same network
 * in PyTorch ({@code nphunt-bench/src/main/python/rnn/rnn_attention_reference.py}, Debian's
 * python3-torch), interleaved over rounds (odd rounds nphunt first) on the same synthetic events
 * ({@link TorchBenchmark#events}, written to one HDF5 file both sides read), one intra-op thread each,
 * the same batch, one warm-up epoch then timed epochs (training steps only, no validation), default
 * architecture (H 32, latent 8, A 32, bidirectional, teacher forcing 1 decaying by 0.8 per epoch).
 * Prints a Markdown table of events/s per side and round and the nphunt/PyTorch ratios.
 */
public final class RecurrentComparison {
  private RecurrentComparison() {}

  /** One round: median training events/s of the timed epochs on each side. */
  public record Round(int round, double nphunt, double pytorch, double loadAverage) {
    double ratio() {
      return nphunt / pytorch;
    }
  }

  static double nphunt(EventBatch train, int batch, int epochs) {
    TrainingConfig cfg = TrainingConfig.defaults(RecurrentAeConfig.defaults()).withBatchSize(batch).withEpochs(1 + epochs)
        .withValFraction(0).withPatience(1000, 1000).withSeed(1).withChunkEvents(train.size());
    try (TrainingResult r = new Trainer(cfg).fit(new InMemoryEventSource(train, "bench"), null)) {
      List<Double> rates = new ArrayList<>();
      for (int i = 1; i < r.history().epochs().size(); i++) {
        rates.add(r.history().epochs().get(i).eventsPerSecond());
      }
      return median(rates);
    }
  }

  static double pytorch(String python, Path script, Path file, int batch, int epochs) {
    List<String> cmd = List.of(python, script.toString(), "--train", file.toString(), "--batch", Integer.toString(batch),
        "--epochs", Integer.toString(epochs), "--warmup", "1", "--threads", "1");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new NphuntException("PyTorch reference failed: " + String.join(" ", cmd));
      }
      JsonNode j = Json.mapper().readTree(out);
      return j.get("train_events_per_second").asDouble();
    } catch (IOException e) {
      throw new NphuntException("cannot run " + python + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NphuntException("interrupted");
    }
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : 0.5 * (s.get(n / 2 - 1) + s.get(n / 2));
  }

  /**
   * {@code java -cp nphunt.jar:nphunt-bench.jar org.nphunt.benchmark.torch.RecurrentComparison [events]
   * [batch] [epochs] [rounds] [workDir] [script] [python]} (defaults 20000, 1024, 2, 3, a temporary
   * folder, nphunt-bench/src/main/python/rnn/rnn_attention_reference.py, /usr/bin/python3).
   */
  public static void main(String[] args) throws IOException {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path work = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("nphunt-rnn-bench");
    Path script = Path.of(args.length > 5 ? args[5] : "nphunt-bench/src/main/python/rnn/rnn_attention_reference.py");
    String python = args.length > 6 ? args[6] : "/usr/bin/python3";
    Files.createDirectories(work);
    EventBatch train = TorchBenchmark.events(events, 1);
    Path file = work.resolve("rnn_bench_" + events + ".h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(file, WriteOptions.defaults().withForce(true))) {
      w.write(train);
      w.commit();
    }
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    List<Round> out = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      double n;
      double t;
      if (r % 2 == 1) {
        n = nphunt(train, batch, epochs);
        t = pytorch(python, script, file, batch, epochs);
      } else {
        t = pytorch(python, script, file, batch, epochs);
        n = nphunt(train, batch, epochs);
      }
      Round round = new Round(r, n, t, os.getSystemLoadAverage());
      out.add(round);
      System.out.printf(Locale.ROOT, "round %d: nphunt %.0f ev/s, PyTorch %.0f ev/s, ratio %.2f (load %.1f)%n", r, n, t,
          round.ratio(), round.loadAverage());
    }
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "rnn-attention training, %,d events, batch %d, %d timed epochs, 1 thread each%n%n",
        events, batch, epochs));
    md.append("| round | nphunt (ev/s) | PyTorch (ev/s) | nphunt/PyTorch | load average |\n|---|---|---|---|---|\n");
    List<Double> ratios = new ArrayList<>();
    for (Round r : out) {
      md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2f | %.1f |%n", r.round(), r.nphunt(), r.pytorch(),
          r.ratio(), r.loadAverage()));
      ratios.add(r.ratio());
    }
    md.append(String.format(Locale.ROOT, "%nmedian ratio nphunt/PyTorch: %.2f%n", median(ratios)));
    System.out.print(md);
  }
}
