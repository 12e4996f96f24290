package org.nphunt.jet;

import java.util.Arrays;

/**
 * Sequential-recombination clustering (kT, Cambridge/Aachen, anti-kT; E-scheme) of one event, with
 * the full clustering history, reusable from event to event without allocation.
 *
 * <p>Definitions follow FastJet 3.4 exactly (Cacciari, Salam, Soyez, arXiv:0802.1189; FastJet
 * manual arXiv:1111.6097; tiled N^2 algorithm hep-ph/0512210): distances in rapidity and azimuth
 * ({@link FourMomenta}), {@code d_ij = min(kt_i^2p, kt_j^2p) DeltaR_ij^2 / R^2}, {@code d_iB =
 * kt_i^2p}; a pair is a candidate only when {@code DeltaR_ij^2 < R^2} strictly; at each step the
 * smallest distance wins, ties going to the first candidate in FastJet's iteration order (the N2Plain
 * and N2Tiled loops are mirrored step by step, see {@link ClusterStrategy}). Merged objects are the
 * sums of the four-momenta (E-scheme), so massive inputs and massive jets are handled as in FastJet.
 *
 * <p><b>Indices.</b> Pseudojets (particles, intermediate and final jets) are numbered as FastJet's
 * {@code ClusterSequence::jets()}: the {@code n} input particles are 0..n-1 in input order, each
 * merge appends one. History steps are numbered as {@code ClusterSequence::history()}: 0..n-1 are the
 * inputs, then one step per merge or beam recombination ({@code 2n} steps in all); a step's parents
 * are history indices ({@link #NO_PARENT} for inputs, {@link #BEAM} as parent2 of a beam step).
 * Constituents of a jet are the input indices of its particles.
 *
 * <p><b>Reuse.</b> One instance holds growable working arrays; {@code cluster(...)} resets it, so a
 * loop over a million events allocates only when an event is larger than all before it. Results are
 * valid until the next {@code cluster(...)}. Not thread-safe: use one instance per thread.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * ClusterSequence cs = new ClusterSequence();
 * int[] jets = new int[maxParticles];
 * cs.clusterPtEtaPhi(JetDefinition.antiKt(1.0), pt, eta, phi, n);
 * int nJets = cs.inclusiveJets(20.0, jets);          // pT-ordered, pT >= 20 GeV
 * double m1 = cs.m(jets[0]);
 * }</pre>
 */
public final class ClusterSequence {
  /** parent2 of a beam-recombination step (FastJet's {@code BeamJet}). */
  public static final int BEAM = -1;
  /** Parent of an input particle's history step (FastJet's {@code InexistentParent}). */
  public static final int NO_PARENT = -2;
  /** Child of an object not yet merged, jet of a beam step (FastJet's {@code Invalid}). */
  public static final int INVALID = -3;

  private static final double TWO_PI = FourMomenta.TWO_PI;
  private static final int NB = 9; // FastJet's n_tile_neighbours

  // definition of the current clustering
  private JetDefinition definition;
  private JetAlgorithm algorithm;
  private double r2;
  private double invR2;
  private ClusterStrategy strategyUsed;
  private int nInitial;

  // pseudojets
  private double[] jPx = new double[0];
  private double[] jPy = new double[0];
  private double[] jPz = new double[0];
  private double[] jE = new double[0];
  private double[] jKt2 = new double[0];
  private double[] jRap = new double[0];
  private double[] jPhi = new double[0];
  private int[] jHist = new int[0];
  private int nJets;

  // history
  private int[] hParent1 = new int[0];
  private int[] hParent2 = new int[0];
  private int[] hChild = new int[0];
  private int[] hJet = new int[0];
  private double[] hDij = new double[0];
  private double[] hMaxDij = new double[0];
  private int nHist;

  // brief-jet slots (FastJet's BriefJet / TiledJet)
  private double[] bjEta = new double[0];
  private double[] bjPhi = new double[0];
  private double[] bjKt2 = new double[0];
  private double[] bjNNDist = new double[0];
  private int[] bjNN = new int[0];
  private int[] bjJet = new int[0];
  private int[] bjTile = new int[0];
  private int[] bjPrev = new int[0];
  private int[] bjNext = new int[0];
  private int[] bjDiJPos = new int[0];
  private double[] diJ = new double[0];
  private int[] diJSlot = new int[0];

  // tiles
  private double tileSizeEta;
  private double tileSizePhi;
  private int nTilesPhi;
  private int tilesIetaMin;
  private int tilesIetaMax;
  private double tilesEtaMin;
  private double tilesEtaMax;
  private int nTiles;
  private int[] tileHead = new int[0];
  private boolean[] tileTagged = new boolean[0];
  private int[] tileNb = new int[0];
  private int[] tileRhStart = new int[0];
  private int[] tileNbEnd = new int[0];
  private final int[] tileUnion = new int[3 * NB];
  private final double[] rapCounts = new double[40];

  // scratch
  private int[] stack = new int[0];
  private int[] subhist = new int[0];

  /** An empty sequence; call one of the {@code cluster} methods. */
  public ClusterSequence() {}

  // ------------------------------------------------------------------ clustering

