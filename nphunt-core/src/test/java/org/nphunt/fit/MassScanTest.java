package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The headline of a mass scan skips fit artefacts ({@link ScanPoint#unreliable()}) when a reliable point exists.
 * The points are those of docs/hunt.md's README-sized hunt (1,500 QCD + 200 W'), whose scan headlined the
 * artefact at 4574 GeV (mu = 9.7 +- 3.8, Z = 10.65, maximum on the positivity boundary) above the W' at 3421 GeV.
 */
class MassScanTest {
  static final ScanPoint WPRIME = new ScanPoint(3421, 193.6, 18.4, 19.4, 18.9, 97.567, 9.88, 163.2, 150.6, 133, false);
  static final ScanPoint BOUNDARY = new ScanPoint(4573.8, 9.7, 3.37, 4.32, 3.84, 113.44, 10.65, 166.5, 134.7, 133, true);
  static final ScanPoint TAIL = new ScanPoint(5100, 9.3, 3.01, 3.79, 3.39, 99.28, 9.96, 221, 148.9, 133, false);
  static final ScanPoint QUIET = new ScanPoint(2000, -3.1, 5.0, 5.2, 5.1, 0, 0, 150, 140, 133, false);

  @Test
  void artefactsAreFlaggedByTheirWaldInconsistency() {
    // Z = 10.65 against mu/err = 9.7 / 3.845 = 2.5; Z = 9.96 against 9.3 / 3.4 = 2.7: both > 2 mu/err + 1
    assertTrue(BOUNDARY.unreliable());
    assertTrue(TAIL.unreliable());
    // the W': 9.88 against 193.6 / 18.9 = 10.2; a real toy signal on the boundary (Z 6.33, mu/err 7.6); no excess
    assertFalse(WPRIME.unreliable());
    assertFalse(new ScanPoint(3515, 200.9, 25.8, 26.8, 26.3, 40.1, 6.33, 170, 160, 161, true).unreliable());
    assertFalse(QUIET.unreliable());
    // the threshold itself: Z = 2 mu/err + 1 is not yet an artefact (mu = 4, err = 2: Z = 5)
    assertFalse(new ScanPoint(3000, 4, 2, 2, 2, 25, 5, 100, 100, 100, false).unreliable());
    assertTrue(new ScanPoint(3000, 4, 2, 2, 2, 25.1, 5.01, 100, 100, 100, false).unreliable());
  }

  @Test
  void theHeadlineSkipsArtefactsWhenAReliablePointExists() {
    MassScan scan = new MassScan(null, List.of(QUIET, WPRIME, BOUNDARY, TAIL));
    assertSame(WPRIME, scan.mostSignificant());
    assertSame(BOUNDARY, scan.mostSignificantOfAll());
    assertTrue(scan.markdown().contains("| 4573.8 (b) |"), "the artefact stays in the table");
    // only artefacts (and nothing else above zero): the most significant of them stays the headline
    assertSame(BOUNDARY, new MassScan(null, List.of(TAIL, BOUNDARY)).mostSignificant());
    // a reliable point with Z = 0 still beats artefacts: the headline is never an artefact when it can be avoided
    assertSame(QUIET, new MassScan(null, List.of(BOUNDARY, QUIET)).mostSignificant());
    assertNull(new MassScan(null, List.of()).mostSignificant());
  }
}
