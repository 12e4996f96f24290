package org.nphunt.benchmark.torch;

import java.nio.file.Path;
import java.util.Locale;
import org.nphunt.benchmark.Machine;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.model.RecurrentAeConfig;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingListener;
import org.nphunt.training.TrainingResult;
import org.nphunt.training.TrainingState;
import org.nphunt.training.history.EpochRecord;

/**
 * The recurrent autoencoder with attention ({@code rnn-attention}, default configuration) on nphunt's
 * fused Java kernels against the DJL/libtorch path (issue 17), on one event file: per training epoch the
 * wall time of the training batches (validation excluded, as {@code EpochRecord.seconds}) and the process
 * CPU time of the whole epoch (batches and validation), then scoring events/s of the same file (wall and
 * process CPU), fused on 1 and 2 threads and DJL (one thread by design); the 1-minute load average is
 * printed on every line. Default training split: 80% train, 20% validation, batch 1024, seed 1.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp nphunt.jar:nphunt-bench.jar
 * org.nphunt.benchmark.torch.RecurrentEngineBenchmark FILE.h5 [EPOCHS] [ENGINES]} with ENGINES a comma
 * list of {@code fused1}, {@code fused2}, {@code djl} (default all; epochs default 2).
 */
public final class RecurrentEngineBenchmark {
  private RecurrentEngineBenchmark() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: RecurrentEngineBenchmark FILE.h5 [EPOCHS] [fused1,fused2,djl]");
      System.exit(2);
    }
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String engines = args.length > 2 ? args[2] : "fused1,fused2,djl";
    EventBatch events;
    try (Hdf5EventReader r = Hdf5EventReader.open(Path.of(args[0]))) {
      events = r.read(0, Math.toIntExact(r.size()));
    }
    System.out.printf(Locale.ROOT, "# rnn-attention (defaults), %s: %d events, %d epochs, %d cores, load %.2f%n",
        args[0], events.size(), epochs, Runtime.getRuntime().availableProcessors(), Machine.loadAverage()[0]);
    for (String engine : engines.split(",")) {
      boolean djl = engine.equals("djl");
      int threads = engine.endsWith("2") ? 2 : 1;
      if (djl) {
        System.setProperty("nphunt.fusedTraining", "false");
      } else {
        System.clearProperty("nphunt.fusedTraining");
      }
      TrainingConfig tc = TrainingConfig.defaults(RecurrentAeConfig.defaults()).withEpochs(epochs).withThreads(threads)
          .withSeed(1).withPatience(1_000_000, 1_000_000);
      long[] mark = new long[1];
      Trainer trainer = new Trainer(tc).addListener(new TrainingListener() {
        @Override
        public void onStart(TrainingState state) {
          mark[0] = EpochProbe.cpu();
        }

        @Override
        public Action onEpoch(TrainingState state, EpochRecord rec) {
          long now = EpochProbe.cpu();
          System.out.printf(Locale.ROOT, "train %s epoch %d: batches %.2f s wall (%.0f events/s), epoch %.2f CPU-s,"
              + " loss %.6f val %.6f, load %.2f%n", engine, rec.epoch(), rec.seconds(), rec.eventsPerSecond(),
              (now - mark[0]) / 1e9, rec.trainLoss(), rec.valLoss(), Machine.loadAverage()[0]);
          System.out.flush();
          mark[0] = now;
          return Action.CONTINUE;
        }
      });
      System.out.printf(Locale.ROOT, "# %s: fused engine %s%n", engine, Trainer.usesFusedEngine(tc));
      try (TrainingResult r = trainer.fit(new InMemoryEventSource(events, args[0]), null)) {
        LoadedModel m = r.model();
        m.useJavaForward(!djl);
        m.setScoringThreads(threads);
        m.score(events.slice(0, Math.min(events.size(), 4096))); // warm-up
        long w0 = System.nanoTime();
        long c0 = EpochProbe.cpu();
        m.score(events);
        double wall = (System.nanoTime() - w0) / 1e9;
        double cpu = (EpochProbe.cpu() - c0) / 1e9;
        System.out.printf(Locale.ROOT, "score %s (%s, %d threads): %d events in %.2f s wall = %.0f events/s,"
            + " %.1f CPU-us per event, load %.2f%n", engine, m.scoringPath(), threads, events.size(), wall,
            events.size() / wall, cpu / events.size() * 1e6, Machine.loadAverage()[0]);
        System.out.flush();
      }
    }
    System.clearProperty("nphunt.fusedTraining");
  }
}
