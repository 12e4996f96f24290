package org.nphunt.eval;

import java.util.List;

/**
 * What an evaluation measures.
 *
 * @param fprTargets FPRs at which the TPR is quoted, each in (0, 1) (default 1e-5, 1e-4, 1e-3, 1e-2,
 *     the ADC2021 working points, arXiv:2107.02157)
 * @param confidenceLevel of the Clopper-Pearson intervals, in (0, 1) (default 68.27%)
 * @param minBackgroundPerFpr an FPR is resolved only with at least this many / FPR background events
 *     (default 10: ten background events above the threshold)
 * @param rocBins resolution of the stored ROC curves (see {@link RocCurve#downsample(int)}), >= 10
 *     (default 300)
 * @param operatingPoint rates and luminosity for the operating-point table, or null for none
 */
public record EvaluationConfig(
    List<Double> fprTargets,
    double confidenceLevel,
    double minBackgroundPerFpr,
    int rocBins,
    OperatingPointConfig operatingPoint) {

  public static final List<Double> DEFAULT_FPR_TARGETS = List.of(1e-5, 1e-4, 1e-3, 1e-2);

  public EvaluationConfig {
    fprTargets = fprTargets == null ? DEFAULT_FPR_TARGETS : List.copyOf(fprTargets);
    if (fprTargets.isEmpty()) {
      throw new IllegalArgumentException("fprTargets must not be empty");
    }
    for (double f : fprTargets) {
      if (!(f > 0 && f < 1)) {
        throw new IllegalArgumentException("fprTargets must be in (0, 1), found " + f);
      }
    }
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException("confidenceLevel must be in (0, 1), found " + confidenceLevel);
    }
    if (!(minBackgroundPerFpr >= 1) || Double.isInfinite(minBackgroundPerFpr)) {
      throw new IllegalArgumentException("minBackgroundPerFpr must be >= 1, found " + minBackgroundPerFpr);
    }
    if (rocBins < 10) {
      throw new IllegalArgumentException("rocBins must be >= 10, found " + rocBins);
    }
  }

  public static EvaluationConfig defaults() {
    return new EvaluationConfig(DEFAULT_FPR_TARGETS, ClopperPearson.ONE_SIGMA, 10, 300, null);
  }

  public EvaluationConfig withOperatingPoint(OperatingPointConfig op) {
    return new EvaluationConfig(fprTargets, confidenceLevel, minBackgroundPerFpr, rocBins, op);
  }

  public EvaluationConfig withFprTargets(List<Double> targets) {
    return new EvaluationConfig(targets, confidenceLevel, minBackgroundPerFpr, rocBins, operatingPoint);
  }
}
