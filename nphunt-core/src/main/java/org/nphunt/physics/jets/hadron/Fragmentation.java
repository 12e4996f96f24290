package org.nphunt.physics.jets.hadron;

import java.util.SplittableRandom;
import org.nphunt.physics.jets.event.EventRecord;
import org.nphunt.physics.jets.event.Lorentz;
import org.nphunt.physics.jets.event.Pid;

/**
 * Turns the partons at the end of the shower into pions, and dark partons into dark mesons.
 *
 * <p><b>QCD partons</b> ({@link #hadronise}). Local parton-hadron duality (Azimov, Dokshitzer, Khoze,
 * Troyan, Z. Phys. C27 (1985) 65): with the shower cut off at Q0 ~ 1 GeV, the hadron flow follows the
 * parton flow, and each parton only has to be dressed by the non-perturbative string breaks below Q0.
 * Each final parton fragments independently (Field and Feynman, Nucl. Phys. B136 (1978) 1) along its
 * direction with the Lund string's break kinematics: the open quark and a new u or d quark pair (1:1)
 * form a pion (pi+, pi-, pi0 by the quark charges; a gluon starts from a random u, d, ubar or dbar) that
 * takes a fraction z of the remaining light-cone momentum W+ = E + |p|, z from the Lund symmetric
 * function f(z) ~ (1/z) (1 - z)^a exp(-b mT^2 / z) (Andersson et al., Phys. Rept. 97 (1983) 31), and
 * the transverse momentum q_T(previous) - q_T(new), each q_T Gaussian with sigmaPt / sqrt(2) per
 * component. The chain stops when the remainder could not make another hadron of that transverse mass;
 * the last pion then takes the remainder, so each parton's light-cone momentum and transverse momentum
 * are conserved. Energy and longitudinal momentum then differ by the hadrons' transverse masses
 * (typically 1% of an event's energy); all pions of the event are therefore boosted to their common rest
 * frame, their three-momenta scaled by one factor so that their total energy equals the partons'
 * invariant mass, and boosted to the partons' frame: the sum of the pions' four-momenta equals the
 * partons' exactly (Pythia 6's independent-fragmentation option, hep-ph/0603175 section 12.1.2). Neutral
 * pions then decay to two photons, isotropically.
 *
 * <p>Simplifications (stated in docs/jet-generator.md): only pions (no strangeness, baryons, vector
 * resonances); charge conserved only on average; no colour connection between partons (no string effect).
 *
 * <p><b>Dark partons</b> ({@link #hadroniseDark}): each becomes one dark meson of the given mass, the
 * momenta rescaled the same way to the dark partons' total; partons are merged pairwise (smallest
 * invariant mass first) when the mesons would not fit. Each meson is then invisible with probability
 * r_inv.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class Fragmentation {
  private final double sigmaQ;
  private final double lundA;
  private final double lundB;
  private final double[] v = new double[16];
  private final double[] basis = new double[6];
  private int[] work = new int[64];

  public Fragmentation(HadronisationSettings s) {
    this.sigmaQ = s.sigmaPt() / Math.sqrt(2);
    this.lundA = s.lundA();
    this.lundB = s.lundB();
  }

  /**
   * Fragments every {@link EventRecord#FINAL} QCD parton of the record into pions (partons become
   * {@link EventRecord#DECAYED}), conserves the partons' total four-momentum exactly, then decays the
   * neutral pions. Returns the number of partons fragmented.
   */
  public int hadronise(EventRecord ev, SplittableRandom r) {
    int n = ev.size;
    double tx = 0;
    double ty = 0;
    double tz = 0;
    double te = 0;
    int first = ev.size;
    int partons = 0;
    for (int i = 0; i < n; i++) {
      if (ev.status[i] != EventRecord.FINAL || !Pid.isParton(ev.id[i])) {
        continue;
      }
      tx += ev.px[i];
      ty += ev.py[i];
      tz += ev.pz[i];
      te += ev.e[i];
      int h0 = ev.size;
      fragment(ev, i, r);
      ev.setDaughters(i, h0, ev.size - 1);
      partons++;
    }
    if (partons == 0) {
      return 0;
    }
    rescale(ev, first, ev.size, tx, ty, tz, te);
    int end = ev.size;
    for (int i = first; i < end; i++) {
      if (ev.id[i] == Pid.PI_ZERO) {
        decayPi0(ev, i, r);
      }
    }
    return partons;
  }

  /** Fragments one parton into pions appended to the record (before the global rescaling). */
  private void fragment(EventRecord ev, int parton, SplittableRandom r) {
    double px = ev.px[parton];
    double py = ev.py[parton];
    double pz = ev.pz[parton];
    double p = Math.sqrt(px * px + py * py + pz * pz);
    double w = ev.e[parton] + p;
    double nx;
    double ny;
    double nz;
    if (p > 0) {
      nx = px / p;
      ny = py / p;
      nz = pz / p;
    } else {
      nx = 0;
      ny = 0;
      nz = 1;
    }
    Lorentz.perpendicularBasis(nx, ny, nz, basis, 0);
    int id = ev.id[parton];
    // open (anti)quark: up-type (u, c) charge +2/3, down-type (d, s, b) -1/3; the gluon starts from a
    // random light (anti)quark
    boolean anti;
    boolean up;
    if (id == Pid.GLUON) {
      anti = r.nextBoolean();
      up = r.nextBoolean();
    } else {
      anti = id < 0;
      int a = Math.abs(id);
      up = a == Pid.U || a == Pid.C;
    }
    double qx = 0;
    double qy = 0;
    double remaining = w;
    while (true) {
      boolean newUp = r.nextBoolean();
      double nqx = sigmaQ * r.nextGaussian();
      double nqy = sigmaQ * r.nextGaussian();
      // charge of (open quark, new antiquark) or (open antiquark, new quark)
      int charge = (up ? 1 : 0) - (newUp ? 1 : 0);
      if (anti) {
        charge = -charge;
      }
      int hid = charge > 0 ? Pid.PI_PLUS : charge < 0 ? -Pid.PI_PLUS : Pid.PI_ZERO;
      double mass = charge == 0 ? Pid.M_PI_ZERO : Pid.M_PI_CHARGED;
      double hx = qx - nqx;
      double hy = qy - nqy;
      double mt2 = mass * mass + hx * hx + hy * hy;
      double z = lundZ(lundB * mt2, r);
      double wh = z * remaining;
      boolean last = (remaining - wh) * (remaining - wh) < mt2;
      if (last) {
        wh = remaining;
        hx = qx;
        hy = qy;
        mt2 = mass * mass + hx * hx + hy * hy;
      }
      double wm = mt2 / wh;
      double pl = 0.5 * (wh - wm);
      double en = 0.5 * (wh + wm);
      ev.add(hid, EventRecord.FINAL, parton,
          pl * nx + hx * basis[0] + hy * basis[3],
          pl * ny + hx * basis[1] + hy * basis[4],
          pl * nz + hx * basis[2] + hy * basis[5], en, mass);
      if (last) {
        return;
      }
      remaining -= wh;
      qx = nqx;
      qy = nqy;
      up = newUp;
    }
  }

  /**
   * A z from the Lund symmetric fragmentation function f(z) ~ (1/z) (1 - z)^a exp(-c / z), c = b mT^2,
   * by rejection under its maximum (at the root of (1 - a) z^2 - (1 + c) z + c = 0).
   */
  public double lundZ(double c, SplittableRandom r) {
    double a = lundA;
    double zMax = ((1 + c) - Math.sqrt((1 + c) * (1 + c) - 4 * (1 - a) * c)) / (2 * (1 - a));
    double fMax = lundLog(zMax, a, c);
    while (true) {
      double z = r.nextDouble();
      if (z <= 0) {
        continue;
      }
      if (Math.log(1 - r.nextDouble()) <= lundLog(z, a, c) - fMax) {
        return z;
      }
    }
  }

  /** ln f(z) of the Lund symmetric function (up to a constant). */
  public static double lundLog(double z, double a, double c) {
    return a * Math.log1p(-z) - c / z - Math.log(z);
  }

  /**
   * Boosts and scales entries [from, to) so that their total four-momentum becomes (tx, ty, tz, te):
   * to their rest frame, three-momenta scaled by k with sum sqrt(k^2 p^2 + m^2) = target mass, to the
   * target's frame.
   */
  void rescale(EventRecord ev, int from, int to, double tx, double ty, double tz, double te) {
    double hx = 0;
    double hy = 0;
    double hz = 0;
    double he = 0;
    double sumMass = 0;
    for (int i = from; i < to; i++) {
      hx += ev.px[i];
      hy += ev.py[i];
      hz += ev.pz[i];
      he += ev.e[i];
      sumMass += ev.m[i];
    }
    double hm = Lorentz.mass(hx, hy, hz, he);
    double tm = Lorentz.mass(tx, ty, tz, te);
    if (!(tm > sumMass) || !(hm > 0)) {
      throw new IllegalStateException("hadron masses " + sumMass + " do not fit into the partons' mass " + tm);
    }
    for (int i = from; i < to; i++) {
      Lorentz.toRest(ev.px[i], ev.py[i], ev.pz[i], ev.e[i], hx, hy, hz, he, hm, v, 0);
      ev.setMomentum(i, v[0], v[1], v[2], v[3]);
    }
    // solve sum sqrt(k^2 p_i^2 + m_i^2) = tm for k (increasing, convex): Newton from above
    double k = 1;
    for (int it = 0; it < 100; it++) {
      double f = -tm;
      double df = 0;
      for (int i = from; i < to; i++) {
        double p2 = ev.px[i] * ev.px[i] + ev.py[i] * ev.py[i] + ev.pz[i] * ev.pz[i];
        double en = Math.sqrt(k * k * p2 + ev.m[i] * ev.m[i]);
        f += en;
        if (en > 0) {
          df += k * p2 / en;
        }
      }
      if (Math.abs(f) <= 1e-13 * tm || df <= 0) {
        break;
      }
      double next = k - f / df;
      k = next > 0 ? next : 0.5 * k;
    }
    for (int i = from; i < to; i++) {
      double x = k * ev.px[i];
      double y = k * ev.py[i];
      double z = k * ev.pz[i];
      double en = Math.sqrt(x * x + y * y + z * z + ev.m[i] * ev.m[i]);
      Lorentz.fromRest(x, y, z, en, tx, ty, tz, te, tm, v, 0);
      ev.setMomentum(i, v[0], v[1], v[2], v[3]);
    }
  }

  /** pi0 -> gamma gamma, isotropic in the pion's rest frame. */
  private void decayPi0(EventRecord ev, int i, SplittableRandom r) {
    double cos = 2 * r.nextDouble() - 1;
    double sin = Math.sqrt(1 - cos * cos);
    double phi = 2 * Math.PI * r.nextDouble();
    double h = 0.5 * ev.m[i];
    double x = h * sin * Math.cos(phi);
    double y = h * sin * Math.sin(phi);
    double z = h * cos;
    Lorentz.fromRest(x, y, z, h, ev.px[i], ev.py[i], ev.pz[i], ev.e[i], ev.m[i], v, 0);
    Lorentz.fromRest(-x, -y, -z, h, ev.px[i], ev.py[i], ev.pz[i], ev.e[i], ev.m[i], v, 4);
    int g1 = ev.add(Pid.PHOTON, EventRecord.FINAL, i, v, 0, 0);
    ev.add(Pid.PHOTON, EventRecord.FINAL, i, v, 4, 0);
    ev.setDaughters(i, g1, g1 + 1);
  }

  /**
   * Turns every {@link EventRecord#FINAL} dark parton into one dark meson of mass {@code mesonMass}
   * (pairs merged when needed), the mesons' total four-momentum equal to the partons'; each meson is
   * {@link Pid#DARK_MESON_INVISIBLE} with probability rInv, else {@link Pid#DARK_MESON}. Returns the
   * number of mesons (appended at the end of the record), 0 when there are no dark partons.
   */
  public int hadroniseDark(EventRecord ev, double mesonMass, double rInv, SplittableRandom r) {
    int n = 0;
    double tx = 0;
    double ty = 0;
    double tz = 0;
    double te = 0;
    for (int i = 0; i < ev.size; i++) {
      if (ev.status[i] == EventRecord.FINAL && Pid.isDarkParton(ev.id[i])) {
        if (n + 1 > work.length) {
          work = java.util.Arrays.copyOf(work, 2 * work.length);
        }
        work[n++] = i;
        tx += ev.px[i];
        ty += ev.py[i];
        tz += ev.pz[i];
        te += ev.e[i];
      }
    }
    if (n == 0) {
      return 0;
    }
    double tm = Lorentz.mass(tx, ty, tz, te);
    if (!(tm > mesonMass)) {
      throw new IllegalStateException("dark system of mass " + tm + " cannot make a dark meson of mass " + mesonMass);
    }
    // clusters: cluster c holds the momentum sum of its partons; merged pairs first
    int clusters = n;
    double[] cx = new double[n];
    double[] cy = new double[n];
    double[] cz = new double[n];
    double[] ce = new double[n];
    for (int c = 0; c < n; c++) {
      int i = work[c];
      cx[c] = ev.px[i];
      cy[c] = ev.py[i];
      cz[c] = ev.pz[i];
      ce[c] = ev.e[i];
    }
    while (clusters > 1 && clusters * mesonMass >= 0.9 * tm) {
      int bi = -1;
      int bj = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int a = 0; a < clusters; a++) {
        for (int b = a + 1; b < clusters; b++) {
          double m2 = (ce[a] + ce[b]) * (ce[a] + ce[b]) - (cx[a] + cx[b]) * (cx[a] + cx[b])
              - (cy[a] + cy[b]) * (cy[a] + cy[b]) - (cz[a] + cz[b]) * (cz[a] + cz[b]);
          if (m2 < best) {
            best = m2;
            bi = a;
            bj = b;
          }
        }
      }
      cx[bi] += cx[bj];
      cy[bi] += cy[bj];
      cz[bi] += cz[bj];
      ce[bi] += ce[bj];
      clusters--;
      cx[bj] = cx[clusters];
      cy[bj] = cy[clusters];
      cz[bj] = cz[clusters];
      ce[bj] = ce[clusters];
    }
    int first = ev.size;
    for (int c = 0; c < clusters; c++) {
      double p2 = cx[c] * cx[c] + cy[c] * cy[c] + cz[c] * cz[c];
      double en = Math.sqrt(p2 + mesonMass * mesonMass);
      int id = r.nextDouble() < rInv ? Pid.DARK_MESON_INVISIBLE : Pid.DARK_MESON;
      ev.add(id, EventRecord.FINAL, work[Math.min(c, n - 1)], cx[c], cy[c], cz[c], en, mesonMass);
    }
    for (int c = 0; c < n; c++) {
      // every dark parton points to the mesons of the (collective) dark hadronisation
      ev.setDaughters(work[c], first, ev.size - 1);
    }
    rescale(ev, first, ev.size, tx, ty, tz, te);
    return clusters;
  }
}
