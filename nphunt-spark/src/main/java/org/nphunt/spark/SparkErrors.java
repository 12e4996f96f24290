package org.nphunt.spark;

import java.util.function.Supplier;
import org.nphunt.NphuntException;

/**
 * Turns the failure of a Spark job back into nphunt's one-line errors. A task that fails on an executor
 * with an {@link NphuntException} (a malformed file, naming the file, dataset and event range) reaches the
 * driver wrapped in Spark's job and stage failures ("Job aborted due to stage failure: Task 3 in stage
 * 1.0 failed 4 times, most recent failure: ..."); the command reports the executor's own message, exactly
 * as the single-machine command would, and exits with code 1.
 */
public final class SparkErrors {
  private static final String MARKER = NphuntException.class.getName() + ": ";

  private SparkErrors() {}

  /**
   * Runs a Spark action, rethrowing the NphuntException of a failed task as is (Spark's own failures, a
   * checked SparkException among them, pass unchanged).
   */
  public static <T> T run(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) {
      NphuntException n = nphuntCause(e);
      if (n != null) {
        throw n;
      }
      throw SparkErrors.<RuntimeException>sneaky(e);
    }
  }

  /** Rethrows any exception unchanged (Scala code throws checked exceptions undeclared). */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }

  /** Runs a Spark action without result. */
  public static void run(Runnable action) {
    run(() -> {
      action.run();
      return null;
    });
  }

  /**
   * The NphuntException in a failure's cause chain; else, when the task's exception did not travel as an
   * object (Spark keeps only its text when it cannot deserialize it), one rebuilt from the
   * {@code org.nphunt.NphuntException: message} line of the failure's message; else null.
   */
  static NphuntException nphuntCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NphuntException n) {
        return n;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      int at = m == null ? -1 : m.indexOf(MARKER);
      if (at >= 0) {
        int end = m.indexOf('\n', at);
        return new NphuntException(m.substring(at + MARKER.length(), end < 0 ? m.length() : end).strip(), e);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
