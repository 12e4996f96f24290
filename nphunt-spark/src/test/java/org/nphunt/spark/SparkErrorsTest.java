package org.nphunt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;

/** A task's NphuntException comes back as itself, from the cause chain or from Spark's failure text. */
class SparkErrorsTest {
  @Test
  void theCauseChainsNphuntExceptionIsRethrown() {
    NphuntException bad = new NphuntException("bad.h5:/Particles: event 1234, slot 9, Eta is NaN (values must be finite)");
    RuntimeException wrapped = new RuntimeException("Job aborted due to stage failure", new IllegalStateException("x", bad));
    assertSame(bad, assertThrows(NphuntException.class, () -> SparkErrors.run(() -> {
      throw wrapped;
    })));
  }

  @Test
  void aFailureKnownOnlyByItsTextIsRebuiltFromIt() {
    Exception e = new Exception("Job aborted due to stage failure: Task 7 in stage 18.0 failed 4 times, most recent failure:"
        + " Lost task 7.3 (TID 554) (host executor 3): org.nphunt.NphuntException: bb1.h5:/Particles: events [1000, 2000):"
        + " cannot read chunk (file corrupt)\n\tat org.nphunt.hdf5.ChunkedDataset.read(ChunkedDataset.java:1)\n");
    assertEquals("bb1.h5:/Particles: events [1000, 2000): cannot read chunk (file corrupt)", SparkErrors.nphuntCause(e).getMessage());
    assertNull(SparkErrors.nphuntCause(new RuntimeException("Job aborted: java.lang.OutOfMemoryError")));
  }

  @Test
  void otherFailuresPassUnchanged() {
    IllegalStateException other = new IllegalStateException("executor lost");
    assertSame(other, assertThrows(IllegalStateException.class, () -> SparkErrors.run(() -> {
      throw other;
    })));
  }
}
