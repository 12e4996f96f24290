package org.nphunt.physics.jets.event;

import java.util.Arrays;

/**
 * One event of the jet-level generator as growable primitive arrays (no per-particle objects):
 * entry i has a PDG code {@link #id}, a {@link #status}, a mother and a daughter range, and a
 * four-momentum (px, py, pz, e) with mass m, in GeV, in the laboratory frame (z along beam 1) once
 * each generation step has finished.
 *
 * <p>Status codes: {@link #INCOMING} for the two incoming partons of the hard process,
 * {@link #DECAYED} for particles that decayed or branched (their daughters carry the momentum),
 * {@link #FINAL} for particles present at the end of the current step. Four-momentum is conserved
 * from step to step: the sum over {@code FINAL} entries always equals the sum over the incoming
 * partons (tested event by event).
 *
 * <p>The {@code sh*} arrays are scratch space of the parton shower (one value per entry). Not
 * thread-safe: one record per thread, {@link #reset()} per event.
 */
public final class EventRecord {
  public static final int INCOMING = -1;
  public static final int DECAYED = 2;
  public static final int FINAL = 1;

  /** Number of entries. */
  public int size;
  public int[] id;
  public int[] status;
  public int[] mother;
  /** First and last daughter (inclusive), -1 when none. */
  public int[] daughter1;
  public int[] daughter2;
  public double[] px;
  public double[] py;
  public double[] pz;
  public double[] e;
  public double[] m;
  /** Shower scratch: maximum virtuality squared for the next branching [GeV^2]. */
  public double[] shT;
  /** Shower scratch: energy fraction z of the parton's branching. */
  public double[] shZ;
  /** Shower scratch: opening angle of the parton's branching [rad]. */
  public double[] shTheta;
  /** Shower scratch: splitting kind of the parton's branching (see the shower). */
  public int[] shKind;

  public EventRecord() {
    this(512);
  }

  public EventRecord(int capacity) {
    allocate(Math.max(16, capacity));
  }

  private void allocate(int n) {
    id = new int[n];
    status = new int[n];
    mother = new int[n];
    daughter1 = new int[n];
    daughter2 = new int[n];
    px = new double[n];
    py = new double[n];
    pz = new double[n];
    e = new double[n];
    m = new double[n];
    shT = new double[n];
    shZ = new double[n];
    shTheta = new double[n];
    shKind = new int[n];
  }

  /** Empties the record (capacity is kept). */
  public void reset() {
    size = 0;
  }

  /** Capacity for at least {@code n} entries. */
  public void ensure(int n) {
    if (n <= id.length) {
      return;
    }
    int cap = Math.max(n, 2 * id.length);
    id = Arrays.copyOf(id, cap);
    status = Arrays.copyOf(status, cap);
    mother = Arrays.copyOf(mother, cap);
    daughter1 = Arrays.copyOf(daughter1, cap);
    daughter2 = Arrays.copyOf(daughter2, cap);
    px = Arrays.copyOf(px, cap);
    py = Arrays.copyOf(py, cap);
    pz = Arrays.copyOf(pz, cap);
    e = Arrays.copyOf(e, cap);
    m = Arrays.copyOf(m, cap);
    shT = Arrays.copyOf(shT, cap);
    shZ = Arrays.copyOf(shZ, cap);
    shTheta = Arrays.copyOf(shTheta, cap);
    shKind = Arrays.copyOf(shKind, cap);
  }

  /** Appends an entry and returns its index; daughters unset, shower scratch cleared. */
  public int add(int pid, int st, int mot, double x, double y, double z, double en, double mass) {
    ensure(size + 1);
    int i = size++;
    id[i] = pid;
    status[i] = st;
    mother[i] = mot;
    daughter1[i] = -1;
    daughter2[i] = -1;
    px[i] = x;
    py[i] = y;
    pz[i] = z;
    e[i] = en;
    m[i] = mass;
    shT[i] = 0;
    shZ[i] = 0;
    shTheta[i] = 0;
    shKind[i] = 0;
    return i;
  }

  /** Appends an entry with the momentum out[o..o+3] = (px, py, pz, e). */
  public int add(int pid, int st, int mot, double[] p4, int o, double mass) {
    return add(pid, st, mot, p4[o], p4[o + 1], p4[o + 2], p4[o + 3], mass);
  }

  /** Sets the momentum of entry i. */
  public void setMomentum(int i, double x, double y, double z, double en) {
    px[i] = x;
    py[i] = y;
    pz[i] = z;
    e[i] = en;
  }

  /** Marks {@code parent} as decayed into the entries [first, last]. */
  public void setDaughters(int parent, int first, int last) {
    status[parent] = DECAYED;
    daughter1[parent] = first;
    daughter2[parent] = last;
  }

  /** Transverse momentum of entry i. */
  public double pt(int i) {
    return Math.sqrt(px[i] * px[i] + py[i] * py[i]);
  }

  /** Sum of the four-momenta of entries with the given status, into out[0..3]. */
  public void sum(int st, double[] out) {
    double x = 0;
    double y = 0;
    double z = 0;
    double en = 0;
    for (int i = 0; i < size; i++) {
      if (status[i] == st) {
        x += px[i];
        y += py[i];
        z += pz[i];
        en += e[i];
      }
    }
    out[0] = x;
    out[1] = y;
    out[2] = z;
    out[3] = en;
  }

  /** Number of entries with the given status. */
  public int count(int st) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (status[i] == st) {
        n++;
      }
    }
    return n;
  }
}
