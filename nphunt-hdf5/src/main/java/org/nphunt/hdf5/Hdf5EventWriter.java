package org.nphunt.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;
import static org.nphunt.data.Adc2021.FEATURES;
import static org.nphunt.data.Adc2021.SLOTS;
import static org.nphunt.data.Adc2021.VALUES_PER_EVENT;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSink;
import org.nphunt.io.AtomicOutput;

/**
 * Writes the ADC2021 layout ({@code Particles}, {@code Particles_Names}, {@code Particles_Classes},
 * and {@code EvtId}/{@code ProcessId} and the generator's truth columns ({@link
 * org.nphunt.data.Adc2021Truth}, one (N,) dataset each) when the batches carry them) to a temporary
 * name, renamed on {@link #commit()}.
 *
 * <p>{@code Particles} is chunked along events ({@link WriteOptions#chunkEvents()} x 19 x 4),
 * float32 or float64 little-endian, gzip-compressed unless the level is 0: the layout h5py and the
 * published ADC2021 files use. Events are gathered into one chunk buffer; full chunks are compressed
 * with {@link Deflater} on a pool of {@link WriteOptions#threads()} threads and stored in order with
 * {@code H5Dwrite_chunk} under the global library lock. At most {@code 2 x threads} chunks are in
 * flight, so memory is bounded whatever the file size. Attributes ({@link #attribute}) are string
 * attributes of the root group. Writing 0 events gives a valid file with {@code Particles} of shape
 * (0,19,4), which {@link Hdf5EventReader} reads as an empty source.
 *
 * <p>Thread safety: one writer is used from one thread.
 */
public final class Hdf5EventWriter implements EventSink {
  private final Path target;
  private final String where;
  private final WriteOptions options;
  private final AtomicOutput output;
  private final ExecutorService pool;
  private final int elemSize;
  private final int chunkBytes;
  private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();
  /** The truth columns of the generator (org.nphunt.data.Adc2021Truth), when the blocks carry them. */
  private final ExtraColumns.Writer extra;
  private long fileId = -1;
  private long particles = -1;
  private long evtIdDs = -1;
  private long processIdDs = -1;
  private Boolean withEvtId;
  private Boolean withProcessId;
  /** The chunk being filled: direct, little-endian, handed to the library without a copy. */
  private ByteBuffer chunk;
  private final ArrayDeque<ByteBuffer> freeChunks = new ArrayDeque<>();
  private long[] chunkIds;
  private int[] chunkPids;
  private int rows;
  private long written;
  private long stored;
  private long nextChunk;
  private BytePointer native1;
  private boolean committed;
  private boolean closed;

