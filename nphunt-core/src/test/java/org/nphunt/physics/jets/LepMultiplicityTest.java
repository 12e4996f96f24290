package org.nphunt.physics.jets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.physics.jets.event.EventRecord;
import org.nphunt.physics.jets.event.Pid;
import org.nphunt.physics.jets.hadron.Fragmentation;
import org.nphunt.physics.jets.hadron.HadronisationSettings;
import org.nphunt.physics.jets.shower.PartonShower;
import org.nphunt.physics.jets.shower.ShowerSettings;

/**
 * The calibration of the shower cut-off: e+e- -> q qbar -> hadrons with the default shower and
 * fragmentation against the measured mean charged multiplicity at the Z pole, 20.76 +- 0.16 (PDG average,
 * scale factor 2.1; the LEP measurements spread from 20.5 to 21.2), with the energy dependence
 * cross-checked at 34.8 GeV (13.6, PETRA) and 206 GeV (27.5, LEP2).
 */
class LepMultiplicityTest {

  static double meanCharged(double ecm, int events, long seed) {
    PartonShower shower = new PartonShower(ShowerSettings.defaults());
    Fragmentation frag = new Fragmentation(HadronisationSettings.defaults());
    EventRecord ev = new EventRecord();
    SplittableRandom r = new SplittableRandom(seed);
    double[] total = new double[4];
    long charged = 0;
    for (int e = 0; e < events; e++) {
      ev.reset();
      double c = 2 * r.nextDouble() - 1;
      double s = Math.sqrt(1 - c * c);
      double phi = 2 * Math.PI * r.nextDouble();
      double half = ecm / 2;
      int f = 1 + r.nextInt(5);
      int q = ev.add(f, EventRecord.FINAL, -1, half * s * Math.cos(phi), half * s * Math.sin(phi), half * c, half, 0);
      ev.add(-f, EventRecord.FINAL, -1, -half * s * Math.cos(phi), -half * s * Math.sin(phi), -half * c, half, 0);
      shower.showerSystem(ev, q, q + 1, Math.PI, Math.PI, r);
      frag.hadronise(ev, r);
      ev.sum(EventRecord.FINAL, total);
      assertEquals(ecm, total[3], 1e-9 * ecm);
      for (int i = 0; i < ev.size; i++) {
        if (ev.status[i] == EventRecord.FINAL && Pid.charge(ev.id[i]) != 0) {
          charged++;
        }
      }
    }
    return (double) charged / events;
  }

  @Test
  void chargedMultiplicityAtTheZPoleMatchesLep() {
    // statistical error of the mean with 4,000 events: about 0.1
    assertEquals(20.76, meanCharged(91.2, 4000, 1), 0.6);
    assertEquals(13.6, meanCharged(34.8, 2000, 2), 0.1 * 13.6);
    assertEquals(27.5, meanCharged(206, 1000, 3), 0.15 * 27.5);
  }
}
