package org.nphunt.physics.jets.hard;

import java.util.SplittableRandom;
import org.nphunt.physics.jets.event.Pid;

/**
 * All leading-order QCD 2 -> 2 subprocesses with massless partons (five flavours): gg -> gg, gg -> q qbar,
 * qg -> qg, q q' -> q q', q q -> q q, q qbar -> q qbar, q qbar -> q' qbar', q qbar -> gg, with the
 * matrix elements of Ellis, Stirling and Webber, table 7.1 (Combridge, Kripfganz and Ranft, Phys. Lett.
 * B70 (1977) 234), a factor 1/2 for identical outgoing partons (phase space is integrated over both
 * outgoing rapidities), and the leading-colour flows with their relative weights (the planar
 * decomposition used by Pythia 8's SigmaQCD; Bengtsson and Sjostrand), which fix each outgoing
 * parton's colour partners and hence the coherence angle of its shower.
 *
 * <p>Outgoing parton 3 carries the flavour of incoming 1 where flavours are kept (qg -> qg: 3 is the
 * quark; gq -> gq: 3 is the gluon), t = (p1 - p3)^2. Immutable and thread-safe.
 */
public final class QcdDijetChannels implements TwoToTwo {
  private static final int GG_GG = 1;
  private static final int GG_QQ = 2;
  private static final int QG = 3;
  private static final int GQ = 4;
  private static final int QQ_SAME = 5;
  private static final int QQ_DIFF = 6;
  private static final int QQBAR_SAME = 7;
  private static final int QQBAR_NEW = 8;
  private static final int QQBAR_GG = 9;
  /** Light flavours produced in gg -> q qbar and q qbar -> q' qbar' (massless). */
  public static final int NF = 5;

  @Override
  public double mass() {
    return 0;
  }

  private static int code(int type, int a, int b) {
    return type * 1000 + (a + 5) * 11 + (b + 5);
  }

  @Override
  public double evaluate(State st, double s, double t, double u, double alphaS) {
    // the total only (O(11) operations); the channel list is built in choose() for accepted points
    st.n = 0;
    st.s = s;
    st.t = t;
    st.u = u;
    st.alphaS = alphaS;
    double s2 = s * s;
    double t2 = t * t;
    double u2 = u * u;
    double norm = Math.PI * alphaS * alphaS / s2;
    double[] f1 = st.f1;
    double[] f2 = st.f2;
    double g1 = f1[Grv94Lo.GLUON];
    double g2 = f2[Grv94Lo.GLUON];
    double q1 = 0;
    double q2 = 0;
    double same = 0;
    double conj = 0;
    for (int a = 1; a <= 5; a++) {
      q1 += f1[5 + a] + f1[5 - a];
      q2 += f2[5 + a] + f2[5 - a];
      same += f1[5 + a] * f2[5 + a] + f1[5 - a] * f2[5 - a];
      conj += f1[5 + a] * f2[5 - a] + f1[5 - a] * f2[5 + a];
    }
    double meGg = meGgGg(s, t, u, s2, t2, u2) + meGgQq(s, t, u, s2, t2, u2);
    double meQg = meQg(s, t, u, s2, t2, u2);
    double meDiff = (4.0 / 9.0) * (s2 + u2) / t2;
    double meSame = 0.5 * ((4.0 / 9.0) * ((s2 + u2) / t2 + (s2 + t2) / u2) - (8.0 / 27.0) * s2 / (t * u));
    double meConj = meQqbarSame(s, t, u, s2, t2, u2) + meQqbarNew(s2, t2, u2) + meQqbarGg(s, t, u, s2, t2, u2);
    return norm * (g1 * g2 * meGg + meQg * (q1 * g2 + g1 * q2) + meDiff * (q1 * q2 - same - conj) + meSame * same
        + meConj * conj);
  }

  private static double meGgGg(double s, double t, double u, double s2, double t2, double u2) {
    return 0.5 * (9.0 / 4.0) * (t2 / s2 + 2 * t / s + 3 + 2 * s / t + s2 / t2
        + u2 / s2 + 2 * u / s + 3 + 2 * s / u + s2 / u2
        + t2 / u2 + 2 * t / u + 3 + 2 * u / t + u2 / t2);
  }

