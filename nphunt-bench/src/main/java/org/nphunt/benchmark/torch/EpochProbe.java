package org.nphunt.benchmark.torch;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nphunt.NphuntException;
import org.nphunt.benchmark.Machine;
import org.nphunt.data.EventBatch;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.model.Architectures;
import org.nphunt.training.Trainer;
import org.nphunt.training.TrainingConfig;
import org.nphunt.training.TrainingListener;
import org.nphunt.training.TrainingResult;
import org.nphunt.training.TrainingState;
import org.nphunt.training.history.EpochRecord;

/**
 * Per-epoch cost of a DJL-trained model over a long training (issue 17: "the transformer's epoch time
 * doubles during training"): for each epoch the wall time, the process CPU time (robust to other
 * processes on a loaded machine), the resident memory (VmRSS) and the number of NDArrays alive in
 * DJL's PyTorch system manager and all its sub-managers (a leak of native arrays shows as a count that
 * grows with the epochs).
 *
 * <p>Usage: {@code java -cp nphunt.jar:nphunt-bench.jar org.nphunt.benchmark.torch.EpochProbe FILE.h5
 * MODEL EPOCHS [THREADS]}; one line per epoch on standard output.
 */
public final class EpochProbe {
  /** DJL's system manager (the parent of every base manager): its managed arrays include all sub-managers'. */
  private static final NDManager SYSTEM;

  static {
    try (NDManager probe = NDManager.newBaseManager()) {
      SYSTEM = probe.getParentManager();
    }
  }

  private EpochProbe() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: EpochProbe FILE.h5 MODEL EPOCHS [THREADS]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    int epochs = Integer.parseInt(args[2]);
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    EventBatch train;
    try (Hdf5EventReader r = Hdf5EventReader.open(file)) {
      train = r.read(0, Math.toIntExact(r.size()));
    }
    TrainingConfig tc = TrainingConfig.defaults(Architectures.defaults(args[1])).withEpochs(epochs)
        .withThreads(threads).withPatience(1_000_000, 1_000_000);
    long[] mark = new long[1];
    System.out.printf(Locale.ROOT, "# %s, %d events, %d epochs, %d threads, load %.2f%n", args[1], train.size(), epochs,
        threads, Machine.loadAverage()[0]);
    System.out.println("epoch wall_s cpu_s rss_mib ndarrays load1");
    Trainer trainer = new Trainer(tc).addListener(new TrainingListener() {
      @Override
      public void onStart(TrainingState state) {
        mark[0] = cpu();
      }

      @Override
      public Action onEpoch(TrainingState state, EpochRecord rec) {
        long now = cpu();
        System.out.printf(Locale.ROOT, "%d %.1f %.1f %.0f %d %.2f%n", rec.epoch(), rec.seconds(), (now - mark[0]) / 1e9,
            rssMib(), SYSTEM.getManagedArrays().size(), Machine.loadAverage()[0]);
        System.out.flush();
        mark[0] = now;
        return Action.CONTINUE;
      }
    });
    try (TrainingResult r = trainer.fit(new InMemoryEventSource(train, file.toString()), null)) {
      System.out.println("# done, " + r.history().epochs().size() + " epochs");
    }
  }

  static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static double rssMib() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      throw new NphuntException("cannot read /proc/self/status: " + e.getMessage(), e);
    }
    return Double.NaN;
  }
}
