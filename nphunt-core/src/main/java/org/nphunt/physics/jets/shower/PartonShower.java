package org.nphunt.physics.jets.shower;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nphunt.physics.jets.event.EventRecord;
import org.nphunt.physics.jets.event.Lorentz;

/**
 * A coherent final-state parton shower: angular-ordered branching with energy fractions (the coherent
 * branching algorithm of Marchesini and Webber, Nucl. Phys. B310 (1988) 461; Ellis, Stirling and
 * Webber, "QCD and collider physics", section 5.3; as in HERWIG 6), Sudakov veto algorithm, exact
 * four-momentum conservation.
 *
 * <p><b>Evolution.</b> Every parton of energy E (in the rest frame of its shower system) evolves in
 * xi = 1 - cos(theta), theta the opening angle of its branching a -> b c, downward from its maximum,
 * with the no-branching probability exp(-int dxi'/xi' int dz alpha(pT^2)/(2 pi) P(z)), P the
 * Altarelli-Parisi kernels of {@link Splitting}, z = E_b / E_a, and pT^2 = z^2 (1 - z)^2 2 E^2 xi (the
 * daughters' relative transverse momentum at small angles) both as the coupling's scale and for the
 * cut-off pT &gt;= pT_min. Daughters evolve from the angle of their mother's branching: angular
 * ordering, which is exact colour coherence for soft gluons (a soft gluon at a larger angle sees the
 * coherent colour charge of its emitter's parent). The first branching of each parton of a system is
 * limited to the angle to its colour partner (pi: no limit). Branchings are found by the veto algorithm
 * (trial scales from alpha_max P_hat(z) on z in [eps, 1 - eps], eps from the cut-off at the current
 * scale, P_hat = 2 C_F / (1 - z), C_A (1/z + 1/(1 - z)), T_R n_f; accepted with the ratio of true to
 * overestimated rate), exact for any such overestimate (Pythia 8 manual arXiv:1410.3012; Hoeche,
 * arXiv:1411.4085).
 *
 * <p><b>Kinematics.</b> The branching tree fixes the energies and the opening angles of every branching;
 * partons at the end are massless. Going up the tree, each mother is the sum of its two daughters,
 * which are placed at their generated opening angle: every mass follows and is physical by
 * construction. The two members of a system (two partons, or a parton and a colourless recoiler such as
 * the W of t -> b W) then take back-to-back momenta with the energies E = (M^2 + m_1^2 - m_2^2) / (2M)
 * fixed by their masses, each parton's subtree boosted along its axis to its new momentum (HERWIG's
 * reshuffling); when the masses do not fit (m_1 + m_2 &gt;= M, rare) the system's showers are generated
 * anew. The directions inside a tree follow from the exact two-body relations with uniform azimuths.
 * Four-momentum is conserved exactly.
 *
 * <p>Not modelled: spin correlations, quark masses in the kernels (dead cone), radiation off coloured
 * heavy resonances (top, F_v), the azimuthal anisotropy of soft radiation inside the angular-ordered
 * cone.
 *
 * <p>Not thread-safe: one instance per thread; every random number comes from the caller's stream.
 */
public final class PartonShower {
  /** Splitting kind q -> q g. */
  public static final int KIND_Q_QG = 0;
  /** Splitting kind g -> g g. */
  public static final int KIND_G_GG = 1;
  /** Splitting kind g -> q qbar: KIND_G_QQ + f for flavour f (dark: f = 0). */
  public static final int KIND_G_QQ = 2;
  /** Attempts at a system whose masses do not fit before it is left unshowered. */
  static final int MAX_TRIES = 1000;

  private final ShowerSector qcd;
  private ShowerSector dark;
  private final double[] v = new double[16];
  private final double[] basis = new double[6];
  private int[] stack = new int[256];

  private double lastZ;
  private int lastKind;
  private long trials;

  public PartonShower(ShowerSector qcd) {
    if (qcd == null || !qcd.isQcd()) {
      throw new IllegalArgumentException("the shower needs a QCD sector, found " + qcd);
    }
    this.qcd = qcd;
  }

  public PartonShower(ShowerSettings settings) {
    this(ShowerSector.qcd(settings.ptMin(), new AlphaS(settings.alphaSMz()), settings.scheme() == ShowerSettings.Scheme.CMW));
  }

  /** The dark sector used for dark partons from now on (null: dark partons do not shower). */
  public void setDarkSector(ShowerSector sector) {
    if (sector != null && sector.isQcd()) {
      throw new IllegalArgumentException("the dark sector must not be QCD");
    }
    this.dark = sector;
  }

  public ShowerSector qcdSector() {
    return qcd;
  }

  /** Trial branchings generated so far (a cost counter for benchmarks). */
  public long trials() {
    return trials;
  }

