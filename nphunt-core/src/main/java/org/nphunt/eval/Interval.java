package org.nphunt.eval;

/**
 * A two-sided interval on a rate.
 *
 * @param lower lower bound
 * @param upper upper bound
 */
public record Interval(double lower, double upper) {
  public Interval {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException("interval lower must be <= upper, found [" + lower + ", " + upper + "]");
    }
  }
}
