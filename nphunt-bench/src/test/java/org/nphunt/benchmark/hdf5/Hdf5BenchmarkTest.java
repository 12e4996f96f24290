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
}
