package org.nphunt.cli;

import static org.nphunt.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void versionNamesNphuntAndJava() {
    Cli.Run r = run("--version");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("nphunt "), r.out());
    assertTrue(r.out().contains("Java 17") || r.out().contains("Java "), r.out());
  }

  @Test
  void unknownOptionIsOneLineAndExit2() {
    Cli.Run r = run("--bogus");
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
    assertFalse(r.err().contains("at org."), "no stack trace: " + r.err());
  }

  @Test
  void unknownCommandIsExit2() {
    Cli.Run r = run("frobnicate");
    assertEquals(2, r.code());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void helpListsUsage() {
    Cli.Run r = run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Usage: nphunt"), r.out());
  }
}
