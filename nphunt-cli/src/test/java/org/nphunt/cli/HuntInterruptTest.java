package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nphunt hunt} stopped by SIGTERM (Ctrl-C's SIGINT takes the same path: the JVM's shutdown hooks) while
 * it works in its temporary folder: exit code 143, no {@code .NAME.PID-N.partial} folder and no output folder
 * left, and the same command then writes the folder. A child JVM runs the command ({@link Main}).
 */
class HuntInterruptTest {
  @TempDir Path dir;

  @Tag("slow")
  @Test
  void sigtermDuringTheHuntLeavesNothingAndARerunWorks() throws Exception {
    Path out = dir.resolve("hunt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // large enough that the quantile regression is still running when the signal comes
    Process p = new ProcessBuilder(List.of(java, "-Xmx1g", "-Djava.awt.headless=true", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "hunt", "--toy", "--events", "400000", "--out",
        out.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (partials().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, partials().size(), "the hunt's temporary folder: " + Files.readString(dir.resolve("child.log")));
      Thread.sleep(500); // into the work
      assertTrue(p.isAlive(), "the hunt ended before the signal: " + Files.readString(dir.resolve("child.log")));
    } finally {
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the hunt did not stop on SIGTERM");
    }
    assertEquals(143, p.exitValue(), "stopped by SIGTERM: " + Files.readString(dir.resolve("child.log")));
    assertEquals(List.of(), partials(), "temporary folder left behind");
    assertFalse(Files.exists(out), "no output folder after an interrupted hunt");

    Cli.Run again = Cli.run("hunt", "--toy", "--events", "4000", "--qr", "linear", "--scan-points", "3", "--out",
        out.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(Files.isRegularFile(out.resolve("results.json")) && Files.isRegularFile(out.resolve("report.html")));
    assertEquals(List.of(), partials());
  }

  private List<Path> partials() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
    }
  }
}
