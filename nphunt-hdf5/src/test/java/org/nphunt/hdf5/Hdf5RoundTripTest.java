package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;

/** Write-then-read round trips are exact. */
class Hdf5RoundTripTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} gzip {1} ids {2}")
  @CsvSource({
    "FLOAT32, 4, true", "FLOAT32, 0, true", "FLOAT64, 4, true", "FLOAT64, 0, false", "FLOAT32, 9, false", "FLOAT64, 1, true"
  })
  void roundTripIsExact(Dtype dtype, int gzip, boolean ids) {
    int n = 2537; // not a multiple of the chunk: exercises the partial edge chunk
    EventBatch events = TestEvents.random(n, 42, dtype == Dtype.FLOAT32, ids);
    Path f = dir.resolve("events.h5");
    WriteOptions o = WriteOptions.defaults().withDtype(dtype).withGzipLevel(gzip).withThreads(2);
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, o)) {
      // uneven batches straddle chunk boundaries
      int[] sizes = {1, 999, 1000, 37, 500};
      int at = 0;
      for (int i = 0; at < n; i++) {
        int k = Math.min(sizes[i % sizes.length], n - at);
        w.write(events.slice(at, k));
        at += k;
      }
      w.attribute("generator", "nphunt-gen 0.1");
      w.attribute("efficiency", "{\"ttbar\": 0.25, \"é\": 1}");
      assertEquals(n, w.written());
      w.commit();
    }
    assertTrue(Files.exists(f));
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      assertEquals(n, r.size());
      assertEquals(dtype, r.dtype());
      assertEquals(ids, r.hasEvtId());
      assertEquals(ids, r.hasProcessId());
      assertEquals(gzip == 0 ? List.of() : List.of("gzip(" + gzip + ")"), r.layout().filters());
      assertArrayEquals(new long[] {1000, 19, 4}, r.layout().chunk());
      EventBatch all = r.read(0, n);
      assertArrayEquals(events.particles(), all.particles());
      if (ids) {
        assertArrayEquals(events.evtId(), all.evtId());
        assertArrayEquals(events.processId(), all.processId());
      } else {
        assertNull(all.evtId());
        assertNull(all.processId());
      }
      // small blocks across chunk boundaries give the same values
      EventBatch mid = r.read(990, 25);
      assertArrayEquals(events.slice(990, 25).particles(), mid.particles());
      Map<String, String> attrs = r.attributes();
      assertEquals("nphunt-gen 0.1", attrs.get("generator"));
      assertEquals("{\"ttbar\": 0.25, \"é\": 1}", attrs.get("efficiency"));
      assertEquals(Adc2021.FEATURE_NAMES, r.featureNames());
      assertEquals(Adc2021.CLASS_NAMES, r.classNames());
    }
  }

  @Test
  void attributesBeyond64KiloBytesAreKept() {
    // a full manifest can exceed the 64 KB limit of compact attribute storage
    String big = "{\"config\": \"" + "x".repeat(150_000) + "\"}";
    Path f = dir.resolve("big-attr.h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults())) {
      w.write(TestEvents.random(5, 1, true, false));
      w.attribute("manifest", big);
      w.attribute("empty", "");
      w.commit();
    }
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      assertEquals(big, r.attributes().get("manifest"));
      assertEquals("", r.attributes().get("empty"));
    }
    Path s = dir.resolve("big-scores.h5");
    try (ScoreFileWriter w = ScoreFileWriter.create(s, List.of("mse"), false)) {
      w.write(1, new double[][] {{1}}, null, null);
      w.attribute("manifest", big);
      w.commit();
    }
    try (ScoreFileReader r = ScoreFileReader.open(s)) {
      assertEquals(big, r.attribute("manifest"));
    }
  }

  @Test
  void writerRefusesInvalidEventsAndInconsistentColumns() {
    Path f = dir.resolve("bad.h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults())) {
      w.write(TestEvents.random(1200, 1, true, true));
      EventBatch bad = TestEvents.random(10, 2, true, true);
      bad.set(4, 3, 2, Double.NaN);
      NphuntException e = assertThrows(NphuntException.class, () -> w.write(bad));
      assertTrue(e.getMessage().contains("bad.h5:/Particles (writing): event 1204, slot 3, Phi is NaN"), e.getMessage());
      IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> w.write(TestEvents.random(3, 1, true, false)));
      assertTrue(m.getMessage().contains("lacks EvtId"), m.getMessage());
    }
    assertFalse(Files.exists(f));
  }

  @Test
  void incompressibleChunksAreStoredRaw() {
    byte[] noise = new byte[304_000];
    new java.util.SplittableRandom(5).nextBytes(noise);
    java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(noise.length).put(noise);
    assertNull(Hdf5EventWriter.compress(direct, 4), "random bytes do not shrink: stored raw, filter marked skipped");
    byte[] zeros = Hdf5EventWriter.compress(java.nio.ByteBuffer.allocateDirect(noise.length), 4);
    java.util.zip.Inflater inf = new java.util.zip.Inflater();
    inf.setInput(zeros);
    byte[] back = new byte[noise.length];
    try {
      assertEquals(noise.length, inf.inflate(back));
    } catch (java.util.zip.DataFormatException e) {
      throw new AssertionError(e);
    }
    assertTrue(inf.finished());
    assertArrayEquals(new byte[noise.length], back);
  }

  @Test
  void zeroEventsIsAValidEmptyFile() {
    Path f = dir.resolve("empty.h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults())) {
      w.commit();
    }
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      assertEquals(0, r.size());
      assertEquals(0, r.read(0, 0).size());
    }
  }

  @Test
  void refusesToOverwriteUnlessForced() throws Exception {
    Path f = dir.resolve("x.h5");
    Files.writeString(f, "precious");
    NphuntException e = assertThrows(NphuntException.class, () -> Hdf5EventWriter.create(f, WriteOptions.defaults()));
    assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("--force"), e.getMessage());
    assertEquals("precious", Files.readString(f));
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults().withForce(true))) {
      w.write(TestEvents.random(10, 1, true, false));
      w.commit();
    }
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      assertEquals(10, r.size());
    }
  }

  @Test
  void abortedWriterLeavesNothing() throws Exception {
    Path f = dir.resolve("aborted.h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults())) {
      w.write(TestEvents.random(3500, 2, true, true));
      // no commit: closing discards
    }
    assertFalse(Files.exists(f));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(), s.toList());
    }
  }
}
