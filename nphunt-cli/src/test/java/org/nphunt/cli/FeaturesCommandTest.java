package org.nphunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nphunt.cli.Cli.run;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.Events;
import org.nphunt.data.HlfSchema;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.hdf5.Hdf5EventReader;
import org.nphunt.hdf5.HlfReader;
import org.nphunt.hlt.HighLevelFeatures;
import org.nphunt.testing.SharedFixtures;

/** {@code nphunt features} on generated events (all 21 features) and on the real-layout fixture (14). */
class FeaturesCommandTest {
  @TempDir Path dir;

  @Test
  void generatedEventsGiveTheFullTable() {
    Path events = dir.resolve("sm.h5");
    Path table = dir.resolve("sm_hlf.h5");
    assertEquals(0, run("generate", "--process", "sm", "--events", "2500", "--seed", "3", "--out", events.toString()).code());
    Cli.Run r = run("features", "--in", events.toString(), "--out", table.toString(), "--block", "1000");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("21 features of 2,500 events"), r.out());
    assertEquals("", r.err());
    assertEquals(EventFiles.Format.HLF, EventFiles.detect(table));
    try (HlfReader t = HlfReader.open(table); Hdf5EventReader e = Hdf5EventReader.open(events)) {
      assertEquals(HlfSchema.full(), t.schema());
      assertEquals(2500, t.size());
      assertTrue(t.hasProcessId());
      Events got = t.read(0, 2500);
      Events want = HighLevelFeatures.compute(e.read(0, 2500), HlfSchema.full());
      double[] g = got.tensor(0);
      double[] w = want.tensor(0);
      for (int i = 0; i < w.length; i++) {
        assertEquals((float) w[i], g[i], 0.0, "value " + i + " (stored as float32)");
      }
      assertEquals(want.columnAsDoubles("ProcessId")[17], got.columnAsDoubles("ProcessId")[17]);
    }
    // never replaced without --force; --force replaces the table, never the input
    assertEquals(1, run("features", "--in", events.toString(), "--out", table.toString()).code());
    assertEquals(0, run("features", "--in", events.toString(), "--out", table.toString(), "--force").code());
    assertEquals(1, run("features", "--in", events.toString(), "--out", events.toString(), "--force").code());
  }

  @Test
  void realLayoutFileGivesTheDerivableSubsetNamingTheRest() {
    Path table = dir.resolve("fixture_hlf.h5");
    Cli.Run r = run("features", "--in", SharedFixtures.adc2021H5py().toString(), "--out", table.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("14 features of 2,000 events"), r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("left out: LepIsoCh, LepIsoNeu, LepIsoGamma, LepCharge, bJets, nChHad, nNeuHad"), r.err());
    try (HlfReader t = HlfReader.open(table)) {
      assertEquals(HlfSchema.derivable(), t.schema());
      assertEquals(2000, t.size());
      t.read(0, 2000);
    }
  }
}
