package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.random.Seeds;

/**
 * The injection scan with the anomaly model re-trained per point ({@link SignalInjection.Rescorer}) and
 * the cross-section conversion ({@link CrossSectionScale}). The re-trained model of these tests is a
 * kernel density estimate of the toys' raw score (Gaussian kernels on a seeded subsample of 1,500
 * training events, Silverman's bandwidth), anomaly score -ln p: a real density model whose training
 * set holds the injected signal. It deliberately trains on every event of the injected sample, signal
 * region included (harder than the hunt's sideband training, where 8% of the toy signal lands), so the
 * contamination lowers the signal's anomaly score.
 */
class SignalInjectionTest {
  static final double MASS = 3500;
  static final HuntConfig CONFIG = new HuntConfig(1.4, null, 5, 1, 2, 16, 30, 256, 3e-3, 2400, 6000, 30, 6, 0.05, 3);
  static final ToyResonance TOY = new ToyResonance(MASS, 0.05);
  static final HuntEvents BACKGROUND = TOY.background(20_000, 2400, 6000, 21);
  static final HuntEvents SIGNAL = TOY.signal(1000, 22);

  /** The density model re-trained on background + the first n signal events with the point's seed. */
  static SignalInjection.Rescorer kdeModel() {
    return (n, seed) -> kdeScores(n, seed);
  }

  static double[] kdeScores(int n, long seed) {
    int nb = BACKGROUND.size();
    int total = nb + n;
    SplittableRandom r = Seeds.random(seed, "test/kde-subsample");
    int m = 1500;
    double[] centre = new double[m];
    for (int k = 0; k < m; k++) {
      int i = r.nextInt(total);
      centre[k] = i < nb ? BACKGROUND.score()[i] : SIGNAL.score()[i - nb];
    }
    double mean = 0;
    for (double c : centre) {
      mean += c / m;
    }
    double var = 0;
    for (double c : centre) {
      var += (c - mean) * (c - mean) / (m - 1);
    }
    double h = 1.06 * Math.sqrt(var) * Math.pow(m, -0.2);
    double[] out = new double[nb + SIGNAL.size()];
    for (int i = 0; i < out.length; i++) {
      double x = i < nb ? BACKGROUND.score()[i] : SIGNAL.score()[i - nb];
      double p = 1e-300;
      for (double c : centre) {
        double z = (x - c) / h;
        p += Math.exp(-0.5 * z * z);
      }
      out[i] = -Math.log(p / (m * h * Math.sqrt(2 * Math.PI)));
    }
    return out;
  }

  @Test
  void crossSectionConversionByHand() {
    // 20,000 events of 4 pb: L = 5,000 pb^-1 = 5 fb^-1; with eps_S = 0.5, 1 fb gives 2.5 events
    CrossSectionScale s = new CrossSectionScale(20_000, 4.0, 0.5);
    assertEquals(5000, s.luminosityInversePb(), 1e-9);
    assertEquals(5, s.luminosityInverseFb(), 1e-12);
    assertEquals(24, s.crossSectionFb(60), 1e-12);
    assertEquals(60, s.events(24));
    assertEquals(25, s.events(10));
    assertEquals(0, s.events(0.1));
    assertEquals(1, s.events(0.2));
    assertEquals(List.of(0, 25, 60), java.util.Arrays.stream(SignalInjection.events(s, new double[] {0, 10, 24})).boxed()
        .toList());
    assertEquals("signalEfficiency must be in (0, 1], found 1.5",
        assertThrows(IllegalArgumentException.class, () -> new CrossSectionScale(10, 1, 1.5)).getMessage());
    assertEquals("backgroundEvents must be > 0, found 0",
        assertThrows(IllegalArgumentException.class, () -> new CrossSectionScale(0, 1, 0.5)).getMessage());
    assertEquals("cross-section must be finite and >= 0 fb, found -1.0",
        assertThrows(IllegalArgumentException.class, () -> s.events(-1)).getMessage());
  }

  @Test
  void strongSignalSurvivesContaminatedRetraining() {
    int n = 150;
    // the contamination is real: trained with the signal, the model calls the signal less anomalous
    double[] clean = kdeScores(0, 5);
    double[] dirty = kdeScores(n, 5);
    double meanClean = 0;
    double meanDirty = 0;
    for (int i = 0; i < n; i++) {
      meanClean += clean[BACKGROUND.size() + i] / n;
      meanDirty += dirty[BACKGROUND.size() + i] / n;
    }
    assertTrue(meanDirty < meanClean - 0.05, "signal score clean " + meanClean + ", contaminated " + meanDirty);
    SignalInjection.Point p = SignalInjection.scan(BACKGROUND, SIGNAL, new int[] {n}, MASS, CONFIG, kdeModel(), null)
        .get(0);
    assertTrue(p.trueMu() > 110 && p.trueMu() < 150, "signal-region signal " + p);
    assertEquals(MASS, p.bestMass(), 0.1 * MASS, "most significant mass " + p);
    assertTrue(p.significance() > 5, "categorised Z " + p);
    assertTrue(p.significance() > p.significanceInclusive(), "categorised vs inclusive " + p);
    assertTrue(Math.abs(p.muHat() - p.trueMu()) < 2.5 * p.muError(), "mu hat vs true " + p);
    assertTrue(Double.isNaN(p.crossSectionFb()), "no cross-section scale given");
  }

  @Test
  void sameSeedGivesTheIdenticalScanAndPointsDependOnlyOnTheirOwnSeed() {
    CrossSectionScale s = new CrossSectionScale(20_000, 4.0, 0.5);
    int[] pts = SignalInjection.events(s, new double[] {0, 24});
    List<SignalInjection.Point> a = SignalInjection.scan(BACKGROUND, SIGNAL, pts, MASS, CONFIG, kdeModel(), s);
    List<SignalInjection.Point> b = SignalInjection.scan(BACKGROUND, SIGNAL, pts, MASS, CONFIG, kdeModel(), s);
    assertEquals(a, b, "bit-identical (record equality compares the doubles' bits)");
    assertEquals(24, a.get(1).crossSectionFb(), 1e-12);
    assertEquals(60, a.get(1).injected());
    assertEquals(Seeds.derive(CONFIG.seed(), "hunt/inject", 60), a.get(1).seed());
    List<SignalInjection.Point> alone = SignalInjection.scan(BACKGROUND, SIGNAL, new int[] {60}, MASS, CONFIG,
        kdeModel(), s);
    assertEquals(a.get(1), alone.get(0), "a point does not depend on the other points");
    List<SignalInjection.Point> other = SignalInjection.scan(BACKGROUND, SIGNAL, new int[] {60}, MASS,
        CONFIG.withSeed(4), kdeModel(), s);
    assertNotEquals(a.get(1).muHat(), other.get(0).muHat(), "another seed re-trains differently");
    assertEquals(a.get(1).signalRegionBackground(), other.get(0).signalRegionBackground());
  }
}
