package org.nphunt.physics.jets.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.physics.jets.event.EventRecord;
import org.nphunt.physics.jets.event.Pid;

class ParticleDetectorTest {

  private static void add(EventRecord ev, int id, double pt, double eta, double phi) {
    double m = id == Pid.PHOTON ? 0 : Pid.M_PI_CHARGED;
    double pz = pt * Math.sinh(eta);
    ev.add(id, EventRecord.FINAL, -1, pt * Math.cos(phi), pt * Math.sin(phi), pz,
        Math.sqrt(pt * pt + pz * pz + m * m), m);
  }

  @Test
  void tracksPhotonsAndAcceptance() {
    ParticleDetector d = new ParticleDetector(JetDetectorSpec.cmsLike());
    SplittableRandom r = new SplittableRandom(1);
    EventRecord ev = new EventRecord();
    int tracked = 0;
    int n = 20_000;
    double sumRatio = 0;
    for (int i = 0; i < n; i++) {
      ev.reset();
      add(ev, Pid.PI_PLUS, 50, 0.3, 1.0);
      double[] out = new double[30];
      int k = d.detect(ev, r, out, 0, 10);
      if (k == 1 && Math.abs(out[1] - 0.3) < 1e-9) {
        tracked++;
        sumRatio += out[0] / 50;
      }
    }
    // 95% tracking efficiency above 1 GeV in the barrel, pT resolution centred
    assertEquals(0.95, (double) tracked / n, 4 * Math.sqrt(0.95 * 0.05 / n));
    assertEquals(1.0, sumRatio / tracked, 1e-3);
    // beyond the calorimeter nothing; invisible particles nothing
    ev.reset();
    add(ev, Pid.PHOTON, 100, 4.9, 0);
    ev.add(Pid.DARK_MESON_INVISIBLE, EventRecord.FINAL, -1, 100, 0, 0, 102, 20);
    assertEquals(0, d.detect(ev, r, new double[30], 0, 10));
    // a charged pion beyond the tracker is a forward-calorimeter cell
    ev.reset();
    add(ev, Pid.PI_PLUS, 40, 3.5, 0.5);
    double[] out = new double[3];
    assertEquals(1, d.detect(ev, r, out, 0, 1));
    assertEquals(3.5, out[1], 0.175);
    assertEquals(0.5, out[2], Math.PI / 18);
  }

  @Test
  void photonsInOneCellMergeAndSoftCellsAreDropped() {
    ParticleDetector d = new ParticleDetector(JetDetectorSpec.cmsLike());
    SplittableRandom r = new SplittableRandom(2);
    EventRecord ev = new EventRecord();
    int merged = 0;
    for (int i = 0; i < 1000; i++) {
      ev.reset();
      // two 20 GeV photons 0.002 apart in eta and phi: one 0.0174 x 1 degree cell
      add(ev, Pid.PHOTON, 20, 0.5001, 0.3001);
      add(ev, Pid.PHOTON, 20, 0.5021, 0.3021);
      double[] out = new double[6];
      if (d.detect(ev, r, out, 0, 2) == 1) {
        merged++;
        assertEquals(40, out[0], 8);
      }
    }
    assertEquals(1000, merged);
    // a 0.3 GeV photon passes only by an upward log-normal fluctuation above max(0.5 GeV, 2 sigma):
    // P = 1 - Phi((ln(threshold) - a) / b), a = ln E - b^2/2, b^2 = ln(1 + sigma^2/E^2)
    int n = 20_000;
    int seen = 0;
    for (int i = 0; i < n; i++) {
      ev.reset();
      add(ev, Pid.PHOTON, 0.3, 0, 0);
      seen += d.detect(ev, r, new double[3], 0, 1);
    }
    double sigma = JetDetectorSpec.cmsEcal().sigma(0.3);
    double b = Math.sqrt(Math.log1p(sigma * sigma / 0.09));
    double a = Math.log(0.3) - b * b / 2;
    double threshold = Math.max(0.5, 2 * sigma);
    double p = 0.5 * org.hipparchus.special.Erf.erfc((Math.log(threshold) - a) / (b * Math.sqrt(2)));
    assertEquals(p, (double) seen / n, 4 * Math.sqrt(p * (1 - p) / n), "soft photons seen");
  }

  @Test
  void keepsTheHardestObjectsWhenTheRowsRunOut() {
    ParticleDetector d = new ParticleDetector(JetDetectorSpec.cmsLike());
    SplittableRandom r = new SplittableRandom(3);
    EventRecord ev = new EventRecord();
    for (int i = 0; i < 50; i++) {
      add(ev, Pid.PI_PLUS, 2 + i, -2 + 0.08 * i, -3 + 0.12 * i);
    }
    double[] out = new double[3 * 10];
    int k = d.detect(ev, r, out, 0, 10);
    assertEquals(10, k);
    for (int i = 0; i < 10; i++) {
      assertTrue(out[3 * i] > 30, "kept pT " + out[3 * i]);
    }
  }

  @Test
  void logNormalKeepsTheMean() {
    SplittableRandom r = new SplittableRandom(4);
    double sum = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      sum += ParticleDetector.logNormal(10, 5, r);
    }
    assertEquals(10, sum / n, 0.05);
  }

  @Test
  void specValidationSpeaksInOneLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new JetDetectorSpec(null, null, null, null, 5, 4.7, 0));
    assertEquals("detector forwardAbsEtaMin must be <= calorimeterAbsEtaMax, found 5.0 > 4.7", e.getMessage());
  }
}
