package org.nphunt.physics.jets;

import java.util.List;
import java.util.SplittableRandom;
import org.nphunt.jet.ClusterSequence;
import org.nphunt.jet.JetDefinition;
import org.nphunt.physics.jets.detector.ParticleDetector;
import org.nphunt.physics.jets.event.EventRecord;
import org.nphunt.physics.jets.event.Lorentz;
import org.nphunt.physics.jets.event.Pid;
import org.nphunt.physics.jets.hadron.Fragmentation;
import org.nphunt.physics.jets.hard.Decays;
import org.nphunt.physics.jets.hard.TwoToTwo;
import org.nphunt.physics.jets.hard.TwoToTwoSampler;
import org.nphunt.physics.jets.shower.PartonShower;

/**
 * One thread's generation pipeline for a {@link JetCocktailSpec}: hard process and decays, parton
 * showers, hadronisation ({@link #generateParticles}), detector response ({@link #detect}) and the
 * selection ({@link #select}). Owns every per-thread buffer (event record, shower, fragmentation,
 * detector cells, clustering), so generating allocates nothing per event once warm. The event record
 * ({@link #record()}) holds the full truth of the last event, from the incoming partons to the final
 * particles. Not thread-safe: one kernel per thread; the random stream is set per chunk.
 */
public final class JetEventKernel {
  private final JetCocktailSpec spec;
  private final JetProcess[] processes;
  private final JetProcess.Worker[] workers;
  private final EventRecord ev = new EventRecord(2048);
  private final PartonShower shower;
  private final Fragmentation fragmentation;
  private final ParticleDetector detector;
  private final ClusterSequence cs = new ClusterSequence();
  private final JetDefinition selectionJets;
  private final double[] v = new double[16];
  private final double[] scratch = new double[6];
  private final int[] twoToTwoOut = new int[4];
  private final int[] partners = new int[2];
  private double[] pt = new double[1024];
  private double[] eta = new double[1024];
  private double[] phi = new double[1024];
  private int[] jets = new int[1024];
  private SplittableRandom r;

  /** A kernel for the cocktail; sampling tables are shared through the process cache. */
  public JetEventKernel(JetCocktailSpec spec) {
    this(spec, processesOf(spec));
  }

  JetEventKernel(JetCocktailSpec spec, JetProcess[] processes) {
    this.spec = spec;
    this.processes = processes;
    this.workers = new JetProcess.Worker[processes.length];
    for (int i = 0; i < processes.length; i++) {
      workers[i] = processes[i].newWorker();
    }
    this.shower = new PartonShower(spec.shower());
    this.fragmentation = new Fragmentation(spec.hadronisation());
    this.detector = new ParticleDetector(spec.detector());
    this.selectionJets = JetDefinition.antiKt(spec.selection().r());
    this.r = new SplittableRandom(0);
  }

  static JetProcess[] processesOf(JetCocktailSpec spec) {
    List<JetCocktailSpec.Component> cs = spec.components();
    JetProcess[] p = new JetProcess[cs.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = JetProcess.of(cs.get(i).process(), spec.shower().alphaSMz());
    }
    return p;
  }

  public JetCocktailSpec spec() {
    return spec;
  }

  /** Sets the random stream every subsequent draw comes from. */
  public void setRandom(SplittableRandom random) {
    this.r = random;
  }

  public SplittableRandom random() {
    return r;
  }

  /** The event record of the last event (truth). */
  public EventRecord record() {
    return ev;
  }

  PartonShower shower() {
    return shower;
  }

  Fragmentation fragmentation() {
    return fragmentation;
  }

  JetProcess.Worker worker(int component) {
    return workers[component];
  }

  /**
   * Generates the particles of one event of cocktail component {@code component}: hard process, decays,
   * showers, hadronisation, neutral-pion decays. Afterwards the record's {@link EventRecord#FINAL} entries
   * are the stable particles; their four-momenta sum to the incoming partons'.
   */
  public void generateParticles(int component) {
    ev.reset();
    shower.setDarkSector(null);
    workers[component].generate(this);
    fragmentation.hadronise(ev, r);
  }

  /** Detector response of the last event: up to maxRows (pT, eta, phi) rows at out[offset..]; returns the count. */
  public int detect(double[] out, int offset, int maxRows) {
    return detector.detect(ev, r, out, offset, maxRows);
  }

