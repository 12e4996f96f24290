/**
 * The {@code nphunt} command line: thin picocli commands that parse options and call library code.
 * User errors print one line and exit non-zero (1 for bad data, 2 for bad usage); {@code --debug}
 * adds the stack trace.
 */
package org.nphunt.cli;
