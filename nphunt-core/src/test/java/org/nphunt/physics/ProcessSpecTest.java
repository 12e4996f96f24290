package org.nphunt.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.data.ObjectType;
import org.nphunt.json.Json;

class ProcessSpecTest {

  @Test
  void builtInsRoundTripThroughJson() {
    for (String name : Processes.names()) {
      CocktailSpec spec = Processes.builtIn(name);
      assertEquals(spec, Processes.parse(Json.write(spec), name));
      for (CocktailSpec.Component c : spec.components()) {
        assertEquals(c.process(), Json.read(Json.write(c.process()), ProcessSpec.class, name));
      }
    }
    assertEquals(List.of("sm", "Ato4l", "LQ", "h0tautau", "hplustaunu", "W", "QCD", "Z", "ttbar", "hplus_tH", "hplus_pair"),
        Processes.names());
    assertEquals(Processes.A_TO_4L, Processes.builtIn("ATO4L").components().get(0).process());
  }

  @Test
  void defaultsAreDerived() {
    ProcessSpec a = Processes.A_TO_4L;
    assertEquals(0.5, a.width(), 1e-12);
    assertEquals(40, a.minMass(), 1e-9);
    assertEquals(60, a.maxMass(), 1e-9);
    assertEquals(0.35, a.radiationRatio());
    assertEquals(0.2, Processes.W.radiationRatio());
    assertEquals(80, Processes.LQ.excessMean());
    assertEquals((172.5 + 60) / 2, Processes.HPLUS_TAUNU.excessMean(), 1e-12);
    assertEquals(50, Processes.Z.minMass());
    assertEquals(91.19 + 50, Processes.Z.maxMass(), 1e-9);
  }

  @Test
  void invalidSpecsSayWhatIsWrong() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProcessSpec.of("x", 20, ProcessSpec.Production.SINGLE, ProcessSpec.Decay.FOUR_LEPTON, -3));
    assertTrue(e.getMessage().contains("mass must be finite and >= 0, found -3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ProcessSpec.of("x", 20, ProcessSpec.Production.DIJET, ProcessSpec.Decay.TAU_PAIR, 50));
    assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ProcessSpec.of("x", 20, ProcessSpec.Production.SINGLE, ProcessSpec.Decay.B_TAU, 5));
    assertTrue(e.getMessage().contains("threshold"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new CocktailSpec("c", List.of(
        new CocktailSpec.Component(Processes.W, 1), new CocktailSpec.Component(Processes.W.withMass(70), 1)), null));
    assertTrue(e.getMessage().contains("unique"), e.getMessage());
    NphuntException j = assertThrows(NphuntException.class, () -> Processes.parse(
        "{\"name\":\"A\",\"processId\":10,\"production\":\"SINGLE\",\"decay\":\"FOUR_LEPTON\",\"mass\":-1}", "my.json"));
    assertTrue(j.getMessage().startsWith("my.json: "), j.getMessage());
    assertThrows(NphuntException.class, () -> Processes.parse("{\"name\":\"A\",\"typo\":1}", "my.json"));
    assertThrows(IllegalArgumentException.class, () -> Processes.resolve("Zprime"));
    NphuntException missing = assertThrows(NphuntException.class, () -> Processes.resolve("/nonexistent/x.json"));
    assertTrue(missing.getMessage().contains("no such file"));
  }

  /** A user changes a mass without code: a 30 GeV A from a JSON file peaks at 30 GeV. */
  @Test
  void aThirtyGevAFromJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a30.json");
    Files.writeString(file, "{\"name\":\"A30\",\"processId\":20,\"production\":\"SINGLE\",\"decay\":\"FOUR_LEPTON\",\"mass\":30}");
    CocktailSpec spec = Processes.resolve(file.toString());
    assertEquals(0.3, spec.components().get(0).process().width(), 1e-12);
    EventBatch b = EventGenerator.generateBatch(spec, 1500, 3, 1);
    double[] m = new double[b.size()];
    int n = 0;
    for (int e = 0; e < b.size(); e++) {
      List<FourVector> l = new ArrayList<>(Analysis.objects(b, e, ObjectType.ELECTRON));
      l.addAll(Analysis.objects(b, e, ObjectType.MUON));
      if (l.size() == 4) {
        m[n++] = Analysis.mass(l);
      }
      assertEquals(20, b.processId()[e]);
    }
    assertTrue(n > 50, "four-lepton events " + n);
    assertEquals(30, Analysis.mode(m, n, 10, 60, 2), 2.5);
  }

  @Test
  void fourLeptonMassDensityPeaksNear23() {
    double best = 0;
    double at = 0;
    for (double m1 = 1; m1 < 49; m1 += 0.25) {
      double f = FourLeptonSampler.density(50, m1, m1);
      if (f > best) {
        best = f;
        at = m1;
      }
    }
    assertEquals(23, at, 1.5);
    assertEquals(0, FourLeptonSampler.density(50, 30, 25));
  }
}
