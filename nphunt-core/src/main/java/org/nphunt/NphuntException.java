package org.nphunt;

/**
 * A user-facing error: bad input, a missing file, an invalid option or configuration.
 *
 * <p>The message is one line that says what is wrong and where (file, dataset, event index). The CLI
 * prints only the message (no stack trace unless {@code --debug}) and exits non-zero. Programming
 * errors use the JDK's exceptions instead.
 */
public class NphuntException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NphuntException(String message) {
    super(message);
  }

  public NphuntException(String message, Throwable cause) {
    super(message, cause);
  }
}
