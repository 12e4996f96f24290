package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.fit.ScanPoint;
import org.nphunt.json.Json;

/**
 * The whole search on toy events ({@link ToyResonance}; 20,000 background events, 60 signal events at
 * 3.5 TeV, about 50 of them in the signal region, local S/B about 7% within one sigma of the peak): an
 * injected signal is found at its mass with the injected number of events within errors, with a mu
 * error less than 0.6 x the inclusive fit's; without injection nothing is found and the
 * categories keep the background mJJ shape. The quantile regression is the smooth one (one layer on a
 * quadratic in ln mJJ): at this contamination the 5-layer network bends its thresholds around the
 * excess and absorbs part of the signal.
 */
class HuntTest {
  static final double MASS = 3500;
  static final HuntConfig CONFIG = new HuntConfig(1.4, null, 5, 1, 2, 16, 30, 256, 3e-3, 2400, 6000, 30, 6, 0.05, 1);
  static final ToyResonance TOY = new ToyResonance(MASS, 0.05);
  static final HuntEvents BACKGROUND = TOY.background(20_000, 2400, 6000, 11);
  static final HuntEvents SIGNAL = TOY.signal(2000, 12);

  @Test
  void injectedSignalIsFoundWithTheRightMu() {
    List<SignalInjection.Point> pts = SignalInjection.scan(BACKGROUND, SIGNAL, new int[] {0, 60}, MASS, CONFIG);
    SignalInjection.Point none = pts.get(0);
    SignalInjection.Point inj = pts.get(1);
    assertEquals(0, none.trueMu());
    // no false excess; a deficit pushes the sparse top category towards mu s + b = 0 in its peak bins, where
    // the symmetric profile error shrinks (the point's own seed gives mu = -16.6 +- 5.4 here, seeds 2-8 about
    // -5 to -10 +- 8.5 on the same background), so the deficit is bounded by the inclusive fit's error
    assertTrue(none.muHat() < 3 * none.muError() && none.muHat() > -3 * none.muErrorInclusive(), "no injection: " + none);
    assertTrue(none.significance() < 3, "no injection: " + none);
    assertTrue(inj.trueMu() > 45 && inj.trueMu() < 60, "injected in the signal region: " + inj);
    assertTrue(Math.abs(inj.muHat() - inj.trueMu()) < 2.5 * inj.muError(), "mu hat vs true: " + inj);
    // expected Z about 55 / 17 = 3.2; over the quantile regression's seeds 1-6 (the point's own seed varies the
    // folds) Z was 2.86-4.42. The inclusive fit's Z (3.28) is inflated by an upward background fluctuation at
    // 3.5 TeV in this sample (background only: inclusive mu = 51 +- 36), so the categories' gain is asserted on
    // the precision of mu, not on Z
    assertTrue(inj.significance() > 2.5, "categorised: " + inj);
    assertTrue(inj.muError() < 0.6 * inj.muErrorInclusive(), "categorised vs inclusive: " + inj);
    assertTrue(Math.abs(inj.muHatInclusive() - inj.trueMu()) < 2.5 * inj.muErrorInclusive(), "inclusive: " + inj);
  }

  @Test
  void scanFindsTheMassAndCategoriesKeepTheBackgroundShape() {
    HuntEvents mix = HuntEvents.concat(BACKGROUND, SIGNAL.select(java.util.stream.IntStream.range(0, 60).toArray()));
    Hunt.Run run = Hunt.run(mix, CONFIG, null);
    HuntResult r = run.result();
    assertEquals("truth labels", r.efficiencySource());
    ScanPoint best = r.categorised().mostSignificant();
    assertEquals(MASS, best.mass(), 0.1 * MASS, "most significant mass");
    assertTrue(best.localSignificance() > 3, "Z " + best.localSignificance());
    assertEquals(6, r.categories().size());
    double effSum = 0;
    for (CategoryResult c : r.categories()) {
      // background shape per category against the rest: compatible (not sculpted by the score cut)
      assertTrue(c.shapeKs().pValue() > 1e-3, c.name() + " KS " + c.shapeKs());
      assertTrue(c.shapeChi2().pValue() > 1e-3, c.name() + " chi2 " + c.shapeChi2());
      effSum += c.signalEfficiency();
      assertEquals(c.quantileHigh() - c.quantileLow(), c.fraction(), 0.03, c.name());
    }
    assertEquals(1, effSum, 1e-9);
    // the most anomalous category holds most of the signal
    CategoryResult top = r.categories().get(5);
    CategoryResult next = r.categories().get(4);
    assertTrue(top.signalEfficiency() + next.signalEfficiency() > 0.9, "top categories' efficiency " + top + next);
    // the result serialises
    String json = Json.write(r);
    assertTrue(json.contains("\"q99-100\""), json.substring(0, 200));
  }

  @Test
  void configValidatesAndRoundTrips() {
    HuntConfig c = CONFIG.withSeed(42);
    assertEquals(c, Json.read(Json.write(c), HuntConfig.class, "test"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HuntConfig(1.4,
        List.of(0.5, 0.3), 5, 5, 1, 16, 60, 256, 3e-3, 2700, 6000, 30, 12, 0.07, 1));
    assertEquals("quantiles must be strictly increasing in (0, 1), found [0.5, 0.3]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new HuntConfig(1.4, null, 1, 5, 1, 16, 60, 256, 3e-3, 2700, 6000,
        30, 12, 0.07, 1));
    assertEquals("folds must be in [2, 20], found 1", e.getMessage());
    assertEquals(List.of("q0-30", "q30-50", "q50-70", "q70-90", "q90-99", "q99-100"), c.categoryNames());
    NphuntException n = assertThrows(NphuntException.class, () -> Hunt.run(TOY.background(100, 2400, 6000, 1),
        CONFIG, null));
    assertTrue(n.getMessage().startsWith("signal region |DeltaEtaJJ| < 1.4 with mJJ in [2400.0, 6000.0) GeV holds"),
        n.getMessage());
  }
}
