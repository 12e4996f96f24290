package org.nphunt.hlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nphunt.data.EventBatch;
import org.nphunt.data.HlfSchema;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;

/** Single-observable AUCs against hand-derived values, and the observables against their definitions. */
class FeatureSeparationTest {
  @Test
  void separationsAreTheMannWhitneyAucWithDirection() {
    Map<String, double[]> bkg = new LinkedHashMap<>();
    Map<String, double[]> sig = new LinkedHashMap<>();
    bkg.put("above", new double[] {1, 2, 3, 4});
    sig.put("above", new double[] {5, 6});
    bkg.put("below", new double[] {1, 2, 3, 4});
    sig.put("below", new double[] {0});
    // signal {2, 5} vs background {1, 2, 3, 4}: pairs won 1 + 0.5 (tie) + 4 = 5.5 of 8
    bkg.put("mixed", new double[] {1, 2, 3, 4});
    sig.put("mixed", new double[] {2, 5});
    bkg.put("onlyBackground", new double[] {1});
    List<FeatureSeparation.Separation> s = FeatureSeparation.separations(bkg, sig);
    assertEquals(3, s.size(), "only observables present in both maps");
    assertEquals("above", s.get(0).observable());
    assertEquals(1.0, s.get(0).auc());
    assertTrue(s.get(0).signalAbove());
    assertEquals(2.5, s.get(0).meanBackground());
    assertEquals(5.5, s.get(0).meanSignal());
    assertEquals("below", s.get(1).observable());
    assertEquals(1.0, s.get(1).auc());
    assertFalse(s.get(1).signalAbove());
    assertEquals(5.5 / 8, s.get(2).auc(), 1e-15);
    assertTrue(s.get(2).signalAbove());
  }

  @Test
  void observablesFollowTheirDefinitions() {
    EventBatch b = EventGenerator.generateBatch(Processes.SM, 300, 5, 1);
    Map<String, double[]> o = FeatureSeparation.observables(b);
    assertTrue(o.keySet().containsAll(HlfSchema.DERIVABLE));
    double[] row = new double[HlfSchema.ALL.size()];
    for (int e = 0; e < b.size(); e++) {
      assertEquals(b.pt(e, 0), o.get("MET")[e]);
      HighLevelFeatures.event(b, e, row);
      for (String f : HlfSchema.DERIVABLE) {
        assertEquals(row[HlfSchema.ALL.indexOf(f)], o.get(f)[e], f);
      }
      assertTrue(o.get("HT15")[e] >= o.get("leadJetPt")[e]);
      assertTrue(o.get("nLeptons")[e] >= 1, "the trigger needs a lepton");
      assertTrue(o.get("nJets15")[e] >= 0 && o.get("nJets15")[e] <= 10);
      assertTrue(o.get("subLepPt")[e] <= o.get("LepPt")[e], "sub-leading below leading");
    }
  }
}
