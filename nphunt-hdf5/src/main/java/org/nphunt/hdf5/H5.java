package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.nphunt.NphuntException;

/**
 * Access to the HDF5 C library: loading, ONE global lock (the bundled build is not thread-safe, so
 * every library call in nphunt runs under {@link #LOCK}), silenced error stack, and small helpers
 * for attributes, string datasets and filters. Package-private: callers use the reader/writer classes.
 */
final class H5 {
  /** Serialises every call into the C library. */
  static final ReentrantLock LOCK = new ReentrantLock();

  static {
    LOCK.lock();
    try {
      Loader.load(hdf5.class);
      H5open();
      // The library prints its error stack to stderr by default; nphunt reports one line instead.
      H5Eset_auto2(H5E_DEFAULT, null, null);
    } finally {
      LOCK.unlock();
    }
  }

  private H5() {}

  /** Ensures the library is loaded (triggers the static initialiser). */
  static void init() {}

  /** Runs {@code body} holding the global library lock. */
  static <T> T locked(Callable<T> body) {
    LOCK.lock();
    try {
      return body.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      LOCK.unlock();
    }
  }

  /** Runs {@code body} holding the global library lock. */
  static void run(Runnable body) {
    LOCK.lock();
    try {
      body.run();
    } finally {
      LOCK.unlock();
    }
  }

  /** Throws a one-line error when an HDF5 status is negative. */
  static int check(int status, String what) {
    if (status < 0) {
      throw new NphuntException(what);
    }
    return status;
  }

  /** Throws a one-line error when an HDF5 identifier is negative. */
  static long check(long id, String what) {
    if (id < 0) {
      throw new NphuntException(what);
    }
    return id;
  }

  /** Closes an object of any kind, ignoring invalid ids (caller holds the lock). */
  static void closeQuietly(long id, char kind) {
    if (id < 0) {
      return;
    }
    switch (kind) {
      case 'F' -> H5Fclose(id);
      case 'D' -> H5Dclose(id);
      case 'S' -> H5Sclose(id);
      case 'T' -> H5Tclose(id);
      case 'P' -> H5Pclose(id);
      case 'A' -> H5Aclose(id);
      case 'G' -> H5Gclose(id);
      default -> throw new IllegalArgumentException("kind " + kind);
    }
  }

  /**
   * Frees the disk space of a file being written whose output is discarded (a temporary about to be
   * deleted), before its handles are closed. Why: when a write fails on a full disk, closing the file
   * flushes dirty metadata, fails again, and leaves the file half-open inside the library; the C++
   * library's exit handler (H5close) then recursed in the error stack until the process crashed
   * (segfault after nphunt's own one-line error). With the file emptied, the flush has room and every
   * handle closes cleanly.
   */
  static void emptyForDiscard(java.nio.file.Path temporary) {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(temporary,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(0);
    } catch (java.io.IOException | RuntimeException ignored) {
      // already gone or not ours: nothing to free
    }
  }

  /**
   * Caller holds the lock. Flushes a file about to be committed; on failure (full disk) empties it (see
   * {@link #emptyForDiscard}) so that the handles close cleanly, and returns false.
   */
  static boolean flushForCommit(long fileId, java.nio.file.Path temporary) {
    if (fileId < 0 || H5Fflush(fileId, H5F_SCOPE_GLOBAL) >= 0) {
      return true;
    }
    emptyForDiscard(temporary);
    return false;
  }

  /**
   * Why a write or flush into {@code file} failed, in words: "no space left on the device" when its
   * file system is full, else a generic cause.
   */
  static String writeFailure(java.nio.file.Path file) {
    try {
      java.nio.file.Path dir = file.toAbsolutePath().getParent();
      if (dir != null && java.nio.file.Files.getFileStore(dir).getUsableSpace() < (1L << 20)) {
        return "no space left on the device";
      }
    } catch (java.io.IOException | RuntimeException ignored) {
      // fall through
    }
    return "the write failed (disk full, quota exceeded or I/O error)";
  }