  private Hdf5EventWriter(Path file, WriteOptions options) {
    this.target = file;
    this.where = file + ":/" + Adc2021.PARTICLES;
    this.options = options;
    this.elemSize = options.dtype() == Dtype.FLOAT32 ? 4 : 8;
    this.chunkBytes = Math.multiplyExact(options.chunkEvents(), VALUES_PER_EVENT * elemSize);
    H5.init();
    this.output = AtomicOutput.create(file, options.force());
    this.extra = new ExtraColumns.Writer(org.nphunt.data.Adc2021Schema.INSTANCE, file, Math.max(options.gzipLevel(), 0));
    this.pool = options.gzipLevel() > 0 ? Workers.newPool(options.threads(), "nphunt-h5-write") : null;
    try {
      H5.run(this::createFile);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    newChunk();
  }

  /** Creates the writer; refuses an existing file unless {@code options.force()}. */
  public static Hdf5EventWriter create(Path file, WriteOptions options) {
    return new Hdf5EventWriter(file, options);
  }

  // Lock held.
  private void createFile() {
    String tmp = output.temporary().toString();
    long fapl = H5.newFileAccess();
    try {
      fileId = H5.check(H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl), target + ": cannot create HDF5 file " + tmp);
    } finally {
      H5Pclose(fapl);
    }
    long space = H5Screate_simple(3, new long[] {0, SLOTS, FEATURES}, new long[] {H5S_UNLIMITED, SLOTS, FEATURES});
    long dcpl = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
    try {
      H5Pset_chunk(dcpl, 3, new long[] {options.chunkEvents(), SLOTS, FEATURES});
      if (options.gzipLevel() > 0) {
        H5Pset_deflate(dcpl, options.gzipLevel());
      }
      long type = options.dtype() == Dtype.FLOAT32 ? H5T_IEEE_F32LE_g() : H5T_IEEE_F64LE_g();
      particles = H5.check(H5Dcreate2(fileId, Adc2021.PARTICLES, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
          where + ": cannot create dataset");
    } finally {
      H5Pclose(dcpl);
      H5Sclose(space);
    }
    H5.writeFixedStrings(fileId, Adc2021.PARTICLES_NAMES, Adc2021.FEATURE_NAMES, target.toString());
    H5.writeFixedStrings(fileId, Adc2021.PARTICLES_CLASSES, Adc2021.CLASS_NAMES, target.toString());
  }

  // Lock held. A 1-D chunked integer column, extended as chunks are stored.
  private long createColumn(String column, long type) {
    int chunk1 = Math.max(1, Math.min(options.chunkEvents() * 16, 1 << 16));
    long space = H5Screate_simple(1, new long[] {0}, new long[] {H5S_UNLIMITED});
    long dcpl = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
    try {
      H5Pset_chunk(dcpl, 1, new long[] {chunk1});
      if (options.gzipLevel() > 0) {
        H5Pset_deflate(dcpl, options.gzipLevel());
      }
      return H5.check(H5Dcreate2(fileId, column, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
          target + ":/" + column + ": cannot create dataset");
    } finally {
      H5Pclose(dcpl);
      H5Sclose(space);
    }
  }

  private void newChunk() {
    ByteBuffer b = freeChunks.poll();
    chunk = b != null ? b : ByteBuffer.allocateDirect(chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
    chunkIds = Boolean.TRUE.equals(withEvtId) ? new long[options.chunkEvents()] : null;
    chunkPids = Boolean.TRUE.equals(withProcessId) ? new int[options.chunkEvents()] : null;
    rows = 0;
  }

  /**
   * Appends a block of events, validated first ({@link EventBatch#validate}): a block with a
   * non-finite value or a class id that does not match its slot is refused with a one-line
   * NphuntException naming the event index in the output. Every block must carry {@code EvtId}
   * (and {@code ProcessId}) if and only if the first one did.
   */
  @Override
  public void write(org.nphunt.data.Events events) {
    EventBatch batch = EventBatch.of(events);
    checkWritable();
    boolean hasIds = batch.evtId() != null;
    boolean hasPids = batch.processId() != null;
    if (withEvtId == null) {
      withEvtId = hasIds;
      withProcessId = hasPids;
      H5.run(() -> {
        if (hasIds) {
          evtIdDs = createColumn(Adc2021.EVT_ID, H5T_STD_I64LE_g());
        }
        if (hasPids) {
          processIdDs = createColumn(Adc2021.PROCESS_ID, H5T_STD_I32LE_g());
        }
      });
      chunkIds = hasIds ? new long[options.chunkEvents()] : null;
      chunkPids = hasPids ? new int[options.chunkEvents()] : null;
    } else if (withEvtId != hasIds || withProcessId != hasPids) {
      throw new IllegalArgumentException(target + ": batch at event " + written + (hasIds ? " has" : " lacks")
          + " EvtId / " + (hasPids ? "has" : "lacks") + " ProcessId, unlike the first batch"
          + " (EvtId " + (withEvtId ? "present" : "absent") + ", ProcessId " + (withProcessId ? "present" : "absent") + ")");
    }
    // Refuse what no reader would accept (non-finite values, wrong class ids) before it is stored.
    batch.validate(target + ":/" + Adc2021.PARTICLES + " (writing)", written);
    extra.append(fileId, batch, written);
    double[] p = batch.particles();
    int n = batch.size();
    int done = 0;
    while (done < n) {
      int take = Math.min(n - done, options.chunkEvents() - rows);
      int from = done * VALUES_PER_EVENT;
      int len = take * VALUES_PER_EVENT;
      if (elemSize == 8) {
        chunk.asDoubleBuffer().put(rows * VALUES_PER_EVENT, p, from, len);
      } else {
        float[] f = scratch(len);
        for (int i = 0; i < len; i++) {
          f[i] = (float) p[from + i];
        }
        chunk.asFloatBuffer().put(rows * VALUES_PER_EVENT, f, 0, len);
      }
      if (chunkIds != null) {
        System.arraycopy(batch.evtId(), done, chunkIds, rows, take);
      }
      if (chunkPids != null) {
        System.arraycopy(batch.processId(), done, chunkPids, rows, take);
      }
      rows += take;
      done += take;
      written += take;
      if (rows == options.chunkEvents()) {
        submitChunk();
      }
    }
  }

  private float[] scratch;

  private float[] scratch(int n) {
    if (scratch == null || scratch.length < n) {
      scratch = new float[Math.max(n, options.chunkEvents() * VALUES_PER_EVENT)];
    }
    return scratch;
  }

  /** Hands the current chunk to the compressors and stores finished chunks, keeping memory bounded. */
  private void submitChunk() {
    if (rows == 0) {
      return;
    }
    ByteBuffer data = chunk;
    int used = rows * VALUES_PER_EVENT * elemSize;
    for (int i = used; i < chunkBytes; i++) {
      data.put(i, (byte) 0); // a partial last chunk is stored full size: zero its padding
    }
    long index = nextChunk++;
    if (pool == null) {
      store(index, rows, data, null, 0, chunkIds, chunkPids);
      freeChunks.add(data);
    } else {
      int level = options.gzipLevel();
      Future<byte[]> z = pool.submit(() -> compress(data, level));
      inFlight.add(new Pending(index, rows, chunkIds, chunkPids, data, z));
      while (inFlight.size() > 2 * options.threads()) {
        drainOne();
      }
    }
    newChunk();
  }

  /** A chunk being compressed, with what is needed to store it. */
  private record Pending(long index, int rows, long[] ids, int[] pids, ByteBuffer raw, Future<byte[]> compressed) {}

  private void drainOne() {
    Pending p = inFlight.poll();
    byte[] z;
    try {
      z = p.compressed().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NphuntException(where + ": interrupted while writing", e);
    } catch (ExecutionException e) {
      throw new NphuntException(where + ": compression failed: " + e.getCause(), e.getCause());
    }
    if (z == null) {
      // Incompressible chunk: stored raw with the (optional) deflate filter marked as skipped.
      store(p.index(), p.rows(), p.raw(), null, 1, p.ids(), p.pids());
    } else {
      store(p.index(), p.rows(), null, z, 0, p.ids(), p.pids());
    }
    freeChunks.add(p.raw());
  }

  private static final ThreadLocal<Deflater[]> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater[10]);

  /** zlib-wrapped deflate, as the HDF5 deflate filter stores it; null when it would not shrink. */
  static byte[] compress(ByteBuffer chunk, int level) {
    ByteBuffer data = chunk.duplicate().clear();
    Deflater[] ds = DEFLATERS.get();
    if (ds[level] == null) {
      ds[level] = new Deflater(level);
    }
    Deflater d = ds[level];
    d.reset();
    d.setInput(data);
    d.finish();
    byte[] out = new byte[data.remaining()];
    int n = 0;
    while (!d.finished()) {
      if (n == out.length) {
        return null;
      }
      n += d.deflate(out, n, out.length - n);
    }
    return Arrays.copyOf(out, n);
  }

  /** Stores one chunk, raw (direct buffer, no copy) or compressed, and its ids, under the library lock. */
  private void store(long index, int n, ByteBuffer raw, byte[] compressed, int filterMask, long[] ids, int[] pids) {
    long first = index * options.chunkEvents();
    H5.run(() -> {
      long end = first + n;
      if (H5Dset_extent(particles, new long[] {end, SLOTS, FEATURES}) < 0) {
        throw new NphuntException(where + ": cannot extend to " + end + " events: " + H5.writeFailure(target));
      }
      int rc;
      long[] offset = {first, 0, 0};
      if (compressed != null) {
        int len = compressed.length;
        if (native1 == null || native1.capacity() < len) {
          if (native1 != null) {
            native1.close();
          }
          native1 = new BytePointer(Math.max(len, chunkBytes));
        }
        native1.position(0).put(compressed, 0, len);
        rc = H5Dwrite_chunk(particles, H5P_DEFAULT, filterMask, offset, len, native1.position(0));
      } else {
        try (BytePointer view = new BytePointer(raw)) {
          rc = H5Dwrite_chunk(particles, H5P_DEFAULT, filterMask, offset, chunkBytes, view);
        }
      }
      if (rc < 0) {
        throw new NphuntException(where + ": cannot write events [" + first + ", " + end + "): " + H5.writeFailure(target));
      }
      if (ids != null) {
        writeColumn(evtIdDs, Adc2021.EVT_ID, first, n, ids, null);
      }
      if (pids != null) {
        writeColumn(processIdDs, Adc2021.PROCESS_ID, first, n, null, pids);
      }
      stored = end;
    });
  }

  // Lock held.
  private void writeColumn(long ds, String column, long first, int n, long[] longs, int[] ints) {
    long end = first + n;
    String w = target + ":/" + column;
    if (H5Dset_extent(ds, new long[] {end}) < 0) {
      throw new NphuntException(w + ": cannot extend to " + end + " events: " + H5.writeFailure(target));
    }
    long fspace = H5Dget_space(ds);
    long mspace = H5Screate_simple(1, new long[] {n}, (long[]) null);
    try (LongPointer lp = longs != null ? new LongPointer(n) : null;
         IntPointer ip = ints != null ? new IntPointer(n) : null) {
      H5Sselect_hyperslab(fspace, H5S_SELECT_SET, new long[] {first}, null, new long[] {n}, (long[]) null);
      int rc;
      if (longs != null) {
        lp.put(longs, 0, n);
        rc = H5Dwrite(ds, H5T_NATIVE_INT64_g(), mspace, fspace, H5P_DEFAULT, lp);
      } else {
        ip.put(ints, 0, n);
        rc = H5Dwrite(ds, H5T_NATIVE_INT32_g(), mspace, fspace, H5P_DEFAULT, ip);
      }
      if (rc < 0) {
        throw new NphuntException(w + ": cannot write events [" + first + ", " + end + "): " + H5.writeFailure(target));
      }
    } finally {
      H5Sclose(mspace);
      H5Sclose(fspace);
    }
  }

  @Override
  public void attribute(String key, String value) {
    checkWritable();
    if (key == null || key.isEmpty() || key.indexOf('/') >= 0 || key.indexOf('.') == 0) {
      throw new IllegalArgumentException("attribute name must be non-empty without '/', found '" + key + "'");
    }
    attributes.put(key, value == null ? "" : value);
  }

  @Override
  public long written() {
    return written;
  }

  @Override
  public void commit() {
    checkWritable();
    submitChunk();
    while (!inFlight.isEmpty()) {
      drainOne();
    }
    H5.run(() -> {
      if (stored != written) {
        throw new IllegalStateException("stored " + stored + " of " + written + " events");
      }
      for (Map.Entry<String, String> a : attributes.entrySet()) {
        H5.writeStringAttribute(fileId, a.getKey(), a.getValue(), target.toString());
      }
      if (!H5.flushForCommit(fileId, output.temporary())) {
        fileCloseFailed = true;
      }
      closeHandles();
      // H5Fclose flushes; a failure here means the file is incomplete.
    });
    if (fileCloseFailed) {
      throw new NphuntException(target + ": cannot finish the HDF5 file: " + H5.writeFailure(target));
    }
    output.commit();
    committed = true;
    close();
  }

  private boolean fileCloseFailed;

  // Lock held.
  private void closeHandles() {
    extra.close();
    H5.closeQuietly(evtIdDs, 'D');
    H5.closeQuietly(processIdDs, 'D');
    H5.closeQuietly(particles, 'D');
    if (fileId >= 0 && H5Fclose(fileId) < 0) {
      fileCloseFailed = true;
    }
    evtIdDs = processIdDs = particles = fileId = -1;
    if (native1 != null) {
      native1.close();
      native1 = null;
    }
  }

  private void checkWritable() {
    if (closed || committed) {
      throw new IllegalStateException(target + ": writer already " + (committed ? "committed" : "closed"));
    }
  }

  /** The final file name. */
  public Path target() {
    return target;
  }

  /** Discards the output unless committed; releases the file and threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pool != null) {
      pool.shutdownNow();
    }
    inFlight.clear();
    H5.run(() -> {
      if (!committed) {
        H5.emptyForDiscard(output.temporary());
      }
      closeHandles();
    });
    output.close();
  }
}
