package org.nphunt.benchmark.torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nphunt.benchmark.Machine;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.model.ConvAeConfig;
import org.nphunt.score.LoadedModel;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingListener;
import org.nphunt.training.TrainingResult;
import org.nphunt.training.TrainingState;
import org.nphunt.training.history.EpochRecord;

/**
 * The conv autoencoder's two engines on the same file (issue 17): training on nphunt's fused Java
 * kernels ({@code org.nphunt.kernel.ConvAutoencoderTraining}) on 1 and 2 threads against DJL/libtorch
 * (one intra-op thread, {@code -Dnphunt.fusedTraining=false}), and scoring on the Java kernels
 * ({@code ConvAutoencoderNet}) on 1 and 2 threads against the DJL forward, same trained weights.
 *
 * <p>Per training epoch: wall seconds of the training pass, process CPU seconds of the whole epoch
 * (training pass plus validation), training events/s (wall) and validation loss; per scoring run (the whole file, median of the repeats): events/s wall and per process
 * CPU-second. The 1-minute load average is printed next to every figure: on a shared machine only
 * the CPU-time rates are comparable between runs. Training uses the defaults of {@code nphunt train}
 * (batch 1024, lr 1e-3, weight decay 1e-4, 20% validation) without early stopping.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp nphunt.jar:nphunt-bench.jar
 * org.nphunt.benchmark.torch.ConvEngineComparison FILE.h5 EPOCHS [REPEATS] [ROUNDS] [ENGINES]}; markdown
 * tables on standard output. ENGINES {@code fused} runs only the fused engine and the Java scoring (1 and 2
 * threads: before/after comparisons of the kernels at a fraction of the time; default {@code fused,djl}). A warm-up (one epoch of each engine on the first 10,000 events, one scoring pass per
 * path) runs first, unreported, so that JIT compilation and libtorch's start are not in the figures; the
 * engines then run in interleaved rounds (fused 1 thread, fused 2 threads, DJL, per round).
 */
public final class ConvEngineComparison {
  private static final String PROPERTY = "nphunt.fusedTraining";

  private ConvEngineComparison() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ConvEngineComparison FILE.h5 EPOCHS [REPEATS] [ROUNDS] [ENGINES]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    int epochs = Integer.parseInt(args[1]);
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    boolean djl = args.length <= 4 || Arrays.asList(args[4].split(",")).contains("djl");
    if (epochs < 1 || repeats < 1 || rounds < 1) {
      System.err.println("EPOCHS, REPEATS and ROUNDS must be >= 1, found " + epochs + ", " + repeats + ", " + rounds);
      System.exit(2);
    }
    EventBatch events;
    try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
      events = r.read(0, Math.toIntExact(r.size()));
    }
    System.out.printf(Locale.ROOT, "# conv AE, %s, %d events, %d epochs, kernels %s, load %.2f%n", file, events.size(),
        epochs, org.nphunt.kernel.Kernels.get().name(), Machine.loadAverage()[0]);
    warmUp(events.slice(0, Math.min(10_000, events.size())), djl);
    System.out.println("| round | engine | threads | epoch | wall s | CPU s | train events/s (wall) | val loss | load 1 min |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    List<String> scoring = new ArrayList<>();
    String[] engines = djl ? new String[] {"fused", "fused", "djl"} : new String[] {"fused", "fused"};
    int[] threadCounts = {1, 2, 1};
    for (int round = 1; round <= rounds; round++) {
      for (int k = 0; k < engines.length; k++) {
        String engine = engines[k];
        int threads = threadCounts[k];
        int rd = round;
        long[] mark = new long[1];
        TrainingListener table = new TrainingListener() {
          @Override
          public void onStart(TrainingState state) {
            mark[0] = EpochProbe.cpu();
          }

          @Override
          public Action onEpoch(TrainingState state, EpochRecord rec) {
            long now = EpochProbe.cpu();
            System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %.2f | %.2f | %.0f | %.6f | %.2f |%n", rd, engine, threads,
                rec.epoch(), rec.seconds(), (now - mark[0]) / 1e9, rec.eventsPerSecond(), rec.valLoss(),
                Machine.loadAverage()[0]);
            System.out.flush();
            mark[0] = now;
            return Action.CONTINUE;
          }
        };
        try (TrainingResult r = train(events, file.toString(), engine, threads, epochs, table)) {
          if (engine.equals("fused") && threads == 1) {
            LoadedModel m = r.model();
            scoring.add(score(m, events, LoadedModel.FUSED_JAVA_KERNELS, 1, repeats, round));
            scoring.add(score(m, events, LoadedModel.FUSED_JAVA_KERNELS, 2, repeats, round));
            if (djl) {
              m.useJavaForward(false);
              scoring.add(score(m, events, LoadedModel.DJL_LIBTORCH, 1, repeats, round));
            }
          }
        }
      }
    }
    System.out.println();
    System.out.println("| round | scoring path | threads | events | events/s (wall) | events per CPU-second | load 1 min (start-end) |");
    System.out.println("|---:|---|---:|---:|---:|---:|---|");
    scoring.forEach(System.out::println);
  }

  /** Trains the conv AE on {@code events} with one engine (the defaults of nphunt train, no early stop). */
  private static TrainingResult train(EventBatch events, String name, String engine, int threads, int epochs,
      TrainingListener listener) {
    System.setProperty(PROPERTY, Boolean.toString(engine.equals("fused")));
    try {
      TrainingConfig tc = TrainingConfig.defaults(ConvAeConfig.defaults()).withEpochs(epochs).withThreads(threads)
          .withPatience(1_000_000, 1_000_000);
      if (Trainer.usesFusedEngine(tc) != engine.equals("fused")) {
        throw new IllegalStateException("engine selection failed for " + engine);
      }
      Trainer trainer = new Trainer(tc);
      if (listener != null) {
        trainer.addListener(listener);
      }
      return trainer.fit(new InMemoryEventSource(events, name), null);
    } finally {
      System.clearProperty(PROPERTY);
    }
  }

  /** One epoch of each engine and one scoring pass per path, unreported (JIT, libtorch start). */
  private static void warmUp(EventBatch events, boolean djl) {
    for (String engine : djl ? new String[] {"fused", "djl"} : new String[] {"fused"}) {
      try (TrainingResult r = train(events, "warm-up", engine, 2, 1, null)) {
        r.model().setScoringThreads(2);
        r.model().score(events);
        if (engine.equals("djl")) {
          r.model().useJavaForward(false);
          r.model().score(events);
        }
      }
    }
  }

  /** Median over repeats of scoring every event (one warm-up run first). */
  private static String score(LoadedModel m, EventBatch events, String path, int threads, int repeats, int round) {
    m.setScoringThreads(threads);
    if (m.scoresThroughLibtorch() != path.equals(LoadedModel.DJL_LIBTORCH)) {
      throw new IllegalStateException("scoring path is " + m.scoringPath() + ", expected " + path);
    }
    m.score(events);
    double[] wall = new double[repeats];
    double[] cpu = new double[repeats];
    double load0 = Machine.loadAverage()[0];
    for (int i = 0; i < repeats; i++) {
      long c0 = EpochProbe.cpu();
      long t0 = System.nanoTime();
      m.score(events);
      wall[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = (EpochProbe.cpu() - c0) / 1e9;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    double w = wall[repeats / 2];
    double c = cpu[repeats / 2];
    return String.format(Locale.ROOT, "| %d | %s | %d | %d | %.0f | %.0f | %.2f-%.2f |", round, path, threads, events.size(),
        events.size() / w, events.size() / c, load0, Machine.loadAverage()[0]);
  }
}