  /** Human-readable name of an HDF5 type (caller holds the lock). */
  static String typeName(long type) {
    int cls = H5Tget_class(type);
    long size = H5Tget_size(type);
    if (cls == H5T_FLOAT) {
      return "float" + size * 8;
    }
    if (cls == H5T_INTEGER) {
      return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + size * 8;
    }
    if (cls == H5T_STRING) {
      return H5Tis_variable_str(type) > 0 ? "string (variable length)" : "string (" + size + " bytes)";
    }
    return switch (cls) {
      case 2 -> "time";
      case 4 -> "bitfield";
      case 5 -> "opaque";
      case 6 -> "compound";
      case 7 -> "reference";
      case 8 -> "enum";
      case 9 -> "vlen";
      case 10 -> "array";
      default -> "type class " + cls;
    };
  }

  /** Filters of a dataset creation property list, e.g. {@code ["deflate(4)", "shuffle"]} (lock held). */
  static List<Filter> filters(long dcpl) {
    List<Filter> out = new ArrayList<>();
    int n = H5Pget_nfilters(dcpl);
    for (int i = 0; i < n; i++) {
      int[] flags = new int[1];
      int[] values = new int[8];
      byte[] name = new byte[64];
      int[] config = new int[1];
      try (SizeTPointer nelmts = new SizeTPointer(1)) {
        nelmts.put(0, values.length);
        int id = H5Pget_filter2(dcpl, i, flags, nelmts, values, name.length, name, config);
        int k = (int) Math.min(nelmts.get(0), values.length);
        int[] params = new int[k];
        System.arraycopy(values, 0, params, 0, k);
        out.add(new Filter(id, cString(name), params));
      }
    }
    return out;
  }

  /** One filter of a chunked dataset's pipeline. */
  record Filter(int id, String name, int[] params) {
    String describe() {
      if (id == H5Z_FILTER_DEFLATE) {
        return "gzip(" + (params.length > 0 ? params[0] : "?") + ")";
      }
      if (id == H5Z_FILTER_SHUFFLE) {
        return "shuffle";
      }
      if (id == Codecs.BLOSC) {
        // hdf5-blosc's cd_values: revision, blosc version, type size, chunk bytes, level, shuffle, codec.
        String[] codecs = {"blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"};
        String codec = params.length > 6 && params[6] >= 0 && params[6] < codecs.length ? codecs[params[6]] : "blosclz";
        String level = params.length > 4 ? Integer.toString(params[4]) : "?";
        String shuffle = params.length > 5 ? (params[5] == 0 ? "" : params[5] == 2 ? ", bitshuffle" : ", shuffle") : "";
        return "blosc(" + codec + " " + level + shuffle + ")";
      }
      return ChunkedDataset.filterName(id, name).toLowerCase(java.util.Locale.ROOT) + "#" + id;
    }
  }

