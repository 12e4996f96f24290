package org.nphunt.physics.jets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nphunt.physics.jets.event.Pid;
import org.nphunt.physics.jets.hard.HeavyPairChannels;
import org.nphunt.physics.jets.hard.QcdDijetChannels;
import org.nphunt.physics.jets.hard.ResonanceProduction;
import org.nphunt.physics.jets.hard.TwoToTwoSampler;
import org.nphunt.physics.jets.shower.AlphaS;

/**
 * The shared, immutable part of a process (parameters and sampling tables, built once per spec and
 * coupling and cached), and its per-thread {@link Worker}s, which fill a kernel's event record with the
 * hard process, the decays and the showers.
 */
abstract class JetProcess {
  private static final Map<Object, JetProcess> CACHE = new ConcurrentHashMap<>();

  final JetProcessSpec spec;

  JetProcess(JetProcessSpec spec) {
    this.spec = spec;
  }

  /** The process for a spec; sampling tables are built once per (spec, alpha_s(M_Z)) and shared. */
  static JetProcess of(JetProcessSpec spec, double alphaSMz) {
    return CACHE.computeIfAbsent(java.util.List.of(spec, alphaSMz), k -> create(spec, new AlphaS(alphaSMz)));
  }

  private static JetProcess create(JetProcessSpec spec, AlphaS alphaS) {
    if (spec instanceof QcdDijetSpec q) {
      return new ProcessKinds.Qcd(q, new TwoToTwoSampler(new QcdDijetChannels(), q.ptHatMin(), alphaS));
    } else if (spec instanceof WprimeSpec w) {
      return new ProcessKinds.Wprime(w, ResonanceProduction.wPrime(w.mass(), w.width(),
          Math.max(w.massX() + w.massY() + 1, w.mass() - 20 * w.width()), w.mass() + 20 * w.width()));
    } else if (spec instanceof GravitonSpec g) {
      return new ProcessKinds.Graviton(g, ResonanceProduction.graviton(g.mass(), g.width(), g.minMass(), g.maxMass()));
    } else if (spec instanceof TopPairSpec t) {
      return new ProcessKinds.TopPair(t, new TwoToTwoSampler(new HeavyPairChannels(Pid.TOP, Pid.M_TOP), t.ptHatMin(),
          alphaS));
    } else if (spec instanceof DarkShowerSpec d) {
      return new ProcessKinds.DarkShower(d, new TwoToTwoSampler(new HeavyPairChannels(Pid.HV_F, d.massF()),
          d.ptHatMin(), alphaS));
    }
    throw new IllegalArgumentException("unknown process kind " + spec);
  }

  /** A fresh per-thread worker. */
  abstract Worker newWorker();

  /** Whether the hard cross-section is known absolutely (QCD-coupled processes). */
  abstract boolean hasCrossSection();

  /** Per-thread generation of one event's partons into a kernel; counts the hard-process trials. */
  abstract static class Worker {
    /** Hard-process trials, their weight sum [GeV^-2] and overweights since the last reset. */
    long trials;
    double sumW;
    double sumW2;
    long overweights;

    /** Fills the kernel's (reset) record with the hard process, decays and showers. */
    abstract void generate(JetEventKernel k);

    void reset() {
      trials = 0;
      sumW = 0;
      sumW2 = 0;
      overweights = 0;
    }
  }
}
