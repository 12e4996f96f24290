package org.nphunt.eval;

import java.util.Locale;

/** Number formatting shared by the markdown and HTML tables (locale-independent). */
public final class Format {
  private Format() {}

  /**
   * Compact form for FPRs and event counts: scientific below 0.05 and from 1000 on, trailing zeros
   * dropped ("1e-5", "1.58e-4", "1e6", "0.25", "100").
   */
  public static String compact(double x) {
    if (x == 0) {
      return "0";
    }
    double a = Math.abs(x);
    if (a >= 1000 || a < 0.05) {
      String[] parts = String.format(Locale.ROOT, "%.2e", x).split("e");
      return parts[0].replaceAll("\\.?0+$", "") + "e" + Integer.parseInt(parts[1]);
    }
    String s = String.format(Locale.ROOT, "%.3g", x);
    return s.contains(".") ? s.replaceAll("\\.?0+$", "") : s;
  }

  /** A rate with its interval: "0.412 [0.398, 0.425]", scientific below 1e-3. */
  public static String rate(double value, Interval interval) {
    return number(value) + " [" + number(interval.lower()) + ", " + number(interval.upper()) + "]";
  }

  /** Three significant figures, scientific outside [1e-3, 1e5). */
  public static String number(double x) {
    if (x == 0) {
      return "0";
    }
    double a = Math.abs(x);
    if (a < 1e-3 || a >= 1e5) {
      return String.format(Locale.ROOT, "%.2e", x);
    }
    return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3g", x);
  }

  /** The text shown instead of a number when the background cannot resolve a rate. */
  public static String notAvailable(long minBackground) {
    return "n/a (needs >= " + compact(minBackground) + " bkg)";
  }

  /**
   * A value with its standard error, both to the error's first significant digit (at least 3 decimals):
   * "0.9806 ± 0.0004", "0.899 ± 0.001".
   */
  public static String withError(double value, double error) {
    int decimals = 3;
    if (error > 0 && Double.isFinite(error)) {
      decimals = Math.max(3, Math.min(8, (int) -Math.floor(Math.log10(error))));
    }
    return String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f", value, error);
  }
}
