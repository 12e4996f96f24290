package org.nphunt.physics.jets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.Events;
import org.nphunt.data.MemoryEventSink;
import org.nphunt.data.Notes;
import org.nphunt.data.ParticleListSchema;
import org.nphunt.json.Json;

class JetGeneratorTest {

  @Test
  void sameSeedSameEventsForAnyThreadCount() {
    JetCocktailSpec spec = JetProcesses.LHCO_RND;
    MemoryEventSink p1 = MemoryEventSink.collecting();
    MemoryEventSink d1 = MemoryEventSink.collecting();
    MemoryEventSink p2 = MemoryEventSink.collecting();
    MemoryEventSink d2 = MemoryEventSink.collecting();
    int n = 2 * 40 + 17; // three chunks of 40, the last partial
    JetGenerationSummary s1 = new JetGenerator(spec, 40).run(n, 7, 1, p1, d1, null);
    JetGenerationSummary s2 = new JetGenerator(spec, 40).run(n, 7, 2, p2, d2, null);
    Events a = p1.allEvents();
    Events b = p2.allEvents();
    assertEquals(n, a.size());
    assertArrayEquals(a.tensor(0), b.tensor(0));
    assertArrayEquals((int[]) a.column(Adc2021.PROCESS_ID), (int[]) b.column(Adc2021.PROCESS_ID));
    assertArrayEquals(d1.allEvents().tensor(0), d2.allEvents().tensor(0));
    assertArrayEquals(d1.allEvents().tensor(1), d2.allEvents().tensor(1));
    assertEquals(s1, s2);
    assertEquals(p1.attributes(), p2.attributes());
    assertEquals(List.of(40, 40, 17), p1.batches().stream().map(Events::size).toList());
    MemoryEventSink other = MemoryEventSink.collecting();
    new JetGenerator(spec, 40).run(40, 8, 1, other, null, null);
    assertFalse(java.util.Arrays.equals(a.slice(0, 40).tensor(0), other.allEvents().tensor(0)), "another seed, other events");
  }

  @Test
  void particleListsAreValidLhcOlympicsLayout() {
    Events ev = JetGenerator.generateParticles(JetProcesses.builtIn("wprime-xy"), 30, 3, 1);
    assertEquals(ParticleListSchema.NAME, ev.schema().name());
    ev.validate("generated", 0, new Notes());
    double[] p = ev.tensor(ParticleListSchema.PARTICLES);
    int rows = ParticleListSchema.LHCO_PARTICLES;
    int[] label = (int[]) ev.column(ParticleListSchema.LABEL);
    int[] pid = (int[]) ev.column(Adc2021.PROCESS_ID);
    for (int e = 0; e < ev.size(); e++) {
      assertEquals(1, label[e]);
      assertEquals(21, pid[e]);
      int n = 0;
      boolean padding = false;
      for (int i = 0; i < rows; i++) {
        int o = (e * rows + i) * 3;
        if (p[o] == 0) {
          padding = true;
          assertEquals(0.0, p[o + 1]);
          assertEquals(0.0, p[o + 2]);
        } else {
          assertFalse(padding, "particles are packed before the zero padding");
          n++;
          assertTrue(Math.abs(p[o + 1]) < 4.7, "calorimeter acceptance");
          assertTrue(Math.abs(p[o + 2]) <= Math.PI);
        }
      }
      assertTrue(n > 30 && n <= rows, "particles in event " + e + ": " + n);
    }
  }

  @Test
  void dijetOutputCarriesFeaturesColumnsAndPassesItsSchema() {
    MemoryEventSink sink = MemoryEventSink.collecting();
    JetGenerationSummary s = JetGenerator.generate(JetProcesses.builtIn("graviton-ww-2500"), 20, 4, 1, null, sink, null);
    Events d = sink.allEvents();
    assertEquals(DijetSchema.NAME, d.schema().name());
    d.validate("generated", 0, new Notes());
    DijetSchema schema = (DijetSchema) d.schema();
    double[] f = d.tensor(DijetSchema.EVENT_FEATURES);
    int nf = schema.eventFeatures().size();
    int mjj = schema.featureIndex("mJJ");
    int eta1 = schema.featureIndex("j1Eta");
    int eta2 = schema.featureIndex("j2Eta");
    for (int e = 0; e < d.size(); e++) {
      // the dijet-search selection of the built-in gravitons
      assertTrue(f[e * nf + mjj] > 1200, "mJJ " + f[e * nf + mjj]);
      assertTrue(Math.abs(f[e * nf + eta1]) < 2.4 && Math.abs(f[e * nf + eta2]) < 2.4);
    }
    assertArrayEquals(new long[] {0, 1, 2}, java.util.Arrays.copyOf((long[]) d.column(Adc2021.EVT_ID), 3));
    assertEquals(1, ((int[]) d.column(DijetSchema.TRUTH_LABEL))[0]);
    assertEquals("nphunt-jetgen 1.0", sink.attributes().get("generator_version"));
    assertNull(s.processes().get(0).crossSectionPb(), "a signal has no absolute cross-section");
  }

