package org.nphunt.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.Events;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.jet.dijet.ToyDijets;
import org.nphunt.training.history.EpochRecord;

/**
 * A chamfer-vae training process killed with SIGKILL (kill -9) in the middle of its run resumes from its
 * last checkpoint and ends with exactly the weights of an uninterrupted run.
 */
class KillResumeTest {
  static final int EPOCHS = 4;

  static TrainingConfig config() {
    return JetModelsTest.small(JetModelsTest.CHAMFER, EPOCHS);
  }

  static InMemoryEventSource source() {
    Events qcd = ToyDijets.qcd().dijets(800, 11, JetModelsTest.CLUSTERING);
    return new InMemoryEventSource(qcd, "qcd");
  }

  /** The child: trains with a checkpoint in args[0] until killed (a listener slows the epochs down). */
  public static void main(String[] args) {
    Trainer t = new Trainer(config()).checkpointTo(Path.of(args[0])).addListener(new TrainingListener() {
      @Override
      public Action onBatch(TrainingState s, int batch, int events, double loss) {
        try {
          Thread.sleep(s.epoch() >= 2 ? 200 : 0); // from epoch 2 on, slow enough to be killed mid-epoch
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Action.CONTINUE;
      }
    });
    t.fit(source(), null).close();
    System.exit(3); // never reached when killed in time
  }

  @Tag("slow")
  @Test
  void killedRunResumesToTheUninterruptedWeights(@TempDir Path tmp) throws Exception {
    float[] full;
    try (TrainingResult r = new Trainer(config()).fit(source(), null)) {
      full = TrainerTest.flat(r.model());
    }
    Path cp = tmp.resolve("cp");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(List.of(java, "-Xmx1g", "-Dai.djl.offline=true", "-cp",
        System.getProperty("java.class.path"), KillResumeTest.class.getName(), cp.toString()))
        .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    try {
      Path state = cp.resolve(CheckpointFile.STATE);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (!Files.exists(state) && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(Files.exists(state), "the child wrote no checkpoint: " + Files.readString(tmp.resolve("child.log")));
      Thread.sleep(300); // into epoch 2
    } finally {
      child.destroyForcibly(); // SIGKILL
      child.waitFor();
    }
    assertEquals(137, child.exitValue(), "killed by SIGKILL, not finished");
    int done = CheckpointFile.read(cp).state().epoch();
    assertTrue(done >= 1 && done < EPOCHS, "checkpoint after epoch " + done);
    int[] first = {0};
    Trainer resumed = Trainer.resume(cp, null).addListener(new TrainingListener() {
      @Override
      public Action onEpoch(TrainingState s, EpochRecord r) {
        if (first[0] == 0) {
          first[0] = r.epoch();
        }
        return Action.CONTINUE;
      }
    });
    try (TrainingResult r = resumed.fit(source(), null)) {
      assertEquals(done + 1, first[0], "resumed at the epoch after the checkpoint");
      assertEquals(EPOCHS, r.history().epochs().size());
      assertArrayEquals(full, TrainerTest.flat(r.model()), "resumed weights = uninterrupted weights");
    }
  }
}