  static String cString(byte[] bytes) {
    int n = 0;
    while (n < bytes.length && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  /**
   * Opens an existing HDF5 file read-only, turning every way it can fail into one line naming the
   * file: missing, a directory, empty (0 bytes), not HDF5, truncated or corrupt.
   */
  static long openFile(java.nio.file.Path file) {
    String f = file.toString();
    if (!java.nio.file.Files.exists(file)) {
      throw new NphuntException(f + ": no such file");
    }
    if (java.nio.file.Files.isDirectory(file)) {
      throw new NphuntException(f + ": is a directory, expected an HDF5 file");
    }
    long size;
    byte[] head = new byte[8];
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      size = java.nio.file.Files.size(file);
      in.readNBytes(head, 0, 8);
    } catch (java.io.IOException e) {
      throw new NphuntException(f + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (size == 0) {
      throw new NphuntException(f + ": empty file (0 bytes), expected an HDF5 file");
    }
    long bytes = size;
    return locked(() -> {
      // The signature may also sit at 512, 1024, ... (user block); let the library look there.
      if (!java.util.Arrays.equals(head, SIGNATURE) && H5Fis_accessible(f, H5P_DEFAULT) <= 0) {
        throw new NphuntException(f + ": not an HDF5 file (no HDF5 signature)");
      }
      H5Eclear2(H5E_DEFAULT);
      long id = H5Fopen(f, H5F_ACC_RDONLY, H5P_DEFAULT);
      if (id < 0) {
        throw new NphuntException(f + ": " + diagnoseOpenFailure(f, bytes, errorStack()));
      }
      return id;
    });
  }

  /**
   * Why {@code H5Fopen} failed, from the library's error stack and a second attempt without file
   * locking (lock held): locked by a writer, truncated (with the sizes), or the library's own words.
   */
  private static String diagnoseOpenFailure(String f, long bytes, List<String> stack) {
    String all = String.join("; ", stack);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("truncated file: eof = (\\d+).*stored_eof = (\\d+)").matcher(all);
    if (m.find()) {
      return "file truncated: " + m.group(1) + " bytes on disk, but the file's superblock says it ends at byte " + m.group(2)
          + " (an interrupted copy or download, or a writer that did not close it)";
    }
    boolean lockMessage = all.contains("lock");
    long fapl = H5Pcreate(H5P_CLS_FILE_ACCESS_ID_g());
    try {
      H5Pset_file_locking(fapl, false, true);
      H5Eclear2(H5E_DEFAULT);
      long id = H5Fopen(f, H5F_ACC_RDONLY, fapl);
      if (id >= 0) {
        H5Fclose(id);
        return "locked by another process that has it open for writing (HDF5 file locking)"
            + (lockMessage ? "" : ": " + all)
            + "; wait until the writer closes it (an SWMR file being appended is read once complete),"
            + " or, to read a file you know is complete, set HDF5_USE_FILE_LOCKING=FALSE";
      }
      List<String> second = errorStack();
      String again = String.join("; ", second);
      m = java.util.regex.Pattern.compile("truncated file: eof = (\\d+).*stored_eof = (\\d+)").matcher(again);
      if (m.find()) {
        return "file truncated: " + m.group(1) + " bytes on disk, but the file's superblock says it ends at byte " + m.group(2)
            + " (an interrupted copy or download, or a writer that did not close it)";
      }
    } finally {
      H5Pclose(fapl);
    }
    if (lockMessage) {
      return "cannot lock the file (" + all + "); on a file system without locking (some network mounts) set"
          + " HDF5_USE_FILE_LOCKING=FALSE";
    }
    return "cannot open as HDF5 (" + bytes + " bytes): " + (all.isEmpty() ? "file truncated or corrupt" : all);
  }

  /**
   * The messages of the library's current error stack, innermost last, without duplicates (lock held;
   * call right after the failing call). Empty when the stack is empty.
   */
  static List<String> errorStack() {
    List<String> out = new ArrayList<>();
    org.bytedeco.hdf5.H5E_walk2_t walker = new org.bytedeco.hdf5.H5E_walk2_t() {
      @Override
      public int call(int n, org.bytedeco.hdf5.H5E_error2_t err, org.bytedeco.javacpp.Pointer data) {
        BytePointer d = err.desc();
        String s = d == null || d.isNull() ? "" : d.getString(StandardCharsets.UTF_8).strip();
        if (!s.isEmpty() && !out.contains(s)) {
          out.add(s);
        }
        return 0;
      }
    };
    try {
      H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, walker, null);
    } finally {
      walker.close();
      H5Eclear2(H5E_DEFAULT);
    }
    return out;
  }

  /** The error stack as one clause, e.g. "required filter 'lzf' is not registered", or "" (lock held). */
  static String errorText() {
    return String.join("; ", errorStack());
  }

  /**
   * File access properties for new files: the HDF5 1.8 format (readable by every HDF5 since 2008,
   * h5py included), which stores attributes larger than 64 KB (e.g. a manifest) densely. Caller
   * holds the lock and closes the returned list.
   */
  static long newFileAccess() {
    long fapl = H5Pcreate(H5P_CLS_FILE_ACCESS_ID_g());
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18);
    return fapl;
  }

  /** Writes (or replaces) a fixed-length UTF-8 string attribute on an object (lock held). */
  static void writeStringAttribute(long obj, String key, String value, String where) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (H5Aexists(obj, key) > 0) {
      H5Adelete(obj, key);
    }
    long type = H5Tcopy(H5T_C_S1_g());
    long space = H5Screate(H5S_SCALAR);
    long attr = -1;
    try {
      H5Tset_size(type, Math.max(1, bytes.length));
      H5Tset_cset(type, H5T_CSET_UTF8);
      H5Tset_strpad(type, H5T_STR_NULLPAD);
      attr = check(H5Acreate2(obj, key, type, space, H5P_DEFAULT, H5P_DEFAULT),
          where + ": cannot create attribute '" + key + "'");
      try (BytePointer buf = new BytePointer(Math.max(1, bytes.length))) {
        buf.put(0, (byte) 0);
        buf.put(bytes, 0, bytes.length);
        check(H5Awrite(attr, type, buf), where + ": cannot write attribute '" + key + "'");
      }
    } finally {
      closeQuietly(attr, 'A');
      closeQuietly(space, 'S');
      closeQuietly(type, 'T');
    }
  }

