package org.nphunt.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nphunt.data.Events;
import org.nphunt.data.TopTaggingSchema;
import org.nphunt.json.Json;

/**
 * Files in the top-tagging layout written by pandas (nphunt-bench/src/main/python/hdf5/make_toptagging_fixture.py:
 * to_hdf(key="table", format="table"), uncompressed as published and with Blosc) reproduce the digest
 * the script computed from the DataFrame: exact sums, constituent counts, labels, index.
 */
class TopTaggingReaderTest {
  static Path resource(String name) {
    return Path.of("src/test/resources/org/nphunt/hdf5").resolve(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"toptagging_pandas.h5", "toptagging_pandas_blosc.h5"})
  void pandasTableReproducesItsDigest(String file) throws Exception {
    JsonNode d = Json.mapper().readTree(resource("toptagging_pandas.json").toFile());
    assertEquals(EventFiles.Format.TOP_TAGGING, EventFiles.detect(resource(file)));
    try (TopTaggingReader r = TopTaggingReader.open(resource(file))) {
      assertEquals(d.get("jets").asLong(), r.size());
      assertEquals(200, r.topTaggingSchema().maxConstituents());
      Events all = Events.join(java.util.List.of(r.read(0, 10), r.read(10, 14)));
      double[] c = all.tensor(TopTaggingSchema.CONSTITUENTS);
      BigDecimal[] sums = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
      for (int i = 0; i < c.length; i++) {
        sums[i % 4] = sums[i % 4].add(new BigDecimal(c[i]));
      }
      assertEquals(d.get("sum_E").asDouble(), sums[0].doubleValue());
      assertEquals(d.get("sum_PX").asDouble(), sums[1].doubleValue());
      assertEquals(d.get("sum_PY").asDouble(), sums[2].doubleValue());
      assertEquals(d.get("sum_PZ").asDouble(), sums[3].doubleValue());
      BigDecimal truth = BigDecimal.ZERO;
      for (double v : all.tensor(TopTaggingSchema.TRUTH)) {
        truth = truth.add(new BigDecimal(v));
      }
      assertEquals(d.get("sum_truth").asDouble(), truth.doubleValue());
      int[] signal = (int[]) all.column(TopTaggingSchema.IS_SIGNAL);
      int[] ttv = (int[]) all.column(TopTaggingSchema.TTV);
      long[] index = (long[]) all.column(TopTaggingSchema.INDEX);
      for (int j = 0; j < all.size(); j++) {
        assertEquals(d.get("is_signal_new").get(j).asInt(), signal[j]);
        assertEquals(d.get("ttv").get(j).asInt(), ttv[j]);
        assertEquals(d.get("index").get(j).asLong(), index[j]);
        int n = 0;
        for (int k = 0; k < 200; k++) {
          int o = (j * 200 + k) * 4;
          n += c[o] != 0 || c[o + 1] != 0 || c[o + 2] != 0 || c[o + 3] != 0 ? 1 : 0;
        }
        assertEquals(d.get("constituents_per_jet").get(j).asInt(), n, "jet " + j);
      }
      for (int k = 0; k < 3; k++) {
        for (int f = 0; f < 4; f++) {
          assertEquals(d.get("first_jet_first3").get(k).get(f).asDouble(), c[4 * k + f]);
        }
      }
      assertTrue(r.notes().isEmpty(), r.notes().toString());
    }
  }
}
