package org.nphunt.kernel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs the slices 0..k-1 of a step on a fixed number of threads (the caller plus {@code threads - 1}
 * daemon workers), each slice exactly once, whichever thread takes it. Callers write every slice's
 * result into a place of its own and combine them afterwards in slice order, so that results do not
 * depend on the thread count or on which thread ran which slice.
 */
public final class SliceRunner implements AutoCloseable {
  private final int threads;
  private final ExecutorService pool;

  /** @param threads 1 or more (1: everything runs on the caller's thread) */
  public SliceRunner(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, found " + threads);
    }
    this.threads = threads;
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "nphunt-slices");
      t.setDaemon(true);
      return t;
    });
  }

  public int threads() {
    return threads;
  }

  /** Runs {@code work.accept(s)} for s in [0, slices); returns when all are done (rethrows the first failure). */
  public void run(int slices, IntConsumer work) {
    if (pool == null || slices <= 1) {
      for (int s = 0; s < slices; s++) {
        work.accept(s);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable loop = () -> {
      for (int s = next.getAndIncrement(); s < slices; s = next.getAndIncrement()) {
        work.accept(s);
      }
    };
    int helpers = Math.min(threads - 1, slices - 1);
    @SuppressWarnings("unchecked")
    Future<?>[] f = new Future<?>[helpers];
    for (int i = 0; i < helpers; i++) {
      f[i] = pool.submit(loop);
    }
    RuntimeException failure = null;
    try {
      loop.run();
    } catch (RuntimeException e) {
      failure = e;
      next.set(slices);
    }
    for (Future<?> x : f) {
      try {
        x.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
