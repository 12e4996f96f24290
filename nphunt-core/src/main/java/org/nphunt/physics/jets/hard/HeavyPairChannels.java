package org.nphunt.physics.jets.hard;

import java.util.SplittableRandom;
import org.nphunt.physics.jets.event.Pid;

/**
 * Pair production of a heavy colour-triplet fermion Q (the top quark, or the hidden-valley F_v) by QCD:
 * gg -> Q Qbar and q qbar -> Q Qbar (five light flavours) with the leading-order massive matrix
 * elements (Combridge, Nucl. Phys. B151 (1979) 429; as decomposed into colour flows in Pythia 8's
 * Sigma2gg2QQbar and Sigma2qqbar2QQbar): with tq = t - m^2, uq = u - m^2,
 * gg: (1/6)(uq/tq - (9/4) uq^2/s^2 + (9/2) m^2 (tq uq - m^2 s)/(s tq^2) + (1/2) m^2 (tq + m^2)/tq^2
 * - m^4/(s tq)) + (t &lt;-&gt; u); q qbar: (4/9)((tq^2 + uq^2)/s^2 + 2 m^2/s). Immutable and thread-safe.
 */
public final class HeavyPairChannels implements TwoToTwo {
  private final int heavyId;
  private final double mass;

  /**
   * @param heavyId PDG code of Q (e.g. {@link Pid#TOP}, {@link Pid#HV_F})
   * @param mass its mass [GeV], &gt; 0
   */
  public HeavyPairChannels(int heavyId, double mass) {
    if (!(mass > 0) || Double.isInfinite(mass)) {
      throw new IllegalArgumentException("heavy-quark mass must be > 0, found " + mass);
    }
    this.heavyId = heavyId;
    this.mass = mass;
  }

  @Override
  public double mass() {
    return mass;
  }

  @Override
  public double evaluate(State st, double s, double t, double u, double alphaS) {
    st.n = 0;
    st.s = s;
    st.t = t;
    st.u = u;
    double m2 = mass * mass;
    double tq = t - m2;
    double uq = u - m2;
    double s2 = s * s;
    double norm = Math.PI * alphaS * alphaS / s2;
    double tum = tq * uq - m2 * s;
    double ts = (uq / tq - 2.25 * uq * uq / s2 + 4.5 * m2 * tum / (s * tq * tq) + 0.5 * m2 * (tq + m2) / (tq * tq)
        - m2 * m2 / (s * tq)) / 6;
    double us = (tq / uq - 2.25 * tq * tq / s2 + 4.5 * m2 * tum / (s * uq * uq) + 0.5 * m2 * (uq + m2) / (uq * uq)
        - m2 * m2 / (s * uq)) / 6;
    double gg = st.f1[Grv94Lo.GLUON] * st.f2[Grv94Lo.GLUON] * norm * (ts + us);
    st.add(gg, 0);
    double meQq = (4.0 / 9.0) * ((tq * tq + uq * uq) / s2 + 2 * m2 / s);
    for (int a = -5; a <= 5; a++) {
      if (a != 0) {
        st.add(st.f1[5 + a] * st.f2[5 - a] * norm * meQq, a);
      }
    }
    double sum = 0;
    for (int i = 0; i < st.n; i++) {
      sum += st.w[i];
    }
    return sum;
  }

  @Override
  public void choose(State st, SplittableRandom r) {
    int a = st.code[st.pick(r)];
    int[] id = st.id;
    if (a == 0) {
      id[0] = Pid.GLUON;
      id[1] = Pid.GLUON;
      id[2] = heavyId;
      id[3] = -heavyId;
      double m2 = mass * mass;
      double tq = st.t - m2;
      double uq = st.u - m2;
      // colour flows weighted by the dominant t- and u-channel pieces
      if ((uq / tq + tq / uq) * r.nextDouble() < uq / tq) {
        st.setColours(1, 2, 2, 3, 1, 0, 0, 3);
      } else {
        st.setColours(1, 2, 3, 1, 3, 0, 0, 2);
      }
    } else {
      id[0] = a;
      id[1] = -a;
      id[2] = a > 0 ? heavyId : -heavyId;
      id[3] = -id[2];
      st.setColours(1, 0, 0, 2, 1, 0, 0, 2);
      if (a < 0) {
        st.swapColAcol();
      }
    }
  }
}
