/**
 * The self-contained HTML report (XChart plots rendered headless, embedded as base64 PNG and written
 * beside it): ROC curves, score distributions with thresholds, training losses, input vs reconstructed
 * features, the latent space, generated vs real events per feature ({@link
 * org.nphunt.report.GeneratorQuality}), the results tables and the manifest. Entry point: {@link
 * org.nphunt.report.Report#write(java.nio.file.Path, ReportInput)}.
 */
package org.nphunt.report;
