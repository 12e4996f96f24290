package org.nphunt.cli;

import static org.nphunt.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.EventBatch;
import org.nphunt.hdf5.Dtype;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.json.Json;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;

/** {@code nphunt generate} end to end through {@link Main#execute} and the HDF5 reader. */
class GenerateCommandTest {
  @TempDir Path dir;


  @Test
  void writesTheLibrarysEventsWithProcessIdAndAttributes() throws Exception {
    Path file = dir.resolve("sm.h5");
    Cli.Run r = run("generate", "--process", "sm", "--events", "3000", "--seed", "42", "--out", file.toString(), "--threads", "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("wrote 3000 sm events"), r.out());
    EventBatch expected = EventGenerator.generateBatch(Processes.SM, 3000, 42, 1);
    try (Hdf5EventReader reader = Hdf5EventReader.open(file)) {
      assertEquals(3000, reader.size());
      assertEquals(Dtype.FLOAT32, reader.dtype());
      assertTrue(reader.hasProcessId());
      EventBatch b = reader.read(0, 3000);
      b.validate(file.toString(), 0);
      assertArrayEquals(expected.processId(), b.processId());
      double[] want = expected.particles();
      double[] got = b.particles();
      for (int i = 0; i < 3000 * 76; i++) {
        assertEquals((float) want[i], (float) got[i], "value " + i);
      }
      var attrs = reader.attributes();
      assertEquals("42", attrs.get("seed"));
      assertEquals(EventGenerator.VERSION, attrs.get("generator_version"));
      JsonNode stats = Json.mapper().readTree(attrs.get("process_stats"));
      assertEquals(4, stats.size());
      assertEquals("W", stats.get(0).get("name").asText());
      assertTrue(stats.get(0).get("efficiency").asDouble() > 0.2);
      JsonNode manifest = Json.mapper().readTree(attrs.get("manifest"));
      assertEquals(42, manifest.get("seed").asLong());
      assertTrue(manifest.get("command").asText().startsWith("nphunt generate --process sm --events 3000"));
    }
  }

  @Test
  void float64UncompressedIsExactAndThreadCountDoesNotMatter() {
    Path a = dir.resolve("a.h5");
    Path b = dir.resolve("b.h5");
    assertEquals(0, run("generate", "--process", "Ato4l", "--events", "1500", "--seed", "7", "--out", a.toString(),
        "--threads", "1", "--float64", "--no-gzip").code());
    assertEquals(0, run("generate", "--process", "Ato4l", "--events", "1500", "--seed", "7", "--out", b.toString(),
        "--threads", "2", "--float64", "--no-gzip").code());
    EventBatch expected = EventGenerator.generateBatch(Processes.builtIn("Ato4l"), 1500, 7, 1);
    try (Hdf5EventReader ra = Hdf5EventReader.open(a); Hdf5EventReader rb = Hdf5EventReader.open(b)) {
      assertEquals(Dtype.FLOAT64, ra.dtype());
      EventBatch ea = ra.read(0, 1500);
      assertArrayEquals(expected.particles(), ea.particles());
      assertArrayEquals(ea.particles(), rb.read(0, 1500).particles());
      for (int id : ea.processId()) {
        assertEquals(10, id);
      }
    }
  }

  @Test
  void aJsonSpecIsAProcess() throws Exception {
    Path spec = dir.resolve("a30.json");
    Files.writeString(spec, "{\"name\":\"A30\",\"processId\":20,\"production\":\"SINGLE\",\"decay\":\"FOUR_LEPTON\",\"mass\":30}");
    Path file = dir.resolve("a30.h5");
    Cli.Run r = run("generate", "--process", spec.toString(), "--events", "200", "--out", file.toString());
    assertEquals(0, r.code(), r.err());
    try (Hdf5EventReader reader = Hdf5EventReader.open(file)) {
      assertEquals(20, reader.read(0, 1).processId()[0]);
      assertTrue(reader.attributes().get("process_spec").contains("\"mass\" : 30.0"), reader.attributes().get("process_spec"));
    }
  }

  @Test
  void refusesToOverwriteWithoutForce() throws Exception {
    Path file = dir.resolve("x.h5");
    Files.writeString(file, "precious");
    Cli.Run r = run("generate", "--process", "W", "--events", "100", "--out", file.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("nphunt: error: ") && r.err().contains("exists"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertEquals("precious", Files.readString(file));
    // --force replaces an earlier generated file only, never a file nphunt did not write (issue 16)
    Cli.Run forced = run("generate", "--process", "W", "--events", "100", "--out", file.toString(), "--force");
    assertEquals(1, forced.code());
    assertTrue(forced.err().contains("is not an event file written by nphunt generate"), forced.err());
    assertEquals("precious", Files.readString(file));
  }

  @Test
  void badUsageExitsWithTwoAndOneLine() {
    Path file = dir.resolve("y.h5");
    Cli.Run r = run("generate", "--process", "Zprime", "--events", "10", "--out", file.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("process must be one of"), r.err());
    // a mistyped jet process, with or without --dijet-out: both catalogues are named (it used to list the trigger
    // processes only, or say that --dijet-out applies to jet processes)
    for (String[] a : new String[][] {{"--out", file.toString()}, {"--dijet-out", file.toString()}}) {
      r = run("generate", "--process", "graviton-ww-3000", "--events", "10", a[0], a[1]);
      assertEquals(2, r.code());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("the jet processes [qcd-dijet, wprime-xy"), r.err());
      assertTrue(r.err().contains("graviton-ww-3500") && r.err().strip().endsWith("found graviton-ww-3000"), r.err());
    }
    // --out and --dijet-out on one file: refused before generating (the second commit used to fail after the first)
    r = run("generate", "--process", "wprime-xy", "--events", "5", "--out", file.toString(), "--dijet-out",
        dir.resolve(".").resolve("y.h5").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--out and --dijet-out name the same file"), r.err());
    // storage options of the ADC2021 layout were silently ignored by jet processes
    r = run("generate", "--process", "wprime-xy", "--events", "5", "--dijet-out", file.toString(), "--float64");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--float64 sets the storage of trigger events (ADC2021 layout), not of jet processes"), r.err());
    assertFalse(Files.exists(file));
    r = run("generate", "--process", "sm", "--events", "0", "--out", file.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--events must be > 0, found 0"), r.err());
    r = run("generate", "--process", "sm", "--events", "10", "--out", file.toString(), "--threads", "-1");
    assertEquals(2, r.code());
    r = run("generate", "--process", "/no/such/spec.json", "--events", "10", "--out", file.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("no such file"), r.err());
    r = run("generate", "--events", "10", "--out", file.toString());
    assertEquals(2, r.code());
    assertFalse(Files.exists(file));
  }

  /** Jet processes write LHC Olympics particle lists and/or the dijet layout, readable back by nphunt. */
  /** --force replaces the jet generator's own earlier files (it refused them: "is not an event file written by ..."). */
  @Test
  void forceReplacesAnEarlierGeneratedJetFile() {
    Path p = dir.resolve("again-particles.h5");
    Path d = dir.resolve("again-dijets.h5");
    for (int i = 0; i < 2; i++) {
      Cli.Run r = run("generate", "--process", "wprime-xy", "--events", "3", "--seed", "" + (i + 1), "--out", p.toString(),
          "--dijet-out", d.toString(), "--force");
      assertEquals(0, r.code(), r.err());
    }
  }

  @Test
  void jetProcessesWriteParticleListsAndDijets() {
    Path particles = dir.resolve("qcd.h5");
    Path dijets = dir.resolve("qcd_dijets.h5");
    Cli.Run r = run("generate", "--process", "lhco-rnd", "--events", "60", "--seed", "3", "--out", particles.toString(),
        "--dijet-out", dijets.toString(), "--threads", "2");
    assertEquals(0, r.code(), r.err());
    try (org.nphunt.data.EventSource p = org.nphunt.hdf5.EventFiles.open(particles);
        org.nphunt.data.EventSource d = org.nphunt.hdf5.EventFiles.open(dijets)) {
      assertEquals("particles", p.schema().name());
      assertEquals("dijet", d.schema().name());
      assertEquals(60, p.size());
      assertEquals(60, d.size());
      assertTrue(p.hasColumn("label") && d.hasColumn("truth_label"));
    }
    Cli.Run one = run("generate", "--process", "lhco-rnd", "--events", "60", "--seed", "3", "--threads", "1",
        "--dijet-out", dir.resolve("again.h5").toString());
    assertEquals(0, one.code(), one.err());
    try (org.nphunt.data.EventSource a = org.nphunt.hdf5.EventFiles.open(dijets);
        org.nphunt.data.EventSource b = org.nphunt.hdf5.EventFiles.open(dir.resolve("again.h5"))) {
      assertArrayEquals(a.read(0, 60).tensor(1), b.read(0, 60).tensor(1), 0.0, "same seed, 1 or 2 threads: same events");
    }
    Cli.Run noOut = run("generate", "--process", "qcd-dijet", "--events", "10");
    assertEquals(2, noOut.code());
    assertTrue(noOut.err().contains("a jet process needs --out (particle lists) and/or --dijet-out"), noOut.err());
  }
}
