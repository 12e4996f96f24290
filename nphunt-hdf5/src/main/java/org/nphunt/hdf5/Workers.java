package org.nphunt.hdf5;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon thread pools for chunk (de)compression; the HDF5 calls themselves stay under {@link H5#LOCK}. */
final class Workers {
  private static final ExecutorService SHARED = newPool(Runtime.getRuntime().availableProcessors(), "nphunt-h5-read");

  private Workers() {}

  /** The pool readers share (one thread per processor). */
  static ExecutorService shared() {
    return SHARED;
  }

  /** Number of threads of {@link #shared()}. */
  static int sharedThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** A new fixed pool of daemon threads. */
  static ExecutorService newPool(int threads, String name) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory f = r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return Executors.newFixedThreadPool(threads, f);
  }
}
