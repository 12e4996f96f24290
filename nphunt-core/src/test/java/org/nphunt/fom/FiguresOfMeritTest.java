package org.nphunt.fom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.json.Json;

/**
 * Figures of merit against hand cases and scikit-learn (weighted roc_curve with drop_intermediate=False,
 * in the fixture written by nphunt-bench/src/main/python/fit/fit_reference.py).
 */
class FiguresOfMeritTest {

  @Test
  void handCase() {
    // signal 1..10, background 0..4 and 5.5: select score >= t
    double[] s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] b = {0, 1, 2, 3, 4, 5.5};
    RocPoints roc = RocPoints.of(s, null, b, null);
    assertEquals(Math.nextUp(10.0), roc.threshold()[0]);
    assertEquals(0, roc.signalEfficiency()[0]);
    // t = 7: 4 signal (7..10), 0 background
    int i = indexOf(roc.threshold(), 7);
    assertEquals(0.4, roc.signalEfficiency()[i], 1e-15);
    assertEquals(0, roc.backgroundEfficiency()[i]);
    // t = 5.5: 5 signal, 1 background
    i = indexOf(roc.threshold(), 5.5);
    assertEquals(0.5, roc.signalEfficiency()[i], 1e-15);
    assertEquals(1.0 / 6, roc.backgroundEfficiency()[i], 1e-15);
    assertEquals(1, roc.backgroundSelected()[i]);
    // eps_S = 0.3 is reached at t = 8 with no background: unresolved, infinite rejection
    Rejection r = FiguresOfMerit.rejectionAt(roc, 0.3, 1);
    assertEquals(0, r.backgroundEfficiency());
    assertEquals(Double.POSITIVE_INFINITY, r.rejection());
    assertFalse(r.resolved());
    // eps_S = 0.55 interpolates between (0.5, 1/6) at t = 5.5 and (0.5 -> 0.6 at t = 5) ... t = 5: 6 signal, 1 bkg
    Rejection q = FiguresOfMerit.rejectionAt(roc, 0.55, 1);
    assertEquals(1.0 / 6, q.backgroundEfficiency(), 1e-15);
    assertTrue(q.resolved());
    // SIC with at least 2 background events: first kept point t = 4 (7 signal, 2 background)
    SicCurve sic = FiguresOfMerit.sic(roc, 2);
    assertEquals(0.7 / Math.sqrt(2.0 / 6), sic.sic()[0], 1e-15);
    assertEquals(0.7 / Math.sqrt(2.0 / 6), sic.maxSic(), 1e-15);
    assertEquals(4, sic.thresholdAtMax());
  }

  private static int indexOf(double[] a, double v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    throw new AssertionError("no threshold " + v);
  }

  @Test
  void unitWeightsEqualNoWeights() {
    double[] s = {0.3, 0.1, 0.9, 0.9, 0.5};
    double[] b = {0.2, 0.2, 0.4, 0.05};
    double[] ones5 = {1, 1, 1, 1, 1};
    double[] ones4 = {1, 1, 1, 1};
    RocPoints a = RocPoints.of(s, null, b, null);
    RocPoints w = RocPoints.of(s, ones5, b, ones4);
    assertArrayEquals(a.signalEfficiency(), w.signalEfficiency(), 1e-15);
    assertArrayEquals(a.backgroundEfficiency(), w.backgroundEfficiency(), 1e-15);
    assertArrayEquals(a.threshold(), w.threshold());
  }

  @Test
  void badInputs() {
    assertEquals("signal: score at event 1 is NaN (scores must be finite)",
        assertThrows(NphuntException.class, () -> RocPoints.of(new double[] {1, Double.NaN}, null, new double[] {1}, null)).getMessage());
    assertEquals("background: weight at event 0 is -1.0 (must be finite and >= 0)",
        assertThrows(NphuntException.class, () -> RocPoints.of(new double[] {1}, null, new double[] {1}, new double[] {-1})).getMessage());
    assertEquals("background: no events",
        assertThrows(NphuntException.class, () -> RocPoints.of(new double[] {1}, null, new double[0], null)).getMessage());
  }

  @Test
  void matchesScikitLearn() throws IOException {
    JsonNode f;
    try (InputStream in = getClass().getResourceAsStream("/org/nphunt/fit/scipy_reference.json")) {
      f = Json.mapper().readTree(in).get("figuresOfMerit");
    }
    RocPoints roc = RocPoints.of(arr(f.get("signal")), arr(f.get("signalWeights")), arr(f.get("background")),
        arr(f.get("backgroundWeights")));
    // sklearn's first point (threshold max + 1, nothing selected) is dropped in the fixture
    double[] thr = arr(f.get("thresholds"));
    assertEquals(thr.length + 1, roc.size());
    assertArrayEquals(thr, Arrays.copyOfRange(roc.threshold(), 1, roc.size()), 0);
    assertArrayEquals(arr(f.get("tpr")), Arrays.copyOfRange(roc.signalEfficiency(), 1, roc.size()), 1e-12);
    assertArrayEquals(arr(f.get("fpr")), Arrays.copyOfRange(roc.backgroundEfficiency(), 1, roc.size()), 1e-12);
    Rejection r = FiguresOfMerit.topTaggingRejection(roc);
    assertEquals(f.get("backgroundEfficiencyAt03").asDouble(), r.backgroundEfficiency(), 1e-12);
    assertEquals(f.get("rejectionAt03").asDouble(), r.rejection(), 1e-9 * r.rejection());
    assertTrue(r.resolved());
    SicCurve sic = FiguresOfMerit.sic(roc, 10);
    assertEquals(f.get("sicPoints").asInt(), sic.sic().length);
    assertEquals(f.get("maxSic").asDouble(), sic.maxSic(), 1e-12 * sic.maxSic());
    assertEquals(f.get("thresholdAtMaxSic").asDouble(), sic.thresholdAtMax(), 0);
    assertEquals(roc.size() - sic.sic().length, sic.excludedPoints());
  }

  static double[] arr(JsonNode n) {
    double[] a = new double[n.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = n.get(i).asDouble();
    }
    return a;
  }
}
