package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;
import static org.nphunt.data.Adc2021.FEATURES;
import static org.nphunt.data.Adc2021.SLOTS;
import static org.nphunt.data.Adc2021.VALUES_PER_EVENT;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSource;

/**
 * Reads an ADC2021 file ({@code Particles} (N,19,4), float32 or float64, contiguous or chunked with
 * gzip/shuffle; optional {@code EvtId}, {@code ProcessId}), validating every block it returns
 * ({@link EventBatch#validate}).
 *
 * <p>Speed: for the usual layout (chunked along events, little-endian floats, gzip or no filter, and
 * shuffle) the raw chunks are fetched with {@code H5Dread_chunk} under the global library lock and
 * inflated on a thread pool with {@link Inflater}; chunks after the last one requested are decoded
 * ahead, so a sequential scan keeps every core busy. Any other layout goes through the library's
 * {@code H5Dread}. Memory stays bounded: a call holds its own block plus a few decoded chunks.
 *
 * <p>A file whose {@code Particles} has 0 events is a valid, empty source ({@link #size()} is 0), so
 * that writing 0 events and reading them back is consistent; a 0-byte file is an error ("empty
 * file"). Commands that need events report their own error for an empty source.
 *
 * <p>Thread safety: one reader may be used from one thread at a time.
 */
public final class Hdf5EventReader implements EventSource {
  /** Decoded chunks above this size are read through the library instead (bounded memory). */
  private static final long MAX_DIRECT_CHUNK_BYTES = 64L << 20;

  private final Path file;
  private final String name;
  private final String where;
  private long fileId = -1;
  private long particles = -1;
  private long evtIdDs = -1;
  private long processIdDs = -1;
  private final long size;
  private final Dtype dtype;
  private final DatasetLayout layout;
  private final boolean direct;
  private final boolean shuffled;
  private final boolean deflated;
  private final int chunkEvents;
  private final int elemSize;
  private final ExecutorService pool = Workers.shared();
  private final int readAhead = Workers.sharedThreads();
  private final Map<Long, Future<Object>> cache = new LinkedHashMap<>(16, 0.75f, true);
  private long nextSequential;
  private BytePointer rawBuffer;
  private DoublePointer fallbackBuffer;
  private boolean closed;
  private final org.nphunt.data.Notes notes = new org.nphunt.data.Notes();

