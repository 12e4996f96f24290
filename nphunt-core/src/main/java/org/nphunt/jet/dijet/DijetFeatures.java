package org.nphunt.jet.dijet;

import java.util.List;
import org.nphunt.NphuntException;
import org.nphunt.jet.ClusterSequence;
import org.nphunt.jet.FourMomenta;
import org.nphunt.jet.JetDefinition;
import org.nphunt.jet.substructure.Nsubjettiness;
import org.nphunt.jet.substructure.SoftDrop;
import org.nphunt.jet.substructure.SoftDropConfig;

/**
 * Per-event dijet features of the LHC Olympics 2020 kind (arXiv:2101.08320): anti-kT jets
 * (arXiv:0802.1189) of radius R, the two leading ones in pT, their kinematics, N-subjettiness
 * (arXiv:1011.2268; beta = 1, R0 = R, exclusive-kT axes, see {@link Nsubjettiness}), soft-drop mass
 * (arXiv:1402.2657; see {@link SoftDrop}) and their pT-ordered constituents.
 *
 * <p><b>Input.</b> One event's particles as (pT [GeV], eta, phi) triples, the LHC Olympics row
 * layout ({@code particles[offset + 3 i + {0, 1, 2}]} for slot i); a slot with {@code pT == 0} is
 * padding and skipped wherever it is. Particles are massless: {@code (pT cos phi, pT sin phi,
 * pT sinh eta, pT cosh eta)}.
 *
 * <p><b>Features</b> ({@link #FEATURE_NAMES}, in this order, {@value #N_FEATURES} doubles): mJJ (mass of
 * j1 + j2), then per jet pT, eta (pseudorapidity), phi in [-pi, pi], mass m, energy E; DeltaEtaJJ =
 * |eta1 - eta2|; DeltaPhiJJ = |phi1 - phi2| wrapped to [0, pi]; tau_1, tau_2, tau_3 of j1 and of j2;
 * soft-drop masses; constituent counts. GeV throughout. tau_21 = tau_2/tau_1 and tau_32 =
 * tau_3/tau_2 are left to the caller ({@link Nsubjettiness#tau21}, {@link Nsubjettiness#tau32}).
 *
 * <p><b>Constituents</b> ({@code 2 x C x 3} floats, C = {@link DijetConfig#maxConstituents()}):
 * {@code constituents[offset + (jet C + k) 3 + {0, 1, 2}]} = (Delta eta, Delta phi, pT) of the k-th
 * hardest constituent of jet {@code jet} (0 = j1, 1 = j2), with Delta eta = eta_i - eta_jet (input
 * eta minus jet pseudorapidity), Delta phi = phi_i - phi_jet wrapped to [-pi, pi], pT in GeV;
 * constituents ordered by decreasing pT (ties by input slot); zeros beyond the jet's constituents.
 *
 * <p><b>Fewer than two jets.</b> {@link #compute} returns the number of jets with pT >= ptMin (all
 * of them, not capped at 2). With one jet, the j2 fields, mJJ, DeltaEtaJJ and DeltaPhiJJ are 0 and
 * j2's constituent rows are zero; with none (an empty event, or all jets below ptMin), every feature
 * and constituent is 0. Callers select dijet events with {@code compute(...) >= 2}.
 *
 * <p>Per event nothing is allocated once the working arrays have grown to the largest event. Not
 * thread-safe: one instance per thread.
 */
public final class DijetFeatures {
  /** Number of features per event. */
  public static final int N_FEATURES = 23;

  /** Feature names, in output order. */
  public static final List<String> FEATURE_NAMES = List.of(
      "mJJ",
      "j1Pt", "j1Eta", "j1Phi", "j1M", "j1E",
      "j2Pt", "j2Eta", "j2Phi", "j2M", "j2E",
      "DeltaEtaJJ", "DeltaPhiJJ",
      "j1Tau1", "j1Tau2", "j1Tau3",
      "j2Tau1", "j2Tau2", "j2Tau3",
      "j1MSoftDrop", "j2MSoftDrop",
      "j1NConst", "j2NConst");

