package org.nphunt.jet.dijet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.Events;

class DijetSelectionTest {

  /** A DijetFeatures row with the given mJJ, j1 (pT, eta), j2 eta and DeltaEtaJJ. */
  private static double[] row(double mjj, double pt1, double eta1, double eta2) {
    double[] f = new double[DijetFeatures.N_FEATURES];
    f[0] = mjj;
    f[1] = pt1;
    f[2] = eta1;
    f[7] = eta2;
    f[11] = Math.abs(eta1 - eta2);
    return f;
  }

  @Test
  void searchSignalRegionAndSidebandSplitAtDeltaEta14() {
    DijetSelection search = DijetSelection.search();
    DijetSelection sr = DijetSelection.signalRegion();
    DijetSelection sb = DijetSelection.sideband();
    double[] central = row(3000, 1300, 0.3, -0.5); // DeltaEta 0.8
    double[] wide = row(3000, 1300, 1.2, -1.0); // DeltaEta 2.2
    assertTrue(search.accepts(central, 0) && search.accepts(wide, 0));
    assertTrue(sr.accepts(central, 0));
    assertFalse(sr.accepts(wide, 0));
    assertTrue(sb.accepts(wide, 0));
    assertFalse(sb.accepts(central, 0));
    // boundaries: DeltaEta exactly 1.4 is sideband; mJJ must exceed 1.2 TeV; |eta| below 2.4 for both jets
    double[] edge = row(3000, 1300, 0.7, -0.7);
    edge[11] = 1.4;
    assertFalse(sr.accepts(edge, 0));
    assertTrue(sb.accepts(edge, 0));
    assertFalse(search.accepts(row(1200, 700, 0.1, 0.2), 0));
    assertTrue(search.accepts(row(1200.1, 700, 0.1, 0.2), 0));
    assertFalse(search.accepts(row(3000, 1300, 2.41, 0.2), 0));
    assertFalse(search.accepts(row(3000, 1300, 0.2, -2.41), 0));
    // one jet only: mJJ = 0 fails the mass cut
    assertFalse(search.accepts(row(0, 1300, 0.2, 0), 0));
  }

  @Test
  void selectsEventsOfADijetBlockByName() {
    DijetSchema schema = DijetSchema.nphunt(2);
    Events ev = Events.zeros(schema, 3);
    double[] f = ev.tensor(DijetSchema.EVENT_FEATURES);
    int nf = schema.eventFeatures().size();
    double[][] rows = {row(3000, 1300, 0.3, -0.5), row(3000, 1300, 1.2, -1.0), row(900, 450, 0, 0.5)};
    for (int e = 0; e < 3; e++) {
      for (String name : schema.eventFeatures()) {
        f[e * nf + schema.featureIndex(name)] = rows[e][DijetFeatures.FEATURE_NAMES.indexOf(name)];
      }
    }
    assertArrayEquals(new int[] {0, 1}, DijetSelection.search().select(ev));
    assertArrayEquals(new int[] {0}, DijetSelection.signalRegion().select(ev));
    assertArrayEquals(new int[] {1}, DijetSelection.sideband().select(ev));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DijetSelection(1200, 2.4, 0, 1.4, 1.4));
    assertEquals("DeltaEtaJJ window must satisfy 0 <= min < max, found [1.4, 1.4)", e.getMessage());
  }
}