  private static double meGgQq(double s, double t, double u, double s2, double t2, double u2) {
    return NF * ((1.0 / 6.0) * (u / t + t / u) - (3.0 / 8.0) * (t2 + u2) / s2);
  }

  private static double meQg(double s, double t, double u, double s2, double t2, double u2) {
    return u2 / t2 - (4.0 / 9.0) * u / s + s2 / t2 - (4.0 / 9.0) * s / u;
  }

  private static double meQqbarSame(double s, double t, double u, double s2, double t2, double u2) {
    return (4.0 / 9.0) * (s2 + u2) / t2 - (8.0 / 27.0) * u2 / (s * t);
  }

  private static double meQqbarNew(double s2, double t2, double u2) {
    return NF * (4.0 / 9.0) * (t2 + u2) / s2;
  }

  private static double meQqbarGg(double s, double t, double u, double s2, double t2, double u2) {
    return 0.5 * ((32.0 / 27.0) * (t2 + u2) / (t * u) - (8.0 / 3.0) * (t2 + u2) / s2);
  }

  /** Fills the state's channel list (weights and codes) for the stored s, t, u and parton densities. */
  void fillChannels(State st) {
    st.n = 0;
    double s = st.s;
    double t = st.t;
    double u = st.u;
    double s2 = s * s;
    double t2 = t * t;
    double u2 = u * u;
    double norm = Math.PI * st.alphaS * st.alphaS / s2;
    double[] f1 = st.f1;
    double[] f2 = st.f2;
    double g1 = f1[Grv94Lo.GLUON];
    double g2 = f2[Grv94Lo.GLUON];
    double gg = g1 * g2 * norm;
    if (gg > 0) {
      st.add(gg * meGgGg(s, t, u, s2, t2, u2), code(GG_GG, 0, 0));
      st.add(gg * meGgQq(s, t, u, s2, t2, u2), code(GG_QQ, 0, 0));
    }
    double meQg = meQg(s, t, u, s2, t2, u2);
    double meQqDiff = (4.0 / 9.0) * (s2 + u2) / t2;
    double meQqSame = 0.5 * ((4.0 / 9.0) * ((s2 + u2) / t2 + (s2 + t2) / u2) - (8.0 / 27.0) * s2 / (t * u));
    double meQqbarSame = meQqbarSame(s, t, u, s2, t2, u2);
    double meQqbarNew = meQqbarNew(s2, t2, u2);
    double meQqbarGg = meQqbarGg(s, t, u, s2, t2, u2);
    for (int a = -5; a <= 5; a++) {
      if (a == 0) {
        continue;
      }
      double fa = f1[5 + a];
      double fb = f2[5 + a];
      if (fa * g2 > 0) {
        st.add(fa * g2 * norm * meQg, code(QG, a, 0));
      }
      if (g1 * fb > 0) {
        st.add(g1 * fb * norm * meQg, code(GQ, 0, a));
      }
      if (fa <= 0) {
        continue;
      }
      for (int b = -5; b <= 5; b++) {
        if (b == 0) {
          continue;
        }
        double w = fa * f2[5 + b] * norm;
        if (w <= 0) {
          continue;
        }
        if (a == b) {
          st.add(w * meQqSame, code(QQ_SAME, a, b));
        } else if (a == -b) {
          st.add(w * meQqbarSame, code(QQBAR_SAME, a, b));
          st.add(w * meQqbarNew, code(QQBAR_NEW, a, b));
          st.add(w * meQqbarGg, code(QQBAR_GG, a, b));
        } else {
          st.add(w * meQqDiff, code(QQ_DIFF, a, b));
        }
      }
    }
  }