  /**
   * Clusters massless particles given as (pT [GeV], pseudorapidity, azimuth), with four-momenta
   * {@code (pT cos phi, pT sin phi, pT sinh eta, pT cosh eta)}. Index i of the arrays is particle i.
   *
   * @throws IllegalArgumentException if n is negative or exceeds an array, a value is not finite or a
   *     pT is negative
   */
  public void clusterPtEtaPhi(JetDefinition def, double[] pt, double[] eta, double[] phi, int n) {
    checkLength(n, pt.length, "pt");
    checkLength(n, eta.length, "eta");
    checkLength(n, phi.length, "phi");
    ensureCapacity(n);
    for (int i = 0; i < n; i++) {
      double p = pt[i];
      double h = eta[i];
      double f = phi[i];
      if (!Double.isFinite(p) || !Double.isFinite(h) || !Double.isFinite(f) || p < 0) {
        throw new IllegalArgumentException("particle " + i + ": (pt, eta, phi) = (" + p + ", " + h + ", " + f
            + ") (values must be finite, pt >= 0)");
      }
      jPx[i] = p * Math.cos(f);
      jPy[i] = p * Math.sin(f);
      jPz[i] = p * Math.sinh(h);
      jE[i] = p * Math.cosh(h);
    }
    run(def, ClusterStrategy.BEST, n);
  }

  /** {@link #cluster(JetDefinition, ClusterStrategy, double[], double[], double[], double[], int)} with {@link ClusterStrategy#BEST}. */
  public void cluster(JetDefinition def, double[] px, double[] py, double[] pz, double[] e, int n) {
    cluster(def, ClusterStrategy.BEST, px, py, pz, e, n);
  }

