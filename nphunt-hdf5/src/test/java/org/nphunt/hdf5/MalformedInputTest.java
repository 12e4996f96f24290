package org.nphunt.hdf5;

import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.hdf5.RawHdf5.Dataset;
import org.nphunt.hdf5.RawHdf5.Type;

/** Every malformed input gives one line naming the file (and dataset, event index where known). */
class MalformedInputTest {
  @TempDir Path dir;

  /** Builds the malformed files the CLI tests reuse. */
  static Path make(Path dir, String kind) throws Exception {
    Path f = dir.resolve(kind + ".h5");
    EventBatch ok = TestEvents.random(20, 5, false, false);
    switch (kind) {
      case "missing" -> { return dir.resolve("does-not-exist.h5"); }
      case "empty" -> Files.write(f, new byte[0]);
      case "text" -> Files.writeString(f, "pT,eta,phi\n1,2,3\n");
      case "truncated" -> {
        byte[] all = Files.readAllBytes(SharedFixtures.adc2021H5py());
        Files.write(f, Arrays.copyOf(all, all.length / 2));
      }
      case "noparticles" -> RawHdf5.write(f, List.of(Dataset.contiguous("Jets", Type.FLOAT32, new long[] {20, 76}, new double[20 * 76])));
      case "rank2" -> RawHdf5.write(f, List.of(Dataset.contiguous("Particles", Type.FLOAT32, new long[] {20, 76}, ok.particles())));
      case "shape" -> RawHdf5.write(f, List.of(Dataset.contiguous("Particles", Type.FLOAT32, new long[] {20, 19, 3}, new double[20 * 57])));
      case "int" -> RawHdf5.write(f, List.of(Dataset.contiguous("Particles", Type.INT32, new long[] {20, 19, 4}, new double[20 * 76])));
      case "nan" -> {
        EventBatch b = TestEvents.random(20, 5, false, false);
        b.set(13, 9, 1, Double.NaN);
        RawHdf5.write(f, List.of(Dataset.contiguous("Particles", Type.FLOAT64, new long[] {20, 19, 4}, b.particles())));
      }
      case "classid" -> {
        EventBatch b = TestEvents.random(20, 5, false, false);
        b.set(17, 2, 0, 10);
        b.set(17, 2, 3, 4); // a jet id in an electron slot
        RawHdf5.write(f, List.of(Dataset.contiguous("Particles", Type.FLOAT64, new long[] {20, 19, 4}, b.particles())));
      }
      case "evtid" -> RawHdf5.write(f, List.of(
          Dataset.contiguous("Particles", Type.FLOAT64, new long[] {20, 19, 4}, ok.particles()),
          Dataset.contiguous("EvtId", Type.INT64, new long[] {19}, new double[19])));
      case "corruptchunk" -> {
        try (Hdf5EventWriter w = Hdf5EventWriter.create(f, WriteOptions.defaults().withGzipLevel(4))) {
          w.write(TestEvents.random(2000, 6, true, false));
          w.commit();
        }
        byte[] all = Files.readAllBytes(f);
        // Clobber the middle of the file, which lies inside compressed chunk data.
        for (int i = all.length / 2; i < all.length / 2 + 64; i++) {
          all[i] = (byte) 0x5a;
        }
        Files.write(f, all);
      }
      default -> throw new IllegalArgumentException(kind);
    }
    return f;
  }

  private NphuntException fail(String kind) throws Exception {
    Path f = make(dir, kind);
    return assertThrows(NphuntException.class, () -> {
      try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
        r.read(0, (int) r.size());
      }
    });
  }

  private static void assertMessage(NphuntException e, String... parts) {
    String m = e.getMessage();
    assertTrue(!m.contains("\n"), "one line: " + m);
    for (String p : parts) {
      assertTrue(m.contains(p), "'" + m + "' should contain '" + p + "'");
    }
  }

  @Test
  void nonexistentPath() throws Exception {
    assertMessage(fail("missing"), "does-not-exist.h5", "no such file");
  }

  @Test
  void directory() {
    NphuntException e = assertThrows(NphuntException.class, () -> Hdf5EventReader.open(dir));
    assertMessage(e, dir.toString(), "is a directory");
  }

  @Test
  void emptyFile() throws Exception {
    assertMessage(fail("empty"), "empty.h5", "empty file (0 bytes)");
  }

  @Test
  void notHdf5() throws Exception {
    assertMessage(fail("text"), "text.h5", "not an HDF5 file");
  }

  @Test
  void truncated() throws Exception {
    assertMessage(fail("truncated"), "truncated.h5", "file truncated: 111266 bytes on disk", "ends at byte 222532");
  }

  @Test
  void missingParticles() throws Exception {
    assertMessage(fail("noparticles"), "noparticles.h5", "dataset /Particles is missing");
  }

  @Test
  void wrongRank() throws Exception {
    assertMessage(fail("rank2"), "rank2.h5:/Particles", "shape (20,76)", "expected (N,19,4)");
  }

  @Test
  void wrongShape() throws Exception {
    assertMessage(fail("shape"), "shape.h5:/Particles", "shape (20,19,3)", "expected (N,19,4)");
  }

  @Test
  void nonFloatDtype() throws Exception {
    assertMessage(fail("int"), "int.h5:/Particles", "dtype int32", "expected float32 or float64");
  }

  @Test
  void nonFiniteValueNamesEventAndSlot() throws Exception {
    assertMessage(fail("nan"), "nan.h5:/Particles", "event 13", "slot 9", "Eta", "NaN");
  }

  @Test
  void classIdNotMatchingSlot() throws Exception {
    assertMessage(fail("classid"), "classid.h5:/Particles", "event 17", "slot 2", "class id 4", "expected 2");
  }

  @Test
  void evtIdOfWrongLength() throws Exception {
    assertMessage(fail("evtid"), "evtid.h5:/EvtId", "shape (19)", "expected (20,)");
  }

  @Test
  void corruptCompressedChunk() throws Exception {
    NphuntException e = fail("corruptchunk");
    assertMessage(e, "corruptchunk.h5:/Particles", "events [", "corrupt gzip chunk");
  }

  @Test
  void validationReportsGlobalEventIndexInLaterBlocks() throws Exception {
    Path f = dir.resolve("late.h5");
    EventBatch b = TestEvents.random(3000, 8, true, false);
    b.set(2345, 0, 2, Double.POSITIVE_INFINITY);
    // nphunt's writer refuses such data, so write it as another tool would (chunked, gzip).
    RawHdf5.write(f, List.of(new Dataset("Particles", Type.FLOAT32, new long[] {3000, 19, 4}, b.particles(),
        new long[] {1000, 19, 4}, false, 4)));
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      assertEquals(1000, r.read(0, 1000).size());
      NphuntException e = assertThrows(NphuntException.class, () -> r.read(2000, 1000));
      assertMessage(e, "late.h5:/Particles", "event 2345", "slot 0", "Phi", "Infinity");
    }
  }
}
