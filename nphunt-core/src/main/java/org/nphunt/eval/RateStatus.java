package org.nphunt.eval;

/** Whether a rate at a target FPR could be measured on the background sample. */
public enum RateStatus {
  /** Measured. */
  OK,
  /**
   * The background sample is too small to resolve the target FPR: fewer than
   * {@link EvaluationConfig#minBackgroundPerFpr()} / FPR events, so the threshold would rest on fewer
   * than that many background events above it.
   */
  INSUFFICIENT_BACKGROUND
}
