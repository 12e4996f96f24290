package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.bytedeco.hdf5.H5D_chunk_iter_op_t;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.nphunt.NphuntException;

/**
 * One dataset with a leading event axis, read in row ranges: the generic decoder under every nphunt
 * file format (ADC2021 {@code Particles}, the LHC Olympics {@code /df/block0_values}, the top-tagging
 * {@code /table/table}, the dijet tensors, per-event columns).
 *
 * <p><b>Element types.</b> float32/float64 and 8-64 bit integers, either byte order, read as
 * {@code double[]} ({@link #readDoubles}) or {@code long[]} ({@link #readLongs}); any type (e.g. a
 * compound) as its raw bytes in file order ({@link #readRaw}). Rows [start, start + count) of a
 * dataset of shape (N, d1, ..., dk) come back row-major, {@link #rowValues()} = d1 x ... x dk values
 * per row.
 *
 * <p><b>Direct chunk path.</b> When the dataset is chunked along the event axis only (every chunk
 * spans the other axes whole) and its filters are among gzip (1), shuffle (2) and Blosc (32001, as
 * pandas/PyTables write it; any c-blosc codec), nphunt locates every chunk once at open with
 * {@code H5Dchunk_iter} (so the cost is linear in the number of chunks: a file chunked one event at a
 * time opens in one pass, not one B-tree search per chunk), reads the raw chunk bytes itself
 * (positional reads of the file, checked against {@code H5Dread_chunk} at open, else
 * {@code H5Dread_chunk} under the global lock) and decodes them on the shared thread pool in
 * parallel, straight into the caller's array. A sequential scan of {@link #readDoubles} decodes the
 * next range ahead while the caller works on this one (memory: two ranges). Any other layout
 * (contiguous, compact, virtual, chunks across other axes, other filters the library has) goes
 * through the library's {@code H5Dread}.
 *
 * <p><b>Failures</b> say what happened in one line with file, dataset and rows: a filter neither
 * nphunt nor the library decodes (named, with the {@code h5repack} command that converts the file),
 * a virtual dataset whose source file is missing (found at open: the library would return fill
 * values, i.e. zeros, in silence), a missing external raw-data file, a corrupt chunk.
 *
 * <p>Thread safety: one instance is used from one thread at a time; chunk decoding runs on the
 * shared pool.
 */
public final class ChunkedDataset implements AutoCloseable {
  /** Decoded chunks above this size go through the library (bounded memory). */
  static final long MAX_DIRECT_CHUNK_BYTES = 64L << 20;
  /** Work items decode at least this many bytes (several small chunks per task). */
  private static final long TASK_BYTES = 256 << 10;

  /** Element class of a dataset. */
  public enum ElementKind { FLOAT, SIGNED, UNSIGNED, OTHER }