  private Hdf5EventReader(Path file) {
    this.file = file;
    this.name = file.toString();
    this.where = name + ":/" + Adc2021.PARTICLES;
    H5.init();
    fileId = H5.openFile(file);
    try {
      ParticlesInfo info = H5.locked(this::inspectParticles);
      size = info.size();
      dtype = info.dtype();
      layout = info.layout();
      direct = info.direct();
      shuffled = info.shuffled();
      deflated = info.deflated();
      chunkEvents = info.chunkEvents();
      elemSize = dtype == Dtype.FLOAT32 ? 4 : 8;
      H5.run(() -> {
        evtIdDs = openColumn(Adc2021.EVT_ID);
        processIdDs = openColumn(Adc2021.PROCESS_ID);
      });
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Opens a file; a missing file, non-HDF5 file or missing/misshapen dataset is a one-line
   * NphuntException.
   */
  public static Hdf5EventReader open(Path file) {
    return new Hdf5EventReader(file);
  }

  /** What {@link #inspectParticles} finds; {@code direct} when nphunt decodes the chunks itself. */
  private record ParticlesInfo(long size, Dtype dtype, DatasetLayout layout, boolean direct, boolean shuffled,
      boolean deflated, int chunkEvents) {}

  // Lock held. Opens /Particles and checks its type and shape.
  private ParticlesInfo inspectParticles() {
    String p = Adc2021.PARTICLES;
    if (H5Lexists(fileId, p, H5P_DEFAULT) <= 0) {
      throw new NphuntException(name + ": dataset /" + p + " is missing (not an ADC2021 event file)");
    }
    particles = H5.check(H5Dopen2(fileId, p, H5P_DEFAULT), where + ": cannot open dataset (corrupt file?)");
    long type = H5Dget_type(particles);
    long space = H5Dget_space(particles);
    long dcpl = H5Dget_create_plist(particles);
    try {
      int cls = H5Tget_class(type);
      long tsize = H5Tget_size(type);
      if (cls != H5T_FLOAT || (tsize != 4 && tsize != 8)) {
        throw new NphuntException(where + " has dtype " + H5.typeName(type) + ", expected float32 or float64");
      }
      Dtype dt = tsize == 4 ? Dtype.FLOAT32 : Dtype.FLOAT64;
      int rank = H5Sget_simple_extent_ndims(space);
      long[] dims = new long[Math.max(rank, 1)];
      if (rank > 0) {
        H5Sget_simple_extent_dims(space, dims, (long[]) null);
      }
      if (rank != 3 || dims[1] != SLOTS || dims[2] != FEATURES) {
        throw new NphuntException(where + " has shape " + DatasetLayout.tuple(rank > 0 ? dims : new long[0])
            + ", expected (N,19,4)");
      }
      int lay = H5Pget_layout(dcpl);
      String storage = lay == H5D_CHUNKED ? "chunked" : lay == H5D_CONTIGUOUS ? "contiguous" : lay == H5D_COMPACT ? "compact" : "virtual";
      long[] chunk = null;
      List<String> filterNames = new ArrayList<>();
      boolean shuf = false;
      boolean defl = false;
      boolean other = false;
      if (lay == H5D_CHUNKED) {
        chunk = new long[3];
        H5Pget_chunk(dcpl, 3, chunk);
        List<H5.Filter> filters = H5.filters(dcpl);
        for (int i = 0; i < filters.size(); i++) {
          H5.Filter f = filters.get(i);
          filterNames.add(f.describe());
          if (f.id() == H5Z_FILTER_SHUFFLE && i == 0) {
            shuf = true;
          } else if (f.id() == H5Z_FILTER_DEFLATE && i == filters.size() - 1) {
            defl = true;
          } else {
            other = true;
          }
        }
      }
      if (lay == H5D_CHUNKED) {
        // Unfiltered partial edge chunks are not flagged in the chunk's filter mask: leave them to the library.
        int[] opts = new int[1];
        if (H5Pget_chunk_opts(dcpl, opts) < 0 || (opts[0] & H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS) != 0) {
          other = true;
        }
      }
      boolean le = H5Tget_order(type) == H5T_ORDER_LE
          && H5Tequal(type, tsize == 4 ? H5T_IEEE_F32LE_g() : H5T_IEEE_F64LE_g()) > 0;
      boolean dir = lay == H5D_CHUNKED && !other && le && chunk[1] == SLOTS && chunk[2] == FEATURES
          && chunk[0] * VALUES_PER_EVENT * tsize <= MAX_DIRECT_CHUNK_BYTES;
      DatasetLayout l = new DatasetLayout(H5.typeName(type), dims, storage, chunk, filterNames);
      int ce = chunk == null ? 0 : (int) Math.min(chunk[0], Integer.MAX_VALUE);
      return new ParticlesInfo(dims[0], dt, l, dir, shuf, defl, ce);
    } finally {
      H5Pclose(dcpl);
      H5Sclose(space);
      H5Tclose(type);
    }
  }

  // Lock held. Opens an optional per-event integer column, checking its shape.
  private long openColumn(String column) {
    if (H5Lexists(fileId, column, H5P_DEFAULT) <= 0) {
      return -1;
    }
    String w = name + ":/" + column;
    long ds = H5.check(H5Dopen2(fileId, column, H5P_DEFAULT), w + ": cannot open dataset (corrupt file?)");
    long type = H5Dget_type(ds);
    long space = H5Dget_space(ds);
    try {
      if (H5Tget_class(type) != H5T_INTEGER) {
        H5Dclose(ds);
        throw new NphuntException(w + " has dtype " + H5.typeName(type) + ", expected an integer type");
      }
      int rank = H5Sget_simple_extent_ndims(space);
      long[] dims = new long[Math.max(rank, 1)];
      if (rank > 0) {
        H5Sget_simple_extent_dims(space, dims, (long[]) null);
      }
      if (rank != 1 || dims[0] != size) {
        H5Dclose(ds);
        throw new NphuntException(w + " has shape " + DatasetLayout.tuple(rank > 0 ? dims : new long[0])
            + ", expected (" + size + ",) like /Particles");
      }
      return ds;
    } finally {
      H5Sclose(space);
      H5Tclose(type);
    }
  }

  @Override
  public org.nphunt.data.EventSchema schema() {
    return org.nphunt.data.Adc2021Schema.INSTANCE;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean hasColumn(String column) {
    return column.equals(Adc2021.EVT_ID) ? evtIdDs >= 0 : column.equals(Adc2021.PROCESS_ID) && processIdDs >= 0;
  }

  @Override
  public List<String> notes() {
    return notes.all();
  }

  /** On-disk type of {@code Particles}. */
  public Dtype dtype() {
    return dtype;
  }

  /** Storage of {@code Particles}: dtype, shape, chunking, filters. */
  public DatasetLayout layout() {
    return layout;
  }

  /** String attributes of the root group (e.g. the generator's metadata), by name. */
  public Map<String, String> attributes() {
    checkOpen();
    return H5.locked(() -> H5.readAttributes(fileId));
  }

  /** {@code Particles_Names} as stored, or null when absent. */
  public List<String> featureNames() {
    checkOpen();
    return H5.locked(() -> H5.readFixedStrings(fileId, Adc2021.PARTICLES_NAMES));
  }

  /** {@code Particles_Classes} as stored, or null when absent. */
  public List<String> classNames() {
    checkOpen();
    return H5.locked(() -> H5.readFixedStrings(fileId, Adc2021.PARTICLES_CLASSES));
  }

  @Override
  public EventBatch read(long start, int count) {
    checkOpen();
    if (start < 0 || count < 0 || start + count > size) {
      throw new IndexOutOfBoundsException(
          name + ": events [" + start + ", " + (start + count) + ") outside [0, " + size + ")");
    }
    double[] p = new double[Math.multiplyExact(count, VALUES_PER_EVENT)];
    if (count > 0) {
      if (direct) {
        readDirect(start, count, p);
      } else {
        H5.run(() -> readThroughLibrary(start, count, p, 0));
      }
    }
    long[] ids = null;
    int[] pids = null;
    if (count > 0 && evtIdDs >= 0) {
      ids = new long[count];
      long[] out = ids;
      H5.run(() -> readColumn(evtIdDs, Adc2021.EVT_ID, start, count, out, null));
    }
    if (count > 0 && processIdDs >= 0) {
      pids = new int[count];
      int[] out = pids;
      H5.run(() -> readColumn(processIdDs, Adc2021.PROCESS_ID, start, count, null, out));
    }
    if (count == 0) {
      ids = evtIdDs >= 0 ? new long[0] : null;
      pids = processIdDs >= 0 ? new int[0] : null;
    }
    EventBatch batch = new EventBatch(p, count, ids, pids);
    batch.validate(where, start, notes);
    return batch;
  }

  private void readDirect(long start, int count, double[] out) {
    long first = start / chunkEvents;
    long last = (start + count - 1) / chunkEvents;
    long nChunks = (size + chunkEvents - 1) / chunkEvents;
    List<Future<Object>> futures = new ArrayList<>();
    for (long c = first; c <= last; c++) {
      futures.add(chunk(c));
    }
    // Decode ahead only for sequential scans (random access would waste the work): as many chunks as
    // this request spans (at least one per thread, at most ~64 MB decoded), so the pool keeps
    // inflating while the caller validates and copies.
    int ahead = 0;
    if (start == nextSequential) {
      long decodedChunkBytes = (long) chunkEvents * VALUES_PER_EVENT * elemSize;
      ahead = (int) Math.max(readAhead, Math.min(last - first + 1, (64L << 20) / decodedChunkBytes));
      for (long c = last + 1; c <= Math.min(nChunks - 1, last + ahead); c++) {
        chunk(c);
      }
    }
    nextSequential = start + count;
    int keep = (int) (last - first + 1) + ahead + 1;
    var it = cache.entrySet().iterator();
    while (cache.size() > keep && it.hasNext()) {
      it.next();
      it.remove();
    }
    for (long c = first; c <= last; c++) {
      Object values = await(futures.get((int) (c - first)), c);
      long chunkStart = c * chunkEvents;
      long from = Math.max(start, chunkStart);
      long to = Math.min(start + count, chunkStart + chunkEvents);
      int src = (int) (from - chunkStart) * VALUES_PER_EVENT;
      int dst = (int) (from - start) * VALUES_PER_EVENT;
      int len = (int) (to - from) * VALUES_PER_EVENT;
      if (values instanceof double[] d) {
        System.arraycopy(d, src, out, dst, len);
      } else {
        float[] f = (float[]) values;
        for (int i = 0; i < len; i++) {
          out[dst + i] = f[src + i];
        }
      }
    }
  }

  private Future<Object> chunk(long c) {
    Future<Object> f = cache.get(c);
    if (f == null) {
      f = pool.submit(() -> decodeChunk(c));
      cache.put(c, f);
    }
    return f;
  }

  private Object await(Future<Object> f, long c) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NphuntException(where + ": interrupted while reading", e);
    } catch (ExecutionException e) {
      cache.remove(c);
      Throwable cause = e.getCause();
      if (cause instanceof NphuntException ne) {
        throw new NphuntException(ne.getMessage(), ne);
      }
      throw new NphuntException(where + ": events " + range(c) + ": " + cause, cause);
    }
  }

  private String range(long c) {
    long a = c * chunkEvents;
    return "[" + a + ", " + Math.min(size, a + chunkEvents) + ")";
  }

  /** Per-thread scratch: raw chunk bytes, inflated bytes, unshuffled bytes. */
  private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[3][]);

