package org.nphunt.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nphunt.eval.EvaluationResults;
import org.nphunt.manifest.Manifest;
import org.nphunt.training.history.TrainingHistory;

/**
 * Everything a report shows; every part may be null or empty and its section is then left out.
 *
 * @param title page title
 * @param manifest provenance of the run
 * @param results evaluation results (tables and ROC curves)
 * @param scores score distributions per model, score and process
 * @param training training history per model name, in display order
 * @param reconstructions input vs reconstructed features
 * @param latent latent-space samples
 * @param options drawing options (null = defaults)
 * @param extraSections sections of the job's own, drawn after the standard ones (null = none)
 * @param generators generated vs real events per feature (the generator-quality page; null = none)
 * @param deployment the trigger deployment view per model: cost and fixed-point tables (null = none)
 */
public record ReportInput(
    String title,
    Manifest manifest,
    EvaluationResults results,
    List<ScoreDistribution> scores,
    Map<String, TrainingHistory> training,
    List<FeatureComparison> reconstructions,
    List<LatentSample> latent,
    ReportOptions options,
    List<ReportSection> extraSections,
    List<GeneratorQuality> generators,
    List<DeploymentView> deployment) {

  public ReportInput {
    title = title == null || title.isBlank() ? "nphunt report" : title;
    scores = scores == null ? List.of() : List.copyOf(scores);
    training = training == null ? Map.of() : new LinkedHashMap<>(training);
    reconstructions = reconstructions == null ? List.of() : List.copyOf(reconstructions);
    latent = latent == null ? List.of() : List.copyOf(latent);
    options = options == null ? ReportOptions.defaults() : options;
    extraSections = extraSections == null ? List.of() : List.copyOf(extraSections);
    generators = generators == null ? List.of() : List.copyOf(generators);
    deployment = deployment == null ? List.of() : List.copyOf(deployment);
  }

  public ReportInput(String title, Manifest manifest, EvaluationResults results, List<ScoreDistribution> scores,
      Map<String, TrainingHistory> training, List<FeatureComparison> reconstructions, List<LatentSample> latent,
      ReportOptions options, List<ReportSection> extraSections) {
    this(title, manifest, results, scores, training, reconstructions, latent, options, extraSections, null, null);
  }

  /** A report of the generator-quality page only (what {@code nphunt sample --report} writes). */
  public static ReportInput generatorQuality(String title, Manifest manifest, List<GeneratorQuality> generators) {
    return new ReportInput(title, manifest, null, null, null, null, null, null, null, generators, null);
  }

  /** This input with the deployment view. */
  public ReportInput withDeployment(List<DeploymentView> views) {
    return new ReportInput(title, manifest, results, scores, training, reconstructions, latent, options, extraSections,
        generators, views);
  }

  public ReportInput(String title, Manifest manifest, EvaluationResults results, List<ScoreDistribution> scores,
      Map<String, TrainingHistory> training, List<FeatureComparison> reconstructions, List<LatentSample> latent,
      ReportOptions options) {
    this(title, manifest, results, scores, training, reconstructions, latent, options, null, null, null);
  }

  /** A report of evaluation results only (what {@code nphunt evaluate} writes, plus distributions). */
  public static ReportInput of(String title, Manifest manifest, EvaluationResults results, List<ScoreDistribution> scores) {
    return new ReportInput(title, manifest, results, scores, null, null, null, null);
  }
}
