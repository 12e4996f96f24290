package org.nphunt.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nphunt.NphuntException;

/**
 * Every Blosc codec and shuffle PyTables writes (blosc_codecs.h5, made by
 * nphunt-bench/src/main/python/hdf5/make_blosc_codecs_fixture.py) decodes exactly; a codec the bundled
 * c-blosc does not know fails naming the codec, file, dataset and rows.
 */
class BloscCodecsTest {
  static final Path FILE = Path.of("src/test/resources/org/nphunt/hdf5/blosc_codecs.h5");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "blosclz_shuffle", "blosclz_bitshuffle", "blosclz_noshuffle",
    "lz4_shuffle", "lz4_bitshuffle", "lz4_noshuffle",
    "lz4hc_shuffle", "lz4hc_bitshuffle", "lz4hc_noshuffle",
    "zlib_shuffle", "zlib_bitshuffle", "zlib_noshuffle",
    "zstd_shuffle", "zstd_bitshuffle", "zstd_noshuffle",
    "snappy_shuffle", "snappy_bitshuffle", "snappy_noshuffle",
  })
  void decodesExactly(String name) {
    try (Hdf5File h5 = Hdf5File.open(FILE); ChunkedDataset d = h5.dataset(name, "x")) {
      assertTrue(d.directChunks(), name);
      assertTrue(d.layout().describe().contains("blosc("), d.layout().describe());
      double[] v = d.readDoubles(0, 40);
      for (int i = 0; i < v.length; i++) {
        assertEquals(i + 0.25, v[i], name + " value " + i);
      }
      double[] part = d.readDoubles(5, 11); // across chunk boundaries
      assertEquals(5 * 6 + 0.25, part[0]);
      assertEquals(16 * 6 - 1 + 0.25, part[part.length - 1]);
    }
  }

  @Test
  void integerAndFloat32Arrays() {
    try (Hdf5File h5 = Hdf5File.open(FILE); ChunkedDataset i = h5.dataset("int64_lz4", "x");
         ChunkedDataset f = h5.dataset("float32_zstd", "x")) {
      long[] l = i.readLongs(0, 40);
      double[] x = f.readDoubles(0, 40);
      for (int k = 0; k < 240; k++) {
        assertEquals(k - 100, l[k]);
        assertEquals(k + 0.25, x[k]);
      }
    }
  }

  @Test
  void aCodecThisBuildLacksIsNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path f = dir.resolve("codec7.h5");
    java.nio.file.Files.copy(FILE, f);
    long addr;
    try (Hdf5File h5 = Hdf5File.open(f); ChunkedDataset d = h5.dataset("lz4_noshuffle", "x")) {
      addr = d.chunkAddressForTest(1);
    }
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(addr + 2); // the Blosc header's flags: bits 5-7 hold the codec's format code
      int flags = raf.read();
      raf.seek(addr + 2);
      raf.write((flags & 0x1f) | (7 << 5));
    }
    try (Hdf5File h5 = Hdf5File.open(f); ChunkedDataset d = h5.dataset("lz4_noshuffle", "x")) {
      assertEquals(0.25, d.readDoubles(0, 7)[0]);
      NphuntException e = assertThrows(NphuntException.class, () -> d.readDoubles(0, 40));
      assertTrue(e.getMessage().contains("codec7.h5:/lz4_noshuffle: events [7, 14): Blosc chunk (codec 7) failed to decompress"),
          e.getMessage());
    }
  }
}
