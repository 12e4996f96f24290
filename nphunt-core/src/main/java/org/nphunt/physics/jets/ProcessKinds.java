package org.nphunt.physics.jets;

import org.nphunt.physics.jets.event.EventRecord;
import org.nphunt.physics.jets.event.Pid;
import org.nphunt.physics.jets.hard.Decays;
import org.nphunt.physics.jets.hard.ResonanceProduction;
import org.nphunt.physics.jets.hard.TwoToTwoSampler;
import org.nphunt.physics.jets.shower.ShowerSector;

/** The five process kinds (see their specs for the physics). */
final class ProcessKinds {
  private ProcessKinds() {}

  /** QCD dijets: 2 -> 2, colour partners give each parton's coherence angle, one shower system. */
  static final class Qcd extends JetProcess {
    final TwoToTwoSampler sampler;

    Qcd(QcdDijetSpec spec, TwoToTwoSampler sampler) {
      super(spec);
      this.sampler = sampler;
    }

    @Override
    boolean hasCrossSection() {
      return true;
    }

    @Override
    Worker newWorker() {
      return new Worker() {
        final TwoToTwoSampler.Point p = new TwoToTwoSampler.Point();

        @Override
        void generate(JetEventKernel k) {
          p.resetCounters();
          sampler.sample(p, k.random());
          trials += p.trials;
          sumW += p.sumW;
          sumW2 += p.sumW2;
          overweights += p.overweights;
          int[] out = k.twoToTwo(p, 0, 0);
          double th3 = k.coherenceAngle(p.state, 2, out);
          double th4 = k.coherenceAngle(p.state, 3, out);
          k.shower().showerSystem(k.record(), out[2], out[3], th3, th4, k.random());
        }
      };
    }
  }

  /** W' -> X Y -> (q qbar)(q qbar). */
  static final class Wprime extends JetProcess {
    final WprimeSpec w;
    final ResonanceProduction production;

    Wprime(WprimeSpec spec, ResonanceProduction production) {
      super(spec);
      this.w = spec;
      this.production = production;
    }

    @Override
    boolean hasCrossSection() {
      return false;
    }

    @Override
    Worker newWorker() {
      return new Worker() {
        final ResonanceProduction.Point p = production.newPoint();

        @Override
        void generate(JetEventKernel k) {
          p.resetCounters();
          production.sample(p, k.random());
          trials += p.trials;
          sumW += p.sumW;
          sumW2 += p.sumW2;
          overweights += p.overweights;
          var r = k.random();
          k.addIncoming(p.idA, p.idB, p.x1, p.x2);
          int charge = Pid.charge3(p.idA) + Pid.charge3(p.idB);
          int wp = k.addResonance(charge > 0 ? Pid.WPRIME : -Pid.WPRIME, p.m, p.y);
          double mx;
          double my;
          do {
            mx = Decays.breitWigner(w.massX(), w.widthX(), Math.max(1, w.massX() - 20 * w.widthX()),
                w.massX() + 20 * w.widthX(), r);
            my = Decays.breitWigner(w.massY(), w.widthY(), Math.max(1, w.massY() - 20 * w.widthY()),
                w.massY() + 20 * w.widthY(), r);
          } while (mx + my >= p.m);
          int ix = k.decay(wp, wp, Pid.X, mx, Pid.Y, my, Decays.vectorToScalars(r));
          int iy = ix + 1;
          k.decayToQuarksAndShower(ix, ix, 1 + r.nextInt(4), Decays.isotropic(r));
          k.decayToQuarksAndShower(iy, iy, 1 + r.nextInt(4), Decays.isotropic(r));
        }
      };
    }
  }

  /** RS graviton -> W+ W- -> 4 quarks with the RS1 helicity structure. */
  static final class Graviton extends JetProcess {
    final ResonanceProduction production;

    Graviton(GravitonSpec spec, ResonanceProduction production) {
      super(spec);
      this.production = production;
    }

    @Override
    boolean hasCrossSection() {
      return false;
    }

    @Override
    Worker newWorker() {
      return new Worker() {
        final ResonanceProduction.Point p = production.newPoint();

        @Override
        void generate(JetEventKernel k) {
          p.resetCounters();
          production.sample(p, k.random());
          trials += p.trials;
          sumW += p.sumW;
          sumW2 += p.sumW2;
          overweights += p.overweights;
          var r = k.random();
          k.addIncoming(p.idA, p.idB, p.x1, p.x2);
          int g = k.addResonance(Pid.GRAVITON, p.m, p.y);
          boolean gluons = p.idA == Pid.GLUON;
          boolean longitudinal = r.nextDouble() < 1.0 / 13.0;
          double c = longitudinal
              ? (gluons ? Decays.spin2LongitudinalFromGluons(r) : Decays.spin2LongitudinalFromQuarks(r))
              : (gluons ? Decays.spin2FromGluons(r) : Decays.spin2FromQuarks(r));
          double m1;
          double m2;
          do {
            m1 = k.wMass(Double.POSITIVE_INFINITY);
            m2 = k.wMass(Double.POSITIVE_INFINITY);
          } while (m1 + m2 >= p.m);
          int w1 = k.decay(g, g, Pid.W, m1, -Pid.W, m2, c);
          for (int w = w1; w <= w1 + 1; w++) {
            double cw = longitudinal ? Decays.longitudinalVector(r) : Decays.transverseVector(r);
            k.decayWAndShower(w, g, cw);
          }
        }
      };
    }
  }

