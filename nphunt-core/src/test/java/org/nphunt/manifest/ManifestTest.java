package org.nphunt.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.json.Json;

class ManifestTest {
  @TempDir Path dir;

  @Test
  void carriesSeedConfigAndInputHashes() throws Exception {
    Path in = dir.resolve("in.h5");
    Files.writeString(in, "abc");
    Manifest m = Manifest.create("train", 4L, Map.of("epochs", 3), List.of(in));
    assertEquals("nphunt", m.tool());
    assertEquals(4L, m.seed());
    assertEquals(3, m.config().get("epochs").asInt());
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", m.inputs().get(0).sha256());
    assertEquals(3, m.inputs().get(0).bytes());
    assertNotNull(m.gitRevision());
    assertTrue(m.version().matches("\\d+\\.\\d+\\.\\d+.*"), m.version());
    assertEquals(m, Json.read(Json.write(m), Manifest.class, "manifest"));
  }

  @Test
  void carriesTheRuntimeNotesAndReadsManifestsWrittenWithoutThem() throws Exception {
    RuntimeNotes.add("test: a runtime fact ");
    RuntimeNotes.add("test: a runtime fact");
    Manifest m = Manifest.create("score", null, Map.of("batch", 1), List.of());
    assertEquals(1, m.runtimeNotes().stream().filter(n -> n.startsWith("test:")).count(), m.runtimeNotes().toString());
    assertTrue(m.runtimeNotes().contains("test: a runtime fact"), m.runtimeNotes().toString());
    assertEquals(m, Json.read(Json.write(m), Manifest.class, "manifest"));
    // a manifest of an earlier version has no runtimeNotes: it reads, with none
    com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().valueToTree(m);
    old.remove("runtimeNotes");
    assertEquals(List.of(), Json.read(old.toString(), Manifest.class, "manifest").runtimeNotes());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RuntimeNotes.add(" "));
  }
}
