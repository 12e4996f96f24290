package org.nphunt.physics.jets.hard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nphunt.physics.jets.event.Pid;

/**
 * The 2 -> 2 channels against Ellis, Stirling and Webber's table 7.1, which lists |M|^2/g^4 of every QCD
 * subprocess at theta* = 90 degrees (t = u = -s/2): qq' 2.22, qq 3.26, qqbar -> q'qbar' 0.22, qqbar ->
 * qqbar 2.59, qqbar -> gg 1.04, gg -> qqbar 0.15, qg 6.11, gg 30.4.
 */
class QcdMatrixElementsTest {
  private static final double S = 1e6;
  private static final double T = -S / 2;

  /** Sum of channel weights divided by pi alpha^2 / s^2, with unit parton densities for beams a and b. */
  private static double total(TwoToTwo p, int a, int b, double s, double t) {
    TwoToTwo.State st = new TwoToTwo.State();
    Arrays.fill(st.f1, 0);
    Arrays.fill(st.f2, 0);
    st.f1[5 + a] = 1;
    st.f2[5 + b] = 1;
    double alpha = 0.1;
    double u = -s - t + 2 * p.mass() * p.mass();
    return p.evaluate(st, s, t, u, alpha) / (Math.PI * alpha * alpha / (s * s));
  }

  @Test
  void ninetyDegreeValuesMatchTheTextbook() {
    QcdDijetChannels q = new QcdDijetChannels();
    assertEquals(2.22, total(q, 2, 1, S, T), 0.005, "u d -> u d");
    assertEquals(2.22, total(q, 2, -1, S, T), 0.005, "u dbar -> u dbar");
    assertEquals(3.26 / 2, total(q, 2, 2, S, T), 0.005, "u u -> u u (1/2 for identical quarks)");
    // u ubar: (qqbar -> qqbar) + 4 other flavours of (qqbar -> q'qbar') + (1/2)(qqbar -> gg)
    assertEquals(2.59 + 4 * 0.222 + 1.04 / 2, total(q, 2, -2, S, T), 0.01, "u ubar -> anything");
    assertEquals(6.11, total(q, 2, 0, S, T), 0.005, "u g -> u g");
    assertEquals(6.11, total(q, 0, -3, S, T), 0.005, "g sbar -> g sbar");
    // gg: (1/2)(gg -> gg) + 5 flavours of gg -> q qbar
    assertEquals(30.4 / 2 + 5 * 0.146, total(q, 0, 0, S, T), 0.03, "g g -> anything");
  }

  @Test
  void heavyPairTendsToTheMasslessFormulasAndIsSymmetric() {
    HeavyPairChannels h = new HeavyPairChannels(Pid.TOP, 1e-3);
    // gg -> Q Qbar at m -> 0: (1/6)(t^2+u^2)/(tu) - (3/8)(t^2+u^2)/s^2 = 0.1458 at 90 degrees
    assertEquals(1.0 / 3.0 - 3.0 / 16.0, total(h, 0, 0, S, T), 1e-6);
    // q qbar -> Q Qbar at m -> 0: (4/9)(t^2+u^2)/s^2 = 2/9
    assertEquals(2.0 / 9.0, total(h, 1, -1, S, T), 1e-6);
    HeavyPairChannels top = new HeavyPairChannels(Pid.TOP, 172.5);
    double s = 1e6;
    double m2 = 172.5 * 172.5;
    double t1 = m2 - 0.3 * s;
    double t2 = 2 * m2 - s - t1; // the u of the first point
    assertEquals(total(top, 0, 0, s, t1), total(top, 0, 0, s, t2), 1e-9 * total(top, 0, 0, s, t1), "t <-> u symmetric");
    assertTrue(total(top, 0, 0, s, t1) > 0);
  }

  @Test
  void colourFlowsConserveColourAndGiveEveryOutgoingPartonAPartner() {
    QcdDijetChannels q = new QcdDijetChannels();
    TwoToTwo.State st = new TwoToTwo.State();
    SplittableRandom r = new SplittableRandom(1);
    int[] partners = new int[2];
    for (int trial = 0; trial < 2000; trial++) {
      for (int i = 0; i < 11; i++) {
        st.f1[i] = r.nextDouble();
        st.f2[i] = r.nextDouble();
      }
      double t = -S * (0.05 + 0.9 * r.nextDouble());
      q.evaluate(st, S, t, -S - t, 0.1);
      q.choose(st, r);
      // colour conservation: incoming colours + outgoing anticolours = incoming anticolours + outgoing colours
      int[] count = new int[16];
      for (int i = 0; i < 2; i++) {
        count[st.col[i]]++;
        count[st.acol[i]]--;
      }
      for (int i = 2; i < 4; i++) {
        count[st.col[i]]--;
        count[st.acol[i]]++;
      }
      for (int c = 1; c < 16; c++) {
        assertEquals(0, count[c], "colour " + c + " is conserved in " + Arrays.toString(st.id));
      }
      for (int k = 2; k < 4; k++) {
        int n = st.partners(k, partners);
        int expected = st.id[k] == Pid.GLUON ? 2 : 1;
        assertEquals(expected, n, "partners of " + st.id[k] + " in " + Arrays.toString(st.id));
      }
    }
    // q q' -> q q' by t-channel gluon exchange: outgoing 3 takes the colour of incoming 2
    Arrays.fill(st.f1, 0);
    Arrays.fill(st.f2, 0);
    st.f1[5 + 2] = 1;
    st.f2[5 + 1] = 1;
    q.evaluate(st, S, T, T, 0.1);
    q.choose(st, r);
    assertEquals(1, st.partners(2, partners));
    assertEquals(1, partners[0], "u d -> u d: the outgoing u's colour partner is the incoming d");
  }
}
