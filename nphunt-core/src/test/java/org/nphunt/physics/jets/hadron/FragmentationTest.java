package org.nphunt.physics.jets.hadron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.physics.jets.event.EventRecord;
import org.nphunt.physics.jets.event.Pid;

class FragmentationTest {

  @Test
  void lundZFollowsTheSymmetricFragmentationFunction() {
    Fragmentation f = new Fragmentation(HadronisationSettings.defaults());
    SplittableRandom r = new SplittableRandom(1);
    for (double c : new double[] {0.02, 0.3, 1.5}) {
      int n = 20_000;
      double[] z = new double[n];
      for (int i = 0; i < n; i++) {
        z[i] = f.lundZ(c, r);
      }
      Arrays.sort(z);
      // CDF of (1/z)(1-z)^a exp(-c/z) by quadrature on a fine grid
      int m = 200_000;
      double[] cdf = new double[m + 1];
      for (int i = 1; i <= m; i++) {
        double x = (i - 0.5) / m;
        cdf[i] = cdf[i - 1] + Math.exp(Fragmentation.lundLog(x, 0.68, c)) / m;
      }
      double d = 0;
      for (int i = 0; i < n; i++) {
        double v = cdf[(int) Math.min(m, Math.round(z[i] * m))] / cdf[m];
        d = Math.max(d, Math.max(Math.abs(v - (double) i / n), Math.abs(v - (double) (i + 1) / n)));
      }
      assertTrue(d < 1.63 / Math.sqrt(n) + 2e-4, "c = " + c + ": KS " + d);
    }
  }

  @Test
  void pionsCarryThePartonsFourMomentumExactly() {
    Fragmentation f = new Fragmentation(HadronisationSettings.defaults());
    SplittableRandom r = new SplittableRandom(2);
    EventRecord ev = new EventRecord();
    double[] before = new double[4];
    double[] after = new double[4];
    for (int trial = 0; trial < 200; trial++) {
      ev.reset();
      // a q qbar g system with random energies
      double e1 = 5 + 500 * r.nextDouble();
      double e2 = 5 + 500 * r.nextDouble();
      ev.add(Pid.U, EventRecord.FINAL, -1, e1 * 0.6, e1 * 0.8, 0, e1, 0);
      ev.add(-Pid.D, EventRecord.FINAL, -1, -e2, 0, 0, e2, 0);
      ev.add(Pid.GLUON, EventRecord.FINAL, -1, 0, -3, 4, 5, 0);
      ev.add(Pid.PHOTON, EventRecord.FINAL, -1, 0, 0, 1, 1, 0); // not a parton: left alone
      ev.sum(EventRecord.FINAL, before);
      int partons = f.hadronise(ev, r);
      assertEquals(3, partons);
      ev.sum(EventRecord.FINAL, after);
      for (int k = 0; k < 4; k++) {
        assertEquals(before[k], after[k], 1e-9 * before[3], "component " + k);
      }
      for (int i = 0; i < ev.size; i++) {
        if (ev.status[i] != EventRecord.FINAL) {
          continue;
        }
        int id = ev.id[i];
        assertTrue(id == Pid.PI_PLUS || id == -Pid.PI_PLUS || id == Pid.PHOTON, "final " + id);
        double m2 = ev.e[i] * ev.e[i] - ev.px[i] * ev.px[i] - ev.py[i] * ev.py[i] - ev.pz[i] * ev.pz[i];
        double m = id == Pid.PHOTON ? 0 : Pid.M_PI_CHARGED;
        assertEquals(m * m, m2, 1e-7 * ev.e[i] * ev.e[i] + 1e-9, "mass shell of " + id);
      }
    }
  }

  @Test
  void darkMesonsConserveMomentumAndStayInvisibleAtTheRate() {
    Fragmentation f = new Fragmentation(HadronisationSettings.defaults());
    SplittableRandom r = new SplittableRandom(3);
    EventRecord ev = new EventRecord();
    double[] before = new double[4];
    double[] after = new double[4];
    long mesons = 0;
    long invisible = 0;
    for (int trial = 0; trial < 500; trial++) {
      ev.reset();
      for (int k = 0; k < 12; k++) {
        double e = 30 + 300 * r.nextDouble();
        double c = 2 * r.nextDouble() - 1;
        double s = Math.sqrt(1 - c * c);
        double phi = 2 * Math.PI * r.nextDouble();
        ev.add(k % 3 == 0 ? Pid.DARK_GLUON : Pid.DARK_QUARK, EventRecord.FINAL, -1, e * s * Math.cos(phi),
            e * s * Math.sin(phi), e * c, e, 0);
      }
      ev.sum(EventRecord.FINAL, before);
      int n = f.hadroniseDark(ev, 20, 0.3, r);
      ev.sum(EventRecord.FINAL, after);
      for (int k = 0; k < 4; k++) {
        assertEquals(before[k], after[k], 1e-9 * before[3]);
      }
      for (int i = ev.size - n; i < ev.size; i++) {
        assertEquals(20, ev.m[i], 1e-12);
        mesons++;
        if (ev.id[i] == Pid.DARK_MESON_INVISIBLE) {
          invisible++;
        }
      }
    }
    double frac = (double) invisible / mesons;
    assertEquals(0.3, frac, 4 * Math.sqrt(0.21 / mesons), "invisible fraction r_inv");
  }
}
