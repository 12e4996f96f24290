package org.nphunt.eval;

import java.util.List;

/**
 * A further evaluation of each model's scores beside the standard ROC/AUC/TPR results, added to an
 * {@link Evaluation} with {@link Evaluation#with}: e.g. {@link MassSculpting} (how a cut on the score
 * sculpts the background's mass spectrum) or the significance improvement. An evaluator may need
 * per-event observables of every sample (e.g. {@code mJJ}), which the samples then must carry.
 *
 * <p>Its results are tables (rendered in results.md and the report) and named numbers (written in
 * results.json). A new evaluator is a new class; nothing else changes.
 */
public interface Evaluator {
  /** Short name, e.g. "mass-sculpting"; unique within an evaluation. */
  String name();

  /** Per-event observables the evaluator reads from every sample (empty: none). */
  default List<String> observables() {
    return List.of();
  }

  /**
   * Evaluates one score of one model.
   *
   * @param background the background sample's scores (and observables)
   * @param signals the signals' scores (and observables), possibly empty
   */
  EvaluatorResult evaluate(String model, String score, ScoredSample background, List<ScoredSample> signals);

  /** The tables summarising all of this evaluator's results (one call per evaluation). */
  List<Table> tables(List<EvaluatorResult> results);
}
