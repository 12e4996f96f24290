package org.nphunt.physics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.data.MemoryEventSink;
import org.nphunt.json.Json;

class EventGeneratorTest {

  @Test
  void smMixtureMatchesTheTableAmongTriggeredEvents() {
    int n = 40_000;
    EventBatch b = EventGenerator.generateBatch(Processes.SM, n, 11, 2);
    int[] counts = new int[4];
    for (int id : b.processId()) {
      counts[id]++;
    }
    double[] expected = {0.592, 0.338, 0.067, 0.003}; // by id: W, QCD, Z, ttbar
    for (int id = 0; id < 4; id++) {
      double f = expected[id];
      double sigma = Math.sqrt(n * f * (1 - f));
      assertEquals(n * f, counts[id], 4 * sigma, "events of process " + id);
    }
  }

  @Test
  void sameSeedSameEventsForAnyThreadCount() {
    MemoryEventSink one = MemoryEventSink.collecting();
    MemoryEventSink two = MemoryEventSink.collecting();
    int n = 2 * EventGenerator.CHUNK + 1234; // three chunks, the last partial
    GenerationSummary s1 = EventGenerator.generate(Processes.SM, n, 99, 1, one, null);
    GenerationSummary s2 = EventGenerator.generate(Processes.SM, n, 99, 2, two, null);
    EventBatch a = one.all();
    EventBatch b = two.all();
    assertEquals(n, a.size());
    assertArrayEquals(a.particles(), b.particles());
    assertArrayEquals(a.processId(), b.processId());
    assertEquals(s1, s2);
    assertEquals(one.attributes(), two.attributes());
    assertEquals(List.of(EventGenerator.CHUNK, EventGenerator.CHUNK, 1234), one.batches().stream().map(org.nphunt.data.Events::size).toList());
    // another seed gives other events
    EventBatch c = EventGenerator.generateBatch(Processes.SM, 1000, 100, 1);
    assertFalse(Arrays.equals(a.slice(0, 1000).particles(), c.particles()));
  }

  @Test
  void attributesCarryVersionSeedSpecAndEfficiencies() throws Exception {
    MemoryEventSink sink = MemoryEventSink.collecting();
    GenerationSummary s = EventGenerator.generate(Processes.SM, 5000, 5, 1, sink, null);
    assertEquals(EventGenerator.VERSION, sink.attributes().get("generator_version"));
    assertEquals("5", sink.attributes().get("seed"));
    assertEquals("sm", sink.attributes().get("process"));
    assertEquals(Processes.SM, Processes.parse(sink.attributes().get("process_spec"), "attr"));
    List<ProcessStats> stats = Json.mapper().readValue(sink.attributes().get("process_stats"), new TypeReference<List<ProcessStats>>() {});
    assertEquals(s.processes(), stats);
    long accepted = 0;
    for (ProcessStats p : stats) {
      accepted += p.accepted();
      assertEquals(p.accepted() / p.generated(), p.efficiency(), 1e-12);
      assertTrue(p.generated() >= p.attempts());
    }
    assertEquals(5000, accepted);
    assertFalse(sink.committed(), "the caller commits");
    // recipe-sized efficiencies (same sizes as the prototype's W 41%, Z 53%, QCD 1%)
    ProcessStats w = stats.get(0);
    assertTrue(w.efficiency() > 0.25 && w.efficiency() < 0.6, "W efficiency " + w.efficiency());
    ProcessStats qcd = stats.get(1);
    assertTrue(qcd.efficiency() > 0.002 && qcd.efficiency() < 0.03, "QCD efficiency " + qcd.efficiency());
  }

