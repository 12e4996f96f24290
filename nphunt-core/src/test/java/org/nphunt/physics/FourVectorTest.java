package org.nphunt.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class FourVectorTest {
  private static final double EPS = 1e-9;

  @Test
  void fromPtEtaPhiMassByHand() {
    FourVector v = FourVector.ofPtEtaPhiM(3, 0, 0, 4);
    assertEquals(3, v.px(), EPS);
    assertEquals(0, v.py(), EPS);
    assertEquals(0, v.pz(), EPS);
    assertEquals(5, v.e(), EPS); // 3-4-5
    assertEquals(4, v.m(), EPS);
    assertEquals(3, v.pt(), EPS);
    FourVector w = FourVector.ofPtEtaPhiM(10, 1, Math.PI / 2, 0);
    assertEquals(10 * Math.sinh(1), w.pz(), EPS);
    assertEquals(10 * Math.cosh(1), w.e(), EPS);
    assertEquals(1, w.eta(), EPS);
    assertEquals(Math.PI / 2, w.phi(), EPS);
    assertEquals(1, w.rapidity(), 1e-9); // massless: rapidity = eta
    assertEquals(-1, new FourVector(1, 0, -Math.sinh(1), Math.cosh(1)).eta(), EPS);
  }

  @Test
  void boostOfParticleAtRest() {
    // m = 2 at rest, boosted with beta = 0.6 along z: gamma = 1.25, E = 2.5, pz = 1.5
    FourVector v = FourVector.atRest(2).boost(0, 0, 0.6);
    assertEquals(1.5, v.pz(), EPS);
    assertEquals(2.5, v.e(), EPS);
    assertEquals(2, v.m(), EPS);
    // beta = 0.8 along x on a photon along x with E = 1: Doppler factor sqrt((1+b)/(1-b)) = 3
    FourVector g = new FourVector(1, 0, 0, 1).boost(0.8, 0, 0);
    assertEquals(3, g.e(), EPS);
    assertEquals(3, g.px(), EPS);
    // into the frame of a parent: daughter at rest in the parent frame gets the parent's velocity
    FourVector parent = new FourVector(3, 0, 4, 13); // m = 12
    FourVector d = FourVector.atRest(6).boostToFrameOf(parent);
    assertEquals(1.5, d.px(), EPS);
    assertEquals(2, d.pz(), EPS);
    assertEquals(6.5, d.e(), EPS);
  }

  @Test
  void invariantAndTransverseMassesByHand() {
    FourVector a = new FourVector(0, 0, 45, 45);
    FourVector b = new FourVector(0, 0, -45, 45);
    assertEquals(90, a.plus(b).m(), EPS);
    // W-like: lepton and neutrino back to back, 40 GeV each -> m_T = 80
    assertEquals(80, FourVector.transverseMass(40, 0.3, 40, 0.3 + Math.PI), 1e-9);
    assertEquals(0, FourVector.transverseMass(40, 1, 30, 1), 1e-9);
    // at 90 degrees: sqrt(2 * 30 * 40)
    assertEquals(Math.sqrt(2400), FourVector.transverseMass(30, 0, 40, Math.PI / 2), 1e-9);
    FourVector c = new FourVector(3, 4, 12, 14);
    assertEquals(Math.sqrt(196 - 144), c.mt(), EPS);
  }

  @Test
  void deltaRWrapsPhi() {
    FourVector a = FourVector.ofPtEtaPhiM(10, 0, 3.0, 0);
    FourVector b = FourVector.ofPtEtaPhiM(10, 0, -3.0, 0);
    assertEquals(2 * Math.PI - 6, a.deltaR(b), 1e-9);
    FourVector c = FourVector.ofPtEtaPhiM(10, 1, 0.1, 0);
    FourVector d = FourVector.ofPtEtaPhiM(10, 5, 3.1, 0);
    assertEquals(5, c.deltaR(d), 1e-9); // d_eta 4, d_phi 3
  }

  @Test
  void twoBodyMomentum() {
    assertEquals(91.19 / 2, Kinematics.twoBodyMomentum(91.19, 0, 0), 1e-12);
    double m = 1.777;
    assertEquals(Math.sqrt(60 * 60 / 4.0 - m * m), Kinematics.twoBodyMomentum(60, m, m), 1e-12);
    // t -> b W: p = sqrt((s-(mb+mw)^2)(s-(mw-mb)^2))/(2 mt)
    double s = 172.5 * 172.5;
    double p = Math.sqrt((s - Math.pow(4.8 + 80.38, 2)) * (s - Math.pow(80.38 - 4.8, 2))) / (2 * 172.5);
    assertEquals(p, Kinematics.twoBodyMomentum(172.5, 4.8, 80.38), 1e-12);
    assertEquals(0, Kinematics.twoBodyMomentum(10, 6, 6));
  }

  @Test
  void wrapPhi() {
    assertEquals(-Math.PI + 0.1, Kinematics.wrapPhi(Math.PI + 0.1), 1e-12);
    assertEquals(Math.PI - 0.1, Kinematics.wrapPhi(-Math.PI - 0.1), 1e-12);
    assertEquals(0.5, Kinematics.wrapPhi(0.5 + 6 * Math.PI), 1e-9);
  }

  @Property(tries = 200)
  void boostPreservesMassAndInverts(
      @ForAll @DoubleRange(min = -50, max = 50) double px, @ForAll @DoubleRange(min = -50, max = 50) double py,
      @ForAll @DoubleRange(min = -200, max = 200) double pz, @ForAll @DoubleRange(min = 0, max = 100) double m,
      @ForAll @DoubleRange(min = -0.55, max = 0.55) double bx, @ForAll @DoubleRange(min = -0.55, max = 0.55) double bz) {
    FourVector v = new FourVector(px, py, pz, Math.sqrt(px * px + py * py + pz * pz + m * m));
    FourVector b = v.boost(bx, 0.1, bz);
    double scale = Math.max(1, v.e() * v.e());
    assertEquals(v.m2(), b.m2(), 1e-9 * scale);
    FourVector back = b.boost(-bx, -0.1, -bz);
    assertEquals(v.px(), back.px(), 1e-9 * Math.max(1, v.e()));
    assertEquals(v.pz(), back.pz(), 1e-9 * Math.max(1, v.e()));
    assertEquals(v.e(), back.e(), 1e-9 * Math.max(1, v.e()));
  }
}
