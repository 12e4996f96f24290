package org.nphunt.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.data.EventBatch;
import org.nphunt.data.ObjectType;

/** The recipe's "checks the physics must pass", on a few thousand seeded events each. */
class PhysicsChecksTest {
  private static final long SEED = 20260511L;

  static EventBatch sample(String process, int events) {
    return EventGenerator.generateBatch(Processes.builtIn(process), events, SEED, 1);
  }

  /** Z peak of the two leading same-flavour leptons; value of the mode (1 GeV bins, 60-120). */
  static double[] zMasses(EventBatch b) {
    double[] m = new double[b.size()];
    int n = 0;
    for (int e = 0; e < b.size(); e++) {
      for (ObjectType t : new ObjectType[] {ObjectType.ELECTRON, ObjectType.MUON}) {
        List<FourVector> l = Analysis.objects(b, e, t);
        if (l.size() >= 2) {
          m[n++] = Analysis.mass(l.subList(0, 2));
          break;
        }
      }
    }
    return java.util.Arrays.copyOf(m, n);
  }

  static boolean peakWithin(double[] m, double centre, double tolerance) {
    double mode = Analysis.mode(m, m.length, centre - 40, centre + 40, 2);
    return Math.abs(mode - centre) <= tolerance;
  }

  @Test
  void zPeaksAt91() {
    double[] m = zMasses(sample("Z", 3000));
    assertTrue(m.length > 1000, "Z events with two same-flavour leptons: " + m.length);
    double mode = Analysis.mode(m, m.length, 50, 150, 2);
    assertEquals(91, mode, 3, "Z peak");
    assertTrue(peakWithin(m, 91.19, 3));
    // the same check must fail on a broken model: masses scaled to peak at 80
    double[] shifted = m.clone();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] *= 80 / 91.19;
    }
    assertFalse(peakWithin(shifted, 91.19, 3), "a Z peak at 80 GeV must fail the check");
    // and the peak is narrow: most events within 81-101
    assertTrue(Analysis.fraction(m, m.length, 81, 101) > 0.6, "fraction in 81-101: " + Analysis.fraction(m, m.length, 81, 101));
  }

  /** m_T of the leading lepton and MET in events with exactly one stored lepton. */
  static double[] wTransverseMass(EventBatch b) {
    double[] mt = new double[b.size()];
    int n = 0;
    for (int e = 0; e < b.size(); e++) {
      List<FourVector> l = new ArrayList<>(Analysis.objects(b, e, ObjectType.ELECTRON));
      l.addAll(Analysis.objects(b, e, ObjectType.MUON));
      if (l.size() == 1) {
        FourVector lep = l.get(0);
        mt[n++] = FourVector.transverseMass(lep.pt(), lep.phi(), b.pt(e, 0), b.phi(e, 0));
      }
    }
    return java.util.Arrays.copyOf(mt, n);
  }

  static boolean hasJacobianEdge(double[] mt) {
    double mode = Analysis.mode(mt, mt.length, 0, 200, 5);
    return mode >= 60 && mode <= 85 && Analysis.fraction(mt, mt.length, 100, 1e9) < 0.08;
  }

  @Test
  void wTransverseMassShowsJacobianEdge() {
    double[] mt = wTransverseMass(sample("W", 4000));
    assertTrue(mt.length > 3000);
    double mode = Analysis.mode(mt, mt.length, 0, 200, 5);
    double above = Analysis.fraction(mt, mt.length, 100, 1e9);
    assertTrue(mode >= 60 && mode <= 85, "W m_T mode " + mode);
    assertTrue(above < 0.08, "fraction of m_T above 100 GeV: " + above);
    // the edge is sharp: many more events just below 80 than just above 90
    assertTrue(Analysis.fraction(mt, mt.length, 65, 80) > 3 * Analysis.fraction(mt, mt.length, 90, 105));
    assertTrue(hasJacobianEdge(mt));
    // a model without the W (MET direction unrelated to the lepton) has no edge
    double[] broken = new double[mt.length];
    EventBatch b = sample("W", 4000);
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    int n = 0;
    for (int e = 0; e < b.size() && n < broken.length; e++) {
      broken[n++] = FourVector.transverseMass(b.pt(e, 5) + b.pt(e, 1), 0, b.pt(e, 0), 2 * Math.PI * r.nextDouble());
    }
    assertFalse(hasJacobianEdge(java.util.Arrays.copyOf(broken, n)), "a random-MET model must fail");
  }

  @Test
  void aTo4lPeaksAt50() {
    EventBatch b = sample("Ato4l", 3000);
    double[] m = new double[b.size()];
    int n = 0;
    for (int e = 0; e < b.size(); e++) {
      List<FourVector> l = new ArrayList<>(Analysis.objects(b, e, ObjectType.ELECTRON));
      l.addAll(Analysis.objects(b, e, ObjectType.MUON));
      if (l.size() == 4) {
        m[n++] = Analysis.mass(l);
      }
    }
    assertTrue(n > 150, "A events with four leptons: " + n);
    double mode = Analysis.mode(m, n, 20, 100, 2);
    assertEquals(50, mode, 3, "four-lepton mass peak");
    assertTrue(Analysis.fraction(m, n, 45, 55) > 0.6, "fraction of m4l in 45-55");
  }

  @Test
  void ttbarHasMoreJetsAndATopPeak() {
    EventBatch tt = sample("ttbar", 3000);
    EventBatch w = sample("W", 3000);
    double jetsTt = 0;
    double jetsW = 0;
    for (int e = 0; e < 3000; e++) {
      jetsTt += tt.count(e, ObjectType.JET);
      jetsW += w.count(e, ObjectType.JET);
    }
    jetsTt /= 3000;
    jetsW /= 3000;
    assertTrue(jetsTt > jetsW + 1.5, "mean jets ttbar " + jetsTt + " vs W " + jetsW);
    double[] m3 = new double[3000];
    int n = 0;
    for (int e = 0; e < 3000; e++) {
      List<FourVector> jets = Analysis.objects(tt, e, ObjectType.JET);
      if (jets.size() >= 3) {
        m3[n++] = Analysis.m3(jets);
      }
    }
    double mode = Analysis.mode(m3, n, 50, 400, 20);
    assertTrue(mode >= 130 && mode <= 210, "M3 mode " + mode);
    assertTrue(Analysis.fraction(m3, n, 140, 200) > 0.2, "M3 in 140-200: " + Analysis.fraction(m3, n, 140, 200));
  }
}
