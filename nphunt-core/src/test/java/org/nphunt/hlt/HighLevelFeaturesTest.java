package org.nphunt.hlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021Truth;
import org.nphunt.data.EventBatch;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.data.InMemoryEventSource;
import org.nphunt.data.Notes;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;

/** The high-level features on hand-built events, against closed forms. */
class HighLevelFeaturesTest {
  private static void put(EventBatch b, int e, int slot, double pt, double eta, double phi) {
    b.set(e, slot, 0, pt);
    b.set(e, slot, 1, eta);
    b.set(e, slot, 2, phi);
    b.set(e, slot, 3, org.nphunt.data.Adc2021.classIdOfSlot(slot));
  }

  /** Event 0: MET, a 40 GeV muon, a 20 GeV electron, four jets; event 1: two back-to-back 30 GeV muons. */
  private static EventBatch handBuilt(boolean truth) {
    EventBatch b = new EventBatch(2);
    put(b, 0, 0, 50, 0, 0.5);
    put(b, 0, 1, 20, 1.0, 1.0);
    put(b, 0, 5, 40, 0.3, 0.0);
    put(b, 0, 9, 60, 0.5, 2.0);
    put(b, 0, 10, 45, 3.0, 0.0); // |eta| > 2.6: outside S_T
    put(b, 0, 11, 35, -1.0, -2.5);
    put(b, 0, 12, 25, 0.2, 1.0); // pT < 30: outside S_T
    put(b, 1, 0, 10, 0, -3.0);
    put(b, 1, 5, 31, 0, 0);
    put(b, 1, 6, 30, 0, Math.PI); // exactly 30 GeV: not above the S_T threshold
    if (truth) {
      b.setColumn(Adc2021Truth.LEP_ISO_CH, new double[] {0.01, 0.02});
      b.setColumn(Adc2021Truth.LEP_ISO_NEU, new double[] {0.03, 0.0});
      b.setColumn(Adc2021Truth.LEP_ISO_GAMMA, new double[] {0.05, 0.1});
      b.setColumn(Adc2021Truth.LEP_CHARGE, new int[] {-1, 1});
      b.setColumn(Adc2021Truth.JET_BTAG, new int[] {0b011, 0}); // the 60 GeV jet and the forward one
      b.setColumn(Adc2021Truth.N_CH_HAD, new int[] {70, 35});
      b.setColumn(Adc2021Truth.N_NEU_HAD, new int[] {12, 9});
    }
    b.setProcessId(new int[] {0, 2});
    b.validate("hand", 0);
    return b;
  }

  private static double f(Events t, int e, String name) {
    HlfSchema s = (HlfSchema) t.schema();
    return t.tensor(0)[e * s.width() + s.indexOf(name)];
  }

