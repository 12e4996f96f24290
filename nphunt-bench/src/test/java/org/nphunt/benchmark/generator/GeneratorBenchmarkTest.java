package org.nphunt.benchmark.generator;

import org.nphunt.physics.Processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Smoke test of the benchmark entry point (no timing assertions). */
class GeneratorBenchmarkTest {
  @Test
  void runReturnsAConsistentResult() {
    GeneratorBenchmark.Result r = GeneratorBenchmark.run(Processes.builtIn("W"), 20_000, 2);
    assertEquals("W", r.process());
    assertEquals(2, r.threads());
    assertEquals(20_000, r.events());
    assertTrue(r.seconds() > 0 && r.eventsPerSecond() > 0 && r.cpuSeconds() > 0);
    assertEquals(20_000, r.summary().processes().get(0).accepted());
  }
}