  /**
   * Whether n (pT, eta, phi) rows at rows[offset..] pass the cocktail's {@link JetSelection}: one of the two
   * leading anti-kT jets with ptMin &lt; pT (&lt; ptMax) and |eta| &lt; absEtaMax, and the dijet-mass and
   * jet-eta requirements when given.
   */
  public boolean select(double[] rows, int offset, int n) {
    if (pt.length < n) {
      int cap = Math.max(n, 2 * pt.length);
      pt = new double[cap];
      eta = new double[cap];
      phi = new double[cap];
      jets = new int[cap];
    }
    for (int i = 0; i < n; i++) {
      int o = offset + 3 * i;
      pt[i] = rows[o];
      eta[i] = rows[o + 1];
      phi[i] = rows[o + 2];
    }
    if (n == 0) {
      return false;
    }
    cs.clusterPtEtaPhi(selectionJets, pt, eta, phi, n);
    int nj = cs.inclusiveJets(0.0, jets);
    JetSelection s = spec.selection();
    boolean trigger = false;
    for (int k = 0; k < Math.min(2, nj); k++) {
      trigger |= s.accepts(cs.pt(jets[k]), cs.eta(jets[k]));
    }
    if (!trigger) {
      return false;
    }
    if (s.mjjMin() > 0 || s.jetsAbsEtaMax() > 0) {
      if (nj < 2) {
        return false;
      }
      int a = jets[0];
      int b = jets[1];
      if (s.jetsAbsEtaMax() > 0 && !(Math.abs(cs.eta(a)) < s.jetsAbsEtaMax() && Math.abs(cs.eta(b)) < s.jetsAbsEtaMax())) {
        return false;
      }
      if (s.mjjMin() > 0) {
        double mjj = Lorentz.mass(cs.px(a) + cs.px(b), cs.py(a) + cs.py(b), cs.pz(a) + cs.pz(b), cs.e(a) + cs.e(b));
        return mjj > s.mjjMin();
      }
    }
    return true;
  }

  // ---- helpers for the processes ----

  /** Appends the incoming partons with momentum fractions x1 (along +z) and x2; returns the first index. */
  int addIncoming(int idA, int idB, double x1, double x2) {
    double h = TwoToTwoSampler.SQRT_S / 2;
    int a = ev.add(idA, EventRecord.INCOMING, -1, 0, 0, x1 * h, x1 * h, 0);
    ev.add(idB, EventRecord.INCOMING, -1, 0, 0, -x2 * h, x2 * h, 0);
    return a;
  }

  /** Appends a resonance of mass m at rapidity y and zero pT (produced by the incoming partons). */
  int addResonance(int id, double m, double y) {
    return ev.add(id, EventRecord.FINAL, 0, 0, 0, m * Math.sinh(y), m * Math.cosh(y), m);
  }

  /**
   * Records a sampled 2 -> 2 event: incoming partons, outgoing 3 and 4 with masses m3, m4 (the sampled
   * equal-mass momenta rescaled along their direction in the c.m. frame for other masses), in the lab.
   * Writes the record indices of partons 1..4 to the returned array.
   */
  int[] twoToTwo(TwoToTwoSampler.Point p, double m3, double m4) {
    TwoToTwo.State st = p.state;
    double ys = 0.5 * (p.y3 - p.y4);
    double yc = 0.5 * (p.y3 + p.y4);
    double sh = Math.sqrt(p.s);
    double mt0 = Math.sqrt(p.pt * p.pt + p.mass * p.mass);
    // direction of parton 3 in the c.m. frame from the sampled (equal-mass) kinematics
    double px = p.pt * Math.cos(p.phi);
    double py = p.pt * Math.sin(p.phi);
    double pz = mt0 * Math.sinh(ys);
    double pabs = Math.sqrt(px * px + py * py + pz * pz);
    double q = Lorentz.twoBodyMomentum(sh, m3, m4);
    double f = q / pabs;
    double e3 = Math.sqrt(q * q + m3 * m3);
    double e4 = Math.sqrt(q * q + m4 * m4);
    double ch = Math.cosh(yc);
    double shy = Math.sinh(yc);
    int a = addIncoming(st.id[0], st.id[1], p.x1, p.x2);
    int i3 = ev.add(st.id[2], EventRecord.FINAL, a, f * px, f * py, f * pz * ch + e3 * shy, e3 * ch + f * pz * shy, m3);
    int i4 = ev.add(st.id[3], EventRecord.FINAL, a, -f * px, -f * py, -f * pz * ch + e4 * shy, e4 * ch - f * pz * shy,
        m4);
    twoToTwoOut[0] = a;
    twoToTwoOut[1] = a + 1;
    twoToTwoOut[2] = i3;
    twoToTwoOut[3] = i4;
    return twoToTwoOut;
  }

