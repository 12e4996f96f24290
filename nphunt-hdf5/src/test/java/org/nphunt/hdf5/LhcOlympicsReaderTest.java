package org.nphunt.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nphunt.data.Events;
import org.nphunt.data.ParticleListSchema;
import org.nphunt.json.Json;
import org.nphunt.testing.SharedFixtures;

/**
 * The real LHC Olympics 2020 R&amp;D events (../shared/fixtures/lhco2020_rnd_1000.h5, pandas fixed
 * format, Blosc chunks of 7 rows) reproduce their digest exactly: the digest's sums are exactly
 * rounded (Python's math.fsum), so they are summed here exactly with BigDecimal and rounded once.
 */
class LhcOlympicsReaderTest {
  static Path fixture() {
    return SharedFixtures.fixture("lhco2020_rnd_1000.h5");
  }

  private static void assertDigest(int block) throws Exception {
    JsonNode digest = Json.mapper().readTree(SharedFixtures.fixture("lhco2020_rnd_1000.json").toFile());
    try (LhcOlympicsReader r = LhcOlympicsReader.open(fixture())) {
      assertEquals(digest.get("events").asLong(), r.size());
      assertEquals(700, r.particleSchema().maxParticles());
      assertTrue(r.labelled());
      assertTrue(r.layout().describe().contains("blosc(blosclz 5, shuffle)"), r.layout().describe());
      BigDecimal pt = BigDecimal.ZERO;
      BigDecimal eta = BigDecimal.ZERO;
      BigDecimal phi = BigDecimal.ZERO;
      long particles = 0;
      long min = Long.MAX_VALUE;
      long max = 0;
      long[] labels = new long[2];
      int lastCount = -1;
      double[] first = null;
      for (long at = 0; at < r.size(); at += block) {
        Events b = r.read(at, (int) Math.min(block, r.size() - at));
        double[] p = b.tensor(ParticleListSchema.PARTICLES);
        int[] label = (int[]) b.column(ParticleListSchema.LABEL);
        if (first == null) {
          first = java.util.Arrays.copyOf(p, 9);
        }
        for (int e = 0; e < b.size(); e++) {
          labels[label[e]]++;
          int n = 0;
          for (int i = 0; i < 700; i++) {
            int o = (e * 700 + i) * 3;
            if (p[o] == 0 && p[o + 1] == 0 && p[o + 2] == 0) {
              continue;
            }
            n++;
            pt = pt.add(new BigDecimal(p[o]));
            eta = eta.add(new BigDecimal(Math.abs(p[o + 1])));
            phi = phi.add(new BigDecimal(Math.abs(p[o + 2])));
          }
          particles += n;
          min = Math.min(min, n);
          max = Math.max(max, n);
          lastCount = n;
        }
      }
      assertEquals(digest.get("sum_pt").asDouble(), pt.doubleValue());
      assertEquals(digest.get("sum_abs_eta").asDouble(), eta.doubleValue());
      assertEquals(digest.get("sum_abs_phi").asDouble(), phi.doubleValue());
      assertEquals(digest.get("particles_total").asLong(), particles);
      assertEquals(digest.get("particles_min").asLong(), min);
      assertEquals(digest.get("particles_max").asLong(), max);
      assertEquals(digest.get("last_event_nparticles").asLong(), lastCount);
      assertEquals(digest.get("label_counts").get("0").asLong(), labels[0]);
      assertEquals(digest.get("label_counts").get("1").asLong(), labels[1]);
      for (int i = 0; i < 3; i++) {
        for (int f = 0; f < 3; f++) {
          assertEquals(digest.get("first_event_first3").get(i).get(f).asDouble(), first[3 * i + f]);
        }
      }
      assertTrue(r.notes().isEmpty(), r.notes().toString());
    }
  }

  @Test
  void reproducesTheDigestExactlyInBlocksAcrossChunks() throws Exception {
    assertDigest(100); // 100 is not a multiple of the 7-row chunks
  }

  @Test
  void reproducesTheDigestInOneRead() throws Exception {
    assertDigest(1000);
  }

  @Test
  void randomAccessMatchesSequentialReads() {
    try (LhcOlympicsReader a = LhcOlympicsReader.open(fixture()); LhcOlympicsReader b = LhcOlympicsReader.open(fixture())) {
      Events all = a.read(0, 1000);
      for (int[] q : new int[][] {{993, 7}, {0, 1}, {500, 13}, {6, 2}, {350, 100}}) {
        Events part = b.read(q[0], q[1]);
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(all.tensor(0), q[0] * 2100, (q[0] + q[1]) * 2100)),
            java.util.Arrays.toString(part.tensor(0)));
      }
      assertFalse(b.hasColumn("ProcessId"));
      assertTrue(b.hasColumn(ParticleListSchema.LABEL));
    }
  }
}
