package org.nphunt.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.ObjectType;

/** Trigger, acceptance, thresholds, pT order, empty slots, class ids and phi range on every event. */
class EventLayoutTest {

  @ParameterizedTest
  @ValueSource(strings = {"sm", "W", "QCD", "Z", "ttbar", "Ato4l", "LQ", "h0tautau", "hplustaunu"})
  void everyEventRespectsTheLayoutAndTheTrigger(String process) {
    CocktailSpec spec = Processes.builtIn(process);
    DetectorSpec det = spec.detector();
    EventBatch b = EventGenerator.generateBatch(spec, 3000, 7, 1);
    assertEquals(3000, b.size());
    b.validate(process, 0); // finite, class ids match slots, empty slots all zero
    for (int e = 0; e < b.size(); e++) {
      boolean trigger = false;
      for (int s = 0; s < Adc2021.SLOTS; s++) {
        ObjectType type = ObjectType.ofSlot(s);
        double pt = b.pt(e, s);
        double eta = b.eta(e, s);
        double phi = b.phi(e, s);
        if (b.isEmpty(e, s)) {
          if (type != ObjectType.MET) {
            // once a type's slot is empty, the following ones are too
            for (int t = s; t < type.endSlot(); t++) {
              check(b.isEmpty(e, t), process, e, t, "non-empty slot after an empty one");
            }
          }
          continue;
        }
        check(b.classId(e, s) == type.classId(), process, e, s, "class id");
        check(phi >= -Math.PI && phi <= Math.PI, process, e, s, "phi out of range: " + phi);
        switch (type) {
          case MET -> check(eta == 0 && pt >= 0, process, e, s, "MET eta must be 0");
          case ELECTRON -> check(Math.abs(eta) < det.electronEtaMax() && pt >= det.leptonPtMin(), process, e, s, "electron acceptance/threshold");
          case MUON -> check(Math.abs(eta) < det.muonEtaMax() && pt >= det.leptonPtMin(), process, e, s, "muon acceptance/threshold");
          case JET -> check(Math.abs(eta) < det.jetEtaMax() && pt >= det.jetPtMin(), process, e, s, "jet acceptance/threshold");
        }
        if (type != ObjectType.MET && s > type.firstSlot()) {
          check(b.pt(e, s - 1) >= pt, process, e, s, "not pT-ordered");
        }
        if ((type == ObjectType.ELECTRON || type == ObjectType.MUON) && pt > det.triggerPtMin()) {
          trigger = true;
        }
      }
      check(trigger, process, e, 0, "no lepton above the trigger threshold");
      check(!b.isEmpty(e, 0), process, e, 0, "MET slot empty");
    }
    int[] pid = b.processId();
    for (int e = 0; e < b.size(); e++) {
      int id = pid[e];
      boolean known = spec.components().stream().anyMatch(c -> c.process().processId() == id);
      check(known, process, e, 0, "unknown ProcessId " + id);
    }
  }

  private static void check(boolean ok, String process, int event, int slot, String what) {
    if (!ok) {
      fail(process + " event " + event + " slot " + slot + ": " + what);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"W", "Z", "ttbar", "QCD"})
  void processIdsOfTheSmComponents(String process) {
    EventBatch b = EventGenerator.generateBatch(Processes.builtIn(process), 200, 3, 1);
    int expected = Processes.builtIn(process).components().get(0).process().processId();
    for (int id : b.processId()) {
      assertEquals(expected, id);
    }
    assertTrue(java.util.Set.of(0, 1, 2, 3).contains(expected));
  }
}