  /** The sector of a code, or null when it does not shower. */
  public ShowerSector sectorOf(int id) {
    if (qcd.owns(id)) {
      return qcd;
    }
    return dark != null && dark.owns(id) ? dark : null;
  }

  /**
   * Showers the system of entries {@code a} and {@code b} (partons of either sector, or a parton and a
   * colourless recoiler) and appends every branching to the record. Partons that branch become
   * {@link EventRecord#DECAYED}; the partons at the end of the shower are {@link EventRecord#FINAL}; a
   * recoiler keeps its mass and status and only changes momentum. The sum of four-momenta is conserved.
   *
   * @param thetaMaxA largest opening angle of a's first branching [rad], the angle to its colour
   *     partner in the system's rest frame (pi: no limit)
   * @param thetaMaxB same for b
   */
  public void showerSystem(EventRecord ev, int a, int b, double thetaMaxA, double thetaMaxB, SplittableRandom r) {
    double fx = ev.px[a] + ev.px[b];
    double fy = ev.py[a] + ev.py[b];
    double fz = ev.pz[a] + ev.pz[b];
    double fe = ev.e[a] + ev.e[b];
    double fm = Lorentz.mass(fx, fy, fz, fe);
    if (!(fm > 0)) {
      throw new IllegalStateException("shower system of entries " + a + ", " + b + " has no mass");
    }
    Lorentz.toRest(ev.px[a], ev.py[a], ev.pz[a], ev.e[a], fx, fy, fz, fe, fm, v, 0);
    double pa = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    double nx = v[0] / pa;
    double ny = v[1] / pa;
    double nz = v[2] / pa;
    double ea0 = v[3];
    double eb0 = fm - ea0;
    ShowerSector sa = sectorOf(ev.id[a]);
    ShowerSector sb = sectorOf(ev.id[b]);
    double xiA = 1 - Math.cos(Math.min(Math.PI, thetaMaxA));
    double xiB = 1 - Math.cos(Math.min(Math.PI, thetaMaxB));
    int first = ev.size;
    double ma = ev.m[a];
    double mb = ev.m[b];
    for (int attempt = 0; ; attempt++) {
      ev.size = first;
      if (sa != null) {
        ev.e[a] = ea0;
        ma = growTree(ev, a, sa, xiA, r);
      }
      if (sb != null) {
        ev.e[b] = eb0;
        mb = growTree(ev, b, sb, xiB, r);
      }
      if (ma + mb < fm) {
        break;
      }
      if (attempt >= MAX_TRIES) {
        // leave the system unshowered (it cannot hold its showers): massless partons, fixed recoiler
        ev.size = first;
        ma = sa != null ? 0 : ev.m[a];
        mb = sb != null ? 0 : ev.m[b];
        if (sa != null) {
          ev.status[a] = EventRecord.FINAL;
          ev.daughter1[a] = -1;
          ev.daughter2[a] = -1;
        }
        if (sb != null) {
          ev.status[b] = EventRecord.FINAL;
          ev.daughter1[b] = -1;
          ev.daughter2[b] = -1;
        }
        break;
      }
    }
    // reshuffle the two members back to back in the rest frame, then place each tree
    double p = Lorentz.twoBodyMomentum(fm, ma, mb);
    double ea = Math.sqrt(p * p + ma * ma);
    double eb = Math.sqrt(p * p + mb * mb);
    place(ev, a, sa != null, nx, ny, nz, ea0, ea, p, ma, r);
    place(ev, b, sb != null, -nx, -ny, -nz, eb0, eb, p, mb, r);
    boost(ev, a, fx, fy, fz, fe, fm);
    boost(ev, b, fx, fy, fz, fe, fm);
    for (int i = first; i < ev.size; i++) {
      boost(ev, i, fx, fy, fz, fe, fm);
    }
  }

