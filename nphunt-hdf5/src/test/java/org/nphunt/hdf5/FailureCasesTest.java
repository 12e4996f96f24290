package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.testing.SharedFixtures;
import org.nphunt.testing.TestEvents;

/**
 * The shared cases (../shared/cases, issue 16) and every kind of bad input they stand for: each read
 * either gives the right numbers (with a note where nphunt normalised something) or fails with one
 * line saying what really happened, with the file and dataset.
 */
class FailureCasesTest {
  @TempDir Path dir;

  private static NphuntException failure(Path f) {
    return assertThrows(NphuntException.class, () -> {
      try (EventSource s = EventFiles.open(f)) {
        s.read(0, (int) s.size());
      }
    });
  }

  private static void assertLine(NphuntException e, String... parts) {
    String m = e.getMessage();
    assertFalse(m.contains("\n"), "one line: " + m);
    for (String p : parts) {
      assertTrue(m.contains(p), "'" + m + "' should contain '" + p + "'");
    }
  }

  // ------------------------------------------------------------------ the shared cases

  @Test
  void columnsAreMappedByParticlesNames() {
    Path f = SharedFixtures.useCase("particles_names_reordered.h5");
    try (Hdf5EventReader r = Hdf5EventReader.open(f); Hdf5File h5 = Hdf5File.open(f);
         ChunkedDataset raw = h5.dataset("Particles", "x")) {
      assertEquals(List.of("Pt", "Phi", "Eta", "Class"), r.featureNames());
      EventBatch b = r.read(0, (int) r.size()); // MET eta must be 0: fails unless the columns are mapped
      double[] stored = raw.readDoubles(0, (int) r.size());
      for (int i = 0; i < stored.length; i += 4) {
        assertEquals(stored[i], b.particles()[i]);
        assertEquals(stored[i + 2], b.particles()[i + 1], "eta is the third stored column");
        assertEquals(stored[i + 1], b.particles()[i + 2], "phi is the second stored column");
        assertEquals(stored[i + 3], b.particles()[i + 3]);
      }
      assertTrue(r.notes().get(0).contains("columns stored as [Pt, Phi, Eta, Class]"), r.notes().toString());
    }
  }

  @Test
  void phiInZeroToTwoPiIsWrappedAndNoted() {
    try (EventSource s = EventFiles.open(SharedFixtures.useCase("phi_zero_to_two_pi.h5"))) {
      EventBatch b = EventBatch.of(s.read(0, (int) s.size()));
      int above = 0;
      for (int e = 0; e < b.size(); e++) {
        for (int slot = 0; slot < 19; slot++) {
          double phi = b.phi(e, slot);
          assertTrue(phi >= -Math.PI - 1e-6 && phi <= Math.PI + 1e-6, "phi " + phi);
          above += phi < 0 ? 1 : 0;
        }
      }
      assertTrue(above > 1000, "wrapped values now negative: " + above);
      assertTrue(s.notes().stream().anyMatch(n -> n.contains("Phi stored in [0, 2 pi): wrapped to [-pi, pi]")), s.notes().toString());
    }
  }

  @Test
  void absurdFiniteMomentaAreRefusedNamingTheEvent() {
    NphuntException e = failure(SharedFixtures.useCase("extreme_finite_values_f64.h5"));
    assertLine(e, "extreme_finite_values_f64.h5:/Particles", "event 1,", "Pt is", "must be in [0, 14000] GeV");
  }

  @Test
  void lzfFilterIsNamedWithTheConversionCommand() {
    NphuntException e = failure(SharedFixtures.useCase("lzf_filter.h5"));
    assertLine(e, "lzf_filter.h5:/Particles", "LZF filter (HDF5 filter 32000)", "h5repack -f GZIP=4 in.h5 out.h5");
  }

  @Test
  void virtualDatasetWithAMissingSourceIsRefusedUpFront() {
    NphuntException e = assertThrows(NphuntException.class,
        () -> EventFiles.open(SharedFixtures.useCase("vds_missing_source/vds_missing.h5")).close());
    assertLine(e, "vds_missing.h5:/Particles", "virtual dataset source part2_moved.h5:Particles is missing", "would read as zeros");
  }

