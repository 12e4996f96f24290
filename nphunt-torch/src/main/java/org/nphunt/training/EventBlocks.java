package org.nphunt.training;

import static org.nphunt.data.Adc2021.INPUTS;
import static org.nphunt.data.Adc2021.KINEMATIC;
import static org.nphunt.data.Adc2021.SLOTS;
import static org.nphunt.data.Adc2021.VALUES_PER_EVENT;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongPredicate;
import org.nphunt.data.EventBatch;
import org.nphunt.data.EventSource;
import org.nphunt.preprocess.Standardizer;
import org.nphunt.random.Seeds;

/**
 * The events of one role (training or validation) of a source, served as preprocessed mini-batches.
 *
 * <p>The source is cut into fixed blocks of {@code chunk} events; each epoch visits the blocks in a
 * seeded order and the events of a block in a seeded order, carrying the remainder of a block into the
 * next batch. Blocks are read on demand (a training set larger than the heap streams) or, when the
 * whole role fits in {@code cacheBytes}, preprocessed once and kept; batches are identical either way.
 */
final class EventBlocks {
  /** Receives one mini-batch: x (n x 57), mask (n x 19), mask57 (n x 57, the slot mask per input). */
  interface BatchConsumer {
    boolean accept(float[] x, float[] mask, float[] mask57, int n);
  }

  private record Block(float[] x, float[] mask, int n) {}

  private final EventSource source;
  private final Standardizer std;
  private final LongPredicate keep;
  private final int chunk;
  private final int blocks;
  private final Block[] cache;
  private long events = -1;

  EventBlocks(EventSource source, Standardizer std, LongPredicate keep, int chunk, long cacheBytes) {
    this.source = source;
    this.std = std;
    this.keep = keep;
    this.chunk = chunk;
    this.blocks = (int) ((source.size() + chunk - 1) / chunk);
    boolean fits = source.size() * (INPUTS + SLOTS) * 4L <= cacheBytes;
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

  private Block block(int b) {
    if (cache != null && cache[b] != null) {
      return cache[b];
    }
    long start = (long) b * chunk;
    int n = (int) Math.min(chunk, source.size() - start);
    EventBatch batch = EventBatch.of(source.read(start, n));
    float[] x = new float[n * INPUTS];
    float[] mask = new float[n * SLOTS];
    double[] p = batch.particles();
    int k = 0;
    for (int e = 0; e < n; e++) {
      if (keep == null || keep.test(start + e)) {
        std.applyEvent(p, e * VALUES_PER_EVENT, x, k * INPUTS, mask, k * SLOTS);
        k++;
      }
    }
    Block blk = new Block(x, mask, k);
    if (cache != null) {
      cache[b] = blk;
    }
    return blk;
  }

  /**
   * Feeds mini-batches to {@code consumer} until the role is exhausted or it returns false.
   *
   * @param shuffle seeded block and event order when true, file order when false
   * @return false when the consumer stopped early
   */
  boolean forEachBatch(int batchSize, boolean shuffle, long seed, int epoch, BatchConsumer consumer) {
    int[] order = identity(blocks);
    if (shuffle) {
      shuffle(order, Seeds.random(seed, "train/blocks", epoch));
    }
    float[] x = new float[batchSize * INPUTS];
    float[] m = new float[batchSize * SLOTS];
    float[] m57 = new float[batchSize * INPUTS];
    int fill = 0;
    // a reader thread reads and preprocesses block k+1 while block k is consumed (two blocks in memory)
    ExecutorService reader = cached() && allCached() ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "nphunt-train-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<Block> next = blocks == 0 ? null : fetch(reader, order[0]);
      for (int bi = 0; bi < blocks; bi++) {
        int b = order[bi];
        Block blk = get(next);
        next = bi + 1 < blocks ? fetch(reader, order[bi + 1]) : null;
        int[] ev = identity(blk.n);
        if (shuffle) {
          shuffle(ev, Seeds.random(seed, "train/events/" + epoch, b));
        }
        for (int i : ev) {
          System.arraycopy(blk.x, i * INPUTS, x, fill * INPUTS, INPUTS);
          System.arraycopy(blk.mask, i * SLOTS, m, fill * SLOTS, SLOTS);
          for (int s = 0; s < SLOTS; s++) {
            float v = blk.mask[i * SLOTS + s];
            int o = fill * INPUTS + s * KINEMATIC;
            m57[o] = v;
            m57[o + 1] = v;
            m57[o + 2] = v;
          }
          if (++fill == batchSize) {
            if (!consumer.accept(x, m, m57, fill)) {
              return false;
            }
            fill = 0;
          }
        }
      }
    } finally {
      if (reader != null) {
        reader.shutdownNow();
      }
    }
    if (fill > 0) {
      return consumer.accept(x, m, m57, fill);
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
      return java.util.concurrent.CompletableFuture.completedFuture(block(b));
    }
    return reader.submit(() -> block(b));
  }

  private static Block get(Future<Block> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.nphunt.NphuntException("training interrupted");
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