  /**
   * Generates the branching tree of entry {@code root} (energy in e[root], massless partons at the end),
   * appending the branchings, and returns the root's mass. Sets energies, opening angles (shTheta), z
   * and kind of every node; masses (m) bottom-up.
   */
  private double growTree(EventRecord ev, int root, ShowerSector s, double xiMax, SplittableRandom r) {
    int start = ev.size;
    ev.daughter1[root] = -1;
    ev.daughter2[root] = -1;
    ev.status[root] = EventRecord.FINAL;
    ev.shT[root] = xiMax;
    int top = 0;
    stack[top++] = root;
    while (top > 0) {
      int i = stack[--top];
      double e = ev.e[i];
      int id = ev.id[i];
      double xi = evolve(s, s.isGluon(id), e, ev.shT[i], r);
      if (xi <= 0) {
        ev.m[i] = 0;
        continue;
      }
      double z = lastZ;
      int kind = lastKind;
      int idB;
      int idC;
      if (kind == KIND_Q_QG) {
        idB = id;
        idC = s.gluonId();
      } else if (kind == KIND_G_GG) {
        idB = id;
        idC = id;
      } else {
        idB = s.quarkId(kind - KIND_G_QQ);
        idC = -idB;
      }
      int ib = ev.add(idB, EventRecord.FINAL, i, 0, 0, 0, z * e, 0);
      int ic = ev.add(idC, EventRecord.FINAL, i, 0, 0, 0, (1 - z) * e, 0);
      ev.setDaughters(i, ib, ic);
      ev.shZ[i] = z;
      ev.shKind[i] = kind;
      ev.shTheta[i] = Math.acos(1 - xi);
      ev.shT[ib] = xi;
      ev.shT[ic] = xi;
      if (top + 2 > stack.length) {
        stack = Arrays.copyOf(stack, 2 * stack.length);
      }
      stack[top++] = ib;
      stack[top++] = ic;
    }
    // masses bottom-up: daughters always follow their mother in the record
    for (int i = ev.size - 1; i >= start; i--) {
      if (ev.daughter1[i] >= 0) {
        ev.m[i] = nodeMass(ev, i);
      }
    }
    if (ev.daughter1[root] >= 0) {
      ev.m[root] = nodeMass(ev, root);
    }
    return ev.m[root];
  }

  /** Mass of a node from its daughters' energies, masses and the generated opening angle. */
  private static double nodeMass(EventRecord ev, int i) {
    int b = ev.daughter1[i];
    int c = ev.daughter2[i];
    double pb = Math.sqrt(Math.max(0, ev.e[b] * ev.e[b] - ev.m[b] * ev.m[b]));
    double pc = Math.sqrt(Math.max(0, ev.e[c] * ev.e[c] - ev.m[c] * ev.m[c]));
    double cos = Math.cos(ev.shTheta[i]);
    double p2 = pb * pb + pc * pc + 2 * pb * pc * cos;
    double e = ev.e[b] + ev.e[c];
    return Math.sqrt(Math.max(0, e * e - p2));
  }

  /**
   * Gives a system member its final rest-frame momentum along (nx, ny, nz) with energy e and momentum p,
   * and places its tree: directions top-down at generated energies (root energy e0), then the whole
   * subtree boosted along the axis to the new root momentum.
   */
  private void place(EventRecord ev, int root, boolean showered, double nx, double ny, double nz, double e0, double e,
      double p, double m, SplittableRandom r) {
    if (!showered || ev.daughter1[root] < 0) {
      ev.setMomentum(root, p * nx, p * ny, p * nz, e);
      ev.m[root] = m;
      return;
    }
    double p0 = Math.sqrt(Math.max(0, e0 * e0 - m * m));
    ev.setMomentum(root, p0 * nx, p0 * ny, p0 * nz, e0);
    int top = 0;
    stack[top++] = root;
    int firstNode = Integer.MAX_VALUE;
    int lastNode = -1;
    while (top > 0) {
      int i = stack[--top];
      int b = ev.daughter1[i];
      if (b < 0) {
        continue;
      }
      int c = ev.daughter2[i];
      firstNode = Math.min(firstNode, b);
      lastNode = Math.max(lastNode, c);
      double pax = ev.px[i];
      double pay = ev.py[i];
      double paz = ev.pz[i];
      double pa = Math.sqrt(pax * pax + pay * pay + paz * paz);
      double pb = Math.sqrt(Math.max(0, ev.e[b] * ev.e[b] - ev.m[b] * ev.m[b]));
      double pc = Math.sqrt(Math.max(0, ev.e[c] * ev.e[c] - ev.m[c] * ev.m[c]));
      double ux;
      double uy;
      double uz;
      if (pa > 0) {
        ux = pax / pa;
        uy = pay / pa;
        uz = paz / pa;
      } else {
        ux = 0;
        uy = 0;
        uz = 1;
      }
      double cosB = pa > 0 && pb > 0 ? (pa * pa + pb * pb - pc * pc) / (2 * pa * pb) : 1;
      cosB = Math.max(-1, Math.min(1, cosB));
      double sinB = Math.sqrt(1 - cosB * cosB);
      double phi = 2 * Math.PI * r.nextDouble();
      Lorentz.perpendicularBasis(ux, uy, uz, basis, 0);
      double cx = Math.cos(phi) * sinB;
      double cy = Math.sin(phi) * sinB;
      double bx = pb * (cx * basis[0] + cy * basis[3] + cosB * ux);
      double by = pb * (cx * basis[1] + cy * basis[4] + cosB * uy);
      double bz = pb * (cx * basis[2] + cy * basis[5] + cosB * uz);
      ev.setMomentum(b, bx, by, bz, ev.e[b]);
      ev.setMomentum(c, pax - bx, pay - by, paz - bz, ev.e[i] - ev.e[b]);
      if (top + 2 > stack.length) {
        stack = Arrays.copyOf(stack, 2 * stack.length);
      }
      stack[top++] = b;
      stack[top++] = c;
    }
    // boost the subtree along the axis: (e0, p0) -> (e, p) at fixed mass m
    double ox = ev.px[root];
    double oy = ev.py[root];
    double oz = ev.pz[root];
    double oe = ev.e[root];
    double tx = p * nx;
    double ty = p * ny;
    double tz = p * nz;
    if (m > 0) {
      for (int i = firstNode; i <= lastNode; i++) {
        Lorentz.toRest(ev.px[i], ev.py[i], ev.pz[i], ev.e[i], ox, oy, oz, oe, m, v, 0);
        Lorentz.fromRest(v[0], v[1], v[2], v[3], tx, ty, tz, e, m, v, 4);
        ev.setMomentum(i, v[4], v[5], v[6], v[7]);
      }
    }
    ev.setMomentum(root, tx, ty, tz, e);
  }