  @Test
  void virtualDatasetWithAllSourcesReads() throws Exception {
    // The same VDS with its sources present reads the sources' events.
    Path d = dir.resolve("vds");
    Files.createDirectories(d);
    Files.copy(SharedFixtures.useCase("vds_missing_source/vds_missing.h5"), d.resolve("vds.h5"));
    Files.copy(SharedFixtures.useCase("vds_missing_source/part1.h5"), d.resolve("part1.h5"));
    Files.copy(SharedFixtures.useCase("vds_missing_source/part1.h5"), d.resolve("part2_moved.h5"));
    try (Hdf5EventReader r = Hdf5EventReader.open(d.resolve("vds.h5"));
         Hdf5EventReader p = Hdf5EventReader.open(d.resolve("part1.h5"))) {
      assertEquals(3000, r.size());
      assertEquals("virtual", r.layout().storage());
      assertEquals(java.util.Arrays.toString(p.read(0, 1500).particles()),
          java.util.Arrays.toString(r.read(0, 1500).particles()));
    }
  }

  // ------------------------------------------------------------------ the kinds

  private Path adcWith(String name, java.util.function.LongConsumer extra) {
    Path f = dir.resolve(name);
    RawHdf5.write(f, List.of(RawHdf5.Dataset.contiguous("Particles", RawHdf5.Type.FLOAT32, new long[] {20, 19, 4},
        TestEvents.random(20, 3, true, false).particles())));
    H5.run(() -> {
      long id = H5Fopen(f.toString(), H5F_ACC_RDWR, H5P_DEFAULT);
      extra.accept(id);
      H5Fclose(id);
    });
    return f;
  }

  @Test
  void otherParticlesNamesAreRefusedNamingThem() {
    Path f = adcWith("epxpypz.h5", id -> H5.writeFixedStrings(id, "Particles_Names", List.of("E", "Px", "Py", "Pz"), "x"));
    assertLine(failure(f), "epxpypz.h5:/Particles_Names is [E, Px, Py, Pz]", "not (Pt, Eta, Phi, Class)");
  }

  @Test
  void variableLengthNamesAreRead() {
    Path f = adcWith("vlen.h5", id -> {
      long type = H5Tcopy(H5T_C_S1_g());
      H5Tset_size(type, H5T_VARIABLE());
      long space = H5Screate_simple(1, new long[] {4}, (long[]) null);
      long ds = H5Dcreate2(id, "Particles_Names", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      String[] names = {"Pt", "Eta", "Phi", "Class"};
      try (PointerPointer<BytePointer> p = new PointerPointer<>(4)) {
        for (int i = 0; i < 4; i++) {
          p.put(i, new BytePointer(names[i]));
        }
        H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, p);
      }
      H5Dclose(ds);
      H5Sclose(space);
      H5Tclose(type);
    });
    try (Hdf5EventReader r = Hdf5EventReader.open(f)) {
      assertEquals(List.of("Pt", "Eta", "Phi", "Class"), r.featureNames());
      assertEquals(20, r.read(0, 20).size());
    }
  }

