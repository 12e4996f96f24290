package org.nphunt.cli;

/**
 * A subcommand contributed by another module (found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/org.nphunt.cli.CommandProvider}), so that optional modules such as the
 * benchmarks add a command to {@code nphunt} without the CLI module depending on them, and the
 * production jar ships none of their code.
 */
public interface CommandProvider {
  /** A new picocli command object (annotated with {@code @Command}). */
  Object command();
}
