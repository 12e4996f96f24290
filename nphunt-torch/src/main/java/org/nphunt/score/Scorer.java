package org.nphunt.score;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.Events;
import org.nphunt.data.EventSource;
import org.nphunt.hdf5.EventFiles;
import org.nphunt.hdf5.ScoreFileWriter;
import org.nphunt.json.Json;
import org.nphunt.manifest.Manifest;
import org.nphunt.progress.Progress;

/**
 * Scores every event of a source with a model and streams the scores to a {@link ScoreFileWriter}:
 * reads blocks of {@code readChunk} events, scores them in batches, writes them with EvtId/ProcessId
 * when the source has them. Memory is bounded by the block size, whatever the file size.
 */
public final class Scorer {
  /** Score-file attribute holding this run's manifest (JSON). */
  public static final String MANIFEST_ATTRIBUTE = "manifest";
  /** Score-file attribute holding the model's own manifest (JSON). */
  public static final String MODEL_MANIFEST_ATTRIBUTE = "model_manifest";
  /** Root attribute of a score file: the reader's notes on the input (JSON array), written only when there are some. */
  public static final String SOURCE_NOTES_ATTRIBUTE = "source_notes";

  private Scorer() {}

  /**
   * Scores {@code source} into {@code out} (not committed here) and returns the number of events.
   *
   * @param batchSize events per forward pass
   */
  public static long score(LoadedModel model, EventSource source, ScoreFileWriter out, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be > 0, found " + batchSize);
    }
    requireSchema(model, source.name(), source.schema().name());
    int names = model.scoreNames().size();
    int readChunk = readBlock(batchSize);
    long size = source.size();
    double[][] scores = new double[names][readChunk];
    // one reader thread fetches block k+1 while block k is scored: at most two blocks in memory
    ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "nphunt-score-reader");
      t.setDaemon(true);
      return t;
    });
    try (Progress bar = Progress.start("score " + source.name(), size, "ev")) {
      Future<Events> next = size == 0 ? null : reader.submit(() -> source.read(0, (int) Math.min(readChunk, size)));
      for (long start = 0; start < size; start += readChunk) {
        int n = (int) Math.min(readChunk, size - start);
        Events block = get(next);
        long following = start + readChunk;
        next = following < size
            ? reader.submit(() -> source.read(following, (int) Math.min(readChunk, size - following)))
            : null;
        for (int b = 0; b < n; b += batchSize) {
          int m = Math.min(batchSize, n - b);
          Events part = b == 0 && m == n ? block : block.slice(b, m);
          model.score(part, scores, b);
        }
        out.write(n, scores, (long[]) block.column(Adc2021.EVT_ID), (int[]) block.column(Adc2021.PROCESS_ID));
        bar.step(n);
      }
    } finally {
      reader.shutdownNow();
    }
    return size;
  }

  /**
   * Refuses a source whose events the model does not read, in one line naming the source, e.g.
   * "bb1.h5: model 'dense' reads adc2021 events, this file holds particles events".
   *
   * @param sourceName the source, as messages name it (the file path)
   * @param schema the name of the schema of the source's events
   */
  public static void requireSchema(LoadedModel model, String sourceName, String schema) {
    if (!schema.equals(model.preprocessing().schema())) {
      throw new NphuntException(sourceName + ": model '" + model.architecture().architecture() + "' reads "
          + model.preprocessing().schema() + " events, this file holds " + schema + " events");
    }
  }

  /** Events read per block by {@link #score} for a batch size (a multiple of it, about 65,536). */
  public static int readBlock(int batchSize) {
    return Math.max(batchSize, 65_536 / batchSize * batchSize);
  }

  private static Events get(Future<Events> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NphuntException("scoring interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * {@code nphunt score}: loads {@code modelDir}, scores the HDF5 file {@code in} (any layout
   * {@link EventFiles} knows; the model's schema, else a one-line error naming both) into {@code out}
   * (atomic; refuses to replace unless {@code force}) with the manifests as attributes, on all cores.
   */
  public static long scoreFile(Path modelDir, Path in, Path out, int batchSize, boolean force) {
    return scoreFile(modelDir, in, out, batchSize, Runtime.getRuntime().availableProcessors(), force);
  }

  /**
   * As {@link #scoreFile(Path, Path, Path, int, boolean)} on {@code threads} scoring threads (the
   * dense AE and VAE kernels; the scores are bit-identical for any thread count).
   */
  public static long scoreFile(Path modelDir, Path in, Path out, int batchSize, int threads, boolean force) {
    return scoreFile(modelDir, in, out, batchSize, threads, force, note -> { });
  }

  /**
   * As {@link #scoreFile(Path, Path, Path, int, int, boolean)}, handing the reader's notes on the input (what it
   * converted on reading: phi stored in [0, 2 pi) wrapped, absolute dijet constituent coordinates made relative,
   * ...) to {@code notes} once the file is scored; they are also stored in the score file's root attribute
   * {@value #SOURCE_NOTES_ATTRIBUTE} (a JSON array), as {@code nphunt cluster} stores its input's.
   */
  public static long scoreFile(Path modelDir, Path in, Path out, int batchSize, int threads, boolean force,
      java.util.function.Consumer<String> notes) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch must be > 0, found " + batchSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be > 0, found " + threads);
    }
    new org.nphunt.io.OutputRules("a score file", Scorer::isScoreFile,
        List.of(in, modelDir.resolve(ModelFile.FILE_NAME), modelDir.resolve(ModelFile.WEIGHTS_NAME))).check(out, force, false);
    try (LoadedModel model = LoadedModel.load(modelDir);
        EventSource source = EventFiles.open(in)) {
      model.setScoringThreads(threads);
      if (source.size() == 0) {
        throw new NphuntException(in + ": no events to score");
      }
      Manifest manifest = Manifest.create("score", null,
          Map.of("model", modelDir.toAbsolutePath().toString(), "batch", batchSize, "scores", model.scoreNames()),
          List.of(in, modelDir.resolve(ModelFile.FILE_NAME), modelDir.resolve(ModelFile.WEIGHTS_NAME)));
      try (ScoreFileWriter writer = ScoreFileWriter.create(out, model.scoreNames(), force)) {
        long n = score(model, source, writer, batchSize);
        writer.attribute(MANIFEST_ATTRIBUTE, Json.write(manifest));
        if (!source.notes().isEmpty()) {
          writer.attribute(SOURCE_NOTES_ATTRIBUTE, Json.write(source.notes()));
        }
        if (model.manifest() != null) {
          writer.attribute(MODEL_MANIFEST_ATTRIBUTE, Json.write(model.manifest()));
        }
        writer.commit();
        source.notes().forEach(notes);
        return n;
      }
    }
  }

  /** Whether {@code p} is an HDF5 score file (so that --force may replace it). */
  static boolean isScoreFile(Path p) {
    try (org.nphunt.hdf5.ScoreFileReader r = org.nphunt.hdf5.ScoreFileReader.open(p)) {
      return !r.scoreNames().isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