  private final Hdf5File file;
  private final String path;
  private final String where;
  private long ds = -1;
  private long fileType = -1;
  private final long[] dims;
  private final long rows;
  private final int rowValues;
  private final int elemSize;
  private final ElementKind kind;
  private final ByteOrder order;
  private final DatasetLayout layout;
  private final List<H5.Filter> filters;
  // Direct path.
  private final boolean direct;
  private final long chunkRows;
  private long[] chunkAddr;
  private int[] chunkBytesStored;
  private int[] chunkMask;
  private FileChannel channel;
  private final ExecutorService pool = Workers.shared();
  private BytePointer rawBuffer;
  private Prefetch prefetch;
  /** Decoded chunks a read used only in part (the next small sequential read needs the rest). */
  private final java.util.Map<Long, byte[]> partial = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, byte[]> eldest) {
          return size() > 2 * Workers.sharedThreads() + 2;
        }
      });
  private long nextSequential = -1;
  private boolean closed;

  private ChunkedDataset(Hdf5File file, String path, String expected) {
    this.file = file;
    this.path = path.startsWith("/") ? path.substring(1) : path;
    this.where = file.name() + ":/" + this.path;
    Info info = H5.locked(() -> openLocked(expected));
    this.dims = info.dims;
    this.rows = dims.length == 0 ? 1 : dims[0];
    long rv = 1;
    for (int i = 1; i < dims.length; i++) {
      rv *= dims[i];
    }
    if (rv > Integer.MAX_VALUE / 16) {
      close();
      throw new NphuntException(where + ": rows of " + rv + " values are too large");
    }
    this.rowValues = (int) rv;
    this.elemSize = info.elemSize;
    this.kind = info.kind;
    this.order = info.order;
    this.layout = info.layout;
    this.filters = info.filters;
    this.chunkRows = info.chunkRows;
    boolean d = info.direct;
    if (d) {
      try {
        indexChunks();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
      d = chunkAddr != null;
    }
    this.direct = d;
  }

  /**
   * Opens {@code path} of an open file; everything that makes it unreadable is reported now, in one
   * line: not a dataset (a group, a dangling link...), an unavailable filter, a virtual dataset with
   * a missing source, a missing external file.
   *
   * @param expected what the caller expects there, for messages (e.g. "float (N,19,4)")
   */
  public static ChunkedDataset open(Hdf5File file, String path, String expected) {
    return new ChunkedDataset(file, path, expected);
  }

  private record Info(long[] dims, int elemSize, ElementKind kind, ByteOrder order, DatasetLayout layout,
      List<H5.Filter> filters, boolean direct, long chunkRows) {}

  // Lock held.
  private Info openLocked(String expected) {
    file.requireDatasetLocked(path, expected);
    long fid = file.id();
    H5Eclear2(H5E_DEFAULT);
    ds = H5Dopen2(fid, path, H5P_DEFAULT);
    if (ds < 0) {
      throw new NphuntException(where + ": cannot open dataset (" + orCorrupt(H5.errorText()) + ")");
    }
    fileType = H5Dget_type(ds);
    long space = H5Dget_space(ds);
    long dcpl = H5Dget_create_plist(ds);
    try {
      int rank = H5Sget_simple_extent_ndims(space);
      long[] d = new long[Math.max(rank, 0)];
      if (rank > 0) {
        H5Sget_simple_extent_dims(space, d, (long[]) null);
      }
      int cls = H5Tget_class(fileType);
      int size = (int) H5Tget_size(fileType);
      ElementKind k = cls == H5T_FLOAT ? ElementKind.FLOAT
          : cls == H5T_INTEGER ? (H5Tget_sign(fileType) == H5T_SGN_NONE ? ElementKind.UNSIGNED : ElementKind.SIGNED)
          : ElementKind.OTHER;
      ByteOrder bo = cls == H5T_FLOAT || cls == H5T_INTEGER
          ? (H5Tget_order(fileType) == H5T_ORDER_BE ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
          : ByteOrder.LITTLE_ENDIAN;
      boolean standardFloat = cls != H5T_FLOAT || (size == 4 && (H5Tequal(fileType, H5T_IEEE_F32LE_g()) > 0
          || H5Tequal(fileType, H5T_IEEE_F32BE_g()) > 0)) || (size == 8 && (H5Tequal(fileType, H5T_IEEE_F64LE_g()) > 0
          || H5Tequal(fileType, H5T_IEEE_F64BE_g()) > 0));
      int lay = H5Pget_layout(dcpl);
      String storage = lay == H5D_CHUNKED ? "chunked" : lay == H5D_CONTIGUOUS ? "contiguous"
          : lay == H5D_COMPACT ? "compact" : lay == H5D_VIRTUAL ? "virtual" : "layout " + lay;
      if (lay == H5D_VIRTUAL) {
        checkVirtualSources(dcpl);
      }
      int external = H5Pget_external_count(dcpl);
      if (external > 0) {
        checkExternalFiles(dcpl, external);
      }
      long[] chunk = null;
      List<H5.Filter> fl = new ArrayList<>();
      List<String> names = new ArrayList<>();
      boolean decodable = true;
      if (lay == H5D_CHUNKED) {
        chunk = new long[Math.max(rank, 1)];
        H5Pget_chunk(dcpl, rank, chunk);
        fl = H5.filters(dcpl);
        for (H5.Filter f : fl) {
          names.add(f.describe());
          boolean ours = f.id() == H5Z_FILTER_DEFLATE || f.id() == H5Z_FILTER_SHUFFLE || f.id() == Codecs.BLOSC;
          decodable &= ours;
        }
        int[] opts = new int[1];
        if (H5Pget_chunk_opts(dcpl, opts) < 0 || (opts[0] & H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS) != 0) {
          decodable = false;
        }
      }
      boolean spansRows = chunk != null && rank >= 1;
      long decodedChunk = (long) size;
      if (spansRows) {
        decodedChunk *= chunk[0];
        for (int i = 1; i < rank; i++) {
          spansRows &= chunk[i] == d[i];
          decodedChunk *= chunk[i];
        }
      }
      boolean dir = lay == H5D_CHUNKED && decodable && spansRows && standardFloat && k != ElementKind.OTHER
          && decodedChunk <= MAX_DIRECT_CHUNK_BYTES && d[0] > 0;
      dir |= lay == H5D_CHUNKED && decodable && spansRows && k == ElementKind.OTHER && decodedChunk <= MAX_DIRECT_CHUNK_BYTES
          && d[0] > 0 && !hasVariableLength(fileType);
      if (lay == H5D_CHUNKED && !dir) {
        // The library will have to apply the filters: each must be available to it.
        for (H5.Filter f : fl) {
          if (H5Zfilter_avail(f.id()) <= 0) {
            throw new NphuntException(where + ": " + unavailableFilter(f, spansRows));
          }
        }
      }
      DatasetLayout l = new DatasetLayout(H5.typeName(fileType), d, storage, chunk, names);
      return new Info(d, size, k, bo, l, fl, dir, chunk == null ? 0 : chunk[0]);
    } finally {
      H5Pclose(dcpl);
      H5Sclose(space);
    }
  }

  private static boolean hasVariableLength(long type) {
    return H5Tdetect_class(type, H5T_VLEN) > 0 || H5Tdetect_class(type, H5T_REFERENCE) > 0
        || (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0)
        || (H5Tget_class(type) == H5T_COMPOUND && H5Tdetect_class(type, H5T_STRING) > 0 && hasVlenString(type));
  }

  private static boolean hasVlenString(long compound) {
    int n = H5Tget_nmembers(compound);
    for (int i = 0; i < n; i++) {
      long m = H5Tget_member_type(compound, i);
      try {
        if (H5Tget_class(m) == H5T_STRING && H5Tis_variable_str(m) > 0) {
          return true;
        }
      } finally {
        H5Tclose(m);
      }
    }
    return false;
  }

  /** Common third-party HDF5 filters by registered id (https://github.com/HDFGroup/hdf5_plugins). */
  static String filterName(int id, String stored) {
    return switch (id) {
      case 1 -> "gzip";
      case 2 -> "shuffle";
      case 3 -> "Fletcher32 checksum";
      case 4 -> "szip";
      case 5 -> "N-bit";
      case 6 -> "scale-offset";
      case 307 -> "bzip2";
      case 32000 -> "LZF";
      case 32001 -> "Blosc";
      case 32002 -> "MAFISC";
      case 32004 -> "LZ4";
      case 32008 -> "bitshuffle";
      case 32013 -> "ZFP";
      case 32015 -> "Zstandard";
      case 32017 -> "SZ";
      case 32026 -> "Blosc2";
      default -> stored == null || stored.isEmpty() ? "unknown" : stored;
    };
  }

  private static String unavailableFilter(H5.Filter f, boolean spansRows) {
    String n = filterName(f.id(), f.name());
    String why = f.id() == Codecs.BLOSC
        ? " (nphunt decodes Blosc itself only for chunks that span every axis but the first, as pandas writes them)"
        : "";
    return "compressed with the " + n + " filter (HDF5 filter " + f.id() + "), which nphunt cannot decode" + why
        + "; convert the file to gzip with h5repack -f GZIP=4 in.h5 out.h5 (with the filter's plugin on"
        + " HDF5_PLUGIN_PATH), or rewrite it with h5py using compression=\"gzip\"";
  }

  // Lock held. A virtual dataset whose source file is missing reads as fill values: refuse it now.
  private void checkVirtualSources(long dcpl) {
    try (SizeTPointer count = new SizeTPointer(1)) {
      if (H5Pget_virtual_count(dcpl, count) < 0) {
        throw new NphuntException(where + ": cannot list the sources of this virtual dataset (" + H5.errorText() + ")");
      }
      Path dir = file.path().toAbsolutePath().getParent();
      String prefix = System.getenv("HDF5_VDS_PREFIX");
      for (long i = 0; i < count.get(); i++) {
        long n = H5Pget_virtual_filename(dcpl, i, (byte[]) null, 0);
        byte[] b = new byte[(int) Math.max(0, n) + 1];
        H5Pget_virtual_filename(dcpl, i, b, b.length);
        String name = H5.cString(b);
        long m = H5Pget_virtual_dsetname(dcpl, i, (byte[]) null, 0);
        byte[] c = new byte[(int) Math.max(0, m) + 1];
        H5Pget_virtual_dsetname(dcpl, i, c, c.length);
        String dset = H5.cString(c);
        if (name.equals(".")) {
          continue;
        }
        if (name.contains("%b") || name.contains("%%")) {
          continue; // printf-style source names: the library resolves them per block; not checked here
        }
        Path p = Path.of(name);
        boolean found = p.isAbsolute() ? Files.isRegularFile(p)
            : Files.isRegularFile(dir.resolve(name)) || (prefix != null && Files.isRegularFile(Path.of(prefix).resolve(name)));
        if (!found) {
          throw new NphuntException(where + ": virtual dataset source " + name + ":" + dset + " is missing (looked in "
              + dir + (prefix != null ? " and HDF5_VDS_PREFIX " + prefix : "")
              + "); its events would read as zeros. Put the file back, or rebuild the virtual dataset");
        }
      }
    }
  }

  // Lock held. Raw data kept in external files (H5Pset_external): each must exist.
  private void checkExternalFiles(long dcpl, int count) {
    Path dir = file.path().toAbsolutePath().getParent();
    for (int i = 0; i < count; i++) {
      byte[] name = new byte[4096];
      long[] offset = new long[1];
      try (SizeTPointer size = new SizeTPointer(1)) {
        if (H5Pget_external(dcpl, i, name.length, name, size, offset) < 0) {
          continue;
        }
      }
      String n = H5.cString(name);
      Path p = Path.of(n).isAbsolute() ? Path.of(n) : dir.resolve(n);
      if (!Files.isRegularFile(p) && !Files.isRegularFile(Path.of(n))) {
        throw new NphuntException(where + ": raw data lie in the external file " + n + ", which is missing (looked for "
            + p + ")");
      }
    }
  }

  private static String orCorrupt(String text) {
    return text.isEmpty() ? "corrupt file?" : text;
  }

  /** Locates every chunk once with H5Dchunk_iter; leaves {@code chunkAddr} null to fall back to the library. */
  private void indexChunks() {
    long nChunks = (rows + chunkRows - 1) / chunkRows;
    if (nChunks > Integer.MAX_VALUE - 8) {
      return;
    }
    long[] addr = new long[(int) nChunks];
    int[] stored = new int[(int) nChunks];
    int[] mask = new int[(int) nChunks];
    Arrays.fill(addr, -1);
    long[] bad = {0};
    boolean[] scaled = {false};
    int rank = dims.length;
    H5.run(() -> {
      H5D_chunk_iter_op_t op = new H5D_chunk_iter_op_t() {
        @Override
        public int call(LongPointer offset, int filterMask, long address, long size, Pointer data) {
          long o = offset.get(0);
          long c;
          if (o % chunkRows == 0 && o / chunkRows < nChunks) {
            c = o / chunkRows;
          } else {
            bad[0]++;
            return 0;
          }
          if (size > Integer.MAX_VALUE - 8) {
            bad[0]++;
            return 0;
          }
          addr[(int) c] = address;
          stored[(int) c] = (int) size;
          mask[(int) c] = filterMask;
          return 0;
        }
      };
      try {
        if (H5Dchunk_iter(ds, H5P_DEFAULT, op, null) < 0) {
          bad[0]++;
          H5Eclear2(H5E_DEFAULT);
        }
      } finally {
        op.close();
      }
      // Cross-check one chunk's address against the library's lookup by coordinates.
      int probe = nChunks > 1 ? 1 : 0;
      long[] off = new long[rank];
      off[0] = probe * chunkRows;
      int[] m = new int[1];
      long[] a = new long[1];
      long[] s = new long[1];
      if (H5Dget_chunk_info_by_coord(ds, off, m, a, s) < 0) {
        H5Eclear2(H5E_DEFAULT);
        bad[0]++;
      } else if (a[0] != addr[probe] && !(addr[probe] == -1 && (a[0] == -1 || s[0] == 0))) {
        scaled[0] = true;
      }
    });
    if (bad[0] > 0 || scaled[0]) {
      return; // unexpected chunk offsets: let the library read
    }
    chunkAddr = addr;
    chunkBytesStored = stored;
    chunkMask = mask;
    openChannelIfAddressesMatch();
  }

  /** Uses positional file reads when the first stored chunk's bytes equal what H5Dread_chunk returns. */
  private void openChannelIfAddressesMatch() {
    int first = -1;
    for (int c = 0; c < chunkAddr.length; c++) {
      if (chunkAddr[c] >= 0 && chunkBytesStored[c] > 0) {
        first = c;
        break;
      }
    }
    if (first < 0) {
      return;
    }
    byte[] viaLibrary = fetchLocked(first);
    byte[] copy = Arrays.copyOf(viaLibrary, chunkBytesStored[first]);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file.path(), StandardOpenOption.READ);
      byte[] viaFile = new byte[chunkBytesStored[first]];
      readFully(ch, chunkAddr[first], viaFile, viaFile.length);
      if (Arrays.equals(copy, viaFile)) {
        channel = ch;
        ch = null;
      }
    } catch (IOException | RuntimeException e) {
      // keep the library path
    } finally {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // read-only channel
        }
      }
    }
  }

  private static void readFully(FileChannel ch, long position, byte[] into, int length) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(into, 0, length);
    long p = position;
    while (b.hasRemaining()) {
      int n = ch.read(b, p);
      if (n < 0) {
        throw new IOException("end of file at byte " + p + " (file truncated)");
      }
      p += n;
    }
  }

  // ------------------------------------------------------------------ accessors

  /** The dataset's path in the file, without the leading slash. */
  public String path() {
    return path;
  }

  /** "file:/path", for messages. */
  public String where() {
    return where;
  }

  /** Shape, e.g. (N, 2101). */
  public long[] dims() {
    return dims.clone();
  }

  /** Number of rows (the leading axis). */
  public long rows() {
    return rows;
  }

  /** Values per row: the product of every axis but the first. */
  public int rowValues() {
    return rowValues;
  }

  /** Bytes per element in the file. */
  public int elementSize() {
    return elemSize;
  }

  public ElementKind elementKind() {
    return kind;
  }

  /** Storage of the dataset: dtype, shape, chunks, filters. */
  public DatasetLayout layout() {
    return layout;
  }

  /** Whether nphunt decodes the chunks itself (false: the library reads). */
  public boolean directChunks() {
    return direct;
  }

  /** Member names and byte offsets of a compound element type, in file order (lock taken). */
  public List<Member> members() {
    return H5.locked(() -> {
      List<Member> out = new ArrayList<>();
      if (H5Tget_class(fileType) != H5T_COMPOUND) {
        return out;
      }
      int n = H5Tget_nmembers(fileType);
      for (int i = 0; i < n; i++) {
        BytePointer nm = H5Tget_member_name(fileType, i);
        String name = nm.getString(java.nio.charset.StandardCharsets.UTF_8);
        H5free_memory(nm);
        long off = H5Tget_member_offset(fileType, i);
        long mt = H5Tget_member_type(fileType, i);
        try {
          int cls = H5Tget_class(mt);
          long count = 1;
          long base = mt;
          boolean array = cls == H5T_ARRAY;
          if (array) {
            int r = H5Tget_array_ndims(mt);
            long[] ad = new long[r];
            H5Tget_array_dims2(mt, ad);
            for (long x : ad) {
              count *= x;
            }
            base = H5Tget_super(mt);
          }
          try {
            int bcls = H5Tget_class(base);
            int bsize = (int) H5Tget_size(base);
            ElementKind k = bcls == H5T_FLOAT ? ElementKind.FLOAT
                : bcls == H5T_INTEGER ? (H5Tget_sign(base) == H5T_SGN_NONE ? ElementKind.UNSIGNED : ElementKind.SIGNED)
                : ElementKind.OTHER;
            ByteOrder bo = (bcls == H5T_FLOAT || bcls == H5T_INTEGER) && H5Tget_order(base) == H5T_ORDER_BE
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            out.add(new Member(name, (int) off, k, bsize, (int) count, bo, H5.typeName(base)));
          } finally {
            if (array) {
              H5Tclose(base);
            }
          }
        } finally {
          H5Tclose(mt);
        }
      }
      return out;
    });
  }

  /**
   * One field of a compound row.
   *
   * @param name field name
   * @param offset byte offset in the row
   * @param kind element class
   * @param size bytes per element
   * @param count elements (1, or the product of an array field's dimensions)
   * @param order byte order
   * @param typeName e.g. "float32"
   */
  public record Member(String name, int offset, ElementKind kind, int size, int count, ByteOrder order, String typeName) {
    /** Element {@code i} of this field in the row at {@code rowOffset} of {@code raw}, as a double. */
    public double get(ByteBuffer raw, int rowOffset, int i) {
      int p = rowOffset + offset + i * size;
      ByteBuffer b = raw.order(order);
      return switch (kind) {
        case FLOAT -> size == 4 ? b.getFloat(p) : b.getDouble(p);
        case SIGNED -> size == 1 ? b.get(p) : size == 2 ? b.getShort(p) : size == 4 ? b.getInt(p) : b.getLong(p);
        case UNSIGNED -> size == 1 ? b.get(p) & 0xff : size == 2 ? b.getShort(p) & 0xffff
            : size == 4 ? b.getInt(p) & 0xffffffffL : (double) b.getLong(p);
        case OTHER -> Double.NaN;
      };
    }

    /** Element {@code i} as a long (integer fields). */
    public long getLong(ByteBuffer raw, int rowOffset, int i) {
      int p = rowOffset + offset + i * size;
      ByteBuffer b = raw.order(order);
      return switch (size) {
        case 1 -> kind == ElementKind.UNSIGNED ? b.get(p) & 0xff : b.get(p);
        case 2 -> kind == ElementKind.UNSIGNED ? b.getShort(p) & 0xffff : b.getShort(p);
        case 4 -> kind == ElementKind.UNSIGNED ? b.getInt(p) & 0xffffffffL : b.getInt(p);
        default -> b.getLong(p);
      };
    }
  }

  // ------------------------------------------------------------------ reading

  /**
   * Rows [start, start + count) as doubles, row-major ({@code count x rowValues}); numeric datasets
   * only. Sequential calls decode the next range ahead.
   */
  public double[] readDoubles(long start, int count) {
    return readDoublesSplit(start, count, rowValues)[0];
  }

  /**
   * Rows [start, start + count) as doubles, each row split in two: its first {@code firstValues}
   * values into array 0 ({@code count x firstValues}) and the rest into array 1 (e.g. the LHC
   * Olympics particles and the label column), decoded straight into place (no intermediate copy).
   * Sequential calls with the same split decode the next range ahead.
   */
  public double[][] readDoublesSplit(long start, int count, int firstValues) {
    checkRange(start, count);
    if (kind == ElementKind.OTHER) {
      throw new NphuntException(where + " has dtype " + layout.dtype() + ", expected numbers");
    }
    if (firstValues < 0 || firstValues > rowValues) {
      throw new IllegalArgumentException("firstValues must be in [0, " + rowValues + "], found " + firstValues);
    }
    Target out;
    Prefetch p = prefetch;
    prefetch = null;
    if (p != null && p.start == start && p.count == count && p.target.split == firstValues) {
      out = p.await();
    } else {
      if (p != null) {
        p.cancel();
      }
      out = new Target(count, firstValues);
      if (count > 0) {
        if (direct) {
          submit(start, count, out).await();
        } else {
          double[] all = new double[Math.multiplyExact(count, rowValues)];
          readThroughLibrary(start, count, all);
          out.put(all, 0, 0, count);
        }
      }
    }
    boolean sequential = start == nextSequential || start == 0;
    nextSequential = start + count;
    long next = start + count;
    if (direct && sequential && count > 0 && next < rows) {
      int n = (int) Math.min(count, rows - next);
      prefetch = submit(next, n, new Target(n, firstValues));
    }
    return new double[][] {out.first, out.rest};
  }

  /** Where decoded rows go: the first {@code split} values of each row, and the rest. */
  private final class Target {
    final int split;
    final double[] first;
    final double[] rest;

    Target(int count, int split) {
      this.split = split;
      this.first = new double[Math.multiplyExact(count, split)];
      this.rest = new double[Math.multiplyExact(count, rowValues - split)];
    }

    /** Copies {@code rows} whole rows from {@code all} (row {@code from}) to target row {@code at}. */
    void put(double[] all, int from, int at, int rows) {
      int r = rowValues - split;
      for (int i = 0; i < rows; i++) {
        System.arraycopy(all, (from + i) * rowValues, first, (at + i) * split, split);
        System.arraycopy(all, (from + i) * rowValues + split, rest, (at + i) * r, r);
      }
    }
  }

  /** Rows [start, start + count) of an integer (or float) dataset as longs (floats truncated). */
  public long[] readLongs(long start, int count) {
    checkRange(start, count);
    long n = (long) count * rowValues;
    long[] out = new long[Math.toIntExact(n)];
    if (count == 0) {
      return out;
    }
    if (kind == ElementKind.FLOAT) {
      double[] d = readDoubles(start, count);
      for (int i = 0; i < out.length; i++) {
        out[i] = (long) d[i];
      }
      return out;
    }
    if (direct && kind != ElementKind.OTHER) {
      ByteBuffer b = ByteBuffer.wrap(readRaw(start, count)).order(order);
      boolean u = kind == ElementKind.UNSIGNED;
      for (int i = 0; i < out.length; i++) {
        int p = i * elemSize;
        out[i] = switch (elemSize) {
          case 1 -> u ? b.get(p) & 0xff : b.get(p);
          case 2 -> u ? b.getShort(p) & 0xffff : b.getShort(p);
          case 4 -> u ? b.getInt(p) & 0xffffffffL : b.getInt(p);
          default -> b.getLong(p);
        };
      }
      return out;
    }
    H5.run(() -> {
      try (LongPointer lp = new LongPointer(n)) {
        readHyperslab(start, count, H5T_NATIVE_INT64_g(), lp);
        lp.get(out);
      }
    });
    return out;
  }

  /** Rows [start, start + count) as raw bytes in the file's element layout ({@code count x rowValues x elementSize}). */
  public byte[] readRaw(long start, int count) {
    checkRange(start, count);
    long n = (long) count * rowValues * elemSize;
    if (n > Integer.MAX_VALUE - 8) {
      throw new NphuntException(where + ": " + count + " rows are too many for one read");
    }
    byte[] out = new byte[(int) n];
    if (count == 0) {
      return out;
    }
    if (direct) {
      List<Future<?>> tasks = new ArrayList<>();
      for (long[] run : runs(start, count)) {
        tasks.add(pool.submit(() -> {
          for (long c = run[0]; c <= run[1]; c++) {
            decodeChunkRaw(c, start, count, out);
          }
          return null;
        }));
      }
      awaitAll(tasks, start, count);
      return out;
    }
    H5.run(() -> {
      try (BytePointer bp = new BytePointer(n)) {
        long mem = H5Tcopy(fileType);
        try {
          readHyperslab(start, count, mem, bp);
        } finally {
          H5Tclose(mem);
        }
        bp.get(out);
      }
    });
    return out;
  }

  private void checkRange(long start, int count) {
    if (closed) {
      throw new IllegalStateException(where + ": dataset is closed");
    }
    if (start < 0 || count < 0 || start + count > rows) {
      throw new IndexOutOfBoundsException(where + ": rows [" + start + ", " + (start + count) + ") outside [0, " + rows + ")");
    }
  }

  private String rowsText(long a, long b) {
    return where + ": events [" + a + ", " + b + ")";
  }

  /** Decoding of one range in flight: the chunk tasks and the destination. */
  private final class Prefetch {
    final long start;
    final int count;
    final Target target;
    final List<Future<?>> tasks;

    Prefetch(long start, int count, Target target, List<Future<?>> tasks) {
      this.start = start;
      this.count = count;
      this.target = target;
      this.tasks = tasks;
    }

    Target await() {
      awaitAll(tasks, start, count);
      return target;
    }

    void cancel() {
      for (Future<?> f : tasks) {
        f.cancel(false);
      }
      for (Future<?> f : tasks) {
        try {
          if (!f.isCancelled()) {
            f.get();
          }
        } catch (Exception ignored) {
          // errors of a range nobody asked for do not matter
        }
      }
    }
  }

  /** Runs of consecutive chunks covering [start, start+count), each about TASK_BYTES decoded. */
  private List<long[]> runs(long start, int count) {
    long first = start / chunkRows;
    long last = (start + count - 1) / chunkRows;
    long chunkBytes = chunkRows * rowValues * (long) elemSize;
    long per = Math.max(1, TASK_BYTES / Math.max(1, chunkBytes));
    // At least one run per pool thread when there are enough chunks.
    long total = last - first + 1;
    per = Math.max(1, Math.min(per, (total + Workers.sharedThreads() - 1) / Workers.sharedThreads()));
    List<long[]> out = new ArrayList<>();
    for (long c = first; c <= last; c += per) {
      out.add(new long[] {c, Math.min(last, c + per - 1)});
    }
    return out;
  }

  private Prefetch submit(long start, int count, Target out) {
    List<Future<?>> tasks = new ArrayList<>();
    for (long[] run : runs(start, count)) {
      tasks.add(pool.submit(() -> {
        for (long c = run[0]; c <= run[1]; c++) {
          decodeChunkDoubles(c, start, count, out);
        }
        return null;
      }));
    }
    return new Prefetch(start, count, out, tasks);
  }

  private void awaitAll(List<Future<?>> tasks, long start, int count) {
    RuntimeException first = null;
    for (Future<?> f : tasks) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NphuntException(rowsText(start, start + count) + ": interrupted while reading", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (first == null) {
          first = cause instanceof NphuntException ne ? new NphuntException(ne.getMessage(), ne)
              : new NphuntException(rowsText(start, start + count) + ": " + cause, cause);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Decoded bytes of chunk {@code c} for rows [from, to): from the cache of partly used chunks, or
   * decoded (and cached when this read leaves rows of the chunk unread); null when never written.
   */
  private byte[] chunkFor(long c, long from, long to) {
    byte[] cached = partial.get(c);
    if (cached != null) {
      return cached;
    }
    byte[] data = decodedChunk(c);
    long chunkStart = c * chunkRows;
    long chunkEnd = Math.min(rows, chunkStart + chunkRows);
    if (data != null && (from > chunkStart || to < chunkEnd)) {
      partial.put(c, Arrays.copyOf(data, (int) ((chunkEnd - chunkStart) * rowValues * elemSize)));
    }
    return data;
  }

  /** Decoded bytes of chunk {@code c} (valid rows first), or null when the chunk was never written. */
  private byte[] decodedChunk(long c) {
    long chunkStart = c * chunkRows;
    long chunkEnd = Math.min(rows, chunkStart + chunkRows);
    String what = rowsText(chunkStart, chunkEnd);
    int full = (int) (chunkRows * rowValues * elemSize);
    int ci = (int) c;
    if (chunkAddr[ci] < 0 || chunkBytesStored[ci] == 0) {
      return null;
    }
    int length = chunkBytesStored[ci];
    byte[] raw;
    if (channel != null) {
      raw = Codecs.scratch(0, length);
      try {
        readFully(channel, chunkAddr[ci], raw, length);
      } catch (IOException e) {
        throw new NphuntException(what + ": cannot read the chunk at byte " + chunkAddr[ci] + " (" + e.getMessage() + ")", e);
      }
    } else {
      raw = fetchLocked(ci);
    }
    int mask = chunkMask[ci];
    byte[] data = raw;
    int len = length;
    for (int i = filters.size() - 1; i >= 0; i--) {
      if ((mask & (1 << i)) != 0) {
        continue;
      }
      H5.Filter f = filters.get(i);
      if (f.id() == H5Z_FILTER_DEFLATE) {
        data = Codecs.inflate(data, len, full, what);
        len = full;
      } else if (f.id() == Codecs.BLOSC) {
        data = Codecs.blosc(data, len, full, what);
        len = full;
      } else if (f.id() == H5Z_FILTER_SHUFFLE) {
        data = Codecs.unshuffle(data, len, elemSize);
      }
    }
    int need = (int) ((chunkEnd - chunkStart) * rowValues * elemSize);
    if (len < need) {
      throw new NphuntException(what + ": chunk holds " + len + " bytes, expected " + full + " (file corrupt)");
    }
    return data;
  }

  /** File address of chunk c, or -1 (tests). */
  long chunkAddressForTest(int c) {
    return chunkAddr == null ? -1 : chunkAddr[c];
  }

  /** Stored bytes of chunk c (tests). */
  byte[] readRawChunkForTest(int c) {
    return java.util.Arrays.copyOf(fetchLocked(c), chunkBytesStored[c]);
  }

  /** Raw chunk bytes through H5Dread_chunk under the lock (a per-thread copy). */
  private byte[] fetchLocked(int c) {
    long chunkStart = c * chunkRows;
    String what = rowsText(chunkStart, Math.min(rows, chunkStart + chunkRows));
    int length = chunkBytesStored[c];
    return H5.locked(() -> {
      if (closed) {
        throw new NphuntException(where + ": reader closed");
      }
      if (rawBuffer == null || rawBuffer.capacity() < length) {
        if (rawBuffer != null) {
          rawBuffer.close();
        }
        rawBuffer = new BytePointer(Math.max(length, 1 << 16));
      }
      long[] offset = new long[dims.length];
      offset[0] = chunkStart;
      int[] mask = new int[1];
      if (H5Dread_chunk(ds, H5P_DEFAULT, offset, mask, rawBuffer) < 0) {
        throw new NphuntException(what + ": cannot read chunk (" + orCorrupt(H5.errorText()) + ")");
      }
      byte[] b = Codecs.scratch(0, length);
      rawBuffer.position(0).get(b, 0, length);
      return b;
    });
  }

  private void decodeChunkDoubles(long c, long start, int count, Target out) {
    long chunkStart = c * chunkRows;
    long from = Math.max(start, chunkStart);
    long to = Math.min(start + count, Math.min(rows, chunkStart + chunkRows));
    int k = (int) (to - from);
    int at = (int) (from - start);
    byte[] data = chunkFor(c, from, to);
    if (data == null) {
      double[] all = new double[k * rowValues];
      H5.run(() -> readThroughLibraryLocked(from, k, all, 0));
      out.put(all, 0, at, k);
      return;
    }
    int src = (int) (from - chunkStart) * rowValues * elemSize;
    int split = out.split;
    if (split == rowValues) {
      toDoubles(data, src, k * rowValues, out.first, at * rowValues);
      return;
    }
    int r = rowValues - split;
    if (kind == ElementKind.FLOAT && elemSize == 8) {
      // One view of the chunk, absolute bulk gets per row part (no per-row buffer objects).
      java.nio.DoubleBuffer db = ByteBuffer.wrap(data).order(order).asDoubleBuffer();
      int base = src / 8;
      for (int i = 0; i < k; i++) {
        int o = base + i * rowValues;
        db.get(o, out.first, (at + i) * split, split);
        db.get(o + split, out.rest, (at + i) * r, r);
      }
      return;
    }
    for (int i = 0; i < k; i++) {
      int o = src + i * rowValues * elemSize;
      toDoubles(data, o, split, out.first, (at + i) * split);
      toDoubles(data, o + split * elemSize, r, out.rest, (at + i) * r);
    }
  }

  private void decodeChunkRaw(long c, long start, int count, byte[] out) {
    long chunkStart = c * chunkRows;
    long from = Math.max(start, chunkStart);
    long to = Math.min(start + count, Math.min(rows, chunkStart + chunkRows));
    int rowBytes = rowValues * elemSize;
    byte[] data = chunkFor(c, from, to);
    if (data == null) {
      byte[] fill = H5.locked(() -> {
        try (BytePointer bp = new BytePointer((to - from) * rowBytes)) {
          long mem = H5Tcopy(fileType);
          try {
            readHyperslab(from, (int) (to - from), mem, bp);
          } finally {
            H5Tclose(mem);
          }
          byte[] b = new byte[(int) ((to - from) * rowBytes)];
          bp.get(b);
          return b;
        }
      });
      System.arraycopy(fill, 0, out, (int) (from - start) * rowBytes, fill.length);
      return;
    }
    System.arraycopy(data, (int) (from - chunkStart) * rowBytes, out, (int) (from - start) * rowBytes,
        (int) (to - from) * rowBytes);
  }

  private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[0]);

  /** Converts {@code n} elements at byte {@code src} of {@code data} into {@code out[dst..]}. */
  private void toDoubles(byte[] data, int src, int n, double[] out, int dst) {
    ByteBuffer bb = ByteBuffer.wrap(data, src, n * elemSize).slice().order(order);
    switch (kind) {
      case FLOAT -> {
        if (elemSize == 8) {
          bb.asDoubleBuffer().get(out, dst, n);
        } else {
          float[] f = FLOATS.get();
          if (f.length < n) {
            f = new float[n];
            FLOATS.set(f);
          }
          bb.asFloatBuffer().get(f, 0, n);
          for (int i = 0; i < n; i++) {
            out[dst + i] = f[i];
          }
        }
      }
      case SIGNED, UNSIGNED -> {
        boolean u = kind == ElementKind.UNSIGNED;
        for (int i = 0; i < n; i++) {
          int p = i * elemSize;
          out[dst + i] = switch (elemSize) {
            case 1 -> u ? bb.get(p) & 0xff : bb.get(p);
            case 2 -> u ? bb.getShort(p) & 0xffff : bb.getShort(p);
            case 4 -> u ? bb.getInt(p) & 0xffffffffL : bb.getInt(p);
            default -> u && bb.getLong(p) < 0 ? Math.pow(2, 64) + bb.getLong(p) : bb.getLong(p);
          };
        }
      }
      default -> throw new IllegalStateException("not numeric");
    }
  }

  private DoublePointer fallback;

  private void readThroughLibrary(long start, int count, double[] out) {
    H5.run(() -> readThroughLibraryLocked(start, count, out, 0));
  }

  // Lock held.
  private void readThroughLibraryLocked(long start, int count, double[] out, int offset) {
    long n = (long) count * rowValues;
    if (fallback == null || fallback.capacity() < n) {
      if (fallback != null) {
        fallback.close();
      }
      fallback = new DoublePointer(Math.max(1, n));
    }
    readHyperslab(start, count, H5T_NATIVE_DOUBLE_g(), fallback);
    fallback.position(0).get(out, offset, (int) n);
  }

  // Lock held. Reads rows [start, start+count) into buf, converted to memType.
  private void readHyperslab(long start, int count, long memType, Pointer buf) {
    if (closed) {
      throw new NphuntException(where + ": reader closed");
    }
    int rank = dims.length;
    long fspace = H5Dget_space(ds);
    long[] mdims = dims.clone();
    long[] off = new long[Math.max(rank, 1)];
    long mspace;
    if (rank == 0) {
      mspace = H5Screate(H5S_SCALAR);
    } else {
      mdims[0] = count;
      off[0] = start;
      mspace = H5Screate_simple(rank, mdims, (long[]) null);
      H5Sselect_hyperslab(fspace, H5S_SELECT_SET, off, null, mdims, (long[]) null);
    }
    try {
      H5Eclear2(H5E_DEFAULT);
      if (H5Dread(ds, memType, mspace, fspace, H5P_DEFAULT, buf) < 0) {
        throw new NphuntException(rowsText(start, start + count) + ": " + readFailure(H5.errorStack()));
      }
    } finally {
      H5Sclose(mspace);
      H5Sclose(fspace);
    }
  }

  /** The real cause of a failed H5Dread, from the library's error stack. */
  private String readFailure(List<String> stack) {
    String all = String.join("; ", stack);
    String lower = all.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("filter") && (lower.contains("not registered") || lower.contains("not available")
        || lower.contains("can't open directory") || lower.contains("unable to load"))) {
      for (H5.Filter f : filters) {
        if (H5Zfilter_avail(f.id()) <= 0) {
          return unavailableFilter(f, false);
        }
      }
      return "a compression filter is not available (" + all + ")";
    }
    if (lower.contains("external")) {
      return "cannot read its external raw-data file (" + all + ")";
    }
    if (lower.contains("addr overflow") || lower.contains("eof") || lower.contains("truncated")
        || lower.contains("address") && lower.contains("past")) {
      return "the data lie past the end of the file (file truncated; " + all + ")";
    }
    return "cannot read (" + (all.isEmpty() ? "file truncated or corrupt" : all) + ")";
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    Prefetch p = prefetch;
    prefetch = null;
    if (p != null) {
      p.cancel();
    }
    partial.clear();
    H5.run(() -> {
      closed = true;
      H5.closeQuietly(ds, 'D');
      H5.closeQuietly(fileType, 'T');
      ds = fileType = -1;
      if (rawBuffer != null) {
        rawBuffer.close();
        rawBuffer = null;
      }
      if (fallback != null) {
        fallback.close();
        fallback = null;
      }
    });
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only
      }
      channel = null;
    }
  }
}
