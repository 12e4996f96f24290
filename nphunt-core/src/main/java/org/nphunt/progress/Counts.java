package org.nphunt.progress;

/**
 * A count with its noun in the right number for progress and log lines: "1 epoch", "0 epochs",
 * "30 epochs" (English: the singular for exactly one, the plural otherwise).
 */
public final class Counts {
  private Counts() {}

  /**
   * {@code n} and the noun: {@code singular} when n is 1 (or -1), else {@code plural}.
   *
   * @param n the count
   * @param singular the noun for one, e.g. "epoch"
   * @param plural the noun for any other count, e.g. "epochs"
   */
  public static String of(long n, String singular, String plural) {
    return n + " " + (Math.abs(n) == 1 ? singular : plural);
  }

  /** {@code n} and the noun, the plural formed by appending "s" ("epoch" -> "epochs"). */
  public static String of(long n, String singular) {
    return of(n, singular, singular + "s");
  }
}
