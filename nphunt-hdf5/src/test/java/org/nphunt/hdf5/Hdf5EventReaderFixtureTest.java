package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.json.Json;

/** The reader reproduces the digest of the h5py-written fixture exactly. */
class Hdf5EventReaderFixtureTest {
  private static void assertDigest(Path h5, int block) throws Exception {
    JsonNode digest = Json.mapper().readTree(h5.resolveSibling("adc2021_layout_h5py.json").toFile());
    try (Hdf5EventReader r = Hdf5EventReader.open(h5)) {
      assertEquals(digest.get("events").asLong(), r.size());
      assertEquals(Dtype.FLOAT64, r.dtype());
      // The digest's sums are exactly rounded (Python math.fsum), so sum exactly here too.
      BigDecimal pt = BigDecimal.ZERO;
      BigDecimal eta = BigDecimal.ZERO;
      BigDecimal phi = BigDecimal.ZERO;
      TreeMap<String, Long> perClass = new TreeMap<>();
      EventBatch first = null;
      EventBatch last = null;
      for (long s = 0; s < r.size(); s += block) {
        EventBatch b = r.read(s, (int) Math.min(block, r.size() - s));
        for (int e = 0; e < b.size(); e++) {
          for (int slot = 0; slot < Adc2021.SLOTS; slot++) {
            pt = pt.add(new BigDecimal(b.pt(e, slot)));
            eta = eta.add(new BigDecimal(Math.abs(b.eta(e, slot))));
            phi = phi.add(new BigDecimal(Math.abs(b.phi(e, slot))));
            int c = b.classId(e, slot);
            if (c != 0) {
              perClass.merge(Integer.toString(c), 1L, Long::sum);
            }
          }
        }
        if (first == null) {
          first = b.slice(0, 1);
        }
        last = b.slice(b.size() - 1, 1);
      }
      assertEquals(digest.get("sum_pt").asDouble(), pt.doubleValue());
      assertEquals(digest.get("sum_abs_eta").asDouble(), eta.doubleValue());
      assertEquals(digest.get("sum_abs_phi").asDouble(), phi.doubleValue());
      TreeMap<String, Long> expected = new TreeMap<>();
      digest.get("objects_per_class").fields().forEachRemaining(f -> expected.put(f.getKey(), f.getValue().asLong()));
      assertEquals(expected, perClass);
      assertArrayEquals(flatten(digest.get("first_event")), first.particles());
      assertArrayEquals(flatten(digest.get("last_event")), last.particles());
      assertFalse(r.hasEvtId());
      assertEquals(Adc2021.FEATURE_NAMES, r.featureNames());
      assertEquals(Adc2021.CLASS_NAMES, r.classNames());
      assertEquals(List.of("gzip(4)"), r.layout().filters());
      assertArrayEquals(new long[] {1000, 19, 4}, r.layout().chunk());
    }
  }

  private static double[] flatten(JsonNode rows) {
    double[] out = new double[Adc2021.VALUES_PER_EVENT];
    int i = 0;
    for (JsonNode row : rows) {
      for (JsonNode v : row) {
        out[i++] = v.asDouble();
      }
    }
    return out;
  }

  @Test
  void reproducesDigestReadingWholeChunks() throws Exception {
    assertDigest(SharedFixtures.adc2021H5py(), 1000);
  }

  @Test
  void reproducesDigestReadingBlocksAcrossChunkBoundaries() throws Exception {
    assertDigest(SharedFixtures.adc2021H5py(), 333);
  }

  @Test
  void reproducesDigestInOneRead() throws Exception {
    assertDigest(SharedFixtures.adc2021H5py(), 5000);
  }
}
