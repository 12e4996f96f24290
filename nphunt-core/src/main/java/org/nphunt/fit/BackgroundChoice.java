package org.nphunt.fit;

/**
 * How a category's background form is chosen: fixed to one form, or by the Fisher F-test between the
 * 3- and 4-parameter fits of the background-only model (the dijet-search convention, see
 * {@link FTest}: the 4-parameter form only when the improvement is significant).
 */
public enum BackgroundChoice {
  THREE_PARAMETER,
  FOUR_PARAMETER,
  F_TEST
}