  private static byte[] scratch(int slot, int n) {
    byte[][] s = SCRATCH.get();
    if (s[slot] == null || s[slot].length < n) {
      s[slot] = new byte[n];
    }
    return s[slot];
  }

  /**
   * Fetches one raw chunk under the lock, then inflates and converts it without the lock. Returns the
   * chunk's valid rows as {@code float[]} (float32 files) or {@code double[]} (float64).
   */
  private Object decodeChunk(long c) {
    long chunkStart = c * chunkEvents;
    int rows = (int) Math.min(chunkEvents, size - chunkStart);
    int chunkBytes = chunkEvents * VALUES_PER_EVENT * elemSize;
    long[] offset = {chunkStart, 0, 0};
    int[] mask = new int[1];
    int[] rawLength = new int[1];
    byte[] raw = H5.locked(() -> {
      if (closed) {
        throw new NphuntException(where + ": reader closed");
      }
      long[] addr = new long[1];
      long[] nbytes = new long[1];
      if (H5Dget_chunk_info_by_coord(particles, offset, mask, addr, nbytes) < 0) {
        throw new NphuntException(where + ": events " + range(c) + ": cannot locate chunk (file corrupt?)");
      }
      if (addr[0] == -1L || nbytes[0] == 0) {
        return null; // never written: the library supplies the fill value
      }
      if (nbytes[0] > MAX_DIRECT_CHUNK_BYTES * 2) {
        throw new NphuntException(where + ": events " + range(c) + ": chunk of " + nbytes[0] + " bytes (file corrupt?)");
      }
      if (rawBuffer == null || rawBuffer.capacity() < nbytes[0]) {
        if (rawBuffer != null) {
          rawBuffer.close();
        }
        rawBuffer = new BytePointer(Math.max(nbytes[0], chunkBytes));
      }
      if (H5Dread_chunk(particles, H5P_DEFAULT, offset, mask, rawBuffer) < 0) {
        throw new NphuntException(where + ": events " + range(c) + ": cannot read chunk (file truncated or corrupt)");
      }
      rawLength[0] = (int) nbytes[0];
      byte[] b = scratch(0, rawLength[0]);
      rawBuffer.position(0).get(b, 0, rawLength[0]);
      return b;
    });
    int n = rows * VALUES_PER_EVENT;
    if (raw == null) {
      double[] values = new double[n];
      H5.run(() -> readThroughLibrary(chunkStart, rows, values, 0));
      return values;
    }
    // Filter i was skipped when bit i of the mask is set; the pipeline is [shuffle] [deflate].
    int deflateBit = shuffled ? 1 : 0;
    byte[] data = raw;
    int length = rawLength[0];
    if (deflated && (mask[0] & (1 << deflateBit)) == 0) {
      data = inflate(raw, length, chunkBytes, c);
      length = chunkBytes;
    }
    if (shuffled && (mask[0] & 1) == 0) {
      data = unshuffle(data, length, elemSize, scratch(2, length));
    }
    if (length < n * elemSize) {
      throw new NphuntException(where + ": events " + range(c) + ": chunk holds " + length
          + " bytes, expected " + chunkBytes + " (file corrupt)");
    }
    ByteBuffer bb = ByteBuffer.wrap(data, 0, length).order(ByteOrder.LITTLE_ENDIAN);
    if (elemSize == 8) {
      double[] values = new double[n];
      bb.asDoubleBuffer().get(values, 0, n);
      return values;
    }
    float[] values = new float[n];
    bb.asFloatBuffer().get(values, 0, n);
    return values;
  }

