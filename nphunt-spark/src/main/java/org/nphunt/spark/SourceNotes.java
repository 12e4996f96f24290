package org.nphunt.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reader notes of {@code nphunt spark score} (what a reader converted or assumed: phi stored in [0, 2 pi)
 * wrapped, absolute dijet coordinates made relative, constituents sorted by pT, ...): every scoring task
 * reports its reader's notes by kind ({@link org.nphunt.data.EventSource#notesByKind()}) through a Spark
 * accumulator, and the driver merges them per file into the notes one reader reading the whole file gives,
 * which {@code nphunt score} prints and stores as {@code source_notes}: per kind the note of the task that
 * starts first (its "first at event N" is then the file's first), kinds in that order. The tasks read the
 * blocks {@code nphunt score} reads, so the texts are the same.
 */
final class SourceNotes {
  private SourceNotes() {}

  /**
   * One note of one task.
   *
   * @param path the event file as given
   * @param start the task's first event
   * @param rank the note's place among the task's notes
   * @param kind the reader's kind of note
   * @param message the note
   */
  record Note(String path, long start, int rank, String kind, String message) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The notes of one task's reader, its local copy's name replaced by the file as given. */
  static List<Note> of(String path, String localName, long start, Map<String, String> byKind) {
    List<Note> out = new ArrayList<>();
    int rank = 0;
    for (Map.Entry<String, String> e : byKind.entrySet()) {
      String m = localName.equals(path) ? e.getValue() : e.getValue().replace(localName, path);
      out.add(new Note(path, start, rank++, e.getKey(), m));
    }
    return out;
  }

  /**
   * Per file, the notes as one reader of the whole file has them: tasks in order of their first event, per
   * kind the first note kept. Files without notes are absent. Duplicates (a retried or speculative task) do
   * not matter.
   */
  static Map<String, List<String>> merge(List<Note> notes) {
    List<Note> sorted = new ArrayList<>(notes);
    sorted.sort(Comparator.comparing(Note::path).thenComparingLong(Note::start).thenComparingInt(Note::rank));
    Map<String, Map<String, String>> byFile = new LinkedHashMap<>();
    for (Note n : sorted) {
      byFile.computeIfAbsent(n.path(), k -> new LinkedHashMap<>()).putIfAbsent(n.kind(), n.message());
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    byFile.forEach((path, kinds) -> out.put(path, List.copyOf(kinds.values())));
    return out;
  }
}
