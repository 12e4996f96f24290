package org.nphunt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;

class AtomicOutputTest {
  @TempDir Path dir;

  @Test
  void nothingUnderTheFinalNameUntilCommit() throws IOException {
    Path target = dir.resolve("out.txt");
    try (AtomicOutput out = AtomicOutput.create(target, false)) {
      Files.writeString(out.temporary(), "half");
      assertFalse(Files.exists(target));
      // no commit: simulated failure
    }
    assertFalse(Files.exists(target));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.count(), "temporary file must be removed");
    }
  }

  @Test
  void commitRenames() throws IOException {
    Path target = dir.resolve("sub/out.txt");
    AtomicOutput.writeString(target, "done", false);
    assertEquals("done", Files.readString(target));
  }

  @Test
  void outputsGetOrdinaryPermissions() throws IOException {
    Path target = dir.resolve("perm.txt");
    AtomicOutput.writeString(target, "x", false);
    Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
  }

  @Test
  void refusesToOverwriteWithoutForce() throws IOException {
    Path target = dir.resolve("keep.txt");
    Files.writeString(target, "user data");
    NphuntException e = assertThrows(NphuntException.class, () -> AtomicOutput.writeString(target, "x", false));
    assertTrue(e.getMessage().endsWith("already exists (use --force to replace it)"));
    assertEquals("user data", Files.readString(target));
    AtomicOutput.writeString(target, "new", true);
    assertEquals("new", Files.readString(target));
  }

  @Test
  void hashesFiles() throws IOException {
    Path f = dir.resolve("abc");
    Files.writeString(f, "abc");
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hashing.sha256(f));
  }
}
