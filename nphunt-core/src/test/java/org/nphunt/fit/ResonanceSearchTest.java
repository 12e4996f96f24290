package org.nphunt.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.random.Seeds;

/** Behaviour of the search beyond the reference numbers: errors, the optimiser cross-check, determinism. */
class ResonanceSearchTest {
  static final double[] EDGES = Histogram.logEdges(1500, 4500, 35);

  static Histogram toy(long seed, double mu) {
    double[] p = {1, 8, 5, 0.2};
    double[] b = DijetFunction.binIntegrals(EDGES, 13000, p, 5);
    double norm = 15_000 / java.util.Arrays.stream(b).sum();
    double[] s = CrystalBallShape.defaults().expected(EDGES, 2600, mu);
    for (int i = 0; i < b.length; i++) {
      b[i] = b[i] * norm + s[i];
    }
    return PoissonSampler.toy(EDGES, b, Seeds.random(seed, "test/search"));
  }

  @Test
  void badInputsGiveOneLineErrors() {
    Histogram empty = new Histogram(EDGES, new double[EDGES.length - 1]);
    assertEquals("category x: no events in the fit range [1500.0, 4500.0] GeV", assertThrows(NphuntException.class,
        () -> new ResonanceSearch(FitConfig.defaults(), List.of(new Category("x", empty, 1)), CrystalBallShape.defaults()))
        .getMessage());
    Histogram h = toy(1, 0);
    assertEquals("category name a appears twice", assertThrows(NphuntException.class,
        () -> new ResonanceSearch(FitConfig.defaults(), List.of(new Category("a", h, 1), new Category("a", h, 1)),
            CrystalBallShape.defaults())).getMessage());
    Histogram beyond = new Histogram(new double[] {12000, 12500, 13000, 13500, 14000, 14500, 15000}, new double[] {1, 1, 1, 1, 1, 1});
    assertTrue(assertThrows(NphuntException.class, () -> new ResonanceSearch(FitConfig.defaults(),
        List.of(new Category("hi", beyond, 1)), CrystalBallShape.defaults())).getMessage().startsWith("category hi: dijet fit range"));
    ResonanceSearch s = new ResonanceSearch(FitConfig.defaults(), List.of(new Category("a", h, 1)), CrystalBallShape.defaults());
    assertTrue(assertThrows(NphuntException.class, () -> s.fit(100)).getMessage().startsWith("mass 100.0 GeV: no signal expected"));
  }

  @Test
  void bobyqaAgreesWithLevenbergMarquardt() {
    Histogram h = toy(7, 300);
    ResonanceSearch lm = new ResonanceSearch(FitConfig.defaults(), List.of(new Category("a", h, 1)), CrystalBallShape.defaults());
    ResonanceSearch bq = new ResonanceSearch(FitConfig.defaults().withMinimizer(Minimizer.BOBYQA),
        List.of(new Category("a", h, 1)), CrystalBallShape.defaults());
    SignalFit a = lm.fit(2600);
    SignalFit b = bq.fit(2600);
    assertEquals(a.minus2LnL(), b.minus2LnL(), 1e-5);
    assertEquals(a.minus2LnLBackgroundOnly(), b.minus2LnLBackgroundOnly(), 1e-5);
    assertEquals(a.muHat(), b.muHat(), 3e-3 * a.muErrorHessian());
    assertEquals(a.localSignificance(), b.localSignificance(), 1e-4);
    assertEquals(a.muErrorUp(), b.muErrorUp(), 1e-3 * a.muErrorHessian());
  }

  @Test
  void fitsAreDeterministicAndTheScanTabulatesFits() {
    Histogram h = toy(3, 200);
    ResonanceSearch s1 = new ResonanceSearch(FitConfig.defaults(), List.of(new Category("a", h, 0.5)), CrystalBallShape.defaults());
    ResonanceSearch s2 = new ResonanceSearch(FitConfig.defaults(), List.of(new Category("a", h, 0.5)), CrystalBallShape.defaults());
    MassScan scan = s1.scan(new double[] {2000, 2600, 3200});
    SignalFit f = s2.fit(2600);
    ScanPoint p = scan.points().get(1);
    assertEquals(f.muHat(), p.muHat(), 0);
    assertEquals(f.localSignificance(), p.localSignificance(), 0);
    assertEquals(3, scan.points().size());
    assertTrue(scan.mostSignificant().localSignificance() >= p.localSignificance());
    // efficiency 0.5: mu counts all signal events, so mu hat is twice the events in this category
    SignalFit g = s1.fit(2600, new double[] {1});
    assertEquals(2 * g.muHat(), f.muHat(), 1e-6 * Math.abs(f.muHat()) + 1e-6);
    assertEquals(g.localSignificance(), f.localSignificance(), 1e-6);
  }
}