  private final DijetConfig config;
  private final JetDefinition definition;
  private final SoftDropConfig softDropConfig;
  private final ClusterSequence cs = new ClusterSequence();
  private final Nsubjettiness nsub = new Nsubjettiness();
  private final SoftDrop softDrop = new SoftDrop();
  private final double[] tau = new double[3];
  private double[] pt = new double[0];
  private double[] eta = new double[0];
  private double[] phi = new double[0];
  private int[] jets = new int[0];
  private int[] cons = new int[0];

  public DijetFeatures(DijetConfig config) {
    this(config, org.nphunt.jet.JetAlgorithm.ANTI_KT);
  }

  /**
   * Features of the two leading jets of another generalised-kT algorithm (kT or Cambridge/Aachen) of
   * radius {@code config.r()}, for studies of the jet definition; everything else as for anti-kT.
   */
  public DijetFeatures(DijetConfig config, org.nphunt.jet.JetAlgorithm algorithm) {
    if (config == null || algorithm == null) {
      throw new IllegalArgumentException("config and algorithm must not be null");
    }
    this.config = config;
    this.definition = new JetDefinition(algorithm, config.r());
    this.softDropConfig = new SoftDropConfig(config.softDropBeta(), config.softDropZCut(), config.r());
  }

  public DijetConfig config() {
    return config;
  }

  /** The clustering of the last event (valid until the next {@code compute}); particle i = i-th non-padding slot. */
  public ClusterSequence clusterSequence() {
    return cs;
  }

  /**
   * Computes one event's features and constituents from interleaved (pT, eta, phi) slots.
   *
   * @param particles (pT, eta, phi) of slot i at {@code particles[pOffset + 3 i ..]}
   * @param pOffset offset of slot 0
   * @param nSlots number of slots (padding included)
   * @param features receives {@value #N_FEATURES} values at {@code features[fOffset..]}
   * @param constituents receives {@code 2 C 3} values at {@code constituents[cOffset..]}; may be null
   * @return the number of anti-kT jets with pT >= ptMin
   * @throws NphuntException if a pT is negative or a value of a non-padding slot is not finite
   */
  public int compute(double[] particles, int pOffset, int nSlots, double[] features, int fOffset,
      float[] constituents, int cOffset) {
    if (pOffset < 0 || nSlots < 0 || pOffset + 3L * nSlots > particles.length) {
      throw new IllegalArgumentException("particles holds " + particles.length + " values, need 3 x " + nSlots
          + " from offset " + pOffset);
    }
    ensure(nSlots);
    int n = 0;
    for (int s = 0; s < nSlots; s++) {
      int o = pOffset + 3 * s;
      double p = particles[o];
      if (p == 0.0) {
        continue;
      }
      pt[n] = p;
      eta[n] = particles[o + 1];
      phi[n] = particles[o + 2];
      check(s, p, eta[n], phi[n]);
      n++;
    }
    return computeCompact(n, features, fOffset, constituents, cOffset);
  }

  /**
   * Computes one event's features from separate arrays; slots with {@code pT == 0} are padding.
   *
   * @see #compute(double[], int, int, double[], int, float[], int)
   */
  public int compute(double[] ptIn, double[] etaIn, double[] phiIn, int nSlots, double[] features, int fOffset,
      float[] constituents, int cOffset) {
    if (nSlots < 0 || nSlots > ptIn.length || nSlots > etaIn.length || nSlots > phiIn.length) {
      throw new IllegalArgumentException("nSlots must be in [0, array lengths], found " + nSlots);
    }
    ensure(nSlots);
    int n = 0;
    for (int s = 0; s < nSlots; s++) {
      double p = ptIn[s];
      if (p == 0.0) {
        continue;
      }
      pt[n] = p;
      eta[n] = etaIn[s];
      phi[n] = phiIn[s];
      check(s, p, eta[n], phi[n]);
      n++;
    }
    return computeCompact(n, features, fOffset, constituents, cOffset);
  }

  private static void check(int slot, double p, double e, double f) {
    if (!(p > 0) || Double.isInfinite(p)) {
      throw new NphuntException("particle slot " + slot + ": pT is " + p + " (must be finite and >= 0)");
    }
    if (!Double.isFinite(e) || !Double.isFinite(f)) {
      throw new NphuntException("particle slot " + slot + ": (eta, phi) = (" + e + ", " + f + ") (values must be finite)");
    }
  }

