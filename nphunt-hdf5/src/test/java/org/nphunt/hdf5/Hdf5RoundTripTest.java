package org.nphunt.hdf5;

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
    EventBatch events = Fixtures.events(n, 42, dtype == Dtype.FLOAT32, ids);
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
      w.write(Fixtures.events(10, 1, true, false));
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
      w.write(Fixtures.events(3500, 2, true, true));
      // no commit: closing discards
    }
    assertFalse(Files.exists(f));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(), s.toList());
    }
  }
}
