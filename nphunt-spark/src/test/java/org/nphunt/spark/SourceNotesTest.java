package org.nphunt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SourceNotes}: the tasks' notes merge into those of one reader of the whole file. */
class SourceNotesTest {
  private static Map<String, String> kinds(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void perKindTheEarliestTasksNoteInReadingOrder() {
    // file x.h5 in three tasks arriving out of order, one retried (duplicate); the open-time note in each
    List<SourceNotes.Note> notes = new java.util.ArrayList<>();
    notes.addAll(SourceNotes.of("x.h5", "x.h5", 2000, kinds("columns", "x.h5: columns mapped",
        "wrap", "x.h5: wrapped (first at event 2000)", "order", "x.h5: sorted (first: event 2100)")));
    notes.addAll(SourceNotes.of("x.h5", "x.h5", 1000, kinds("columns", "x.h5: columns mapped",
        "wrap", "x.h5: wrapped (first at event 1500)")));
    notes.addAll(SourceNotes.of("x.h5", "x.h5", 0, kinds("columns", "x.h5: columns mapped")));
    notes.addAll(SourceNotes.of("x.h5", "x.h5", 1000, kinds("columns", "x.h5: columns mapped",
        "wrap", "x.h5: wrapped (first at event 1500)")));
    // a remote file read from a local copy: the copy's name becomes the file as given
    notes.addAll(SourceNotes.of("hdfs://nn/y.h5", "/tmp/copy-17.h5", 0, kinds("wrap", "/tmp/copy-17.h5: wrapped (first at event 3)")));
    Map<String, List<String>> merged = SourceNotes.merge(notes);
    assertEquals(List.of("hdfs://nn/y.h5", "x.h5"), List.copyOf(merged.keySet()));
    assertEquals(List.of("x.h5: columns mapped", "x.h5: wrapped (first at event 1500)", "x.h5: sorted (first: event 2100)"),
        merged.get("x.h5"));
    assertEquals(List.of("hdfs://nn/y.h5: wrapped (first at event 3)"), merged.get("hdfs://nn/y.h5"));
    assertEquals(Map.of(), SourceNotes.merge(List.of()));
  }
}