  private void ensure(int nSlots) {
    if (pt.length < nSlots) {
      int cap = Math.max(nSlots, 2 * pt.length);
      pt = new double[cap];
      eta = new double[cap];
      phi = new double[cap];
      jets = new int[cap];
      cons = new int[cap];
    }
  }

  private int computeCompact(int n, double[] features, int fOffset, float[] constituents, int cOffset) {
    int c = config.maxConstituents();
    if (fOffset < 0 || fOffset + N_FEATURES > features.length) {
      throw new IllegalArgumentException("features needs " + N_FEATURES + " values from offset " + fOffset
          + ", length " + features.length);
    }
    if (constituents != null && (cOffset < 0 || cOffset + 6L * c > constituents.length)) {
      throw new IllegalArgumentException("constituents needs 2 x " + c + " x 3 values from offset " + cOffset
          + ", length " + constituents.length);
    }
    java.util.Arrays.fill(features, fOffset, fOffset + N_FEATURES, 0.0);
    if (constituents != null) {
      java.util.Arrays.fill(constituents, cOffset, cOffset + 6 * c, 0f);
    }
    cs.clusterPtEtaPhi(definition, pt, eta, phi, n);
    int nJets = n == 0 ? 0 : cs.inclusiveJets(config.ptMin(), jets);
    int found = Math.min(nJets, 2);
    for (int k = 0; k < found; k++) {
      int jet = jets[k];
      int base = fOffset + 1 + 5 * k;
      double jetEta = cs.eta(jet);
      double jetPhi = cs.phi(jet);
      features[base] = cs.pt(jet);
      features[base + 1] = jetEta;
      features[base + 2] = jetPhi;
      features[base + 3] = cs.m(jet);
      features[base + 4] = cs.e(jet);
      nsub.compute(cs, jet, 1.0, config.r(), 3, tau);
      features[fOffset + 13 + 3 * k] = tau[0];
      features[fOffset + 14 + 3 * k] = tau[1];
      features[fOffset + 15 + 3 * k] = tau[2];
      int g = softDrop.groom(cs, jet, softDropConfig);
      features[fOffset + 19 + k] = g >= 0 ? softDrop.reclustering().m(g) : 0.0;
      int nc = cs.constituents(jet, cons);
      features[fOffset + 21 + k] = nc;
      if (constituents != null && c > 0) {
        sortByPt(cons, nc);
        int m = Math.min(nc, c);
        for (int q = 0; q < m; q++) {
          int i = cons[q];
          int o = cOffset + (k * c + q) * 3;
          constituents[o] = (float) (eta[i] - jetEta);
          constituents[o + 1] = (float) FourMomenta.deltaPhi(phi[i], jetPhi);
          constituents[o + 2] = (float) pt[i];
        }
      }
    }
    if (found == 2) {
      int a = jets[0];
      int b = jets[1];
      double e = cs.e(a) + cs.e(b);
      double px = cs.px(a) + cs.px(b);
      double py = cs.py(a) + cs.py(b);
      double pz = cs.pz(a) + cs.pz(b);
      features[fOffset] = FourMomenta.mass(px, py, pz, e);
      features[fOffset + 11] = Math.abs(features[fOffset + 2] - features[fOffset + 7]);
      features[fOffset + 12] = Math.abs(FourMomenta.deltaPhi(features[fOffset + 3], features[fOffset + 8]));
    }
    return nJets;
  }

  /** Orders particle indices by decreasing input pT, ties by index (insertion sort; jets hold hundreds). */
  private void sortByPt(int[] idx, int count) {
    for (int a = 1; a < count; a++) {
      int v = idx[a];
      double p = pt[v];
      int b = a - 1;
      while (b >= 0 && (pt[idx[b]] < p || (pt[idx[b]] == p && idx[b] > v))) {
        idx[b + 1] = idx[b];
        b--;
      }
      idx[b + 1] = v;
    }
  }
}
