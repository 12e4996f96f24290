package org.nphunt.data;

import java.util.List;

/**
 * Particle-level events as in the LHC Olympics 2020 files (arXiv:2101.08320): tensor
 * {@code particles} (P, 3) of (pT [GeV], eta, phi [rad]) per particle, zero-padded (a row of zeros is
 * no particle), not pT-ordered; column {@code label} (int32; 0 background, 1 signal) when the file has
 * truth (the R&amp;D set), absent for the black boxes; {@code ProcessId} for nphunt's generator.
 *
 * @param maxParticles P, the padded length (700 in the LHC Olympics files)
 */
public record ParticleListSchema(int maxParticles) implements EventSchema {
  public static final String NAME = "particles";
  /** The LHC Olympics files' padded length. */
  public static final int LHCO_PARTICLES = 700;
  public static final String PARTICLES = "particles";
  public static final String LABEL = "label";

  public ParticleListSchema {
    if (maxParticles < 1 || maxParticles > 100_000) {
      throw new IllegalArgumentException("maxParticles must be in 1..100000, found " + maxParticles);
    }
  }

  /** The LHC Olympics layout (700 particles). */
  public static ParticleListSchema lhco() {
    return new ParticleListSchema(LHCO_PARTICLES);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "particle-level events (LHC Olympics 2020 layout): up to " + maxParticles
        + " particles x (pT, eta, phi), zero-padded";
  }

  @Override
  public List<TensorSpec> tensors() {
    return List.of(new TensorSpec(PARTICLES, List.of(maxParticles, 3),
        List.of(Feature.gev("pT", "particle transverse momentum"), Feature.eta("eta", "pseudorapidity"),
            Feature.phi("phi", "azimuth")),
        TensorSpec.Padding.ZERO_ROWS, "particles (hadrons, photons, leptons), zero-padded, not pT-ordered"));
  }

  @Override
  public List<ColumnSpec> columns() {
    return List.of(ColumnSpec.optional(LABEL, ColumnType.INT32, "", "truth: 0 background, 1 signal (R&D set)"),
        ColumnSpec.optional(Adc2021.PROCESS_ID, ColumnType.INT32, "", "nphunt's generator process id"));
  }
}
