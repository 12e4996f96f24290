package org.nphunt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;

/**
 * A process stopped by SIGTERM (what Ctrl-C's SIGINT does too: the JVM runs its shutdown hooks) while it
 * writes an atomic output leaves neither its temporary nor anything under the final name, and the same
 * output can be written again; a commit attempted after the hook started is refused. Child JVMs, since the
 * hook and its state are per process.
 */
class InterruptedOutputTest {
  @TempDir Path dir;

  /**
   * The child: args[0] "dir", "file" or "late-commit", args[1] the target. "dir" and "file" write part of
   * an output, create args[1] + ".ready" and wait to be stopped; "late-commit" runs the shutdown hook's
   * cleanup itself, then tries to commit, and exits 0 only when the commit is refused and nothing is left.
   */
  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[1]);
    Path ready = Path.of(args[1] + ".ready");
    switch (args[0]) {
      case "dir" -> {
        AtomicDirectory d = AtomicDirectory.create(target, false);
        Files.writeString(d.temporary().resolve("results.json"), "{\"half\": ");
        Files.createDirectories(d.temporary().resolve("plots"));
        Files.writeString(ready, "");
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        d.commit();
      }
      case "file" -> {
        AtomicOutput o = AtomicOutput.create(target, false);
        Files.writeString(o.temporary(), "half an HDF5 file");
        Files.writeString(ready, "");
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        o.commit();
      }
      case "late-commit" -> {
        AtomicDirectory d = AtomicDirectory.create(target, false);
        Files.writeString(d.temporary().resolve("results.json"), "{}");
        Temporaries.deleteAll(); // what SIGTERM starts while this thread goes on
        try {
          d.commit();
          System.exit(4); // committed although the process is stopping
        } catch (NphuntException e) {
          System.out.println(e.getMessage());
        }
        System.exit(Files.exists(target) || Files.exists(d.temporary()) ? 5 : 0);
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.exit(3); // not stopped in time
  }

  private Process child(String mode, Path target) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        InterruptedOutputTest.class.getName(), mode, target.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve(mode + ".log").toFile()).start();
  }

  /** Starts the child, waits until it has written part of its output, stops it with SIGTERM. */
  private void stopWhileWriting(String mode, Path target) throws Exception {
    Process p = child(mode, target);
    Path ready = Path.of(target + ".ready");
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.exists(ready) && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(Files.exists(ready), "the child did not start writing: " + Files.readString(dir.resolve(mode + ".log")));
      assertEquals(1, partials().size(), "the temporary exists while writing");
    } finally {
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child did not stop on SIGTERM");
    }
    assertEquals(143, p.exitValue(), "stopped by SIGTERM (128 + 15)");
    assertEquals(List.of(), partials(), "temporary left behind");
    assertFalse(Files.exists(target), "nothing under the final name");
    Files.delete(ready);
  }

  private List<Path> partials() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
    }
  }

  @Test
  void sigtermWhileWritingAFolderLeavesNothingAndARerunWorks() throws Exception {
    Path target = dir.resolve("hunt-out");
    stopWhileWriting("dir", target);
    try (AtomicDirectory d = AtomicDirectory.create(target, false)) {
      Files.writeString(d.temporary().resolve("results.json"), "{}");
      d.commit();
    }
    assertEquals("{}", Files.readString(target.resolve("results.json")));
  }

  @Test
  void sigtermWhileWritingAFileLeavesNothingAndARerunWorks() throws Exception {
    Path target = dir.resolve("sampled.h5");
    stopWhileWriting("file", target);
    AtomicOutput.writeString(target, "whole", false);
    assertEquals("whole", Files.readString(target));
  }

  @Test
  void aCommitAfterTheShutdownHookStartedIsRefused() throws Exception {
    Path target = dir.resolve("late");
    Process p = child("late-commit", target);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    String log = Files.readString(dir.resolve("late-commit.log"));
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.startsWith("interrupted (SIGINT or SIGTERM): ") && log.strip().endsWith(" is not committed"), log);
  }
}