  /**
   * The QCD sampler draws z only above the cut where isolation always fails and skips hopeless
   * attempts early; its corrected efficiency must equal that of full sampling.
   */
  @Test
  void qcdImportanceSamplingKeepsTheEfficiency() {
    DetectorSpec det = DetectorSpec.cmsLike();
    QcdGenerator g = new QcdGenerator(Processes.QCD, det);
    // the never-isolated cuts at the disc centre and edge (light 1/1.45 e^|d_eta|)
    assertEquals(1 / 1.45, g.zcLight(0), 1e-12);
    assertEquals(0.511, g.zcLight(0.3), 0.001);
    assertEquals(0.343, g.zcHeavy(1, 0.3), 0.001);
    // sampled fraction: Monte Carlo estimate of E[P(z > z_c)] agrees with the integral
    SplittableRandom mc = new SplittableRandom(3);
    Sampling.InverseCdf betaTable = new Sampling.InverseCdf(EventKernel::beta25, 0, 1);
    double sum = 0;
    int nmc = 400_000;
    for (int i = 0; i < nmc; i++) {
      double dx;
      double dy;
      do {
        dx = 0.3 * (2 * mc.nextDouble() - 1);
        dy = 0.3 * (2 * mc.nextDouble() - 1);
      } while (dx * dx + dy * dy >= 0.09);
      if (mc.nextDouble() < 0.5) {
        sum += QcdGenerator.betaTail(g.zcLight(dx));
      } else {
        double b = betaTable.quantile(mc.nextDouble());
        sum += QcdGenerator.betaTail(g.zcHeavy(b, dx));
      }
    }
    assertEquals(sum / nmc, g.sampledFraction(), 0.003 * g.sampledFraction() + 4 * 0.2 / Math.sqrt(nmc));
    EventKernel k = new EventKernel(det);
    double[] out = new double[76];
    k.r = new SplittableRandom(1);
    long attempts = 1_000_000;
    long acceptedFull = 0;
    for (long i = 0; i < attempts; i++) {
      k.reset();
      if (g.generateUnrestricted(k) && k.reconstruct(out, 0)) {
        acceptedFull++;
      }
    }
    k.r = new SplittableRandom(2);
    long acceptedCut = 0;
    long attemptsCut = 300_000;
    for (long i = 0; i < attemptsCut; i++) {
      k.reset();
      if (g.generate(k) && k.reconstruct(out, 0)) {
        acceptedCut++;
      }
    }
    double effFull = (double) acceptedFull / attempts;
    double effCut = acceptedCut * g.sampledFraction() / attemptsCut;
    double sigma = Math.sqrt(effFull / attempts + effCut * g.sampledFraction() / attemptsCut);
    assertTrue(acceptedFull > 3000, "accepted " + acceptedFull);
    assertEquals(effFull, effCut, 4 * sigma, "full " + effFull + " vs z-cut " + effCut);
  }

  @Test
  void badArgumentsAreRejected() {
    MemoryEventSink sink = MemoryEventSink.collecting();
    assertThrows(IllegalArgumentException.class, () -> EventGenerator.generate(Processes.SM, 0, 1, 1, sink, null));
    assertThrows(IllegalArgumentException.class, () -> EventGenerator.generate(Processes.SM, 10, 1, 0, sink, null));
  }

  @Test
  void aProcessThatNeverTriggersFailsWithAClearMessage() {
    DetectorSpec det = DetectorSpec.cmsLike();
    DetectorSpec impossible = new DetectorSpec(det.electronEtaMax(), det.muonEtaMax(), det.jetEtaMax(), det.leptonPtMin(),
        det.jetPtMin(), 0, 0, det.bJetResponse(), det.bSemileptonicFraction(), det.pileupJetsMean(), det.isolationCone(),
        det.isolationMax(), det.overlapCone(), det.triggerPtMin(), det.metNoise(), det.metNoiseSqrtSumEt());
    CocktailSpec spec = new CocktailSpec("blind", List.of(new CocktailSpec.Component(Processes.Z, 1)), impossible);
    EventGenerator g = new EventGenerator(spec, 10_000);
    EventKernel k = new EventKernel(impossible);
    NphuntException e = assertThrows(NphuntException.class, () -> g.chunk(k, 1, 0, 1));
    assertTrue(e.getMessage().contains("process Z: no event passed the trigger"), e.getMessage());
  }
}
