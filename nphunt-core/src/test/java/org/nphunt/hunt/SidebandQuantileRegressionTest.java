package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nphunt.json.Json;

/**
 * The quantile regression trained in the sideband ({@link HuntConfig.QrRegion#SIDEBAND}) and applied to
 * the signal region: a signal confined to the signal region cannot move its thresholds (they are
 * bit-identical with and without it), so none of the signal is absorbed, whereas the thresholds
 * trained on the contaminated signal region rise and let part of it drop out of the tightest category;
 * on background only the categories keep the background mJJ shape. Toys of {@link ToyResonance}
 * (20,000 background events, 150 signal events at 3.5 TeV moved into |DeltaEtaJJ| = 0.5).
 */
class SidebandQuantileRegressionTest {
  static final HuntConfig LINEAR = new HuntConfig(1.4, null, 5, 1, 2, 16, 30, 256, 3e-3, 2400, 6000, 30, 6, 0.05, 7);
  static final ToyResonance TOY = new ToyResonance(3500, 0.05);
  static final HuntEvents BACKGROUND = TOY.background(20_000, 2400, 6000, 31);
  static final HuntEvents SIGNAL;

  static {
    HuntEvents s = TOY.signal(150, 32);
    double[] deta = new double[s.size()];
    Arrays.fill(deta, 0.5);
    SIGNAL = new HuntEvents(s.mJJ(), deta, s.score(), s.label());
  }

  @Test
  void signalInTheSignalRegionCannotMoveSidebandThresholds() {
    HuntConfig sb = LINEAR.withQrRegion(HuntConfig.QrRegion.SIDEBAND);
    Hunt.Run clean = Hunt.run(BACKGROUND, sb, null);
    Hunt.Run mixed = Hunt.run(HuntEvents.concat(BACKGROUND, SIGNAL), sb, null);
    for (double m : new double[] {2500, 3000, 3500, 4000, 5500}) {
      assertArrayEquals(clean.regression().meanThresholds(m), mixed.regression().meanThresholds(m), 0.0, "at " + m);
    }
    int top = sb.quantiles().size();
    double blind = Hunt.efficiencies(SIGNAL, sb, mixed.regression())[top];
    assertEquals(Hunt.efficiencies(SIGNAL, sb, clean.regression())[top], blind, 0.0);
    // trained on the contaminated signal region, the thresholds rise at the signal mass and absorb part of it
    Hunt.Run srMixed = Hunt.run(HuntEvents.concat(BACKGROUND, SIGNAL), LINEAR, null);
    double absorbed = Hunt.efficiencies(SIGNAL, LINEAR, srMixed.regression())[top];
    assertTrue(blind > 0.3, "signal above the tightest sideband threshold " + blind);
    assertTrue(absorbed < 0.7 * blind, "signal-region training " + absorbed + " vs sideband " + blind);
  }

  @Test
  void backgroundShapeIsKeptAndTheConfigRoundTrips() {
    HuntConfig sb = LINEAR.withQrRegion(HuntConfig.QrRegion.SIDEBAND);
    HuntResult r = Hunt.run(BACKGROUND, sb, null).result();
    for (CategoryResult c : r.categories()) {
      assertTrue(c.shapeKs().pValue() > 1e-3, c.name() + " KS " + c.shapeKs());
      assertTrue(c.shapeChi2().pValue() > 1e-3, c.name() + " chi2 " + c.shapeChi2());
      // the acceptances hold within statistics (binomial sd on ~5,000 signal-region events <= 0.0071)
      assertEquals(c.quantileHigh() - c.quantileLow(), c.fraction(), 0.03, c.name());
    }
    assertEquals(sb, Json.read(Json.write(sb), HuntConfig.class, "test"));
    assertEquals(HuntConfig.QrRegion.SIGNAL_REGION, LINEAR.qrRegion());
  }
}
