package org.nphunt.training;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongPredicate;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.preprocess.ModelInput;
import org.nphunt.preprocess.Preprocessing;
import org.nphunt.random.Seeds;

/**
 * The events of one role (training or validation) of a source, served as preprocessed mini-batches of
 * examples (an event is {@link Preprocessing#examplesPerEvent()} consecutive examples).
 *
 * <p>The source is cut into fixed blocks of {@code chunk} events; each epoch visits the blocks in a
 * seeded order and the examples of a block in a seeded order, carrying the remainder of a block into
 * the next batch. Blocks are read on demand (a training set larger than the heap streams) or, when the
 * whole role fits in {@code cacheBytes}, preprocessed once and kept; batches are identical either way.
 * The order depends only on the seed and the epoch, never on timing: the reader thread only prefetches.
 */
final class EventBlocks {
  /** Receives one mini-batch: one array per preprocessing input (n rows each). */
  interface BatchConsumer {
    boolean accept(float[][] batch, int n);
  }

  private record Block(float[][] arrays, int rows) {}

  private final EventSource source;
  private final Preprocessing pre;
  private final LongPredicate keep;
  private final int chunk;
  private final int blocks;
  private final int[] widths;
  private final int perEvent;
  private final Block[] cache;
  private long events = -1;

  EventBlocks(EventSource source, Preprocessing pre, LongPredicate keep, int chunk, long cacheBytes) {
    this.source = source;
    this.pre = pre;
    this.keep = keep;
    this.chunk = chunk;
    this.blocks = (int) ((source.size() + chunk - 1) / chunk);
    List<ModelInput> inputs = pre.inputs();
    this.widths = new int[inputs.size()];
    long floatsPerEvent = 0;
    this.perEvent = pre.examplesPerEvent();
    for (int i = 0; i < widths.length; i++) {
      widths[i] = inputs.get(i).width();
      floatsPerEvent += (long) widths[i] * perEvent;
    }
    boolean fits = source.size() * floatsPerEvent * 4L <= cacheBytes;
    this.cache = fits ? new Block[blocks] : null;
  }

  int blocks() {
    return blocks;
  }

  boolean cached() {
    return cache != null;
  }

  /** Number of events of this role (counted on first use). */
  long events() {
    if (events < 0) {
      long n = 0;
      long size = source.size();
      for (long i = 0; i < size; i++) {
        if (keep == null || keep.test(i)) {
          n++;
        }
      }
      events = n;
    }
    return events;
  }

  /** Number of examples of this role. */
  long examples() {
    return events() * perEvent;
  }

  private Block block(int b) {
    if (cache != null && cache[b] != null) {
      return cache[b];
    }
    long start = (long) b * chunk;
    int n = (int) Math.min(chunk, source.size() - start);
    Events ev = source.read(start, n);
    float[][] all = new float[widths.length][];
    for (int i = 0; i < widths.length; i++) {
      all[i] = new float[n * perEvent * widths[i]];
    }
    pre.apply(ev, 0, n, all, 0);
    int k = n;
    if (keep != null) {
      // compact the kept events' rows in place (order preserved)
      k = 0;
      for (int e = 0; e < n; e++) {
        if (keep.test(start + e)) {
          if (k != e) {
            for (int i = 0; i < widths.length; i++) {
              int w = widths[i] * perEvent;
              System.arraycopy(all[i], e * w, all[i], k * w, w);
            }
          }
          k++;
        }
      }
    }
    Block blk = new Block(all, k * perEvent);
    if (cache != null) {
      cache[b] = blk;
    }
    return blk;
  }

  /**
   * Feeds mini-batches of {@code batchSize} examples to {@code consumer} until the role is exhausted or
   * it returns false.
   *
   * @param shuffle seeded block and example order when true, file order when false
   * @return false when the consumer stopped early
   */
  boolean forEachBatch(int batchSize, boolean shuffle, long seed, int epoch, BatchConsumer consumer) {
    int[] order = identity(blocks);
    if (shuffle) {
      shuffle(order, Seeds.random(seed, "train/blocks", epoch));
    }
    float[][] batch = new float[widths.length][];
    for (int i = 0; i < widths.length; i++) {
      batch[i] = new float[batchSize * widths[i]];
    }
    int fill = 0;
    // a reader thread reads and preprocesses block k+1 while block k is consumed (two blocks in memory)
    ExecutorService reader = cached() && allCached() ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "nphunt-train-reader");
      t.setDaemon(true);
      return t;
    });
    Future<Block> next = null;
    try {
      next = blocks == 0 ? null : fetch(reader, order[0]);
      for (int bi = 0; bi < blocks; bi++) {
        int b = order[bi];
        Block blk = get(next);
        next = bi + 1 < blocks ? fetch(reader, order[bi + 1]) : null;
        int[] rows = identity(blk.rows);
        if (shuffle) {
          shuffle(rows, Seeds.random(seed, "train/events/" + epoch, b));
        }
        for (int r : rows) {
          for (int i = 0; i < widths.length; i++) {
            System.arraycopy(blk.arrays[i], r * widths[i], batch[i], fill * widths[i], widths[i]);
          }
          if (++fill == batchSize) {
            if (!consumer.accept(batch, fill)) {
              return false;
            }
            fill = 0;
          }
        }
      }
    } finally {
      if (reader != null) {
        reader.shutdown();
        awaitQuietly(next); // never leave a read running into the next use of the source
      }
    }
    if (fill > 0) {
      return consumer.accept(batch, fill);
    }
    return true;
  }

  private boolean allCached() {
    for (Block b : cache) {
      if (b == null) {
        return false;
      }
    }
    return true;
  }

  private Future<Block> fetch(ExecutorService reader, int b) {
    if (reader == null) {
      return CompletableFuture.completedFuture(block(b));
    }
    return reader.submit(() -> block(b));
  }

  private static void awaitQuietly(Future<Block> f) {
    if (f == null) {
      return;
    }
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
      // the error, if it matters, was or will be reported by the reader of that block
    }
  }

  private static Block get(Future<Block> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NphuntException("training interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** Fisher-Yates. */
  private static void shuffle(int[] a, SplittableRandom rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
