package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nphunt.NphuntException;
import org.nphunt.eval.Auc;
import org.nphunt.flow.FlowConfig;
import org.nphunt.json.Json;
import org.nphunt.random.Seeds;

/**
 * ANODE on a planted case: three jet-like features whose background distribution moves with mJJ (the
 * sideband density must be interpolated into the signal region) and a 3.5 TeV resonance clustered at
 * (2, 2, -1). The log-likelihood ratio must tag the signal in the signal region, be near 0 on average for
 * the background there, and be bit-identical for 1 and 2 threads.
 */
class AnodeTest {
  static double[][] features;
  static double[] mJJ;
  static int[] label;

  static void events(int nb, int ns, long seed) {
    HuntEvents all = HuntEvents.concat(new ToyResonance(3500, 0.05).background(nb, 2800, 4400, seed),
        new ToyResonance(3500, 0.05).signal(ns, seed + 1));
    int n = all.size();
    mJJ = all.mJJ();
    label = all.label();
    features = new double[n][3];
    for (int i = 0; i < n; i++) {
      SplittableRandom r = Seeds.random(seed, "test/anode-features", i);
      if (label[i] == 1) {
        features[i][0] = 2 + 0.3 * r.nextGaussian();
        features[i][1] = 2 + 0.3 * r.nextGaussian();
        features[i][2] = -1 + 0.3 * r.nextGaussian();
      } else {
        double shift = (mJJ[i] - 3500) / 800;
        features[i][0] = shift + r.nextGaussian();
        features[i][1] = 0.5 * features[i][0] + 0.8 * r.nextGaussian();
        features[i][2] = r.nextGaussian() * (1 + 0.2 * shift);
      }
    }
  }

  static final AnodeConfig SMALL = new AnodeConfig(new FlowConfig(3, 1, 16, 15, 128, 3e-3, 0.1),
      new FlowConfig(3, 1, 16, 25, 128, 3e-3, 0.1), 3);

  @Test
  void logLikelihoodRatioTagsThePlantedSignal() {
    events(8000, 300, 21);
    Anode.Result r = Anode.run(features, mJJ, 3300, 3700, SMALL, 5, 2, new double[0][], new double[0]);
    int[] srB = IntStream.range(0, mJJ.length).filter(i -> mJJ[i] >= 3300 && mJJ[i] < 3700 && label[i] == 0).toArray();
    int[] srS = IntStream.range(0, mJJ.length).filter(i -> mJJ[i] >= 3300 && mJJ[i] < 3700 && label[i] == 1).toArray();
    double[] b = IntStream.of(srB).mapToDouble(i -> r.logR()[i]).toArray();
    double[] s = IntStream.of(srS).mapToDouble(i -> r.logR()[i]).toArray();
    double auc = Auc.mannWhitney(b, s);
    assertTrue(auc > 0.9, "AUC of log R, signal vs background in the signal region: " + auc);
    double meanB = IntStream.of(srB).mapToDouble(i -> r.logR()[i]).average().orElseThrow();
    assertTrue(Math.abs(meanB) < 0.3, "background mean log R " + meanB);
    assertEquals(srB.length + srS.length, r.signalRegionEvents());
    assertEquals(3, r.signalRegionTraining().size());
    IntStream.range(0, mJJ.length).filter(i -> mJJ[i] < 3300 || mJJ[i] >= 3700)
        .forEach(i -> assertTrue(Double.isNaN(r.logR()[i])));
    // the background density interpolated into the signal region describes its background well: its
    // mean -log p there is close to that of the k-fold signal-region density
    double nllBg = -IntStream.of(srB).mapToDouble(i -> r.logPBackground()[i]).average().orElseThrow();
    double nllData = -IntStream.of(srB).mapToDouble(i -> r.logPData()[i]).average().orElseThrow();
    assertEquals(nllData, nllBg, 0.25, "background -log p in the signal region: sideband flow vs signal-region flow");
  }

  @Test
  void sameResultForOneAndTwoThreadsAndExtraEventsScored() {
    events(3000, 100, 22);
    AnodeConfig tiny = new AnodeConfig(new FlowConfig(2, 1, 8, 3, 64, 3e-3, 0.1), new FlowConfig(2, 1, 8, 3, 64, 3e-3, 0.1), 2);
    double[][] extra = {{2, 2, -1}, {0, 0, 0}};
    double[] extraM = {3500, 3500};
    Anode.Result a = Anode.run(features, mJJ, 3300, 3700, tiny, 9, 1, extra, extraM);
    Anode.Result b = Anode.run(features, mJJ, 3300, 3700, tiny, 9, 2, extra, extraM);
    assertArrayEquals(a.logR(), b.logR());
    assertArrayEquals(a.extraLogR(), b.extraLogR());
    assertEquals(2, a.extraLogR().length);
    assertTrue(Double.isFinite(a.extraLogR()[0]) && Double.isFinite(a.extraLogR()[1]));
  }

  @Test
  void badInputsAreOneLineErrors() {
    events(300, 0, 23);
    NphuntException e = assertThrows(NphuntException.class, () -> Anode.run(features, mJJ, 3300, 3700,
        AnodeConfig.defaults(), 1, 1, new double[0][], new double[0]));
    assertTrue(e.getMessage().startsWith("ANODE needs >= 100 sideband events"), e.getMessage());
    features[5][1] = Double.NaN;
    e = assertThrows(NphuntException.class, () -> Anode.run(features, mJJ, 3300, 3700, AnodeConfig.defaults(), 1, 1,
        new double[0][], new double[0]));
    assertEquals("ANODE: event 5 has a non-finite feature 1: NaN", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AnodeConfig(null, null, 1));
    AnodeConfig d = AnodeConfig.defaults();
    assertEquals(d, Json.read(Json.write(d), AnodeConfig.class, "test"));
  }
}
