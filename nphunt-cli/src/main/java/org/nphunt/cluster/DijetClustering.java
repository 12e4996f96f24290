package org.nphunt.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nphunt.NphuntException;
import org.nphunt.data.Adc2021;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.EventSource;
import org.nphunt.data.Events;
import org.nphunt.data.ParticleListSchema;
import org.nphunt.hdf5.DijetWriter;
import org.nphunt.jet.dijet.DijetFeatures;
import org.nphunt.json.Json;
import org.nphunt.progress.Progress;

/**
 * Clusters particle-level events ({@link ParticleListSchema}: the LHC Olympics files, or any source
 * of that schema) into dijet events (nphunt's {@link DijetSchema} with the {@link
 * DijetFeatures#FEATURE_NAMES} event features and C constituents per jet, eta/phi relative to the jet
 * axis) and writes them with {@link DijetWriter}.
 *
 * <p>The source is read in blocks of {@link ClusterConfig#blockEvents()} events; each block's events
 * are split into contiguous ranges clustered on {@link ClusterConfig#threads()} threads, one {@link
 * DijetFeatures} per thread. Each event's output depends on that event alone, so the file is the same
 * for any thread count. Every event is kept (so that rows stay aligned with the input): an event with
 * fewer than two jets has the j2 fields, mJJ, DeltaEtaJJ and DeltaPhiJJ zero, and is counted in
 * {@link Result#fewerThanTwoJets()}. The truth {@code label} becomes {@code truth_label};
 * {@code ProcessId} is kept.
 *
 * <p>The output is written under a temporary name and renamed when complete (never replacing a file
 * without {@code force}); the output location is checked before any work. Attributes: the manifest,
 * the configuration, the source's notes (what its reader normalised) and the number of events with
 * fewer than two jets.
 */
public final class DijetClustering {
  private DijetClustering() {}

  /**
   * What a run did.
   *
   * @param events events written
   * @param fewerThanTwoJets events with fewer than two jets
   * @param out the output file
   * @param seconds wall time
   */
  public record Result(long events, long fewerThanTwoJets, Path out, double seconds) {}

  /**
   * Clusters every event of {@code source} into {@code out}.
   *
   * @param manifestJson the manifest to store (JSON), or null
   * @throws NphuntException when the source is not particle-level, an event is invalid (naming it),
   *     or the output cannot be written
   */
  public static Result run(EventSource source, Path out, ClusterConfig config, boolean force, String manifestJson) {
    if (!(source.schema() instanceof ParticleListSchema particles)) {
      throw new NphuntException(source.name() + ": cluster needs particle-level events (LHC Olympics layout, schema "
          + ParticleListSchema.NAME + "), found schema " + source.schema().name());
    }
    long t0 = System.nanoTime();
    DijetSchema schema = new DijetSchema(config.constituents(), DijetFeatures.FEATURE_NAMES);
    int p = particles.maxParticles();
    int c = config.constituents();
    int nf = DijetFeatures.N_FEATURES;
    long n = source.size();
    long fewer = 0;
    ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, "nphunt-cluster");
      t.setDaemon(true);
      return t;
    });
    DijetFeatures[] builders = new DijetFeatures[config.threads()];
    for (int i = 0; i < builders.length; i++) {
      builders[i] = new DijetFeatures(config.dijetConfig(), config.jetAlgorithm());
    }
    try (DijetWriter writer = DijetWriter.create(out, schema, force);
         Progress progress = Progress.start("cluster " + Path.of(source.name()).getFileName(), n, "events")) {
      for (long at = 0; at < n; at += config.blockEvents()) {
        int k = (int) Math.min(config.blockEvents(), n - at);
        Events in = source.read(at, k);
        double[] parts = in.tensor(0);
        double[] features = new double[k * nf];
        float[] cons = new float[k * 2 * c * 3];
        int[] jets = new int[k];
        int per = (k + builders.length - 1) / builders.length;
        List<Future<?>> tasks = new ArrayList<>();
        long first = at;
        for (int w = 0; w < builders.length && w * per < k; w++) {
          int from = w * per;
          int to = Math.min(k, from + per);
          DijetFeatures b = builders[w];
          tasks.add(pool.submit(() -> {
            for (int e = from; e < to; e++) {
              try {
                jets[e] = b.compute(parts, e * p * 3, p, features, e * nf, cons, e * 2 * c * 3);
              } catch (NphuntException ex) {
                throw new NphuntException(source.name() + ": event " + (first + e) + ": " + ex.getMessage(), ex);
              }
            }
            return null;
          }));
        }
        for (Future<?> f : tasks) {
          await(f);
        }
        double[] wide = new double[cons.length];
        for (int i = 0; i < cons.length; i++) {
          wide[i] = cons[i];
        }
        for (int e = 0; e < k; e++) {
          fewer += jets[e] < 2 ? 1 : 0;
        }
        Object[] columns = new Object[3];
        columns[0] = in.column(Adc2021.PROCESS_ID);
        columns[1] = in.column(ParticleListSchema.LABEL);
        writer.write(new Events(schema, k, new double[][] {wide, features}, columns));
        progress.step(k);
      }
      if (manifestJson != null) {
        writer.attribute("manifest", manifestJson);
      }
      writer.attribute("cluster_config", Json.write(config));
      writer.attribute("source", source.name());
      writer.attribute("source_notes", Json.write(source.notes()));
      writer.attribute("events_with_fewer_than_two_jets", Long.toString(fewer));
      writer.commit();
    } finally {
      pool.shutdownNow();
    }
    return new Result(n, fewer, out, (System.nanoTime() - t0) / 1e9);
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NphuntException("clustering interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof NphuntException ne) {
        throw new NphuntException(ne.getMessage(), ne);
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
