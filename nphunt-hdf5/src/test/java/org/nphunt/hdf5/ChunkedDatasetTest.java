package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic decoder against values written by the library itself: every element type and byte
 * order, chunks along events (nphunt decodes) and across other axes (the library reads), chunks of
 * one event, chunks never written (fill value), sequential and random reads agreeing, split rows.
 */
class ChunkedDatasetTest {
  @TempDir Path dir;

  private static double[] values(int n, long seed, boolean integral) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = integral ? r.nextInt(-1000, 1000) : (float) (r.nextGaussian() * 100);
    }
    return v;
  }

  private ChunkedDataset open(Path f, String name) {
    Hdf5File h5 = Hdf5File.open(f);
    // the file stays open for the dataset's lifetime in these tests; closed with the JVM's temp dir
    return h5.dataset(name, "x");
  }

  @Test
  void everyTypeAndLayoutReadsExactly() {
    Path f = dir.resolve("types.h5");
    double[] fl = values(500 * 6, 1, false);
    double[] in = values(500 * 6, 2, true);
    double[] small = values(500, 3, true);
    for (int i = 0; i < small.length; i++) {
      small[i] = Math.abs(small[i]) % 200;
    }
    RawHdf5.write(f, List.of(
        new RawHdf5.Dataset("f32be_gzip", RawHdf5.Type.FLOAT32_BE, new long[] {500, 2, 3}, fl, new long[] {64, 2, 3}, false, 4),
        new RawHdf5.Dataset("f64_shuffle_gzip", RawHdf5.Type.FLOAT64, new long[] {500, 6}, fl, new long[] {33, 6}, true, 6),
        new RawHdf5.Dataset("i32_shuffle", RawHdf5.Type.INT32, new long[] {500, 6}, in, new long[] {7, 6}, true, 0),
        new RawHdf5.Dataset("i64_rank1", RawHdf5.Type.INT64, new long[] {3000}, in, new long[] {1000}, true, 1),
        new RawHdf5.Dataset("across_axes", RawHdf5.Type.FLOAT32, new long[] {500, 6}, fl, new long[] {50, 3}, false, 4),
        new RawHdf5.Dataset("one_row_chunks", RawHdf5.Type.FLOAT32, new long[] {500, 6}, fl, new long[] {1, 6}, false, 4),
        RawHdf5.Dataset.contiguous("contiguous", RawHdf5.Type.FLOAT64, new long[] {500, 6}, fl)));
    for (String name : List.of("f32be_gzip", "f64_shuffle_gzip", "across_axes", "one_row_chunks", "contiguous")) {
      try (ChunkedDataset d = open(f, name)) {
        assertEquals(500, d.rows());
        assertEquals(6, d.rowValues());
        assertArrayEquals(fl, d.readDoubles(0, 500), name);
        assertArrayEquals(Arrays.copyOfRange(fl, 6 * 123, 6 * 400), d.readDoubles(123, 277), name);
        assertEquals(!name.equals("across_axes") && !name.equals("contiguous"), d.directChunks(), name);
      }
    }
    try (ChunkedDataset d = open(f, "i32_shuffle")) {
      assertEquals(ChunkedDataset.ElementKind.SIGNED, d.elementKind());
      long[] l = d.readLongs(3, 100);
      for (int i = 0; i < l.length; i++) {
        assertEquals((long) in[18 + i], l[i]);
      }
      assertArrayEquals(Arrays.copyOfRange(in, 0, 3000), d.readDoubles(0, 500));
    }
    try (ChunkedDataset d = open(f, "i64_rank1")) {
      assertEquals(1, d.rowValues());
      long[] l = d.readLongs(999, 1002);
      for (int i = 0; i < l.length; i++) {
        assertEquals((long) in[999 + i], l[i]);
      }
    }
  }

  @Test
  void sequentialScansWithReadAheadEqualRandomReads() {
    Path f = dir.resolve("seq.h5");
    double[] v = values(3000 * 5, 9, false);
    RawHdf5.write(f, List.of(new RawHdf5.Dataset("x", RawHdf5.Type.FLOAT32, new long[] {3000, 5}, v, new long[] {7, 5}, true, 4)));
    try (ChunkedDataset d = open(f, "x")) {
      for (int block : new int[] {1, 13, 700, 3000}) {
        for (int at = 0; at < 3000; at += block) {
          int k = Math.min(block, 3000 - at);
          assertArrayEquals(Arrays.copyOfRange(v, at * 5, (at + k) * 5), d.readDoubles(at, k), "block " + block + " at " + at);
        }
      }
      double[][] split = d.readDoublesSplit(10, 20, 3);
      for (int e = 0; e < 20; e++) {
        for (int j = 0; j < 5; j++) {
          assertEquals(v[(10 + e) * 5 + j], j < 3 ? split[0][e * 3 + j] : split[1][e * 2 + j - 3]);
        }
      }
      assertEquals(0, d.readDoubles(3000, 0).length);
    }
  }

  @Test
  void chunksNeverWrittenReadAsTheFillValue() {
    Path f = dir.resolve("sparse.h5");
    H5.run(() -> {
      long id = H5Fcreate(f.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
      long space = H5Screate_simple(2, new long[] {100, 3}, (long[]) null);
      long dcpl = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
      H5Pset_chunk(dcpl, 2, new long[] {10, 3});
      H5Pset_deflate(dcpl, 4);
      long ds = H5Dcreate2(id, "x", H5T_IEEE_F64LE_g(), space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
      long fs = H5Dget_space(ds);
      H5Sselect_hyperslab(fs, H5S_SELECT_SET, new long[] {30, 0}, null, new long[] {10, 3}, (long[]) null);
      long ms = H5Screate_simple(2, new long[] {10, 3}, (long[]) null);
      try (DoublePointer p = new DoublePointer(30)) {
        for (int i = 0; i < 30; i++) {
          p.put(i, i + 1);
        }
        H5Dwrite(ds, H5T_NATIVE_DOUBLE_g(), ms, fs, H5P_DEFAULT, p);
      }
      H5Sclose(ms);
      H5Sclose(fs);
      H5Dclose(ds);
      H5Pclose(dcpl);
      H5Sclose(space);
      H5Fclose(id);
    });
    try (ChunkedDataset d = open(f, "x")) {
      assertTrue(d.directChunks());
      double[] v = d.readDoubles(0, 100);
      for (int i = 0; i < 300; i++) {
        assertEquals(i >= 90 && i < 120 ? i - 89 : 0.0, v[i], "value " + i);
      }
    }
  }

  @Test
  void compoundRowsComeBackAsFileBytes() {
    Path f = Path.of("src/test/resources/org/nphunt/hdf5/toptagging_pandas.h5");
    try (ChunkedDataset d = open(f, TopTaggingReader.TABLE)) {
      assertEquals(ChunkedDataset.ElementKind.OTHER, d.elementKind());
      List<ChunkedDataset.Member> m = d.members();
      assertEquals(List.of("index", "values_block_0", "values_block_1"), m.stream().map(ChunkedDataset.Member::name).toList());
      assertEquals(804, m.get(1).count());
      assertEquals(8 + 804 * 4 + 16, d.elementSize());
      byte[] raw = d.readRaw(2, 3);
      assertEquals(3 * d.elementSize(), raw.length);
      assertEquals(1002, m.get(0).getLong(java.nio.ByteBuffer.wrap(raw), 0, 0));
      assertFalse(d.layout().filters().contains("gzip"));
    }
  }
}