  @Test
  void closedFormsOnHandBuiltEvents() {
    Events t = HighLevelFeatures.compute(handBuilt(true), HlfSchema.full());
    t.validate("hand", 0, new Notes());
    double eps = 1e-12;
    assertEquals(40, f(t, 0, "LepPt"), eps);
    assertEquals(0, f(t, 0, "LepIsEle"), eps);
    assertEquals(0.01, f(t, 0, "LepIsoCh"), eps);
    assertEquals(0.03, f(t, 0, "LepIsoNeu"), eps);
    assertEquals(0.05, f(t, 0, "LepIsoGamma"), eps);
    assertEquals(-1, f(t, 0, "LepCharge"), eps);
    assertEquals(40 + 60 + 35, f(t, 0, "ST"), eps);
    assertEquals(2, f(t, 0, "nJets"), eps);
    // two massless jets: m^2 = 2 pT1 pT2 (cosh deta - cos dphi)
    assertEquals(Math.sqrt(2 * 60 * 35 * (Math.cosh(1.5) - Math.cos(4.5))), f(t, 0, "allJetMass"), 1e-9);
    assertEquals(1, f(t, 0, "bJets"), eps, "the forward tagged jet is not among the S_T jets");
    assertEquals(50 * Math.cos(0.5), f(t, 0, "METp"), eps);
    assertEquals(50 * Math.sin(0.5), f(t, 0, "METo"), eps);
    assertEquals(Math.sqrt(2 * 40 * 50 * (1 - Math.cos(0.5))), f(t, 0, "MT"), 1e-12);
    assertEquals(1, f(t, 0, "nMu"), eps);
    assertEquals(0, f(t, 0, "allMuMass"), eps);
    assertEquals(40, f(t, 0, "allMuPt"), 1e-12);
    assertEquals(1, f(t, 0, "nEle"), eps);
    assertEquals(0, f(t, 0, "allEleMass"), eps);
    assertEquals(20, f(t, 0, "allElePt"), 1e-12);
    assertEquals(70, f(t, 0, "nChHad"), eps);
    assertEquals(12, f(t, 0, "nNeuHad"), eps);
    // two back-to-back muons: m = 2 sqrt(31 * 30), vector pT 1; MET at dphi = -3, M_T from it
    assertEquals(31, f(t, 1, "LepPt"), eps);
    assertEquals(2 * Math.sqrt(31 * 30), f(t, 1, "allMuMass"), 1e-9);
    assertEquals(1, f(t, 1, "allMuPt"), 1e-9);
    assertEquals(2, f(t, 1, "nMu"), eps);
    assertEquals(31, f(t, 1, "ST"), eps);
    assertEquals(0, f(t, 1, "nJets"), eps);
    assertEquals(0, f(t, 1, "allJetMass"), eps);
    assertEquals(10 * Math.cos(-3.0), f(t, 1, "METp"), 1e-12);
    assertEquals(10 * Math.sin(-3.0), f(t, 1, "METo"), 1e-12);
    assertEquals(Math.sqrt(2 * 31 * 10 * (1 - Math.cos(3.0))), f(t, 1, "MT"), 1e-12);
    assertEquals(2, t.columnAsDoubles("ProcessId")[1], 0);
  }

  @Test
  void withoutTruthOnlyTheDerivableSubset() {
    EventBatch b = handBuilt(false);
    InMemoryEventSource src = new InMemoryEventSource(b, "plain.h5");
    HlfSchema s = HighLevelFeatures.schemaFor(src);
    assertEquals(HlfSchema.derivable(), s);
    assertEquals(14, s.width());
    String note = HighLevelFeatures.missingNote("plain.h5", s);
    assertEquals("plain.h5: no generator truth columns (LepIsoCh, LepIsoNeu, LepIsoGamma, LepCharge, JetBTag, nChHad,"
        + " nNeuHad): 14 of 21 features computed; left out: LepIsoCh, LepIsoNeu, LepIsoGamma, LepCharge, bJets, nChHad,"
        + " nNeuHad", note);
    Events t = HighLevelFeatures.compute(b, s);
    Events full = HighLevelFeatures.compute(handBuilt(true), HlfSchema.full());
    for (String name : s.features()) {
      assertEquals(f(full, 0, name), f(t, 0, name), 0, name);
      assertEquals(f(full, 1, name), f(t, 1, name), 0, name);
    }
    NphuntException e = assertThrows(NphuntException.class, () -> HighLevelFeatures.compute(b, HlfSchema.full()));
    assertTrue(e.getMessage().contains("LepIsoCh"), e.getMessage());
  }

  @Test
  void generatedEventsGiveValidTables() {
    EventBatch sm = EventGenerator.generateBatch(Processes.SM, 3000, 4, 1);
    Events t = HighLevelFeatures.compute(sm, HlfSchema.full());
    t.validate("sm", 0, new Notes());
    // every triggered event has its lepton above the trigger threshold, and counts agree with the objects
    for (int e = 0; e < sm.size(); e++) {
      assertTrue(f(t, e, "LepPt") > 23, "event " + e);
      assertTrue(f(t, e, "bJets") <= f(t, e, "nJets"), "event " + e);
      assertTrue(f(t, e, "nMu") + f(t, e, "nEle") >= 1, "event " + e);
      assertEquals(f(t, e, "MT") * f(t, e, "MT"),
          2 * f(t, e, "LepPt") * (Math.hypot(f(t, e, "METp"), f(t, e, "METo")) - f(t, e, "METp")), 1e-6 * (1 + f(t, e, "MT") * f(t, e, "MT")));
    }
    assertEquals(List.of(), Adc2021Truth.missing(sm));
  }
}
