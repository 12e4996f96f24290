package org.nphunt.fit;

/**
 * The background-only fits of one category in both forms, the F-test between them and the form used
 * from then on (by the configured {@link BackgroundChoice}).
 *
 * @param name the category
 * @param threeParameter the fit with p3 = 0
 * @param fourParameter the fit with p3 free
 * @param fTest 3 against 4 parameters (chi2 kind and size from the {@link FitConfig})
 * @param chosen the form used for this category's signal-plus-background fits
 */
public record CategoryBackground(String name, BackgroundFit threeParameter, BackgroundFit fourParameter,
    FTestResult fTest, BackgroundForm chosen) {

  /** The fit of the chosen form. */
  public BackgroundFit chosenFit() {
    return chosen == BackgroundForm.THREE_PARAMETER ? threeParameter : fourParameter;
  }
}
