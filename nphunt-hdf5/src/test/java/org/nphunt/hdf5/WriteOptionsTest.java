package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.EventBatch;
import org.nphunt.json.Json;

class WriteOptionsTest {
  @TempDir Path dir;

  @Test
  void defaultsAndValidation() {
    WriteOptions d = WriteOptions.defaults();
    assertEquals(Dtype.FLOAT32, d.dtype());
    assertEquals(4, d.gzipLevel());
    assertEquals(1000, d.chunkEvents());
    assertEquals(false, d.force());
    assertEquals("gzipLevel must be in 0..9, found 10",
        assertThrows(IllegalArgumentException.class, () -> d.withGzipLevel(10)).getMessage());
    assertEquals("chunkEvents must be in 1..100000, found 0",
        assertThrows(IllegalArgumentException.class, () -> d.withChunkEvents(0)).getMessage());
    assertEquals("threads must be > 0, found -3",
        assertThrows(IllegalArgumentException.class, () -> d.withThreads(-3)).getMessage());
    WriteOptions o = d.withDtype(Dtype.FLOAT64).withChunkEvents(250).withForce(true);
    assertEquals(o, Json.read(Json.write(o), WriteOptions.class, "options"));
  }

  @Test
  void customChunkSizeIsWrittenAndReadBack() {
    Path f = dir.resolve("c.h5");
    EventBatch b = TestEvents.random(1001, 3, true, false);
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults().withChunkEvents(250).withThreads(1))) {
      w.write(b);
      w.commit();
    }
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      assertEquals(250, r.layout().chunk()[0]);
      assertEquals(java.util.Arrays.toString(b.particles()), java.util.Arrays.toString(r.read(0, 1001).particles()));
    }
  }
}