  private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

  private byte[] inflate(byte[] raw, int rawLength, int expected, long c) {
    Inflater inf = INFLATER.get();
    inf.reset();
    inf.setInput(raw, 0, rawLength);
    // One spare byte: a stream longer than the chunk is corrupt; reading to the end checks adler32.
    byte[] out = scratch(1, expected + 1);
    try {
      int n = 0;
      while (!inf.finished() && n <= expected) {
        int k = inf.inflate(out, n, expected + 1 - n);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += k;
      }
      if (n != expected || !inf.finished()) {
        throw new NphuntException(where + ": events " + range(c) + ": corrupt gzip chunk (inflates to "
            + (inf.finished() ? n + " bytes" : "an unterminated stream") + ", expected " + expected + " bytes)");
      }
      return out;
    } catch (DataFormatException e) {
      throw new NphuntException(where + ": events " + range(c) + ": corrupt gzip chunk (" + e.getMessage() + ")", e);
    }
  }

  /** Undoes the HDF5 shuffle filter: byte j of every element was stored in plane j. */
  static byte[] unshuffle(byte[] in, int length, int elem, byte[] out) {
    int n = length / elem;
    for (int j = 0; j < elem; j++) {
      int base = j * n;
      for (int i = 0; i < n; i++) {
        out[i * elem + j] = in[base + i];
      }
    }
    System.arraycopy(in, n * elem, out, n * elem, length - n * elem);
    return out;
  }

