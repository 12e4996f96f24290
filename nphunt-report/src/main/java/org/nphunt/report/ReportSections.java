package org.nphunt.report;

import java.util.List;

/**
 * The report's standard sections in page order. Adding a standard section is one line here and its
 * class; a job with sections of its own passes them in {@link ReportInput#extraSections()} instead.
 */
public final class ReportSections {
  private ReportSections() {}

  /** Results, ROC curves, score distributions, training, reconstructions, latent space, generated vs real. */
  public static List<ReportSection> standard() {
    return List.of(new ResultsSection(), new RocSection(), new ScoreDistributionsSection(), new TrainingSection(),
        new ReconstructionSection(), new LatentSection(), new DeploymentSection(),
        new GeneratorQualitySection());
  }

  /** The manifest section, always last. */
  static ReportSection manifest() {
    return new ManifestSection();
  }
}
