package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;

class ScoreFileTest {
  @TempDir Path dir;

  @Test
  void roundTripInBlocksKeepsOrderIdsAndAttributes() {
    int n = 70_001; // more than one 65536-value chunk
    SplittableRandom r = new SplittableRandom(3);
    double[] mse = new double[n];
    double[] kl = new double[n];
    long[] ids = new long[n];
    int[] pids = new int[n];
    for (int i = 0; i < n; i++) {
      mse[i] = r.nextDouble() * 1e3;
      kl[i] = -r.nextDouble();
      ids[i] = Long.MAX_VALUE - i;
      pids[i] = i % 7 - 1;
    }
    mse[5] = Double.MIN_VALUE;
    Path f = dir.resolve("scores.h5");
    try (ScoreFileWriter w = ScoreFileWriter.create(f, List.of("zeta", "mse", "kl"), false)) {
      for (int at = 0; at < n; at += 30_000) {
        int k = Math.min(30_000, n - at);
        double[] z = new double[k];
        w.write(k, new double[][] {z, java.util.Arrays.copyOfRange(mse, at, at + k), java.util.Arrays.copyOfRange(kl, at, at + k)},
            java.util.Arrays.copyOfRange(ids, at, at + k), java.util.Arrays.copyOfRange(pids, at, at + k));
      }
      w.attribute("manifest", "{\"seed\": 1}");
      w.commit();
    }
    try (ScoreFileReader s = ScoreFileReader.open(f)) {
      assertEquals(n, s.size());
      assertEquals(List.of("zeta", "mse", "kl"), s.scoreNames());
      assertArrayEquals(mse, s.scores("mse"));
      assertArrayEquals(kl, s.scores("kl"));
      assertArrayEquals(new double[n], s.scores("zeta"));
      assertArrayEquals(ids, s.evtId());
      assertArrayEquals(pids, s.processId());
      assertEquals("{\"seed\": 1}", s.attribute("manifest"));
      assertNull(s.attribute("absent"));
      NphuntException e = assertThrows(NphuntException.class, () -> s.scores("nope"));
      assertTrue(e.getMessage().contains("no score 'nope'") && e.getMessage().contains("zeta, mse, kl"), e.getMessage());
    }
  }

  @Test
  void withoutIdsAndAborted() throws Exception {
    Path f = dir.resolve("s.h5");
    try (ScoreFileWriter w = ScoreFileWriter.create(f, List.of("mse"), false)) {
      w.write(3, new double[][] {{1, 2, 3}}, null, null);
      assertThrows(IllegalArgumentException.class, () -> w.write(1, new double[][] {{1}}, new long[] {1}, null));
    }
    assertFalse(Files.exists(f), "aborted score file must not appear");
    try (ScoreFileWriter w = ScoreFileWriter.create(f, List.of("mse"), false)) {
      w.write(3, new double[][] {{1, 2, 3}}, null, null);
      w.commit();
    }
    try (ScoreFileReader s = ScoreFileReader.open(f)) {
      assertNull(s.evtId());
      assertNull(s.processId());
      assertArrayEquals(new double[] {1, 2, 3}, s.scores("mse"));
    }
    NphuntException e = assertThrows(NphuntException.class, () -> ScoreFileWriter.create(f, List.of("mse"), false));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    try (ScoreFileWriter w = ScoreFileWriter.create(f, List.of("mse"), true)) {
      w.write(1, new double[][] {{9}}, null, null);
      w.commit();
    }
    try (ScoreFileReader s = ScoreFileReader.open(f)) {
      assertArrayEquals(new double[] {9}, s.scores("mse"));
    }
  }

  @Test
  void rejectsBadNamesAndEventFiles() {
    assertThrows(IllegalArgumentException.class, () -> ScoreFileWriter.create(dir.resolve("a.h5"), List.of("a", "a"), false));
    assertThrows(IllegalArgumentException.class, () -> ScoreFileWriter.create(dir.resolve("a.h5"), List.of("EvtId"), false));
    assertThrows(IllegalArgumentException.class, () -> ScoreFileWriter.create(dir.resolve("a.h5"), List.of(), false));
    NphuntException e = assertThrows(NphuntException.class, () -> ScoreFileReader.open(SharedFixtures.adc2021H5py()));
    assertEquals(SharedFixtures.adc2021H5py() + " is an ADC2021 event file (/Particles), not a score file: score it first with"
        + " `nphunt score --model DIR --in " + SharedFixtures.adc2021H5py() + "`", e.getMessage());
    e = assertThrows(NphuntException.class, () -> ScoreFileReader.open(dir.resolve("none.h5")));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void smallScoreFilesAreChunkedForWhatTheyHold() throws Exception {
    int n = 3000;
    double[][] scores = new double[7][n];
    for (double[] c : scores) {
      java.util.Arrays.fill(c, 0.5);
    }
    Path f = dir.resolve("small.h5");
    try (ScoreFileWriter w = ScoreFileWriter.create(f, List.of("a", "b", "c", "d", "e", "f", "g"), false)) {
      w.write(1000, scores, null, new int[n]);
      w.write(2000, scores, null, new int[n]);
      w.commit();
    }
    // 7 float64 columns + ProcessId of 3,000 events: 192 KB of data; it was 3.4 MB with 65,536-value chunks
    assertTrue(Files.size(f) < 250_000, "file of " + Files.size(f) + " bytes");
    try (Hdf5File h5 = Hdf5File.open(f); ChunkedDataset d = h5.dataset("a", "x")) {
      assertEquals(3000, d.layout().chunk()[0]);
    }
    try (ScoreFileReader s = ScoreFileReader.open(f)) {
      assertEquals(n, s.size());
      assertArrayEquals(scores[3], s.scores("d"));
      assertArrayEquals(new int[n], s.processId());
    }
    Path empty = dir.resolve("empty.h5");
    try (ScoreFileWriter w = ScoreFileWriter.create(empty, List.of("mse"), false)) {
      w.commit();
    }
    try (ScoreFileReader s = ScoreFileReader.open(empty)) {
      assertEquals(0, s.size());
    }
  }
}
