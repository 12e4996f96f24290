package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;

/**
 * The C library prints its error stack on the process's own stderr (file descriptor 2), which Java
 * cannot capture in-process: run failing opens in a child JVM and check its stderr stays clean.
 */
class ErrorStackSilencedTest {
  @TempDir Path dir;

  /** Child: opens each file, printing only nphunt's one-line message. */
  public static void main(String[] args) {
    for (String a : args) {
      try (Hdf5EventReader r = Hdf5EventReader.open(Path.of(a))) {
        r.read(0, (int) r.size());
        System.out.println("ok " + a);
      } catch (NphuntException e) {
        System.out.println("error " + e.getMessage());
      }
    }
  }

  @Test
  void libraryErrorStackNeverReachesStderr() throws Exception {
    Path truncated = dir.resolve("truncated.h5");
    byte[] all = Files.readAllBytes(SharedFixtures.adc2021H5py());
    Files.write(truncated, Arrays.copyOf(all, all.length / 2));
    Path noParticles = dir.resolve("other.h5");
    RawHdf5.write(noParticles, List.of(RawHdf5.Dataset.contiguous("X", RawHdf5.Type.FLOAT64, new long[] {1}, new double[1])));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ErrorStackSilencedTest.class.getName(), truncated.toString(), noParticles.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), err);
    assertTrue(out.contains("truncated.h5: file truncated: 111266 bytes on disk, but the file's superblock says it ends at byte 222532"), out);
    assertTrue(out.contains("other.h5: dataset /Particles is missing"), out);
    assertFalse(err.contains("HDF5-DIAG"), "C error stack leaked:\n" + err);
    assertEquals("", err.strip(), err);
  }
}
