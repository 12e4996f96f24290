package org.nphunt.fit;

import java.util.List;

/**
 * The background-only fit of all categories (each with its chosen form).
 *
 * @param categories per category, in the search's order
 * @param minus2LnL sum over categories of -2 ln L
 * @param deviance sum of the likelihood-ratio chi2s
 * @param pearsonChi2 sum of the Pearson chi2s
 * @param ndf total bins - total background parameters
 */
public record BackgroundOnlyResult(List<CategoryBackground> categories, double minus2LnL, double deviance,
    double pearsonChi2, int ndf) {
  public BackgroundOnlyResult {
    categories = List.copyOf(categories);
  }
}