  @Test
  void pandasGroupWhereADatasetIsExpected() {
    Path f = dir.resolve("pandas_group.h5");
    H5.run(() -> {
      long id = H5Fcreate(f.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
      long g = H5Gcreate2(id, "Particles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      DatasetAppender.stringAttribute(g, "pandas_type", "frame", true);
      H5Gclose(g);
      H5Fclose(id);
    });
    assertLine(failure(f), "pandas_group.h5:/Particles is a group, not a dataset", "a pandas group (pandas_type 'frame'");
  }

  @Test
  void danglingSoftLink() {
    Path f = adcWith("dangling.h5", id -> {
      H5Lmove(id, "Particles", id, "Moved", H5P_DEFAULT, H5P_DEFAULT);
      H5Ldelete(id, "Moved", H5P_DEFAULT);
      H5Lcreate_soft("/Gone", id, "Particles", H5P_DEFAULT, H5P_DEFAULT);
    });
    assertLine(failure(f), "dangling.h5:/Particles is a soft link to /Gone, which does not exist (dangling link)");
  }

  @Test
  void externalLinkToAMissingFile() {
    Path f = adcWith("extlink.h5", id -> {
      H5Ldelete(id, "Particles", H5P_DEFAULT);
      H5Lcreate_external("elsewhere.h5", "/Particles", id, "Particles", H5P_DEFAULT, H5P_DEFAULT);
    });
    assertLine(failure(f), "extlink.h5:/Particles is an external link to elsewhere.h5:/Particles", "does not exist");
  }

  @Test
  void missingExternalRawDataFile() throws Exception {
    Path f = dir.resolve("external.h5");
    Path raw = dir.resolve("external_raw.bin");
    H5.run(() -> {
      long id = H5Fcreate(f.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
      long dcpl = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
      H5Pset_external(dcpl, "external_raw.bin", 0, 20L * 76 * 4);
      long space = H5Screate_simple(3, new long[] {20, 19, 4}, (long[]) null);
      long dapl = H5Pcreate(H5P_CLS_DATASET_ACCESS_ID_g());
      H5Pset_efile_prefix(dapl, dir.toString());
      long ds = H5Dcreate2(id, "Particles", H5T_IEEE_F32LE_g(), space, H5P_DEFAULT, dcpl, dapl);
      H5Dclose(ds);
      H5Pclose(dapl);
      H5Sclose(space);
      H5Pclose(dcpl);
      H5Fclose(id);
    });
    Files.deleteIfExists(raw);
    assertLine(failure(f), "external.h5:/Particles: raw data lie in the external file external_raw.bin, which is missing");
  }

  @Test
  void fileLockedByAWriterIsNamedAsSuch() throws Exception {
    Path flock = Path.of("/usr/bin/flock");
    assumeTrue(Files.isExecutable(flock), "no flock(1) on this machine");
    Path f = dir.resolve("locked.h5");
    Files.copy(SharedFixtures.adc2021H5py(), f);
    // flock(1) takes the same BSD lock HDF5 takes; an exclusive one is what a writer holds.
    Process p = new ProcessBuilder(flock.toString(), "-x", f.toString(), "sleep", "30").start();
    try {
      Thread.sleep(300);
      NphuntException e = failure(f);
      assertLine(e, "locked.h5: locked by another process that has it open for writing", "HDF5_USE_FILE_LOCKING=FALSE");
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void corruptBloscChunkNamesFileDatasetAndRows() throws Exception {
    Path f = dir.resolve("lhco_corrupt.h5");
    Files.copy(LhcOlympicsReaderTest.fixture(), f);
    long addr;
    try (Hdf5File h5 = Hdf5File.open(f); ChunkedDataset d = h5.dataset(LhcOlympicsReader.VALUES, "x")) {
      addr = d.chunkAddressForTest(10);
    }
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(addr + 12); // the Blosc header's compressed-size field
      raf.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
    }
    try (LhcOlympicsReader r = LhcOlympicsReader.open(f)) {
      assertEquals(70, r.read(0, 70).size());
      NphuntException e = assertThrows(NphuntException.class, () -> r.read(60, 40));
      assertLine(e, "lhco_corrupt.h5:/df/block0_values: events [70, 77): Blosc chunk (blosclz) failed to decompress");
    }
  }

  @Test
  void unknownLayoutListsWhatTheFileHolds() {
    Path f = dir.resolve("other.h5");
    RawHdf5.write(f, List.of(RawHdf5.Dataset.contiguous("Jets", RawHdf5.Type.FLOAT32, new long[] {2, 3}, new double[6])));
    NphuntException e = assertThrows(NphuntException.class, () -> EventFiles.detect(f));
    assertLine(e, "other.h5: not an event file nphunt knows: no /Particles (ADC2021)", "it holds /Jets");
  }

  @Test
  void eachFormatIsDetected() {
    assertEquals(EventFiles.Format.ADC2021, EventFiles.detect(SharedFixtures.adc2021H5py()));
    assertEquals(EventFiles.Format.LHC_OLYMPICS, EventFiles.detect(LhcOlympicsReaderTest.fixture()));
    try (EventSource s = EventFiles.open(LhcOlympicsReaderTest.fixture())) {
      Events b = s.read(0, 3);
      assertEquals("particles", b.schema().name());
    }
  }
}
