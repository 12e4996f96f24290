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

  /** A target whose parent (or a further ancestor) is a file: the error says that file is not a folder. */
  @Test
  void aParentThatIsAFileIsNamedAsSuch() throws IOException {
    Path file = Files.writeString(dir.resolve("sm.h5"), "events");
    NphuntException e = assertThrows(NphuntException.class, () -> AtomicOutput.create(file.resolve("x.h5"), false));
    assertEquals("cannot write in " + file + ": it is a file, not a folder", e.getMessage());
    e = assertThrows(NphuntException.class, () -> AtomicOutput.create(file.resolve("a/x.h5"), false));
    assertEquals("cannot write in " + file.resolve("a") + ": " + file + " is a file, not a folder", e.getMessage());
    e = assertThrows(NphuntException.class, () -> AtomicDirectory.create(file.resolve("eval"), false, OutputRules.any()));
    assertEquals("cannot write in " + file + ": it is a file, not a folder", e.getMessage());
    assertEquals("events", Files.readString(file));
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