  /** t tbar -> (b W)(b W), each W -> q qbar'. */
  static final class TopPair extends JetProcess {
    final TwoToTwoSampler sampler;

    TopPair(TopPairSpec spec, TwoToTwoSampler sampler) {
      super(spec);
      this.sampler = sampler;
    }

    @Override
    boolean hasCrossSection() {
      return true;
    }

    @Override
    Worker newWorker() {
      return new Worker() {
        final TwoToTwoSampler.Point p = new TwoToTwoSampler.Point();

        @Override
        void generate(JetEventKernel k) {
          p.resetCounters();
          sampler.sample(p, k.random());
          trials += p.trials;
          sumW += p.sumW;
          sumW2 += p.sumW2;
          overweights += p.overweights;
          var r = k.random();
          double lo = Pid.M_TOP - 20 * Pid.GAMMA_TOP;
          double hi = Pid.M_TOP + 20 * Pid.GAMMA_TOP;
          int[] out = k.twoToTwo(p, Decays.breitWigner(Pid.M_TOP, Pid.GAMMA_TOP, lo, hi, r),
              Decays.breitWigner(Pid.M_TOP, Pid.GAMMA_TOP, lo, hi, r));
          for (int t = out[2]; t <= out[3]; t++) {
            EventRecord ev = k.record();
            int sign = ev.id[t] > 0 ? 1 : -1;
            double mt = ev.m[t];
            double mw = k.wMass(mt - 1);
            int ib = k.decay(t, t, sign * Pid.B, 0, sign * Pid.W, mw, Decays.isotropic(r));
            int iw = ib + 1;
            k.shower().showerSystem(ev, ib, iw, Math.PI, Math.PI, r);
            double f0 = mt * mt / (mt * mt + 2 * mw * mw);
            double cw = r.nextDouble() < f0 ? Decays.longitudinalVector(r) : Decays.transverseVector(r);
            k.decayWAndShower(iw, t, cw);
          }
        }
      };
    }
  }

  /** Hidden valley: F_v Fbar_v, F_v -> q q_v, dark shower, dark mesons, visible ones -> q qbar. */
  static final class DarkShower extends JetProcess {
    final DarkShowerSpec d;
    final TwoToTwoSampler sampler;
    final ShowerSector sector;

    DarkShower(DarkShowerSpec spec, TwoToTwoSampler sampler) {
      super(spec);
      this.d = spec;
      this.sampler = sampler;
      this.sector = ShowerSector.dark(spec.nColours(), spec.nFlavours(), spec.ptMin(), spec.alpha(), spec.lambda());
    }

    @Override
    boolean hasCrossSection() {
      return true;
    }

    @Override
    Worker newWorker() {
      return new Worker() {
        final TwoToTwoSampler.Point p = new TwoToTwoSampler.Point();

        @Override
        void generate(JetEventKernel k) {
          p.resetCounters();
          sampler.sample(p, k.random());
          trials += p.trials;
          sumW += p.sumW;
          sumW2 += p.sumW2;
          overweights += p.overweights;
          var r = k.random();
          EventRecord ev = k.record();
          k.shower().setDarkSector(sector);
          int[] out = k.twoToTwo(p, d.massF(), d.massF());
          for (int f = out[2]; f <= out[3]; f++) {
            int sign = ev.id[f] > 0 ? 1 : -1;
            int iq = k.decay(f, f, sign * Pid.D, 0, sign * Pid.DARK_QUARK, 0, Decays.isotropic(r));
            k.shower().showerSystem(ev, iq, iq + 1, Math.PI, Math.PI, r);
          }
          int first = ev.size;
          k.fragmentation().hadroniseDark(ev, d.mesonMass(), d.rInv(), r);
          int last = ev.size;
          int open = 0;
          for (int q = 1; q <= 5; q++) {
            if (2 * Pid.quarkMass(q) < d.mesonMass()) {
              open = q;
            }
          }
          for (int i = first; i < last; i++) {
            if (ev.id[i] == Pid.DARK_MESON) {
              k.decayToQuarksAndShower(i, i, 1 + r.nextInt(Math.max(1, open)), Decays.isotropic(r));
            }
          }
        }
      };
    }
  }

}