  /**
   * Clusters n particles given by their four-momenta (px, py, pz, E) in GeV.
   *
   * @throws IllegalArgumentException if n is negative or exceeds an array, or a value is not finite
   */
  public void cluster(JetDefinition def, ClusterStrategy strategy, double[] px, double[] py, double[] pz,
      double[] e, int n) {
    checkLength(n, px.length, "px");
    checkLength(n, py.length, "py");
    checkLength(n, pz.length, "pz");
    checkLength(n, e.length, "e");
    ensureCapacity(n);
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(px[i]) || !Double.isFinite(py[i]) || !Double.isFinite(pz[i]) || !Double.isFinite(e[i])) {
        throw new IllegalArgumentException("particle " + i + ": (px, py, pz, E) = (" + px[i] + ", " + py[i] + ", "
            + pz[i] + ", " + e[i] + ") (values must be finite)");
      }
    }
    System.arraycopy(px, 0, jPx, 0, n);
    System.arraycopy(py, 0, jPy, 0, n);
    System.arraycopy(pz, 0, jPz, 0, n);
    System.arraycopy(e, 0, jE, 0, n);
    run(def, strategy, n);
  }

  private static void checkLength(int n, int length, String name) {
    if (n < 0 || n > length) {
      throw new IllegalArgumentException("n must be in [0, " + name + ".length = " + length + "], found " + n);
    }
  }

  private void ensureCapacity(int n) {
    int nj = Math.max(2 * n, 1);
    if (jPx.length < nj) {
      int cap = Math.max(nj, jPx.length + jPx.length / 2);
      jPx = new double[cap];
      jPy = new double[cap];
      jPz = new double[cap];
      jE = new double[cap];
      jKt2 = new double[cap];
      jRap = new double[cap];
      jPhi = new double[cap];
      jHist = new int[cap];
      hParent1 = new int[cap];
      hParent2 = new int[cap];
      hChild = new int[cap];
      hJet = new int[cap];
      hDij = new double[cap];
      hMaxDij = new double[cap];
      stack = new int[cap];
      subhist = new int[cap];
      int slots = cap / 2 + 1;
      bjEta = new double[slots];
      bjPhi = new double[slots];
      bjKt2 = new double[slots];
      bjNNDist = new double[slots];
      bjNN = new int[slots];
      bjJet = new int[slots];
      bjTile = new int[slots];
      bjPrev = new int[slots];
      bjNext = new int[slots];
      bjDiJPos = new int[slots];
      diJ = new double[slots];
      diJSlot = new int[slots];
    }
  }

  /** Inputs are in jPx..jE[0..n-1]. */
  private void run(JetDefinition def, ClusterStrategy strategy, int n) {
    if (def == null) {
      throw new IllegalArgumentException("jet definition must not be null");
    }
    if (strategy == null) {
      throw new IllegalArgumentException("strategy must not be null");
    }
    this.definition = def;
    this.algorithm = def.algorithm();
    double r = def.r();
    this.r2 = r * r;
    this.invR2 = 1.0 / r2;
    this.nInitial = n;
    this.nJets = n;
    this.nHist = n;
    for (int i = 0; i < n; i++) {
      setKinematics(i);
      jHist[i] = i;
      hParent1[i] = NO_PARENT;
      hParent2[i] = NO_PARENT;
      hChild[i] = INVALID;
      hJet[i] = i;
      hDij[i] = 0.0;
      hMaxDij[i] = 0.0;
    }
    if (strategy == ClusterStrategy.BEST) {
      strategy = n <= 30 ? ClusterStrategy.N2_PLAIN : ClusterStrategy.N2_TILED;
    }
    this.strategyUsed = strategy;
    if (n == 0) {
      return;
    }
    if (strategy == ClusterStrategy.N2_PLAIN) {
      plainN2();
    } else {
      tiledN2();
    }
  }

  private void setKinematics(int j) {
    double px = jPx[j];
    double py = jPy[j];
    jKt2[j] = px * px + py * py;
    jRap[j] = FourMomenta.rapidity(px, py, jPz[j], jE[j]);
    jPhi[j] = FourMomenta.phi02pi(px, py);
  }

  // ------------------------------------------------------------------ history bookkeeping

  /** FastJet's {@code _do_ij_recombination_step}; returns the new pseudojet's index. */
  private int recombine(int jetI, int jetJ, double dij) {
    int k = nJets++;
    jPx[k] = jPx[jetI] + jPx[jetJ];
    jPy[k] = jPy[jetI] + jPy[jetJ];
    jPz[k] = jPz[jetI] + jPz[jetJ];
    jE[k] = jE[jetI] + jE[jetJ];
    setKinematics(k);
    jHist[k] = nHist;
    int hi = jHist[jetI];
    int hj = jHist[jetJ];
    addStep(Math.min(hi, hj), Math.max(hi, hj), k, dij);
    return k;
  }

  /** FastJet's {@code _do_iB_recombination_step}. */
  private void recombineWithBeam(int jetI, double diB) {
    addStep(jHist[jetI], BEAM, INVALID, diB);
  }

  private void addStep(int parent1, int parent2, int jet, double dij) {
    int s = nHist++;
    hParent1[s] = parent1;
    hParent2[s] = parent2;
    hJet[s] = jet;
    hChild[s] = INVALID;
    hDij[s] = dij;
    hMaxDij[s] = Math.max(dij, hMaxDij[s - 1]);
    if (hChild[parent1] != INVALID) {
      throw new IllegalStateException("history step " + parent1 + " recombined twice");
    }
    hChild[parent1] = s;
    if (parent2 >= 0) {
      if (hChild[parent2] != INVALID) {
        throw new IllegalStateException("history step " + parent2 + " recombined twice");
      }
      hChild[parent2] = s;
    }
  }

  // ------------------------------------------------------------------ brief jets

  private void setBriefJet(int slot, int jet) {
    bjEta[slot] = jRap[jet];
    bjPhi[slot] = jPhi[jet];
    bjKt2[slot] = algorithm.scale(jKt2[jet]);
    bjJet[slot] = jet;
    bjNNDist[slot] = r2;
    bjNN[slot] = -1;
  }

  private double dist(int a, int b) {
    double dphi = Math.abs(bjPhi[a] - bjPhi[b]);
    double deta = bjEta[a] - bjEta[b];
    if (dphi > Math.PI) {
      dphi = TWO_PI - dphi;
    }
    return dphi * dphi + deta * deta;
  }

  private double briefDiJ(int slot) {
    double kt2 = bjKt2[slot];
    int nn = bjNN[slot];
    if (nn >= 0 && bjKt2[nn] < kt2) {
      kt2 = bjKt2[nn];
    }
    return bjNNDist[slot] * kt2;
  }

  // ------------------------------------------------------------------ N2Plain

  /** Mirrors FastJet 3.4's {@code ClusterSequence::_simple_N2_cluster<BriefJet>}. */
  private void plainN2() {
    int n = nInitial;
    for (int i = 0; i < n; i++) {
      setBriefJet(i, i);
    }
    int tail = n;
    for (int a = 1; a < tail; a++) {
      setNNCrosscheck(a, a);
    }
    for (int i = 0; i < n; i++) {
      diJ[i] = briefDiJ(i);
    }
    while (tail != 0) {
      double diJMin = diJ[0];
      int minJet = 0;
      for (int i = 1; i < n; i++) {
        if (diJ[i] < diJMin) {
          minJet = i;
          diJMin = diJ[i];
        }
      }
      int jetA = minJet;
      int jetB = bjNN[jetA];
      diJMin *= invR2;
      if (jetB >= 0) {
        if (jetA < jetB) {
          int t = jetA;
          jetA = jetB;
          jetB = t;
        }
        int nn = recombine(bjJet[jetA], bjJet[jetB], diJMin);
        setBriefJet(jetB, nn);
      } else {
        recombineWithBeam(bjJet[jetA], diJMin);
      }
      tail--;
      n--;
      copySlot(tail, jetA);
      diJ[jetA] = diJ[tail];
      for (int jetI = 0; jetI < tail; jetI++) {
        if (bjNN[jetI] == jetA || bjNN[jetI] == jetB) {
          setNNNocross(jetI, tail);
          diJ[jetI] = briefDiJ(jetI);
        }
        if (jetB >= 0) {
          double d = dist(jetI, jetB);
          if (d < bjNNDist[jetI]) {
            if (jetI != jetB) {
              bjNNDist[jetI] = d;
              bjNN[jetI] = jetB;
              diJ[jetI] = briefDiJ(jetI);
            }
          }
          if (d < bjNNDist[jetB]) {
            if (jetI != jetB) {
              bjNNDist[jetB] = d;
              bjNN[jetB] = jetI;
            }
          }
        }
        if (bjNN[jetI] == tail) {
          bjNN[jetI] = jetA;
        }
      }
      if (jetB >= 0) {
        diJ[jetB] = briefDiJ(jetB);
      }
    }
  }

  private void copySlot(int from, int to) {
    bjEta[to] = bjEta[from];
    bjPhi[to] = bjPhi[from];
    bjKt2[to] = bjKt2[from];
    bjNNDist[to] = bjNNDist[from];
    bjNN[to] = bjNN[from];
    bjJet[to] = bjJet[from];
  }

  /** FastJet's {@code _bj_set_NN_crosscheck(jet, head, tail)} with head = slot 0. */
  private void setNNCrosscheck(int jet, int tail) {
    double nnDist = r2;
    int nn = -1;
    for (int b = 0; b < tail; b++) {
      double d = dist(jet, b);
      if (d < nnDist) {
        nnDist = d;
        nn = b;
      }
      if (d < bjNNDist[b]) {
        bjNNDist[b] = d;
        bjNN[b] = jet;
      }
    }
    bjNN[jet] = nn;
    bjNNDist[jet] = nnDist;
  }

  /** FastJet's {@code _bj_set_NN_nocross(jet, head, tail)} with head = slot 0. */
  private void setNNNocross(int jet, int tail) {
    double nnDist = r2;
    int nn = -1;
    for (int b = 0; b < jet; b++) {
      double d = dist(jet, b);
      if (d < nnDist) {
        nnDist = d;
        nn = b;
      }
    }
    for (int b = jet + 1; b < tail; b++) {
      double d = dist(jet, b);
      if (d < nnDist) {
        nnDist = d;
        nn = b;
      }
    }
    bjNN[jet] = nn;
    bjNNDist[jet] = nnDist;
  }

  // ------------------------------------------------------------------ N2Tiled

  /**
   * Mirrors FastJet 3.4's {@code ClusterSequence::_faster_tiled_N2_cluster}. The hot loops read the
   * working arrays through locals and inline {@link #dist} (same arithmetic, so the same bits): the
   * JIT cannot otherwise prove that the arrays do not alias and reloads them after every store.
   */
  private void tiledN2() {
    initialiseTiles();
    final double[] eta = bjEta;
    final double[] phi = bjPhi;
    final double[] nnDist = bjNNDist;
    final int[] nnOf = bjNN;
    final int[] next = bjNext;
    final int[] head = tileHead;
    final int[] nb = tileNb;
    final int[] nbEnd = tileNbEnd;
    final double[] dij = diJ;
    final int[] dijPos = bjDiJPos;
    final double pi = Math.PI;
    final double twoPi = TWO_PI;
    int n = nInitial;
    for (int i = 0; i < n; i++) {
      setTiledJet(i, i);
    }
    // initial nearest neighbours: own tile, then right-hand tiles
    for (int t = 0; t < nTiles; t++) {
      for (int a = head[t]; a >= 0; a = next[a]) {
        double ea = eta[a];
        double fa = phi[a];
        for (int b = head[t]; b != a; b = next[b]) {
          double dphi = Math.abs(fa - phi[b]);
          double deta = ea - eta[b];
          if (dphi > pi) {
            dphi = twoPi - dphi;
          }
          double d = dphi * dphi + deta * deta;
          if (d < nnDist[a]) {
            nnDist[a] = d;
            nnOf[a] = b;
          }
          if (d < nnDist[b]) {
            nnDist[b] = d;
            nnOf[b] = a;
          }
        }
      }
      int end = t * NB + nbEnd[t];
      for (int k = t * NB + tileRhStart[t]; k < end; k++) {
        int rt = nb[k];
        for (int a = head[t]; a >= 0; a = next[a]) {
          double ea = eta[a];
          double fa = phi[a];
          for (int b = head[rt]; b >= 0; b = next[b]) {
            double dphi = Math.abs(fa - phi[b]);
            double deta = ea - eta[b];
            if (dphi > pi) {
              dphi = twoPi - dphi;
            }
            double d = dphi * dphi + deta * deta;
            if (d < nnDist[a]) {
              nnDist[a] = d;
              nnOf[a] = b;
            }
            if (d < nnDist[b]) {
              nnDist[b] = d;
              nnOf[b] = a;
            }
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      dij[i] = briefDiJ(i);
      diJSlot[i] = i;
      dijPos[i] = i;
    }
    int oldBTile = 0;
    while (n > 0) {
      int best = 0;
      double diJMin = dij[0];
      for (int k = 1; k < n; k++) {
        if (dij[k] < diJMin) {
          best = k;
          diJMin = dij[k];
        }
      }
      int jetA = diJSlot[best];
      int jetB = nnOf[jetA];
      diJMin *= invR2;
      if (jetB >= 0) {
        if (jetA < jetB) {
          int t = jetA;
          jetA = jetB;
          jetB = t;
        }
        int nn = recombine(bjJet[jetA], bjJet[jetB], diJMin);
        removeFromTiles(jetA);
        oldBTile = bjTile[jetB];
        removeFromTiles(jetB);
        setTiledJet(jetB, nn);
      } else {
        recombineWithBeam(bjJet[jetA], diJMin);
        removeFromTiles(jetA);
      }

      int nNear = addUntaggedNeighbours(bjTile[jetA], 0);
      if (jetB >= 0) {
        if (bjTile[jetB] != bjTile[jetA]) {
          nNear = addUntaggedNeighbours(bjTile[jetB], nNear);
        }
        if (oldBTile != bjTile[jetA] && oldBTile != bjTile[jetB]) {
          nNear = addUntaggedNeighbours(oldBTile, nNear);
        }
      }

      n--;
      int lastSlot = diJSlot[n];
      int posA = dijPos[jetA];
      dijPos[lastSlot] = posA;
      dij[posA] = dij[n];
      diJSlot[posA] = lastSlot;

      final boolean hasB = jetB >= 0;
      final double eB = hasB ? eta[jetB] : 0.0;
      final double fB = hasB ? phi[jetB] : 0.0;
      for (int it = 0; it < nNear; it++) {
        int tile = tileUnion[it];
        tileTagged[tile] = false;
        for (int jetI = head[tile]; jetI >= 0; jetI = next[jetI]) {
          int nnI = nnOf[jetI];
          if (nnI == jetA || (hasB && nnI == jetB)) {
            double eI = eta[jetI];
            double fI = phi[jetI];
            double best2 = r2;
            int bestJ = -1;
            int end = tile * NB + nbEnd[tile];
            for (int k = tile * NB; k < end; k++) {
              for (int jetJ = head[nb[k]]; jetJ >= 0; jetJ = next[jetJ]) {
                double dphi = Math.abs(fI - phi[jetJ]);
                double deta = eI - eta[jetJ];
                if (dphi > pi) {
                  dphi = twoPi - dphi;
                }
                double d = dphi * dphi + deta * deta;
                if (d < best2 && jetJ != jetI) {
                  best2 = d;
                  bestJ = jetJ;
                }
              }
            }
            nnDist[jetI] = best2;
            nnOf[jetI] = bestJ;
            dij[dijPos[jetI]] = briefDiJ(jetI);
          }
          if (hasB) {
            double dphi = Math.abs(phi[jetI] - fB);
            double deta = eta[jetI] - eB;
            if (dphi > pi) {
              dphi = twoPi - dphi;
            }
            double d = dphi * dphi + deta * deta;
            if (d < nnDist[jetI]) {
              if (jetI != jetB) {
                nnDist[jetI] = d;
                nnOf[jetI] = jetB;
                dij[dijPos[jetI]] = briefDiJ(jetI);
              }
            }
            if (d < nnDist[jetB]) {
              if (jetI != jetB) {
                nnDist[jetB] = d;
                nnOf[jetB] = jetI;
              }
            }
          }
        }
      }
      if (hasB) {
        dij[dijPos[jetB]] = briefDiJ(jetB);
      }
    }
  }

  private void setTiledJet(int slot, int jet) {
    setBriefJet(slot, jet);
    int tile = tileIndex(bjEta[slot], bjPhi[slot]);
    bjTile[slot] = tile;
    bjPrev[slot] = -1;
    int next = tileHead[tile];
    bjNext[slot] = next;
    if (next >= 0) {
      bjPrev[next] = slot;
    }
    tileHead[tile] = slot;
  }

  private void removeFromTiles(int slot) {
    int prev = bjPrev[slot];
    int next = bjNext[slot];
    if (prev < 0) {
      tileHead[bjTile[slot]] = next;
    } else {
      bjNext[prev] = next;
    }
    if (next >= 0) {
      bjPrev[next] = prev;
    }
  }

  private int addUntaggedNeighbours(int tile, int nNear) {
    int end = tile * NB + tileNbEnd[tile];
    for (int k = tile * NB; k < end; k++) {
      int t = tileNb[k];
      if (!tileTagged[t]) {
        tileTagged[t] = true;
        tileUnion[nNear++] = t;
      }
    }
    return nNear;
  }

  private int tileIndex(double eta, double phi) {
    int ieta;
    if (eta <= tilesEtaMin) {
      ieta = 0;
    } else if (eta >= tilesEtaMax) {
      ieta = tilesIetaMax - tilesIetaMin;
    } else {
      ieta = (int) ((eta - tilesEtaMin) / tileSizeEta);
      if (ieta > tilesIetaMax - tilesIetaMin) {
        ieta = tilesIetaMax - tilesIetaMin;
      }
    }
    int iphi = (int) ((phi + TWO_PI) / tileSizePhi) % nTilesPhi;
    return iphi + ieta * nTilesPhi;
  }

  private int tileIndex(int ieta, int iphi) {
    return (ieta - tilesIetaMin) * nTilesPhi + (iphi + nTilesPhi) % nTilesPhi;
  }

  /** Mirrors FastJet 3.4's {@code _initialise_tiles} with its {@code TilingExtent}. */
  private void initialiseTiles() {
    double defaultSize = Math.max(0.1, definition.r());
    tileSizeEta = defaultSize;
    nTilesPhi = Math.max(3, (int) Math.floor(TWO_PI / defaultSize));
    tileSizePhi = TWO_PI / nTilesPhi;
    tilingExtent();
    tilesIetaMin = (int) Math.floor(tilesEtaMin / tileSizeEta);
    tilesIetaMax = (int) Math.floor(tilesEtaMax / tileSizeEta);
    tilesEtaMin = tilesIetaMin * tileSizeEta;
    tilesEtaMax = tilesIetaMax * tileSizeEta;
    nTiles = (tilesIetaMax - tilesIetaMin + 1) * nTilesPhi;
    if (tileHead.length < nTiles) {
      int cap = Math.max(nTiles, tileHead.length * 2);
      tileHead = new int[cap];
      tileTagged = new boolean[cap];
      tileNb = new int[cap * NB];
      tileRhStart = new int[cap];
      tileNbEnd = new int[cap];
    }
    for (int ieta = tilesIetaMin; ieta <= tilesIetaMax; ieta++) {
      for (int iphi = 0; iphi < nTilesPhi; iphi++) {
        int t = tileIndex(ieta, iphi);
        tileHead[t] = -1;
        int base = t * NB;
        int k = 0;
        tileNb[base + k++] = t;
        if (ieta > tilesIetaMin) {
          for (int idphi = -1; idphi <= 1; idphi++) {
            tileNb[base + k++] = tileIndex(ieta - 1, iphi + idphi);
          }
        }
        tileNb[base + k++] = tileIndex(ieta, iphi - 1);
        tileRhStart[t] = k;
        tileNb[base + k++] = tileIndex(ieta, iphi + 1);
        if (ieta < tilesIetaMax) {
          for (int idphi = -1; idphi <= 1; idphi++) {
            tileNb[base + k++] = tileIndex(ieta + 1, iphi + idphi);
          }
        }
        tileNbEnd[t] = k;
        tileTagged[t] = false;
      }
    }
  }

  /**
   * FastJet 3.4's {@code TilingExtent::_determine_rapidity_extent}: the rapidity range of the
   * tiling, trimmed so that sparsely populated extremes share the outermost tiles. Sets
   * tilesEtaMin/Max.
   */
  private void tilingExtent() {
    final int nrap = 20;
    final int nbins = 2 * nrap;
    double[] counts = rapCounts;
    Arrays.fill(counts, 0.0);
    double minrap = Double.MAX_VALUE;
    double maxrap = -Double.MAX_VALUE;
    int counted = 0;
    for (int i = 0; i < nInitial; i++) {
      if (jE[i] == Math.abs(jPz[i])) {
        continue;
      }
      double rap = jRap[i];
      if (rap < minrap) {
        minrap = rap;
      }
      if (rap > maxrap) {
        maxrap = rap;
      }
      int ibin = (int) (rap + nrap);
      if (ibin < 0) {
        ibin = 0;
      }
      if (ibin >= nbins) {
        ibin = nbins - 1;
      }
      counts[ibin]++;
      counted++;
    }
    if (counted == 0) {
      // only objects with E == |pz| (FastJet's behaviour is undefined here): one central tile row
      tilesEtaMin = 0;
      tilesEtaMax = 0;
      return;
    }
    double maxInBin = 0;
    for (int ibin = 0; ibin < nbins; ibin++) {
      if (maxInBin < counts[ibin]) {
        maxInBin = counts[ibin];
      }
    }
    double allowedMaxCumul = Math.floor(Math.max(maxInBin * 0.25, 4));
    if (allowedMaxCumul > maxInBin) {
      allowedMaxCumul = maxInBin;
    }
    double cumulLo = 0;
    for (int ibin = 0; ibin < nbins; ibin++) {
      cumulLo += counts[ibin];
      if (cumulLo >= allowedMaxCumul) {
        double y = ibin - nrap;
        if (y > minrap) {
          minrap = y;
        }
        break;
      }
    }
    double cumulHi = 0;
    for (int ibin = nbins - 1; ibin >= 0; ibin--) {
      cumulHi += counts[ibin];
      if (cumulHi >= allowedMaxCumul) {
        double y = ibin - nrap + 1;
        if (y < maxrap) {
          maxrap = y;
        }
        break;
      }
    }
    tilesEtaMin = minrap;
    tilesEtaMax = maxrap;
  }

  // ------------------------------------------------------------------ results: definition

  /** The jet definition of the last clustering (null before the first). */
  public JetDefinition jetDefinition() {
    return definition;
  }

  /** The strategy that ran ({@link ClusterStrategy#BEST} resolved). */
  public ClusterStrategy strategyUsed() {
    return strategyUsed;
  }

  /** Number of input particles. */
  public int nParticles() {
    return nInitial;
  }

  /** Number of pseudojets: the inputs plus one per pairwise merge. */
  public int nPseudoJets() {
    return nJets;
  }

  // ------------------------------------------------------------------ results: kinematics

  private void checkJet(int jet) {
    if (jet < 0 || jet >= nJets) {
      throw new IndexOutOfBoundsException("jet index " + jet + " not in [0, " + nJets + ")");
    }
  }

  public double px(int jet) {
    checkJet(jet);
    return jPx[jet];
  }

  public double py(int jet) {
    checkJet(jet);
    return jPy[jet];
  }

  public double pz(int jet) {
    checkJet(jet);
    return jPz[jet];
  }

  /** Energy [GeV]. */
  public double e(int jet) {
    checkJet(jet);
    return jE[jet];
  }

  /** Squared transverse momentum [GeV^2]. */
  public double pt2(int jet) {
    checkJet(jet);
    return jKt2[jet];
  }

  /** Transverse momentum [GeV]. */
  public double pt(int jet) {
    checkJet(jet);
    return Math.sqrt(jKt2[jet]);
  }

  /** Rapidity (FastJet's {@code rap()}). */
  public double rap(int jet) {
    checkJet(jet);
    return jRap[jet];
  }

  /** Azimuth in [0, 2 pi) (FastJet's {@code phi()}). */
  public double phi02pi(int jet) {
    checkJet(jet);
    return jPhi[jet];
  }

  /** Azimuth in [-pi, pi]. */
  public double phi(int jet) {
    checkJet(jet);
    return FourMomenta.phi(jPx[jet], jPy[jet]);
  }

  /** Pseudorapidity (FastJet's {@code eta()}). */
  public double eta(int jet) {
    checkJet(jet);
    return FourMomenta.pseudorapidity(jPx[jet], jPy[jet], jPz[jet]);
  }

  /** Squared mass [GeV^2]. */
  public double m2(int jet) {
    checkJet(jet);
    return FourMomenta.m2(jPx[jet], jPy[jet], jPz[jet], jE[jet]);
  }

  /** Mass [GeV] (negative for a tachyonic four-vector, as FastJet). */
  public double m(int jet) {
    checkJet(jet);
    return FourMomenta.mass(jPx[jet], jPy[jet], jPz[jet], jE[jet]);
  }

  // ------------------------------------------------------------------ results: history

  /** Number of history steps ({@code 2 n} once clustering is complete, for n > 0). */
  public int historySize() {
    return nHist;
  }

  /** History step that created this pseudojet (FastJet's {@code cluster_hist_index()}). */
  public int historyIndex(int jet) {
    checkJet(jet);
    return jHist[jet];
  }

  /** First parent (history index) of a step, or {@link #NO_PARENT} for an input. */
  public int historyParent1(int step) {
    return hParent1[checkStep(step)];
  }

  /** Second parent (history index) of a step, {@link #BEAM} for a beam step, {@link #NO_PARENT} for an input. */
  public int historyParent2(int step) {
    return hParent2[checkStep(step)];
  }

  /** Step in which this step's object was merged, or {@link #INVALID}. */
  public int historyChild(int step) {
    return hChild[checkStep(step)];
  }

  /** Pseudojet created by this step, or {@link #INVALID} for a beam step. */
  public int historyJet(int step) {
    return hJet[checkStep(step)];
  }

  /** Distance d_ij (or d_iB) of this step, in FastJet's normalisation (0 for inputs). */
  public double historyDij(int step) {
    return hDij[checkStep(step)];
  }

  /** Largest d_ij up to and including this step (FastJet's {@code max_dij_so_far}). */
  public double historyMaxDijSoFar(int step) {
    return hMaxDij[checkStep(step)];
  }

  private int checkStep(int step) {
    if (step < 0 || step >= nHist) {
      throw new IndexOutOfBoundsException("history step " + step + " not in [0, " + nHist + ")");
    }
    return step;
  }

  /**
   * The two parents of a pseudojet, harder first (FastJet's {@code has_parents}: ordered by
   * decreasing pT^2, ties keep history order).
   *
   * @param out receives the two parent pseudojet indices in out[0], out[1]
   * @return false (and out untouched) for an input particle
   */
  public boolean parents(int jet, int[] out) {
    checkJet(jet);
    int h = jHist[jet];
    int p1 = hParent1[h];
    if (p1 < 0) {
      return false;
    }
    int a = hJet[p1];
    int b = hJet[hParent2[h]];
    if (jKt2[a] < jKt2[b]) {
      int t = a;
      a = b;
      b = t;
    }
    out[0] = a;
    out[1] = b;
    return true;
  }

  // ------------------------------------------------------------------ inclusive jets

  /**
   * Inclusive jets with {@code pT >= ptMin}, by decreasing pT (FastJet's
   * {@code sorted_by_pt(inclusive_jets(ptMin))}).
   *
   * @param out receives pseudojet indices; needs room for all jets (at most {@link #nParticles()})
   * @return the number of jets written
   */
  public int inclusiveJets(double ptMin, int[] out) {
    double dcut = ptMin * ptMin;
    int count = 0;
    int i = nHist - 1;
    if (algorithm == JetAlgorithm.KT) {
      for (; i >= 0; i--) {
        if (hMaxDij[i] < dcut) {
          break;
        }
        if (hParent2[i] == BEAM && hDij[i] >= dcut) {
          out[count++] = hJet[hParent1[i]];
        }
      }
    } else if (algorithm == JetAlgorithm.CAMBRIDGE_AACHEN) {
      for (; i >= 0; i--) {
        if (hParent2[i] != BEAM) {
          break;
        }
        int jet = hJet[hParent1[i]];
        if (jKt2[jet] >= dcut) {
          out[count++] = jet;
        }
      }
    } else {
      for (; i >= 0; i--) {
        if (hParent2[i] == BEAM) {
          int jet = hJet[hParent1[i]];
          if (jKt2[jet] >= dcut) {
            out[count++] = jet;
          }
        }
      }
    }
    sortByPt(out, count);
    return count;
  }

  /** Allocating form of {@link #inclusiveJets(double, int[])}. */
  public int[] inclusiveJets(double ptMin) {
    int[] out = new int[Math.max(nInitial, 1)];
    return Arrays.copyOf(out, inclusiveJets(ptMin, out));
  }

  /** Sorts jet indices by decreasing pT^2 (stable insertion sort; jet lists are short). */
  public void sortByPt(int[] jets, int count) {
    for (int a = 1; a < count; a++) {
      int j = jets[a];
      double k = jKt2[j];
      int b = a - 1;
      while (b >= 0 && jKt2[jets[b]] < k) {
        jets[b + 1] = jets[b];
        b--;
      }
      jets[b + 1] = j;
    }
  }

  // ------------------------------------------------------------------ constituents

  /** Number of input particles in a pseudojet. */
  public int nConstituents(int jet) {
    checkJet(jet);
    int top = 0;
    int count = 0;
    stack[top++] = jHist[jet];
    while (top > 0) {
      int h = stack[--top];
      int p1 = hParent1[h];
      if (p1 == NO_PARENT) {
        count++;
      } else {
        int p2 = hParent2[h];
        if (p2 != BEAM) {
          stack[top++] = p2;
        }
        stack[top++] = p1;
      }
    }
    return count;
  }

  /**
   * The input-particle indices of a pseudojet, in FastJet's {@code constituents()} order (depth first,
   * parent1 before parent2).
   *
   * @param out receives the indices; needs room for {@link #nConstituents(int)}
   * @return the number of constituents
   */
  public int constituents(int jet, int[] out) {
    checkJet(jet);
    int top = 0;
    int count = 0;
    stack[top++] = jHist[jet];
    while (top > 0) {
      int h = stack[--top];
      int p1 = hParent1[h];
      if (p1 == NO_PARENT) {
        out[count++] = h; // input particles: history index == input index
      } else {
        int p2 = hParent2[h];
        if (p2 != BEAM) {
          stack[top++] = p2;
        }
        stack[top++] = p1;
      }
    }
    return count;
  }

  /** Allocating form of {@link #constituents(int, int[])}. */
  public int[] constituents(int jet) {
    int[] out = new int[nConstituents(jet)];
    constituents(jet, out);
    return out;
  }

  // ------------------------------------------------------------------ exclusive jets

  private void checkComplete() {
    if (nHist != 2 * nInitial) {
      throw new IllegalStateException("history has " + nHist + " steps, expected " + 2 * nInitial);
    }
  }

  /**
   * Number of exclusive jets at resolution dcut: objects still unmerged when the clustering would
   * first have passed {@code d > dcut} (FastJet's {@code n_exclusive_jets}).
   */
  public int nExclusiveJets(double dcut) {
    int i = nHist - 1;
    while (i >= 0) {
      if (hMaxDij[i] <= dcut) {
        break;
      }
      i--;
    }
    int stopPoint = i + 1;
    return 2 * nInitial - stopPoint;
  }

  /**
   * The exclusive jets at resolution dcut (FastJet's {@code exclusive_jets(double dcut)}), in history
   * order.
   *
   * @return the number written to out
   */
  public int exclusiveJets(double dcut, int[] out) {
    return exclusiveJets(nExclusiveJets(dcut), out);
  }

  /**
   * Exactly nJets exclusive jets (FastJet's {@code exclusive_jets(int)}), in history order.
   *
   * @throws IllegalArgumentException if nJets exceeds the number of particles or is negative
   */
  public int exclusiveJets(int nJets, int[] out) {
    if (nJets > nInitial) {
      throw new IllegalArgumentException("requested " + nJets + " exclusive jets, but there were only " + nInitial
          + " particles in the event");
    }
    return exclusiveJetsUpTo(nJets, out);
  }

  /**
   * At most nJets exclusive jets (all particles if fewer), in history order (FastJet's
   * {@code exclusive_jets_up_to}). Meaningful for kT and Cambridge/Aachen.
   *
   * @return the number written to out
   */
  public int exclusiveJetsUpTo(int nJets, int[] out) {
    if (nJets < 0) {
      throw new IllegalArgumentException("nJets must be >= 0, found " + nJets);
    }
    checkComplete();
    int stopPoint = 2 * nInitial - nJets;
    if (stopPoint < nInitial) {
      stopPoint = nInitial;
    }
    int count = 0;
    for (int i = stopPoint; i < nHist; i++) {
      int p1 = hParent1[i];
      if (p1 < stopPoint) {
        out[count++] = hJet[p1];
      }
      int p2 = hParent2[i];
      if (p2 < stopPoint && p2 > 0) {
        out[count++] = hJet[p2];
      }
    }
    if (count != Math.min(nInitial, nJets)) {
      throw new IllegalStateException("exclusive jets: found " + count + ", expected " + Math.min(nInitial, nJets));
    }
    return count;
  }

  /** d_min of the merge that went from nJets + 1 to nJets jets (0 if nJets >= particles). */
  public double exclusiveDmerge(int nJets) {
    if (nJets < 0) {
      throw new IllegalArgumentException("nJets must be >= 0, found " + nJets);
    }
    if (nJets >= nInitial) {
      return 0.0;
    }
    return hDij[2 * nInitial - nJets - 1];
  }

  /** Largest d_min up to the merge to nJets jets (FastJet's {@code exclusive_dmerge_max}). */
  public double exclusiveDmergeMax(int nJets) {
    if (nJets < 0) {
      throw new IllegalArgumentException("nJets must be >= 0, found " + nJets);
    }
    if (nJets >= nInitial) {
      return 0.0;
    }
    return hMaxDij[2 * nInitial - nJets - 1];
  }

  /**
   * FastJet's {@code get_subhist_set}: history steps of the subjets of a jet, sorted ascending in
   * subhist[0..returned).
   */
  private int subhistSet(int jet, double dcut, int maxJet) {
    checkJet(jet);
    int size = 0;
    subhist[size++] = jHist[jet];
    int njet = 1;
    while (true) {
      int highest = subhist[size - 1];
      if (njet == maxJet) {
        break;
      }
      if (hParent1[highest] < 0) {
        break;
      }
      if (hMaxDij[highest] <= dcut) {
        break;
      }
      size--;
      size = insertSorted(subhist, size, hParent1[highest]);
      size = insertSorted(subhist, size, hParent2[highest]);
      njet++;
    }
    return size;
  }

  private static int insertSorted(int[] a, int size, int v) {
    int b = size - 1;
    while (b >= 0 && a[b] > v) {
      a[b + 1] = a[b];
      b--;
    }
    a[b + 1] = v;
    return size + 1;
  }

  /**
   * The subjets of a jet at resolution dcut (FastJet's {@code exclusive_subjets(jet, dcut)}), in
   * history order.
   *
   * @return the number written to out
   */
  public int exclusiveSubjets(int jet, double dcut, int[] out) {
    int size = subhistSet(jet, dcut, 0);
    for (int k = 0; k < size; k++) {
      out[k] = hJet[subhist[k]];
    }
    return size;
  }

  /**
   * Exactly nSub subjets of a jet (FastJet's {@code exclusive_subjets(jet, nsub)}), in history order.
   *
   * @throws IllegalArgumentException if the jet has fewer than nSub constituents
   */
  public int exclusiveSubjets(int jet, int nSub, int[] out) {
    int count = exclusiveSubjetsUpTo(jet, nSub, out);
    if (count < nSub) {
      throw new IllegalArgumentException("requested " + nSub + " exclusive subjets, but there were only " + count
          + " particles in the jet");
    }
    return count;
  }

  /** At most nSub subjets of a jet (FastJet's {@code exclusive_subjets_up_to}), in history order. */
  public int exclusiveSubjetsUpTo(int jet, int nSub, int[] out) {
    if (nSub < 0) {
      throw new IllegalArgumentException("nSub must be >= 0, found " + nSub);
    }
    if (nSub == 0) {
      return 0;
    }
    int size = subhistSet(jet, -1.0, nSub);
    for (int k = 0; k < size; k++) {
      out[k] = hJet[subhist[k]];
    }
    return size;
  }

  /** d_ij of the merge from nSub + 1 to nSub subjets inside a jet (0 if it has at most nSub particles). */
  public double exclusiveSubdmerge(int jet, int nSub) {
    int size = subhistSet(jet, -1.0, nSub);
    return hDij[subhist[size - 1]];
  }

  /** Largest d_ij in the event up to the merge from nSub + 1 to nSub subjets inside a jet. */
  public double exclusiveSubdmergeMax(int jet, int nSub) {
    int size = subhistSet(jet, -1.0, nSub);
    return hMaxDij[subhist[size - 1]];
  }
}
