package org.nphunt.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.random.Seeds;

/** {@link SignalWidth}: sigma / M of a Gaussian peak, only the labelled signal-region events, and no estimate without them. */
class SignalWidthTest {
  @Test
  void gaussianPeakGivesItsRelativeWidth() {
    // 20,000 signal events N(3500, 120) (sigma / M = 0.0343) in the signal region, with a low-side tail of 10%
    // at 2900-3300 GeV (out-of-cone radiation), 5,000 background events that must not count, and 2,000
    // signal events outside the signal region (|DeltaEta| = 2) that must not count either
    int n = 27_000;
    double[] m = new double[n];
    double[] deta = new double[n];
    int[] label = new int[n];
    SplittableRandom r = Seeds.random(3, "test/signal-width");
    for (int i = 0; i < n; i++) {
      if (i < 20_000) {
        m[i] = i % 10 == 0 ? 2900 + 400 * r.nextDouble() : 3500 + 120 * r.nextGaussian();
        deta[i] = 0.5;
        label[i] = 1;
      } else if (i < 25_000) {
        m[i] = 3200 + 2000 * r.nextDouble();
        deta[i] = 0.5;
      } else {
        m[i] = 4500;
        deta[i] = 2;
        label[i] = 1;
      }
    }
    HuntEvents ev = new HuntEvents(m, deta, new double[n], label);
    assertEquals(20_000, SignalWidth.events(ev, 1.4, 2700, 6000));
    double w = SignalWidth.fromSimulation(ev, 1.4, 2700, 6000).orElseThrow();
    // the tail widens the central 68% a little: the estimate lies between the core's 0.0343 and 0.045
    assertTrue(w > 0.0343 && w < 0.045, "sigma/M " + w);
    // without the tail: within the estimator's statistical error (~1% relative at 18,000 events)
    double[] core = java.util.Arrays.copyOf(m, n);
    int[] coreLabel = label.clone();
    for (int i = 0; i < 20_000; i += 10) {
      coreLabel[i] = 0;
    }
    double wc = SignalWidth.fromSimulation(new HuntEvents(core, deta, new double[n], coreLabel), 1.4, 2700, 6000)
        .orElseThrow();
    assertEquals(120.0 / 3500, wc, 0.03 * 120.0 / 3500, "core sigma/M");
  }

  @Test
  void noEstimateWithoutEnoughLabelledSignal() {
    double[] m = new double[40];
    java.util.Arrays.fill(m, 3500);
    assertTrue(SignalWidth.fromSimulation(new HuntEvents(m, new double[40], new double[40], null), 1.4, 2700, 6000)
        .isEmpty());
    int[] label = new int[40];
    java.util.Arrays.fill(label, 0, SignalWidth.MIN_EVENTS - 1, 1);
    assertTrue(SignalWidth.fromSimulation(new HuntEvents(m, new double[40], new double[40], label), 1.4, 2700, 6000)
        .isEmpty());
    label[SignalWidth.MIN_EVENTS - 1] = 1;
    assertEquals(0, SignalWidth.fromSimulation(new HuntEvents(m, new double[40], new double[40], label), 1.4, 2700,
        6000).orElseThrow());
  }
}
