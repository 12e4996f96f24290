package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nphunt.NphuntException;

/**
 * One extendable dataset with a leading event axis, appended block by block through the library
 * (chunked along events, optional shuffle and gzip applied by the library): the writing half of the
 * formats other than nphunt's fast ADC2021 writer. Every method takes the global lock.
 */
final class DatasetAppender {
  private final String where;
  private final long[] rowShape;
  private final int rowValues;
  private long ds;
  private long rows;

  /**
   * Creates {@code path} in {@code loc} with shape (0, rowShape...), unlimited along events.
   *
   * @param fileType e.g. {@code H5T_IEEE_F32LE_g()}
   * @param chunkRows events per chunk
   * @param gzip deflate level, 0 for none
   */
  DatasetAppender(long loc, String path, long fileType, long[] rowShape, long chunkRows, int gzip, boolean shuffle, String where) {
    this.where = where;
    this.rowShape = rowShape.clone();
    long rv = 1;
    for (long d : rowShape) {
      rv *= d;
    }
    this.rowValues = Math.toIntExact(rv);
    int rank = rowShape.length + 1;
    long[] dims = new long[rank];
    long[] max = new long[rank];
    long[] chunk = new long[rank];
    max[0] = H5S_UNLIMITED;
    chunk[0] = Math.max(1, chunkRows);
    for (int i = 1; i < rank; i++) {
      dims[i] = max[i] = chunk[i] = rowShape[i - 1];
    }
    ds = H5.locked(() -> {
      long space = H5Screate_simple(rank, dims, max);
      long dcpl = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
      try {
        H5Pset_chunk(dcpl, rank, chunk);
        if (shuffle) {
          H5Pset_shuffle(dcpl);
        }
        if (gzip > 0) {
          H5Pset_deflate(dcpl, gzip);
        }
        return H5.check(H5Dcreate2(loc, path, fileType, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), where + ": cannot create dataset");
      } finally {
        H5Pclose(dcpl);
        H5Sclose(space);
      }
    });
  }

  long id() {
    return ds;
  }

  long rows() {
    return rows;
  }

  /** Appends {@code n} rows of doubles (converted by the library to the file type). */
  void append(double[] values, int offset, int n) {
    if (n == 0) {
      return;
    }
    long count = (long) n * rowValues;
    try (DoublePointer p = new DoublePointer(count)) {
      p.put(values, offset, (int) count);
      write(n, H5T_NATIVE_DOUBLE_g(), p);
    }
  }

  /** Appends {@code n} rows of longs. */
  void append(long[] values, int offset, int n) {
    if (n == 0) {
      return;
    }
    long count = (long) n * rowValues;
    try (LongPointer p = new LongPointer(count)) {
      p.put(values, offset, (int) count);
      write(n, H5T_NATIVE_INT64_g(), p);
    }
  }

  /** Appends {@code n} rows of ints. */
  void append(int[] values, int offset, int n) {
    if (n == 0) {
      return;
    }
    long count = (long) n * rowValues;
    try (IntPointer p = new IntPointer(count)) {
      p.put(values, offset, (int) count);
      write(n, H5T_NATIVE_INT32_g(), p);
    }
  }

  private void write(int n, long memType, Pointer data) {
    H5.run(() -> {
      int rank = rowShape.length + 1;
      long end = rows + n;
      long[] dims = new long[rank];
      long[] start = new long[rank];
      long[] count = new long[rank];
      dims[0] = end;
      start[0] = rows;
      count[0] = n;
      for (int i = 1; i < rank; i++) {
        dims[i] = count[i] = rowShape[i - 1];
      }
      if (H5Dset_extent(ds, dims) < 0) {
        throw new NphuntException(where + ": cannot extend to " + end + " events (" + H5.errorText() + "): " + H5.writeFailure(java.nio.file.Path.of(where.replaceFirst(":/.*$", ""))));
      }
      long fspace = H5Dget_space(ds);
      long mspace = H5Screate_simple(rank, count, (long[]) null);
      try {
        H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, null, count, (long[]) null);
        if (H5Dwrite(ds, memType, mspace, fspace, H5P_DEFAULT, data) < 0) {
          throw new NphuntException(where + ": cannot write events [" + rows + ", " + end + ") (" + H5.errorText() + "): " + H5.writeFailure(java.nio.file.Path.of(where.replaceFirst(":/.*$", ""))));
        }
      } finally {
        H5Sclose(mspace);
        H5Sclose(fspace);
      }
      rows = end;
    });
  }

  void close() {
    H5.run(() -> {
      H5.closeQuietly(ds, 'D');
      ds = -1;
    });
  }

  // ------------------------------------------------------------- attributes of any type (lock held)

  /** A scalar fixed-length string attribute, NUL-terminated as PyTables writes them. */
  static void stringAttribute(long obj, String key, String value, boolean utf8) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    long type = H5Tcopy(H5T_C_S1_g());
    long space = b.length == 0 ? H5Screate(H5S_NULL) : H5Screate(H5S_SCALAR);
    try {
      H5Tset_size(type, Math.max(1, b.length));
      H5Tset_strpad(type, H5T_STR_NULLTERM);
      H5Tset_cset(type, utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII);
      if (H5Aexists(obj, key) > 0) {
        H5Adelete(obj, key);
      }
      long a = H5Acreate2(obj, key, type, space, H5P_DEFAULT, H5P_DEFAULT);
      try {
        if (b.length > 0) {
          try (BytePointer p = new BytePointer(b.length)) {
            p.put(b);
            H5Awrite(a, type, p);
          }
        }
      } finally {
        H5Aclose(a);
      }
    } finally {
      H5Sclose(space);
      H5Tclose(type);
    }
  }

  /** A scalar integer attribute of the given file type (e.g. int64, int32). */
  static void longAttribute(long obj, String key, long fileType, long value) {
    long space = H5Screate(H5S_SCALAR);
    try {
      long a = H5Acreate2(obj, key, fileType, space, H5P_DEFAULT, H5P_DEFAULT);
      try (LongPointer p = new LongPointer(1)) {
        p.put(0, value);
        H5Awrite(a, H5T_NATIVE_INT64_g(), p);
      } finally {
        H5Aclose(a);
      }
    } finally {
      H5Sclose(space);
    }
  }

  /** A scalar 8-bit bitfield attribute (numpy bool as PyTables stores it). */
  static void boolAttribute(long obj, String key, boolean value) {
    long space = H5Screate(H5S_SCALAR);
    try {
      long a = H5Acreate2(obj, key, H5T_STD_B8LE_g(), space, H5P_DEFAULT, H5P_DEFAULT);
      try (BytePointer p = new BytePointer(1)) {
        p.put(0, (byte) (value ? 1 : 0));
        H5Awrite(a, H5T_NATIVE_B8_g(), p);
      } finally {
        H5Aclose(a);
      }
    } finally {
      H5Sclose(space);
    }
  }
}
