package org.nphunt.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nphunt.NphuntException;
import org.nphunt.data.Events;
import org.nphunt.data.ParticleListSchema;

/**
 * nphunt's writer of the LHC Olympics layout: round trip through nphunt's reader, and the committed
 * file lhco_nphunt_writer.h5 (written by this writer, checked with pandas.read_hdf by
 * nphunt-bench/src/main/python/hdf5/check_lhco_writer.py) still reads as the events it was written from.
 */
class LhcOlympicsWriterTest {
  @TempDir Path dir;

  static Events first(int n) {
    try (LhcOlympicsReader r = LhcOlympicsReader.open(LhcOlympicsReaderTest.fixture())) {
      return r.read(0, n);
    }
  }

  @Test
  void roundTripIsExactAndTheLayoutIsPandas() throws Exception {
    Events in = first(30);
    Path f = dir.resolve("lhco.h5");
    try (LhcOlympicsWriter w = LhcOlympicsWriter.create(f, ParticleListSchema.lhco(), false)) {
      w.write(in.slice(0, 17));
      w.write(in.slice(17, 13));
      w.attribute("manifest", "{\"tool\":\"nphunt\"}");
      w.commit();
    }
    String copy = System.getenv("NPHUNT_LHCO_WRITER_FIXTURE");
    if (copy != null) {
      Files.copy(f, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
    }
    try (LhcOlympicsReader r = LhcOlympicsReader.open(f)) {
      assertEquals(30, r.size());
      assertTrue(r.labelled());
      Events back = r.read(0, 30);
      assertArrayEquals(in.tensor(0), back.tensor(0));
      assertArrayEquals((int[]) in.column("label"), (int[]) back.column("label"));
      assertTrue(r.layout().describe().contains("float64 (30,2101), chunked (64,2101), shuffle+gzip(4)"), r.layout().describe());
      assertEquals("frame", r.attributes().get("pandas_type"));
      assertEquals("{\"tool\":\"nphunt\"}", r.attributes().get("manifest"));
    }
    assertEquals(EventFiles.Format.LHC_OLYMPICS, EventFiles.detect(f));
    assertThrows(NphuntException.class, () -> LhcOlympicsWriter.create(f, ParticleListSchema.lhco(), false));
  }

  @Test
  void blackBoxLayoutWithoutLabels() {
    Events in = first(5);
    Events unlabelled = new Events(in.schema(), 5, new double[][] {in.tensor(0)}, new Object[2]);
    Path f = dir.resolve("bb.h5");
    try (LhcOlympicsWriter w = LhcOlympicsWriter.create(f, ParticleListSchema.lhco(), false)) {
      w.write(unlabelled);
      w.commit();
    }
    try (LhcOlympicsReader r = LhcOlympicsReader.open(f)) {
      assertFalse(r.labelled());
      assertEquals(2100, r.layout().shape()[1]);
      assertArrayEquals(in.tensor(0), r.read(0, 5).tensor(0));
    }
  }

  @Test
  void theCommittedPandasCheckedFileReadsAsItsSource() {
    Path committed = Path.of("src/test/resources/org/nphunt/hdf5/lhco_nphunt_writer.h5");
    Events in = first(30);
    try (LhcOlympicsReader r = LhcOlympicsReader.open(committed)) {
      assertArrayEquals(in.tensor(0), r.read(0, 30).tensor(0));
      assertArrayEquals((int[]) in.column("label"), (int[]) r.read(0, 30).column("label"));
    }
  }
}
