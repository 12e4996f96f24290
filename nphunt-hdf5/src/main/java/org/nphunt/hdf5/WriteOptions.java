package org.nphunt.hdf5;

/**
 * How an event file is written.
 *
 * @param dtype on-disk type of {@code Particles} (float32 by default, float64 as the real files)
 * @param gzipLevel 0 for uncompressed, 1-9 for gzip (default 4, as the real files)
 * @param chunkEvents events per HDF5 chunk (default 1000, as the real files; at most 100,000, since
 *     the writer holds up to 2 x threads + 2 chunks in memory)
 * @param threads compression threads (default: available processors)
 * @param force replace an existing file
 */
public record WriteOptions(Dtype dtype, int gzipLevel, int chunkEvents, int threads, boolean force) {
  public WriteOptions {
    if (dtype == null) {
      throw new IllegalArgumentException("dtype must be FLOAT32 or FLOAT64, found null");
    }
    if (gzipLevel < 0 || gzipLevel > 9) {
      throw new IllegalArgumentException("gzipLevel must be in 0..9, found " + gzipLevel);
    }
    if (chunkEvents <= 0 || chunkEvents > MAX_CHUNK_EVENTS) {
      throw new IllegalArgumentException("chunkEvents must be in 1.." + MAX_CHUNK_EVENTS + ", found " + chunkEvents);
    }
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be > 0, found " + threads);
    }
  }

  /** Largest chunk, in events (30 MB of float32 per chunk). */
  public static final int MAX_CHUNK_EVENTS = 100_000;

  /** float32, gzip 4, chunks of 1000 events, all cores, no overwrite. */
  public static WriteOptions defaults() {
    return new WriteOptions(Dtype.FLOAT32, 4, 1000, Runtime.getRuntime().availableProcessors(), false);
  }

  public WriteOptions withDtype(Dtype d) {
    return new WriteOptions(d, gzipLevel, chunkEvents, threads, force);
  }

  public WriteOptions withGzipLevel(int level) {
    return new WriteOptions(dtype, level, chunkEvents, threads, force);
  }

  public WriteOptions withForce(boolean f) {
    return new WriteOptions(dtype, gzipLevel, chunkEvents, threads, f);
  }

  public WriteOptions withChunkEvents(int events) {
    return new WriteOptions(dtype, gzipLevel, events, threads, force);
  }

  public WriteOptions withThreads(int t) {
    return new WriteOptions(dtype, gzipLevel, chunkEvents, t, force);
  }
}