  @Override
  public void choose(State st, SplittableRandom r) {
    fillChannels(st);
    int c = st.code[st.pick(r)];
    int type = c / 1000;
    int a = (c % 1000) / 11 - 5;
    int b = (c % 1000) % 11 - 5;
    double s = st.s;
    double t = st.t;
    double u = st.u;
    double s2 = s * s;
    double t2 = t * t;
    double u2 = u * u;
    int[] id = st.id;
    switch (type) {
      case GG_GG -> {
        set(id, Pid.GLUON, Pid.GLUON, Pid.GLUON, Pid.GLUON);
        double ts = t2 / s2 + 2 * t / s + 3 + 2 * s / t + s2 / t2;
        double us = u2 / s2 + 2 * u / s + 3 + 2 * s / u + s2 / u2;
        double tu = t2 / u2 + 2 * t / u + 3 + 2 * u / t + u2 / t2;
        double x = (ts + us + tu) * r.nextDouble();
        if (x < ts) {
          st.setColours(1, 2, 2, 3, 1, 4, 4, 3);
        } else if (x < ts + us) {
          st.setColours(1, 2, 3, 1, 3, 4, 4, 2);
        } else {
          st.setColours(1, 2, 3, 4, 1, 4, 3, 2);
        }
        if (r.nextBoolean()) {
          st.swapColAcol();
        }
      }
      case GG_QQ -> {
        int f = 1 + (int) (NF * r.nextDouble());
        set(id, Pid.GLUON, Pid.GLUON, f, -f);
        double ts = (1.0 / 6.0) * u / t - (3.0 / 8.0) * u2 / s2;
        double us = (1.0 / 6.0) * t / u - (3.0 / 8.0) * t2 / s2;
        if ((ts + us) * r.nextDouble() < ts) {
          st.setColours(1, 2, 2, 3, 1, 0, 0, 3);
        } else {
          st.setColours(1, 2, 3, 1, 3, 0, 0, 2);
        }
      }
      case QG, GQ -> {
        int q = type == QG ? a : b;
        if (type == QG) {
          set(id, q, Pid.GLUON, q, Pid.GLUON);
        } else {
          set(id, Pid.GLUON, q, Pid.GLUON, q);
        }
        double ts = u2 / t2 - (4.0 / 9.0) * u / s;
        double tu = s2 / t2 - (4.0 / 9.0) * s / u;
        if ((ts + tu) * r.nextDouble() < ts) {
          st.setColours(1, 0, 2, 1, 3, 0, 2, 3);
        } else {
          st.setColours(1, 0, 2, 3, 2, 0, 1, 3);
        }
        if (type == GQ) {
          st.swap1234();
        }
        if (q < 0) {
          st.swapColAcol();
        }
      }
      case QQ_SAME -> {
        set(id, a, b, a, b);
        double sigT = (s2 + u2) / t2;
        double sigU = (s2 + t2) / u2;
        if ((sigT + sigU) * r.nextDouble() < sigT) {
          st.setColours(1, 0, 2, 0, 2, 0, 1, 0);
        } else {
          st.setColours(1, 0, 2, 0, 1, 0, 2, 0);
        }
        if (a < 0) {
          st.swapColAcol();
        }
      }
      case QQ_DIFF -> {
        set(id, a, b, a, b);
        if (a * b > 0) {
          st.setColours(1, 0, 2, 0, 2, 0, 1, 0);
        } else {
          st.setColours(1, 0, 0, 1, 2, 0, 0, 2);
        }
        if (a < 0) {
          st.swapColAcol();
        }
      }
      case QQBAR_SAME -> {
        set(id, a, b, a, b);
        st.setColours(1, 0, 0, 1, 2, 0, 0, 2);
        if (a < 0) {
          st.swapColAcol();
        }
      }
      case QQBAR_NEW -> {
        int f = 1 + (int) (NF * r.nextDouble());
        int f3 = a > 0 ? f : -f;
        set(id, a, b, f3, -f3);
        st.setColours(1, 0, 0, 2, 1, 0, 0, 2);
        if (a < 0) {
          st.swapColAcol();
        }
      }
      case QQBAR_GG -> {
        set(id, a, b, Pid.GLUON, Pid.GLUON);
        double ts = (32.0 / 27.0) * u / t - (8.0 / 3.0) * u2 / s2;
        double us = (32.0 / 27.0) * t / u - (8.0 / 3.0) * t2 / s2;
        if ((ts + us) * r.nextDouble() < ts) {
          st.setColours(1, 0, 0, 2, 1, 3, 3, 2);
        } else {
          st.setColours(1, 0, 0, 2, 3, 2, 1, 3);
        }
        if (a < 0) {
          st.swapColAcol();
        }
      }
      default -> throw new IllegalStateException("unknown channel code " + c);
    }
  }

  private static void set(int[] id, int a, int b, int c, int d) {
    id[0] = a;
    id[1] = b;
    id[2] = c;
    id[3] = d;
  }
}
