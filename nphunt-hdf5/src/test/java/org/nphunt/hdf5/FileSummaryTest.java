package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.EventBatch;
import org.nphunt.json.Json;

class FileSummaryTest {
  @TempDir Path dir;

  @Test
  void handDerivedCountsAndQuantiles() {
    // 5 events: MET each; electrons with pT 10, 20, 30, 40, 50 (one per event), eta -2..2; no muons;
    // event 4 has two jets.
    EventBatch b = new EventBatch(5);
    for (int e = 0; e < 5; e++) {
      b.set(e, 0, 0, 1 + e);
      b.set(e, 0, 2, 0.5);
      b.set(e, 0, 3, 1);
      b.set(e, 1, 0, 10 * (e + 1));
      b.set(e, 1, 1, e - 2);
      b.set(e, 1, 2, -1);
      b.set(e, 1, 3, 2);
    }
    b.set(4, 9, 0, 100);
    b.set(4, 9, 3, 4);
    b.set(4, 10, 0, 60);
    b.set(4, 10, 3, 4);
    b.setProcessId(new int[] {0, 0, 1, 1, 1});
    Path f = dir.resolve("five.h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults())) {
      w.write(b);
      w.attribute("seed", "7");
      w.commit();
    }
    FileSummary s = FileSummary.of(f);
    assertEquals(5, s.events());
    assertEquals(Map.of("1", 5L, "2", 5L, "3", 0L, "4", 2L), s.objectsPerClass());
    assertEquals(Map.of("0", 2L, "1", 3L), s.eventsPerProcess());
    assertEquals("7", s.attributes().get("seed"));
    FileSummary.TypeSummary ele = s.types().get(1);
    assertEquals("electron", ele.type());
    assertArrayEquals(new long[] {0, 5, 0, 0, 0}, ele.multiplicity());
    FileSummary.FeatureSummary pt = ele.features().get(0);
    assertEquals(10, pt.min());
    assertEquals(50, pt.max());
    assertEquals(30, pt.mean());
    assertEquals(30, pt.quantiles().get("0.5"));
    assertEquals(20, pt.quantiles().get("0.25"));
    assertEquals(10.4, pt.quantiles().get("0.01"), 1e-12); // h = 4 * 0.01 = 0.04 -> 10 + 0.04 * 10
    assertEquals(49.6, pt.quantiles().get("0.99"), 1e-12); // h = 3.96 -> 40 + 0.96 * 10
    assertEquals(0, ele.features().get(1).quantiles().get("0.5"));
    assertTrue(s.types().get(2).features().isEmpty(), "no muons, no feature statistics");
    assertArrayEquals(new long[] {4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, s.types().get(3).multiplicity());
    String text = s.toText();
    assertTrue(text.contains("events      5"), text);
    assertTrue(text.contains("electron (class 2) 5"), text);
    assertTrue(text.contains("seed = 7"), text);
  }

  @Test
  void fixtureCountsMatchDigestAndJsonRoundTrips() throws Exception {
    Path h5 = SharedFixtures.adc2021H5py();
    FileSummary s = FileSummary.of(h5);
    JsonNode digest = Json.mapper().readTree(h5.resolveSibling("adc2021_layout_h5py.json").toFile());
    assertEquals(digest.get("events").asLong(), s.events());
    digest.get("objects_per_class").fields().forEachRemaining(
        e -> assertEquals(e.getValue().asLong(), s.objectsPerClass().get(e.getKey())));
    JsonNode json = Json.mapper().readTree(Json.write(s));
    assertEquals(2000, json.get("events").asLong());
    assertEquals("float64", json.get("layout").get("dtype").asText());
    assertEquals("gzip(4)", json.get("layout").get("filters").get(0).asText());
    assertTrue(s.toText().contains("float64 (2000,19,4), chunked (1000,19,4), gzip(4)"), s.toText());
  }

  @Test
  void reservoirQuantilesAreCloseBeyondTheSampleSize() {
    // 30,000 events x 10 jets = 300,000 jets with eta uniform in [-3, 3): more than the reservoir.
    int n = 30_000;
    EventBatch b = new EventBatch(n);
    SplittableRandom r = new SplittableRandom(99);
    for (int e = 0; e < n; e++) {
      b.set(e, 0, 0, 10);
      b.set(e, 0, 3, 1);
      for (int s = 9; s < 19; s++) {
        b.set(e, s, 0, (float) (100 - s));
        b.set(e, s, 1, (float) (-3 + 6 * r.nextDouble()));
        b.set(e, s, 3, 4);
      }
    }
    Path f = dir.resolve("many.h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults().withGzipLevel(1))) {
      w.write(b);
      w.commit();
    }
    FileSummary s = FileSummary.of(f);
    FileSummary.FeatureSummary eta = s.types().get(3).features().get(1);
    // sampling error of a quantile of 100k draws: sd ~ 6 * sqrt(p(1-p)/1e5) <= 0.01
    assertEquals(0.0, eta.quantiles().get("0.5"), 0.05);
    assertEquals(-1.5, eta.quantiles().get("0.25"), 0.05);
    assertEquals(2.7, eta.quantiles().get("0.95"), 0.05);
    assertEquals(300_000, s.types().get(3).objects());
    assertEquals(Json.write(FileSummary.of(f)), Json.write(s), "fixed seed: the same summary every time");
  }
}
