package org.nphunt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;

/** Files are cut into tasks of whole chunks (or whole read blocks), covering every event once. */
class ScoreTaskTest {
  private static EventFile file(String path, long events, long chunkRows) {
    return new EventFile(path, "ADC2021", "adc2021", events, chunkRows, List.of(), 0, null);
  }

  @Test
  void tasksAreWholeChunksCoveringEveryEventOnce() {
    List<ScoreTask> t = ScoreTask.plan(List.of(file("a.h5", 10_500, 1000), file("b.h5", 999, 1000)), 3000, 65_536);
    assertEquals(List.of(0L, 3000L, 6000L, 9000L, 0L), t.stream().map(ScoreTask::start).toList());
    assertEquals(List.of(3000, 3000, 3000, 1500, 999), t.stream().map(ScoreTask::count).toList());
    assertEquals(List.of(0, 0, 0, 0, 1), t.stream().map(ScoreTask::file).toList());
    // the task size rounds to the nearest whole number of chunks, at least one
    assertEquals(2400, ScoreTask.plan(List.of(file("c.h5", 10_000, 1200)), 2800, 65_536).get(0).count());
    assertEquals(3600, ScoreTask.plan(List.of(file("c.h5", 10_000, 1200)), 3000, 65_536).get(0).count());
    assertEquals(5000, ScoreTask.plan(List.of(file("d.h5", 10_000, 5000)), 10, 65_536).get(0).count());
  }

  @Test
  void contiguousFilesAreCutIntoReadBlocks() {
    List<ScoreTask> t = ScoreTask.plan(List.of(file("e.h5", 200_000, 0)), 100_000, 65_536);
    assertEquals(List.of(0L, 131_072L), t.stream().map(ScoreTask::start).toList());
    assertEquals(List.of(131_072, 68_928), t.stream().map(ScoreTask::count).toList());
  }

  @Test
  void anEmptyFileIsRefusedAsByNphuntScore() {
    NphuntException e = assertThrows(NphuntException.class, () -> ScoreTask.plan(List.of(file("z.h5", 0, 1000)), 3000, 65_536));
    assertEquals("z.h5: no events to score", e.getMessage());
  }
}
