package org.nphunt.report;

/**
 * How the report draws.
 *
 * @param tprLogScale draw the ROC's TPR axis logarithmic (the FPR axis always is)
 * @param histogramBins bins of score and feature histograms, 10..500 (default 60)
 * @param maxLatentPoints latent-space points drawn per process, >= 100 (default 2000)
 * @param seed seed of the latent-space subsample
 */
public record ReportOptions(boolean tprLogScale, int histogramBins, int maxLatentPoints, long seed) {
  public ReportOptions {
    if (histogramBins < 10 || histogramBins > 500) {
      throw new IllegalArgumentException("histogramBins must be in 10..500, found " + histogramBins);
    }
    if (maxLatentPoints < 100) {
      throw new IllegalArgumentException("maxLatentPoints must be >= 100, found " + maxLatentPoints);
    }
  }

  public static ReportOptions defaults() {
    return new ReportOptions(false, 60, 2000, 0);
  }
}
