package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nphunt.data.EventBatch;
import org.nphunt.hdf5.RawHdf5.Dataset;
import org.nphunt.hdf5.RawHdf5.Type;

/** Layouts other writers produce: contiguous, shuffle+gzip, big-endian, odd chunk shapes. */
class LayoutTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "contiguous float64, FLOAT64, 0, 0, false, 0, contiguous",
    "contiguous float32, FLOAT32, 0, 0, false, 0, contiguous",
    "shuffle+gzip float32, FLOAT32, 300, 4, true, 5, chunked",
    "shuffle+gzip float64, FLOAT64, 64, 4, true, 1, chunked",
    "gzip odd chunk, FLOAT64, 7, 4, false, 9, chunked",
    "split features, FLOAT32, 100, 2, false, 4, chunked",
    "big-endian, FLOAT32_BE, 100, 4, false, 4, chunked",
  })
  void readsExactly(String label, Type type, int chunkEvents, int chunkFeatures, boolean shuffle, int gzip, String storage) {
    int n = 1013;
    EventBatch b = TestEvents.random(n, 11, type != Type.FLOAT64, false);
    long[] chunk = chunkEvents == 0 ? null : new long[] {chunkEvents, 19, chunkFeatures};
    Path f = dir.resolve("layout.h5");
    RawHdf5.write(f, List.of(new Dataset("Particles", type, new long[] {n, 19, 4}, b.particles(), chunk, shuffle, gzip)));
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      assertEquals(storage, r.layout().storage());
      assertArrayEquals(b.particles(), r.read(0, n).particles());
      assertArrayEquals(b.slice(290, 333).particles(), r.read(290, 333).particles());
      assertNull(r.featureNames());
    }
  }
}
