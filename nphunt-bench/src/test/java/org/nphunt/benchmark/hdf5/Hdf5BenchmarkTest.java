package org.nphunt.benchmark.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.hdf5.Dtype;

/** The benchmark runs end to end on a tiny size and reports consistent figures (no timing asserted). */
class Hdf5BenchmarkTest {
  @TempDir Path dir;

  @Test
  void smallRunReportsAllFourMeasurements() throws Exception {
    List<Hdf5Benchmark.Result> results = Hdf5Benchmark.run(dir, 12_345, 2);
    assertEquals(4, results.size());
    assertEquals(List.of("write", "read", "write", "read"), results.stream().map(Hdf5Benchmark.Result::operation).toList());
    assertEquals(4, results.get(0).gzipLevel());
    assertEquals(0, results.get(3).gzipLevel());
    for (Hdf5Benchmark.Result r : results) {
      assertEquals(12_345, r.events());
      assertEquals(Dtype.FLOAT32, r.dtype());
      assertTrue(r.seconds() > 0 && r.eventsPerSecond() > 0 && r.peakHeapMb() > 0, r.describe());
      assertEquals(r.events() * 76 * 4 / r.seconds() / 1e6, r.megabytesPerSecond(), 1e-6 * r.megabytesPerSecond());
    }
    assertTrue(results.get(0).fileBytes() < results.get(2).fileBytes(), "gzip file is smaller");
    try (var s = Files.list(dir)) {
      assertFalse(s.findAny().isPresent(), "benchmark files are removed");
    }
    // synthetic events are valid and reproducible
    assertEquals(java.util.Arrays.toString(Hdf5Benchmark.syntheticEvents(50, 3).particles()),
        java.util.Arrays.toString(Hdf5Benchmark.syntheticEvents(50, 3).particles()));
    Hdf5Benchmark.syntheticEvents(500, 3).validate("synthetic", 0);
  }

  @Test
  void readsAnyFormatAndTheOneEventChunkLayout() {
    Path one = dir.resolve("one.h5");
    Hdf5Benchmark.writeOneEventChunks(one, 3000);
    Hdf5Benchmark.FormatResult r = Hdf5Benchmark.readFormat(one, 1000);
    assertEquals(3000, r.events());
    assertEquals("ADC2021", r.format());
    assertTrue(r.layout().contains("chunked (1,19,4)"), r.layout());
    assertEquals(3000 * 76 * 4 / r.seconds() / 1e6, r.megabytesPerSecond(), 1e-6 * r.megabytesPerSecond());
    Path lhco = org.nphunt.testing.SharedFixtures.fixture("lhco2020_rnd_1000.h5");
    Hdf5Benchmark.FormatResult l = Hdf5Benchmark.readFormat(lhco, 300);
    assertEquals(1000, l.events());
    assertEquals(1000 * 2101 * 8 / l.seconds() / 1e6, l.megabytesPerSecond(), 1e-6 * l.megabytesPerSecond());
    assertTrue(l.describe().contains("LHC Olympics"), l.describe());
  }
}
