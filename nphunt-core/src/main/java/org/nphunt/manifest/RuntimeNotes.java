package org.nphunt.manifest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Facts about this machine's numerical runtime that change what an output's numbers are and that the
 * process found out while running, e.g. that libtorch's oneDNN convolution was wrong here and was turned
 * off ({@code TorchRuntime}). Every {@link Manifest} created after a note was added carries it in
 * {@link Manifest#runtimeNotes()}, so a result made with a worked-around runtime says so.
 *
 * <p>Process-wide and thread-safe; notes keep the order they were first added in and are not repeated.
 */
public final class RuntimeNotes {
  private static final Set<String> NOTES = new LinkedHashSet<>();

  private RuntimeNotes() {}

  /**
   * Records one sentence (e.g. {@code "libtorch: a 20 -> 7 channel 3x3 convolution was off by ..."}).
   *
   * @throws IllegalArgumentException when {@code note} is null or blank
   */
  public static synchronized void add(String note) {
    if (note == null || note.isBlank()) {
      throw new IllegalArgumentException("a runtime note must be a sentence, found " + (note == null ? "null" : "a blank"));
    }
    NOTES.add(note.strip());
  }

  /** The notes so far, in the order they were added. */
  public static synchronized List<String> all() {
    return List.copyOf(NOTES);
  }
}
