package org.nphunt.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021Truth;
import org.nphunt.data.EventBatch;
import org.nphunt.physics.EventGenerator;
import org.nphunt.physics.Processes;
import org.nphunt.testing.TestEvents;

/** The generator's truth columns are written and read back with the events. */
class TruthColumnsTest {
  @TempDir Path dir;

  @Test
  void generatedTruthRoundTrips() {
    int n = 2537;
    Path f = dir.resolve("sm.h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults().withThreads(2))) {
      EventGenerator.generate(Processes.SM, n, 9, 2, w, null);
      w.commit();
    }
    EventBatch expected = EventGenerator.generateBatch(Processes.SM, n, 9, 1);
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      for (String c : Adc2021Truth.NAMES) {
        assertTrue(r.hasColumn(c), c);
      }
      assertNotNull(r.attributes().get("truth_spec"));
      // two reads across the column chunks
      EventBatch a = r.read(0, 1300);
      EventBatch b = r.read(1300, n - 1300);
      EventBatch all = EventBatch.concat(java.util.List.of(a, b));
      assertTrue(Adc2021Truth.complete(all));
      for (String c : Adc2021Truth.NAMES) {
        Object want = expected.column(c);
        Object got = all.column(c);
        if (want instanceof double[] d) {
          double[] g = (double[]) got;
          for (int i = 0; i < n; i++) {
            assertEquals((float) d[i], g[i], 0.0, c + " event " + i + " (stored as float32)");
          }
        } else {
          assertArrayEquals((int[]) want, (int[]) got, c);
        }
      }
      // a slice keeps the truth
      assertArrayEquals(expected.slice(10, 5).processId(), all.slice(10, 5).processId());
      assertTrue(Adc2021Truth.complete(all.slice(10, 5)));
    }
  }

  @Test
  void filesWithoutTruthHaveNone() {
    Path f = dir.resolve("plain.h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults())) {
      w.write(TestEvents.random(100, 1, true, true));
      w.commit();
    }
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      for (String c : Adc2021Truth.NAMES) {
        assertFalse(r.hasColumn(c), c);
      }
      assertEquals(Adc2021Truth.NAMES, Adc2021Truth.missing(r.read(0, 100)));
    }
  }

  @Test
  void blocksMustAgreeOnTheTruthColumns() {
    EventBatch gen = EventGenerator.generateBatch(Processes.SM, 50, 3, 1);
    try (Hdf5EventWriter w = Hdf5EventWriter.create(dir.resolve("mixed.h5"), WriteOptions.defaults())) {
      w.write(gen.slice(0, 20));
      EventBatch plain = new EventBatch(gen.slice(20, 30).particles(), 30, null, gen.slice(20, 30).processId());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(plain));
      assertTrue(e.getMessage().contains("LepIsoCh"), e.getMessage());
    }
  }

  @Test
  void invalidTruthIsRefusedNamingTheEvent() {
    EventBatch gen = EventGenerator.generateBatch(Processes.SM, 30, 3, 1);
    ((int[]) gen.column(Adc2021Truth.LEP_CHARGE))[7] = 0;
    try (Hdf5EventWriter w = Hdf5EventWriter.create(dir.resolve("bad.h5"), WriteOptions.defaults())) {
      NphuntException e = assertThrows(NphuntException.class, () -> w.write(gen));
      assertTrue(e.getMessage().contains("event 7, LepCharge is 0"), e.getMessage());
    }
  }
}
