package org.nphunt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;

class AtomicDirectoryTest {
  @TempDir Path tmp;

  private long entries() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.count();
    }
  }

  @Test
  void appearsOnlyOnCommit() throws Exception {
    Path target = tmp.resolve("out");
    try (AtomicDirectory d = AtomicDirectory.create(target, false)) {
      Files.writeString(d.temporary().resolve("a.txt"), "x");
      assertTrue(d.temporary().getFileName().toString().endsWith(".partial"));
      assertFalse(Files.exists(target));
      d.commit();
    }
    assertEquals("x", Files.readString(target.resolve("a.txt")));
    assertEquals(1, entries());
  }

  @Test
  void abortLeavesNothing() throws Exception {
    try (AtomicDirectory d = AtomicDirectory.create(tmp.resolve("out"), false)) {
      Files.writeString(d.temporary().resolve("a.txt"), "x");
    }
    assertEquals(0, entries());
  }

  @Test
  void refusesNonEmptyUnlessForced() throws Exception {
    Path target = tmp.resolve("out");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.txt"), "old");
    NphuntException e = assertThrows(NphuntException.class, () -> AtomicDirectory.create(target, false));
    assertEquals(target + " exists and is not empty (use --force to replace it)", e.getMessage());
    try (AtomicDirectory d = AtomicDirectory.create(target, true)) {
      Files.writeString(d.temporary().resolve("new.txt"), "new");
      assertTrue(Files.exists(target.resolve("old.txt")), "old output kept until commit");
      d.commit();
    }
    assertFalse(Files.exists(target.resolve("old.txt")));
    assertTrue(Files.exists(target.resolve("new.txt")));
  }
}
