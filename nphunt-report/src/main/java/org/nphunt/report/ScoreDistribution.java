package org.nphunt.report;

/**
 * The scores of one process for one model and score, to be histogrammed.
 *
 * @param model model name
 * @param score score name
 * @param process process name, e.g. "SM" or "A->4l"
 * @param values one score per event (binned by the report; may be large)
 */
public record ScoreDistribution(String model, String score, String process, double[] values) {}
