package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.nphunt.fit.ScanPoint;
import org.nphunt.random.Seeds;

/**
 * The fit range's lower edge ({@link FitRange}): the hand value for the LHC Olympics selection, the
 * kinematic bound it rests on, and the reason it exists: a fit that starts on the pT threshold's turn-on
 * finds a spurious resonance at the edge, one that starts at the edge does not.
 */
class FitRangeTest {
  @Test
  void edgeForTheLhcOlympicsSelection() {
    // 2 x 1200 x cosh(0.7) x 1.03 = 2400 x 1.255169 x 1.03 = 3102.78 -> 3110
    assertEquals(3110, FitRange.fullyEfficientMjj(1200, 1.4));
    // 2 x 1000 x cosh(1.3) x 1.03 = 2000 x 1.970914 x 1.03 = 4060.08 -> 4070
    assertEquals(4070, FitRange.fullyEfficientMjj(1000, 2.6));
    // an exact multiple of 10 stays: 2 x 500 x cosh(0) x 1.03 = 1030
    assertEquals(1030, FitRange.fullyEfficientMjj(500, 1e-12), 1e-9);
  }

  @Test
  void leadingPtMinIsTheSmallestLeadingJet() {
    assertEquals(1250, FitRange.leadingPtMin(new double[] {1300, 900, 1250}, new double[] {1200, 1260, 1100}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FitRange.leadingPtMin(new double[] {1300, Double.NaN}, new double[] {1200, 1000}));
    assertEquals("event 1 has a non-finite jet pT (NaN, 1000.0)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FitRange.leadingPtMin(new double[0], new double[0]));
    assertThrows(IllegalArgumentException.class, () -> FitRange.fullyEfficientMjj(0, 1.4));
    assertThrows(IllegalArgumentException.class, () -> FitRange.fullyEfficientMjj(1200, Double.NaN));
  }

  /**
   * The bound without the mass margin: two massless jets with |DeltaEta| below the cut and any DeltaPhi
   * whose mJJ reaches 2 pTmin cosh(cut / 2) always have a jet above pTmin.
   */
  @Property(tries = 2000)
  void masslessDijetsAboveTheEdgePassTheThreshold(@ForAll @DoubleRange(min = 100, max = 3000) double pt1,
      @ForAll @DoubleRange(min = 100, max = 3000) double pt2, @ForAll @DoubleRange(min = 0, max = 1.4) double deta,
      @ForAll @DoubleRange(min = 0, max = 3.14) double dphi) {
    double m = Math.sqrt(2 * pt1 * pt2 * (Math.cosh(deta) - Math.cos(dphi)));
    double ptMin = 1200;
    if (m >= 2 * ptMin * Math.cosh(1.4 / 2)) {
      assertTrue(Math.max(pt1, pt2) >= ptMin * (1 - 1e-12), "mJJ " + m + " pT " + pt1 + ", " + pt2);
    }
  }

  /**
   * Background only, the dijet function times the selection: mJJ drawn from (1 - x)^9 / x^5 over 2.4-7 TeV
   * (ToyResonance's background), |DeltaEtaJJ| from QCD's flat chi, the two jets massless and back to back
   * (leading pT = mJJ / (2 cosh(DeltaEta / 2))), kept when that pT exceeds 1200 GeV. Above the edge the
   * signal-region spectrum is exactly the dijet function; below it the threshold removes the large-DeltaEta
   * events and the spectrum turns over. A fit from 2700 GeV puts a large spurious signal at the edge (the
   * generated QCD of docs/hunt.md gave Z = 5.1 there); a fit from the edge finds nothing.
   */
  @Test
  void aFitOnTheTurnOnFindsASpuriousSignalAndOneFromTheEdgeDoesNot() {
    HuntEvents all = new ToyResonance(3500, 0.05).background(200_000, 2400, 7000, 5);
    int[] kept = IntStream.range(0, all.size())
        .filter(i -> all.mJJ()[i] / (2 * Math.cosh(Math.abs(all.deltaEta()[i]) / 2)) > 1200).toArray();
    HuntEvents sel = all.select(kept);
    // the score: independent of mJJ, so no quantile-regression effect enters
    SplittableRandom r = Seeds.random(7, "test/fit-range-score");
    double[] score = new double[sel.size()];
    for (int i = 0; i < score.length; i++) {
      score[i] = r.nextDouble();
    }
    HuntEvents ev = new HuntEvents(sel.mJJ(), sel.deltaEta(), score, sel.label());
    HuntConfig base = new HuntConfig(1.4, java.util.List.of(0.5), 3, 1, 1, 16, 5, 256, 3e-3, 2700, 6000, 30, 8, 0.07, 1);
    ScanPoint onTurnOn = Hunt.run(ev, base, null).result().inclusive().mostSignificant();
    double edge = FitRange.fullyEfficientMjj(1200, 1.4);
    ScanPoint fromEdge = Hunt.run(ev, base.withFitRange(edge, 6000, 30), null).result().inclusive().mostSignificant();
    assertTrue(onTurnOn.localSignificance() > 3 && onTurnOn.mass() < 3200, "from 2700 GeV: " + onTurnOn);
    assertTrue(fromEdge.localSignificance() < 3, "from " + edge + " GeV: " + fromEdge);
  }
}
