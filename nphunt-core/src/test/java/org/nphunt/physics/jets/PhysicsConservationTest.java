package org.nphunt.physics.jets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.physics.jets.event.EventRecord;
import org.nphunt.physics.jets.event.Pid;

/**
 * Every process, event by event: the stable particles (visible and invisible) carry exactly the
 * four-momentum of the incoming partons, every final particle is a pion, photon or invisible dark meson on
 * its mass shell, and the record's mother-daughter links are consistent.
 */
class PhysicsConservationTest {

  @Test
  void everyEventOfEveryProcessConservesFourMomentum() {
    String[] names = {"qcd-dijet", "wprime-xy", "graviton-ww-1500", "graviton-ww-3500-broad", "top", "dark-shower"};
    double[] in = new double[4];
    double[] out = new double[4];
    for (String name : names) {
      JetEventKernel k = new JetEventKernel(JetProcesses.builtIn(name));
      k.setRandom(new SplittableRandom(name.hashCode()));
      int invisible = 0;
      for (int e = 0; e < 25; e++) {
        k.generateParticles(0);
        EventRecord ev = k.record();
        ev.sum(EventRecord.INCOMING, in);
        ev.sum(EventRecord.FINAL, out);
        for (int c = 0; c < 4; c++) {
          assertEquals(in[c], out[c], 1e-9 * in[3], name + " event " + e + " component " + c);
        }
        assertEquals(2, ev.count(EventRecord.INCOMING));
        for (int i = 0; i < ev.size; i++) {
          int id = ev.id[i];
          if (ev.status[i] == EventRecord.FINAL) {
            assertTrue(id == Pid.PHOTON || Math.abs(id) == Pid.PI_PLUS || id == Pid.DARK_MESON_INVISIBLE,
                name + ": final particle " + id);
            double m2 = ev.e[i] * ev.e[i] - ev.px[i] * ev.px[i] - ev.py[i] * ev.py[i] - ev.pz[i] * ev.pz[i];
            assertEquals(ev.m[i] * ev.m[i], m2, 1e-6 * ev.e[i] * ev.e[i] + 1e-6, name + ": mass shell of " + id);
            if (id == Pid.DARK_MESON_INVISIBLE) {
              invisible++;
            }
          } else if (ev.status[i] == EventRecord.DECAYED) {
            // a decay or a shower branching conserves four-momentum locally (hadronisation does so for the
            // event as a whole, checked above)
            boolean hadronised = Pid.isParton(id) && !Pid.isParton(ev.id[ev.daughter1[i]])
                || Pid.isDarkParton(id) && !Pid.isDarkParton(ev.id[ev.daughter1[i]]);
            if (hadronised) {
              continue;
            }
            double sx = 0;
            double se = 0;
            for (int d = ev.daughter1[i]; d <= ev.daughter2[i]; d++) {
              sx += ev.px[d];
              se += ev.e[d];
            }
            assertEquals(ev.px[i], sx, 1e-7 * ev.e[i] + 1e-9, name + ": px of the daughters of " + id);
            assertEquals(ev.e[i], se, 1e-7 * ev.e[i] + 1e-9, name + ": energy of the daughters of " + id);
          }
        }
      }
      if (name.equals("dark-shower")) {
        assertTrue(invisible > 0, "the dark shower leaves invisible dark mesons");
      }
    }
  }
}
