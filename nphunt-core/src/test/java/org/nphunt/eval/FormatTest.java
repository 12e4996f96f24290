package org.nphunt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTest {
  @Test
  void compact() {
    assertEquals("1e-5", Format.compact(1e-5));
    assertEquals("1.58e-4", Format.compact(1.5783e-4));
    assertEquals("1e-2", Format.compact(0.01));
    assertEquals("0.25", Format.compact(0.25));
    assertEquals("100", Format.compact(100));
    assertEquals("10", Format.compact(10));
    assertEquals("1e3", Format.compact(1000));
    assertEquals("1.27e7", Format.compact(12_658_000));
    assertEquals("1e6", Format.compact(1_000_000));
  }

  @Test
  void numbersAndRates() {
    assertEquals("0.412 [0.398, 0.425]", Format.rate(0.4123, new Interval(0.3981, 0.4249)));
    assertEquals("2.00e-04", Format.number(2e-4));
    assertEquals("5702", Format.number(5702.4));
    assertEquals("1.23e+05", Format.number(123_456));
    assertEquals("n/a (needs >= 1e6 bkg)", Format.notAvailable(1_000_000));
  }
}
