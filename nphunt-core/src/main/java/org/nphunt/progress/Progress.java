package org.nphunt.progress;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar (rate and ETA) shown only on an interactive terminal: off when stderr is not a
 * console, when {@code CI} is set, or with {@code -Dnphunt.progress=false}.
 */
public final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** Whether bars are drawn in this process. */
  public static boolean enabled() {
    String prop = System.getProperty("nphunt.progress");
    if (prop != null) {
      return Boolean.parseBoolean(prop);
    }
    return System.console() != null && System.getenv("CI") == null;
  }

  /**
   * Starts a bar.
   *
   * @param task label, e.g. "generate sm"
   * @param total total units, or -1 when unknown
   * @param unit unit name shown in the rate, e.g. "ev"
   */
  public static Progress start(String task, long total, String unit) {
    if (!enabled()) {
      return new Progress(null);
    }
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(250)
        .build();
    return new Progress(bar);
  }

  /** Adds {@code n} units of work done. */
  public void step(long n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  /** Sets a short extra message (e.g. the current loss). */
  public void extra(String message) {
    if (bar != null) {
      bar.setExtraMessage(message);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