  @Test
  void statisticsAndAttributes() throws Exception {
    MemoryEventSink sink = MemoryEventSink.collecting();
    JetGenerationSummary s = new JetGenerator(JetProcesses.LHCO_RND, 30).run(60, 5, 2, sink, null, null);
    List<JetProcessStats> stats = Json.mapper().readValue(sink.attributes().get("process_stats"),
        new TypeReference<List<JetProcessStats>>() {});
    assertEquals(s.processes(), stats);
    assertEquals("5", sink.attributes().get("seed"));
    assertEquals(JetProcesses.LHCO_RND, JetProcesses.parse(sink.attributes().get("process_spec"), "attribute"));
    long accepted = 0;
    for (JetProcessStats p : stats) {
      accepted += p.accepted();
      assertTrue(p.generated() >= p.accepted());
      assertEquals((double) p.accepted() / p.generated(), p.efficiency(), 1e-12);
      assertEquals(0, p.overweights());
      assertTrue(p.hardTrials() >= p.generated());
    }
    assertEquals(60, accepted);
    JetProcessStats qcd = stats.get(0);
    assertNotNull(qcd.crossSectionPb());
    assertTrue(qcd.crossSectionPb() > 1 && qcd.crossSectionPb() < 50, "sigma(pT-hat > 1050) " + qcd.crossSectionPb());
    assertEquals(qcd.crossSectionPb() * qcd.efficiency(), qcd.selectedCrossSectionPb(), 1e-9);
    assertFalse(sink.committed(), "the caller commits");
  }

  @Test
  void specsRoundTripThroughJsonWithDefaultsAndOneLineErrors() {
    for (String name : JetProcesses.names()) {
      JetCocktailSpec c = JetProcesses.builtIn(name);
      assertEquals(c, JetProcesses.parse(Json.write(c), name), name);
    }
    JetCocktailSpec g = JetProcesses.parse(
        "{\"type\": \"graviton-ww\", \"name\": \"g3\", \"processId\": 40, \"label\": 1, \"mass\": 3000}", "g3.json");
    GravitonSpec gs = (GravitonSpec) g.components().get(0).process();
    assertEquals(30, gs.width(), 1e-12, "default width 1% of the mass");
    assertEquals(JetSelection.lhcOlympics(), g.selection());
    DarkShowerSpec dark = (DarkShowerSpec) JetProcesses.parse(
        "{\"type\": \"dark-shower\", \"name\": \"d\", \"processId\": 41, \"label\": 1}", "d.json").components().get(0).process();
    assertEquals(0.3, dark.rInv());
    DarkShowerSpec visible = (DarkShowerSpec) JetProcesses.parse(
        "{\"type\": \"dark-shower\", \"name\": \"d\", \"processId\": 41, \"label\": 1, \"rInv\": 0}", "d.json")
        .components().get(0).process();
    assertEquals(0.0, visible.rInv(), "r_inv = 0 is taken literally");
    NphuntException e = assertThrows(NphuntException.class, () -> JetProcesses.parse(
        "{\"type\": \"wprime-xy\", \"name\": \"w\", \"processId\": 1, \"label\": 1, \"mass\": 500}", "w.json"));
    assertEquals("w.json: process w: massX + massY must stay below the W' mass, found 500.0 + 100.0 for 500.0",
        e.getMessage());
    e = assertThrows(NphuntException.class, () -> JetProcesses.builtIn("nope"));
    assertTrue(e.getMessage().startsWith("process must be one of [qcd-dijet, wprime-xy, graviton-ww-1500"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new JetSelection(1.0, 1200, 1000, 2.5));
    assertEquals("selection ptMax must be 0 (none) or > ptMin, found 1000.0", bad.getMessage());
  }
}
