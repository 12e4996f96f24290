package org.nphunt.jet.dijet;

import java.util.stream.IntStream;
import org.nphunt.data.Adc2021;
import org.nphunt.data.DijetSchema;
import org.nphunt.data.Events;
import org.nphunt.data.ParticleListSchema;

/**
 * Dijet events ({@link DijetSchema}) from particle-level events ({@link ParticleListSchema}, the LHC
 * Olympics 2020 layout, arXiv:2101.08320): each event is clustered by {@link DijetFeatures} (anti-kT,
 * N-subjettiness, soft drop) into the two leading jets' pT-ordered constituents (Delta eta, Delta phi
 * relative to the jet axis, pT in GeV; zero-padded to C = {@link DijetConfig#maxConstituents()}) and
 * the {@value DijetFeatures#N_FEATURES} event features, in {@link DijetFeatures#FEATURE_NAMES} order.
 *
 * <p>The particle-level {@code label} becomes {@code truth_label}; {@code ProcessId} is kept. Events with
 * fewer than two jets are kept (their missing jet is all zeros, mJJ = 0, as {@link DijetFeatures}
 * defines); callers who need two jets select on {@code j2Pt > 0}. Constituent values are stored as
 * DijetFeatures computes them (float32, widened).
 */
public final class DijetEvents {
  private DijetEvents() {}

  /** The schema of blocks built with {@code config}: C = maxConstituents, DijetFeatures' feature names. */
  public static DijetSchema schema(DijetConfig config) {
    if (config.maxConstituents() < 1) {
      throw new IllegalArgumentException("maxConstituents must be >= 1 for dijet events, found " + config.maxConstituents());
    }
    return new DijetSchema(config.maxConstituents(), DijetFeatures.FEATURE_NAMES);
  }

  /**
   * Clusters every event of a particle-level block, on all cores (each event's result does not depend
   * on the thread that computes it).
   *
   * @throws IllegalArgumentException when the block is not of the particle-list schema
   * @throws org.nphunt.NphuntException (from DijetFeatures) for a negative or non-finite particle value
   */
  public static Events fromParticles(Events particles, DijetConfig config) {
    if (!(particles.schema() instanceof ParticleListSchema pls)) {
      throw new IllegalArgumentException("dijet events are built from '" + ParticleListSchema.NAME
          + "' events, found '" + particles.schema().name() + "'");
    }
    DijetSchema schema = schema(config);
    int n = particles.size();
    int slots = pls.maxParticles();
    int c = config.maxConstituents();
    int perEvent = 2 * c * 3;
    double[] cons = new double[n * perEvent];
    double[] feat = new double[n * DijetFeatures.N_FEATURES];
    double[] p = particles.tensor(0);
    int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / 256));
    IntStream.range(0, parts).parallel().forEach(part -> {
      int from = (int) ((long) n * part / parts);
      int to = (int) ((long) n * (part + 1) / parts);
      DijetFeatures f = new DijetFeatures(config);
      float[] buf = new float[perEvent];
      for (int e = from; e < to; e++) {
        f.compute(p, e * slots * 3, slots, feat, e * DijetFeatures.N_FEATURES, buf, 0);
        for (int i = 0; i < perEvent; i++) {
          cons[e * perEvent + i] = buf[i];
        }
      }
    });
    Object[] columns = new Object[schema.columns().size()];
    Object label = particles.column(ParticleListSchema.LABEL);
    if (label != null) {
      columns[schema.columnIndex(DijetSchema.TRUTH_LABEL)] = java.util.Arrays.copyOf((int[]) label, n);
    }
    Object pid = particles.column(Adc2021.PROCESS_ID);
    if (pid != null) {
      columns[schema.columnIndex(Adc2021.PROCESS_ID)] = java.util.Arrays.copyOf((int[]) pid, n);
    }
    return new Events(schema, n, new double[][] {cons, feat}, columns);
  }
}
