package org.nphunt.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CountsTest {
  @Test
  void singularForExactlyOnePluralOtherwise() {
    assertEquals("1 epoch", Counts.of(1, "epoch"));
    assertEquals("0 epochs", Counts.of(0, "epoch"));
    assertEquals("2 epochs", Counts.of(2, "epoch"));
    assertEquals("30 epochs", Counts.of(30, "epoch"));
    assertEquals("1 match", Counts.of(1, "match", "matches"));
    assertEquals("3 matches", Counts.of(3, "match", "matches"));
  }
}