  // Lock held. Reads events [start, start+count) converted to doubles by the library.
  private void readThroughLibrary(long start, int count, double[] out, int offset) {
    long n = (long) count * VALUES_PER_EVENT;
    if (fallbackBuffer == null || fallbackBuffer.capacity() < n) {
      if (fallbackBuffer != null) {
        fallbackBuffer.close();
      }
      fallbackBuffer = new DoublePointer(n);
    }
    long fspace = H5Dget_space(particles);
    long mspace = H5Screate_simple(3, new long[] {count, SLOTS, FEATURES}, (long[]) null);
    try {
      H5Sselect_hyperslab(fspace, H5S_SELECT_SET, new long[] {start, 0, 0}, null, new long[] {count, SLOTS, FEATURES}, (long[]) null);
      if (H5Dread(particles, H5T_NATIVE_DOUBLE_g(), mspace, fspace, H5P_DEFAULT, fallbackBuffer) < 0) {
        throw new NphuntException(where + ": cannot read events [" + start + ", " + (start + count)
            + ") (file truncated or corrupt)");
      }
      fallbackBuffer.position(0).get(out, offset, (int) n);
    } finally {
      H5Sclose(mspace);
      H5Sclose(fspace);
    }
  }

  // Lock held. Reads an integer column slice into longs or ints.
  private void readColumn(long ds, String column, long start, int count, long[] longs, int[] ints) {
    long fspace = H5Dget_space(ds);
    long mspace = H5Screate_simple(1, new long[] {count}, (long[]) null);
    try (LongPointer lp = longs != null ? new LongPointer(count) : null;
         IntPointer ip = ints != null ? new IntPointer(count) : null) {
      H5Sselect_hyperslab(fspace, H5S_SELECT_SET, new long[] {start}, null, new long[] {count}, (long[]) null);
      int rc = longs != null
          ? H5Dread(ds, H5T_NATIVE_INT64_g(), mspace, fspace, H5P_DEFAULT, lp)
          : H5Dread(ds, H5T_NATIVE_INT32_g(), mspace, fspace, H5P_DEFAULT, ip);
      if (rc < 0) {
        throw new NphuntException(name + ":/" + column + ": cannot read events [" + start + ", "
            + (start + count) + ") (file truncated or corrupt)");
      }
      if (longs != null) {
        lp.get(longs);
      } else {
        ip.get(ints);
      }
    } finally {
      H5Sclose(mspace);
      H5Sclose(fspace);
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The file this reader reads. */
  public Path file() {
    return file;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + ": reader is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (Future<Object> f : cache.values()) {
      f.cancel(false);
    }
    for (Future<Object> f : cache.values()) {
      try {
        if (!f.isCancelled()) {
          f.get();
        }
      } catch (Exception ignored) {
        // decoding errors of chunks nobody asked for do not matter on close
      }
    }
    cache.clear();
    H5.run(() -> {
      closed = true;
      H5.closeQuietly(evtIdDs, 'D');
      H5.closeQuietly(processIdDs, 'D');
      H5.closeQuietly(particles, 'D');
      H5.closeQuietly(fileId, 'F');
      evtIdDs = processIdDs = particles = fileId = -1;
      if (rawBuffer != null) {
        rawBuffer.close();
        rawBuffer = null;
      }
      if (fallbackBuffer != null) {
        fallbackBuffer.close();
        fallbackBuffer = null;
      }
    });
  }
}
