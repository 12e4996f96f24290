package org.nphunt.eval;

import java.util.Map;

/**
 * What one {@link Evaluator} measured for one model and score.
 *
 * @param evaluator the evaluator's name
 * @param model model name
 * @param score score name
 * @param values named numbers, per signal or background as the evaluator defines (JSON-serialisable)
 */
public record EvaluatorResult(String evaluator, String model, String score, Map<String, Object> values) {
  public EvaluatorResult {
    values = values == null ? Map.of() : new java.util.LinkedHashMap<>(values);
  }
}