  /**
   * The shower's maximum opening angle for outgoing parton k (2 = parton 3, 3 = parton 4) of a 2 -> 2
   * event: the angle, in the c.m. frame, to its colour partner (one of two drawn at random for a gluon),
   * the incoming partons moving along +-z; pi when it has none.
   */
  double coherenceAngle(TwoToTwo.State st, int k, int[] idx) {
    int n = st.partners(k, partners);
    if (n == 0) {
      return Math.PI;
    }
    int partner = n == 1 ? partners[0] : partners[r.nextBoolean() ? 0 : 1];
    if (partner >= 2) {
      return Math.PI; // the other outgoing parton: back to back in the c.m. frame
    }
    int i = idx[k];
    double fx = ev.px[idx[0]] + ev.px[idx[1]];
    double fy = ev.py[idx[0]] + ev.py[idx[1]];
    double fz = ev.pz[idx[0]] + ev.pz[idx[1]];
    double fe = ev.e[idx[0]] + ev.e[idx[1]];
    double fm = Lorentz.mass(fx, fy, fz, fe);
    Lorentz.toRest(ev.px[i], ev.py[i], ev.pz[i], ev.e[i], fx, fy, fz, fe, fm, v, 0);
    double cos = v[2] / Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return Math.acos(partner == 0 ? cos : -cos);
  }

  /**
   * Two-body decay of {@code parent} into (idB, mB) and (idC, mC) with daughter B at polar angle
   * acos(cosTheta) and uniform azimuth, the axis being the parent's flight direction in the rest frame
   * of entry {@code frame} (frame == parent: the beam axis in the parent's rest frame). Returns the index
   * of daughter B (C follows it).
   */
  int decay(int parent, int frame, int idB, double mB, int idC, double mC, double cosTheta) {
    double phi = 2 * Math.PI * r.nextDouble();
    double fx = ev.px[frame];
    double fy = ev.py[frame];
    double fz = ev.pz[frame];
    double fe = ev.e[frame];
    double fm = ev.m[frame];
    double m = ev.m[parent];
    double qx = 0;
    double qy = 0;
    double qz = 0;
    double qe = m;
    if (frame != parent) {
      Lorentz.toRest(ev.px[parent], ev.py[parent], ev.pz[parent], ev.e[parent], fx, fy, fz, fe, fm, v, 8);
      qx = v[8];
      qy = v[9];
      qz = v[10];
      qe = v[11];
    }
    Lorentz.twoBodyDecay(qx, qy, qz, qe, m, mB, mC, cosTheta, phi, v, 0, scratch);
    Lorentz.fromRest(v[0], v[1], v[2], v[3], fx, fy, fz, fe, fm, v, 8);
    int b = ev.add(idB, EventRecord.FINAL, parent, v, 8, mB);
    Lorentz.fromRest(v[4], v[5], v[6], v[7], fx, fy, fz, fe, fm, v, 8);
    int c = ev.add(idC, EventRecord.FINAL, parent, v, 8, mC);
    ev.setDaughters(parent, b, c);
    return b;
  }

  /** Decays a colour singlet to q qbar of flavour f (axis as in {@link #decay}) and showers the pair. */
  void decayToQuarksAndShower(int parent, int frame, int f, double cosTheta) {
    int q = decay(parent, frame, f, 0, -f, 0, cosTheta);
    shower.showerSystem(ev, q, q + 1, Math.PI, Math.PI, r);
  }

  /** W+ -> u dbar or c sbar, W- -> d ubar or s cbar (1:1), polar angle to the W direction in frame's rest frame. */
  void decayWAndShower(int w, int frame, double cosTheta) {
    boolean second = r.nextBoolean();
    int up = second ? Pid.C : Pid.U;
    int down = second ? Pid.S : Pid.D;
    int q = ev.id[w] > 0 ? decay(w, frame, up, 0, -down, 0, cosTheta) : decay(w, frame, down, 0, -up, 0, cosTheta);
    shower.showerSystem(ev, q, q + 1, Math.PI, Math.PI, r);
  }

  /** A W mass from its Breit-Wigner within m_W +- 25 GeV and below {@code max}. */
  double wMass(double max) {
    double hi = Math.min(Pid.M_W + 25, max);
    return Decays.breitWigner(Pid.M_W, Pid.GAMMA_W, Pid.M_W - 25, hi, r);
  }
}