  /**
   * Reads every attribute of an object as text (lock held): strings (fixed or variable length) as
   * they are, scalar numbers in decimal, anything else as a short description of its type.
   */
  static Map<String, String> readAttributes(long obj) {
    Map<String, String> out = new LinkedHashMap<>();
    org.bytedeco.hdf5.H5O_info2_t info = new org.bytedeco.hdf5.H5O_info2_t();
    try {
      if (H5Oget_info3(obj, info, H5O_INFO_NUM_ATTRS) < 0) {
        return out;
      }
      long n = info.num_attrs();
      for (long i = 0; i < n; i++) {
        long attr = H5Aopen_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT);
        if (attr < 0) {
          continue;
        }
        try {
          long len = H5Aget_name(attr, 0, (BytePointer) null);
          byte[] nameBytes = new byte[(int) len + 1];
          H5Aget_name(attr, nameBytes.length, nameBytes);
          out.put(cString(nameBytes), attributeText(attr));
        } finally {
          H5Aclose(attr);
        }
      }
    } finally {
      info.close();
    }
    return out;
  }

  private static String attributeText(long attr) {
    long type = H5Aget_type(attr);
    long space = H5Aget_space(attr);
    try {
      long npoints = H5Sget_simple_extent_npoints(space);
      int cls = H5Tget_class(type);
      if (cls == H5T_STRING && npoints == 1) {
        if (H5Tis_variable_str(type) > 0) {
          long mem = H5Tcopy(H5T_C_S1_g());
          H5Tset_size(mem, H5T_VARIABLE());
          H5Tset_cset(mem, H5Tget_cset(type));
          try (PointerPointer<BytePointer> p = new PointerPointer<>(1)) {
            if (H5Aread(attr, mem, p) < 0) {
              return "<unreadable string>";
            }
            BytePointer s = p.get(BytePointer.class, 0);
            String text = s == null || s.isNull() ? "" : s.getString(StandardCharsets.UTF_8);
            if (s != null && !s.isNull()) {
              H5free_memory(s);
            }
            return text;
          } finally {
            H5Tclose(mem);
          }
        }
        long size = H5Tget_size(type);
        try (BytePointer buf = new BytePointer(size)) {
          if (H5Aread(attr, type, buf) < 0) {
            return "<unreadable string>";
          }
          byte[] b = new byte[(int) size];
          buf.get(b);
          return cString(b);
        }
      }
      if ((cls == H5T_INTEGER || cls == H5T_FLOAT) && npoints == 1) {
        try (BytePointer buf = new BytePointer(8)) {
          if (cls == H5T_INTEGER) {
            H5Aread(attr, H5T_NATIVE_INT64_g(), buf);
            return Long.toString(buf.getLong(0));
          }
          H5Aread(attr, H5T_NATIVE_DOUBLE_g(), buf);
          return Double.toString(buf.getDouble(0));
        }
      }
      return "<" + typeName(type) + ", " + npoints + " values>";
    } finally {
      H5Sclose(space);
      H5Tclose(type);
    }
  }

  /** Writes a 1-D fixed-length ASCII string dataset padded with NULs, as h5py stores {@code S}-arrays. */
  static void writeFixedStrings(long file, String name, List<String> values, String where) {
    int width = 1;
    for (String v : values) {
      width = Math.max(width, v.getBytes(StandardCharsets.US_ASCII).length);
    }
    long type = H5Tcopy(H5T_C_S1_g());
    long space = H5Screate_simple(1, new long[] {values.size()}, (long[]) null);
    long ds = -1;
    try {
      H5Tset_size(type, width);
      H5Tset_strpad(type, H5T_STR_NULLPAD);
      ds = check(H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
          where + ": cannot create dataset /" + name);
      byte[] all = new byte[width * values.size()];
      for (int i = 0; i < values.size(); i++) {
        byte[] b = values.get(i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, all, i * width, b.length);
      }
      try (BytePointer buf = new BytePointer(all.length)) {
        buf.put(all);
        check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), where + ": cannot write /" + name);
      }
    } finally {
      closeQuietly(ds, 'D');
      closeQuietly(space, 'S');
      closeQuietly(type, 'T');
    }
  }

  /**
   * Reads a 1-D string dataset of fixed-length or variable-length strings (h5py writes both: {@code S}
   * arrays and {@code str} lists), or null when absent or not strings (lock held).
   */
  static List<String> readStrings(long file, String name) {
    if (H5Lexists(file, name, H5P_DEFAULT) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return null;
    }
    long ds = H5Dopen2(file, name, H5P_DEFAULT);
    if (ds < 0) {
      H5Eclear2(H5E_DEFAULT);
      return null;
    }
    long type = H5Dget_type(ds);
    long space = H5Dget_space(ds);
    try {
      if (H5Tget_class(type) != H5T_STRING || H5Sget_simple_extent_ndims(space) != 1) {
        return null;
      }
      long n = H5Sget_simple_extent_npoints(space);
      if (n > 10_000) {
        return null;
      }
      if (H5Tis_variable_str(type) <= 0) {
        H5Sclose(space);
        space = -1;
        H5Tclose(type);
        type = -1;
        H5Dclose(ds);
        ds = -1;
        return readFixedStrings(file, name);
      }
      long mem = H5Tcopy(H5T_C_S1_g());
      H5Tset_size(mem, H5T_VARIABLE());
      H5Tset_cset(mem, H5Tget_cset(type));
      try (org.bytedeco.javacpp.PointerPointer<BytePointer> p = new org.bytedeco.javacpp.PointerPointer<>(Math.max(1, n))) {
        if (H5Dread(ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, p) < 0) {
          H5Eclear2(H5E_DEFAULT);
          return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          BytePointer s = p.get(BytePointer.class, i);
          out.add(s == null || s.isNull() ? "" : s.getString(StandardCharsets.UTF_8));
        }
        H5Treclaim(mem, space, H5P_DEFAULT, p);
        return out;
      } finally {
        H5Tclose(mem);
      }
    } finally {
      closeQuietly(space, 'S');
      closeQuietly(type, 'T');
      closeQuietly(ds, 'D');
    }
  }

  /** Reads a 1-D fixed-length string dataset, or null when absent or not of that kind (lock held). */
  static List<String> readFixedStrings(long file, String name) {
    if (H5Lexists(file, name, H5P_DEFAULT) <= 0) {
      return null;
    }
    long ds = H5Dopen2(file, name, H5P_DEFAULT);
    if (ds < 0) {
      return null;
    }
    long type = H5Dget_type(ds);
    long space = H5Dget_space(ds);
    try {
      if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) > 0
          || H5Sget_simple_extent_ndims(space) != 1) {
        return null;
      }
      long n = H5Sget_simple_extent_npoints(space);
      int width = (int) H5Tget_size(type);
      if (n > 10_000) {
        return null;
      }
      try (BytePointer buf = new BytePointer(Math.max(1, n * width))) {
        if (H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
          return null;
        }
        List<String> out = new ArrayList<>();
        byte[] b = new byte[width];
        for (int i = 0; i < n; i++) {
          buf.position((long) i * width).get(b);
          out.add(cString(b));
        }
        return out;
      }
    } finally {
      H5Sclose(space);
      H5Tclose(type);
      H5Dclose(ds);
    }
  }
}
