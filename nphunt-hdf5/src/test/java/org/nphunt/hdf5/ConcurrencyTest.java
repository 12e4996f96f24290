package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.data.EventBatch;

/** Readers and writers on different threads at once: the global library lock keeps them correct. */
class ConcurrencyTest {
  @TempDir Path dir;

  @Test
  void simultaneousReadersAndWritersGiveExactResults() throws Exception {
    EventBatch events = TestEvents.random(3333, 77, true, true);
    ExecutorService ex = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        jobs.add(ex.submit(() -> {
          Path f = dir.resolve("c" + id + ".h5");
          try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults().withGzipLevel(id % 2 == 0 ? 4 : 0).withThreads(2))) {
            for (int at = 0; at < events.size(); at += 500) {
              w.write(events.slice(at, Math.min(500, events.size() - at)));
            }
            w.commit();
          }
          for (int round = 0; round < 3; round++) {
            try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
              List<EventBatch> parts = new ArrayList<>();
              for (long at = 0; at < r.size(); at += 700) {
                parts.add(r.read(at, (int) Math.min(700, r.size() - at)));
              }
              EventBatch all = EventBatch.concat(parts);
              assertArrayEquals(events.particles(), all.particles());
              assertArrayEquals(events.evtId(), all.evtId());
            }
            try (Hdf5EventReader r = Hdf5EventReader.open(SharedFixtures.adc2021H5py())) {
              assertEquals(2000, r.read(0, 2000).size());
            }
          }
          return null;
        }));
      }
      for (Future<?> j : jobs) {
        j.get();
      }
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void randomAccessReadsMatch() {
    EventBatch events = TestEvents.random(5000, 4, false, false);
    Path f = dir.resolve("r.h5");
    try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults().withDtype(Dtype.FLOAT64))) {
      w.write(events);
      w.commit();
    }
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      for (int i = 0; i < 50; i++) {
        int n = 1 + rnd.nextInt(1500);
        int start = rnd.nextInt(5000 - n + 1);
        assertArrayEquals(events.slice(start, n).particles(), r.read(start, n).particles());
      }
    }
  }
}