  private void boost(EventRecord ev, int i, double fx, double fy, double fz, double fe, double fm) {
    Lorentz.fromRest(ev.px[i], ev.py[i], ev.pz[i], ev.e[i], fx, fy, fz, fe, fm, v, 8);
    ev.setMomentum(i, v[8], v[9], v[10], v[11]);
  }

  /**
   * The next branching of a parton of energy E below the angular variable {@code xiStart} = 1 - cos
   * theta: returns its xi (0 when the parton reaches the cut-off without branching); z and kind are
   * then available from {@link #lastZ()} and {@link #lastKind()}.
   *
   * @param gluon whether the parton is the sector's gauge boson
   * @param energy the parton's energy E [GeV] in the shower frame
   * @param xiStart evolution starts below this xi, in (0, 2]
   */
  public double evolve(ShowerSector s, boolean gluon, double energy, double xiStart, SplittableRandom r) {
    double ptMin = Math.sqrt(s.ptMin2());
    double alphaMax = s.alphaMax();
    double e2 = 2 * energy * energy;
    double xi = xiStart;
    while (true) {
      // z (1 - z) >= k with k = pT_min / (E sqrt(2 xi))
      double k = ptMin / Math.sqrt(e2 * xi);
      if (!(k < 0.25)) {
        return 0;
      }
      double eps = 0.5 * (1 - Math.sqrt(1 - 4 * k));
      double logRange = Math.log((1 - eps) / eps);
      double iSoft = gluon ? 2 * s.cA() * logRange : 2 * s.cF() * logRange;
      double iSplit = gluon ? s.tR() * s.nf() * (1 - 2 * eps) : 0;
      double rate = alphaMax / (2 * Math.PI) * (iSoft + iSplit);
      xi *= Math.pow(1.0 - r.nextDouble(), 1 / rate);
      trials++;
      double zz0 = ptMin / Math.sqrt(e2 * xi);
      if (!(zz0 < 0.25)) {
        return 0;
      }
      double z;
      int kind;
      if (r.nextDouble() * (iSoft + iSplit) < iSoft) {
        double w = eps * Math.exp(logRange * r.nextDouble()); // density 1/w on [eps, 1 - eps]
        if (gluon) {
          kind = KIND_G_GG;
          z = r.nextBoolean() ? 1 - w : w;
        } else {
          kind = KIND_Q_QG;
          z = 1 - w;
        }
      } else {
        z = eps + (1 - 2 * eps) * r.nextDouble();
        kind = -1;
      }
      double zz = z * (1 - z);
      if (zz < zz0) {
        continue;
      }
      double pt2 = zz * zz * e2 * xi;
      double ratio;
      if (kind == KIND_G_GG) {
        ratio = z * z + (1 - z) * (1 - z) + zz * zz; // P_gg / (C_A (1/z + 1/(1-z)))
      } else if (kind == KIND_Q_QG) {
        ratio = (1 + z * z) / 2; // P_qq / (2 C_F / (1 - z))
      } else {
        int f = 1 + (int) (s.nf() * r.nextDouble());
        double mq = s.quarkMass(f);
        if (pt2 < mq * mq) {
          continue; // below the flavour's threshold
        }
        kind = KIND_G_QQ + (s.isQcd() ? f : 0);
        ratio = z * z + (1 - z) * (1 - z);
      }
      if (alphaMax * r.nextDouble() > ratio * s.alpha(pt2)) {
        continue;
      }
      lastZ = z;
      lastKind = kind;
      return xi;
    }
  }

  /** z of the last branching found by {@link #evolve}. */
  public double lastZ() {
    return lastZ;
  }

  /** Kind of the last branching ({@link #KIND_Q_QG}, {@link #KIND_G_GG}, {@link #KIND_G_QQ} + flavour). */
  public int lastKind() {
    return lastKind;
  }
}
