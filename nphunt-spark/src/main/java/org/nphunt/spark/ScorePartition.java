package org.nphunt.spark;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import org.nphunt.NphuntException;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.score.LoadedModel;
import org.nphunt.score.Scorer;

/**
 * The work of one scoring task on an executor: reads its event range with nphunt's readers, in the read
 * blocks of {@code nphunt score} (aligned on multiples of {@link Scorer#readBlock}, the next block read
 * while the current one is scored), scores each block with the executor's copy of the model, and hands
 * Spark one row per event ({@link ScoreTable}) as it goes: memory stays two blocks per task. A bad event
 * range is the reader's one-line NphuntException naming the file and events. Once every block is read, the
 * reader's notes go to the {@link SourceNotes} accumulator.
 *
 * <p>{@code failFirstAttemptOf} injects a failure into the first attempt of that task, halfway through
 * its rows (after some have been handed to the writer): the setting {@value SparkScoring#FAIL_FIRST_ATTEMPT}
 * exists to check that a retried task leaves no duplicate rows.
 */
final class ScorePartition implements FlatMapFunction<Iterator<ScoreTask>, Row> {
  private static final long serialVersionUID = 1L;
  private final Broadcast<ModelCopy> model;
  private final ScoreTable table;
  private final int batch;
  private final int threads;
  private final HadoopConf conf;
  private final int failFirstAttemptOf;
  private final CollectionAccumulator<SourceNotes.Note> notes;

  ScorePartition(Broadcast<ModelCopy> model, ScoreTable table, int batch, int threads, HadoopConf conf, int failFirstAttemptOf,
      CollectionAccumulator<SourceNotes.Note> notes) {
    this.model = model;
    this.table = table;
    this.batch = batch;
    this.threads = threads;
    this.conf = conf;
    this.failFirstAttemptOf = failFirstAttemptOf;
    this.notes = notes;
  }

  @Override
  public Iterator<Row> call(Iterator<ScoreTask> tasks) {
    if (!tasks.hasNext()) {
      return Collections.emptyIterator();
    }
    ScoreTask t = tasks.next();
    if (tasks.hasNext()) {
      throw new IllegalStateException("one score task per partition expected");
    }
    TaskContext ctx = TaskContext.get();
    boolean fail = ctx != null && ctx.partitionId() == failFirstAttemptOf && ctx.attemptNumber() == 0;
    Rows rows = new Rows(t, model.value().load(threads), fail);
    if (ctx != null) {
      ctx.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> rows.close());
    }
    return rows;
  }

  /** The rows of one task, produced block by block. */
  private final class Rows implements Iterator<Row>, AutoCloseable {
    private final ScoreTask task;
    private final LoadedModel model;
    private final Path local;
    private final EventSource source;
    private final ExecutorService reader;
    private final int readBlock = Scorer.readBlock(batch);
    private final long end;
    private final boolean fail;
    private Future<Events> next;
    private long nextStart;
    private Events block;
    private double[][] scores;
    private Object[] columns;
    private long blockStart;
    private int at;
    private int emitted;
    private boolean closed;

    Rows(ScoreTask task, LoadedModel model, boolean fail) {
      this.task = task;
      this.model = model;
      this.fail = fail;
      this.local = Storage.local(task.path(), conf);
      this.end = task.start() + task.count();
      try {
        this.source = EventFiles.open(local, EventFiles.Format.valueOf(task.format()));
      } catch (NphuntException e) {
        throw Storage.renamed(e, local, task.path());
      }
      Scorer.requireSchema(model, task.path(), source.schema().name());
      this.reader = Executors.newSingleThreadExecutor(r -> {
        Thread th = new Thread(r, "nphunt-spark-reader");
        th.setDaemon(true);
        return th;
      });
      nextStart = task.start();
      submitNext();
    }

    /** Reads the next block, up to the next multiple of the read block (as nphunt score does). */
    private void submitNext() {
      if (nextStart >= end) {
        next = null;
        return;
      }
      long from = nextStart;
      long to = Math.min(end, (from / readBlock + 1) * readBlock);
      nextStart = to;
      next = reader.submit(() -> source.read(from, (int) (to - from)));
    }

    @Override
    public boolean hasNext() {
      while (block == null || at == block.size()) {
        if (next == null) {
          if (!closed) {
            // every block read: the reader's notes on this range, for the driver to merge (SourceNotes)
            SourceNotes.of(task.path(), local.toString(), task.start(), source.notesByKind()).forEach(notes::add);
          }
          close();
          return false;
        }
        load();
      }
      return true;
    }

    private void load() {
      Events b;
      try {
        b = next.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NphuntException(task.path() + ": scoring interrupted");
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof NphuntException ne) {
          throw Storage.renamed(ne, local, task.path());
        }
        throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
      }
      blockStart = nextStart - b.size();
      submitNext();
      int n = b.size();
      scores = new double[table.scores().size()][n];
      for (int s = 0; s < n; s += batch) {
        int m = Math.min(batch, n - s);
        model.score(s == 0 && m == n ? b : b.slice(s, m), scores, s);
      }
      columns = new Object[table.columns().size()];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = b.column(table.columns().get(c));
      }
      block = b;
      at = 0;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (fail && emitted == task.count() / 2) {
        throw new IllegalStateException("injected failure of the first attempt of task " + TaskContext.getPartitionId()
            + " after " + emitted + " rows (" + SparkScoring.FAIL_FIRST_ATTEMPT + ")");
      }
      Object[] v = new Object[table.width()];
      v[0] = task.path();
      v[1] = blockStart + at;
      int k = 2;
      for (Object c : columns) {
        v[k++] = c == null ? null : c instanceof int[] a ? (Object) a[at] : c instanceof long[] a ? (Object) a[at] : ((double[]) c)[at];
      }
      for (double[] s : scores) {
        v[k++] = s[at];
      }
      at++;
      emitted++;
      return RowFactory.create(v);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      reader.shutdownNow();
      try {
        // a read in flight finishes before its file closes (the reader is not safe across threads)
        reader.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      source.close();
    }
  }
}
