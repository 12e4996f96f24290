package org.nphunt.jet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nphunt.jet.substructure.Nsubjettiness;
import org.nphunt.jet.substructure.SoftDrop;
import org.nphunt.jet.substructure.SoftDropConfig;

/**
 * nphunt's clustering, exclusive (sub)jets, N-subjettiness and soft drop against FastJet 3.4
 * (Debian libfastjet-dev), on the first 50 LHC Olympics events and on seeded random massive events.
 * References: fastjet_lhco50.txt.gz and fastjet_random.txt.gz, made by
 * nphunt-bench/src/main/cpp/jets/make_references.sh (format in jets_reference.cc).
 *
 * <p>Jets must have identical constituent sets; pT agree to 1e-9 relative, rapidity and phi to
 * 1e-9 absolute, px, py, pz, E and m to 1e-9 of the jet energy (the mass of a massless object is
 * pure round-off of E^2 - p^2, so a relative test on m is meaningless there); tau_N to 1e-9
 * relative; d_ij to 1e-9 relative.
 */
class FastJetReferenceTest {
  private static final double TOL = 1e-9;

  private final ClusterSequence cs = new ClusterSequence();
  private final ClusterSequence kt = new ClusterSequence();
  private final Nsubjettiness nsub = new Nsubjettiness();
  private final SoftDrop softDrop = new SoftDrop();
  private final List<String> failures = new ArrayList<>();
  private int checks;

  @Test
  void lhcoEventsMatchFastJet() {
    run("fastjet_lhco50.txt.gz", true);
  }

  @Test
  void randomMassiveEventsMatchFastJet() {
    run("fastjet_random.txt.gz", false);
  }

  private void run(String reference, boolean lhco) {
    List<String[]> lines = JetFixtures.lines(reference);
    int[] jets = new int[1000];
    int[] idx = new int[1000];
    int[] sub = new int[1000];
    double[] tau = new double[3];
    int pos = 0;
    int blocks = 0;
    int jetsChecked = 0;
    int curEvent = -1;
    double curR = -1;
    int nAk = 0;
    int[] akJets = new int[2];
    double[][] akP4 = new double[2][];
    int[][] akCons = new int[2][];
    while (pos < lines.size()) {
      String[] t = lines.get(pos++);
      switch (t[0]) {
        case "C": {
          JetAlgorithm alg = switch (t[2]) {
            case "antikt" -> JetAlgorithm.ANTI_KT;
            case "kt" -> JetAlgorithm.KT;
            default -> JetAlgorithm.CAMBRIDGE_AACHEN;
          };
          double r = Double.parseDouble(t[3]);
          curEvent = Integer.parseInt(t[4]);
          curR = r;
          int nRef = Integer.parseInt(t[5]);
          JetDefinition def = new JetDefinition(alg, r);
          double ptMin = lhco ? (r < 0.5 ? 10.0 : 5.0) : 0.0;
          clusterEvent(def, lhco, curEvent);
          int n = cs.inclusiveJets(ptMin, jets);
          String where = reference + " " + String.join(" ", t);
          check(n == nRef, where + ": " + n + " jets, FastJet " + nRef);
          for (int k = 0; k < nRef; k++) {
            String[] j = lines.get(pos++);
            if (k >= n) {
              continue;
            }
            compareJet(cs, jets[k], j, 1, where + " jet " + k);
            checks++;
            jetsChecked++;
          }
          blocks++;
          nAk = 0;
          if (alg == JetAlgorithm.ANTI_KT) {
            nAk = Math.min(2, n);
            for (int k = 0; k < nAk; k++) {
              akJets[k] = jets[k];
            }
          }
          break;
        }
        case "U": {
          // exclusive subjets of the leading kT R = 1.0 jet; cs holds that clustering
          String where = reference + " " + String.join(" ", t);
          int lead = cs.inclusiveJets(lhco ? 5.0 : 0.0, jets) > 0 ? jets[0] : -1;
          int count;
          if (t[4].equals("n")) {
            count = cs.exclusiveSubjets(lead, Integer.parseInt(t[5]), sub);
          } else {
            count = cs.exclusiveSubjets(lead, Double.parseDouble(t[5]), sub);
          }
          int nRef = Integer.parseInt(t[6]);
          check(count == nRef, where + ": " + count + " subjets, FastJet " + nRef);
          for (int k = 0; k < nRef; k++) {
            String[] s = lines.get(pos++);
            if (k < count) {
              compareSubjet(cs, sub[k], s, where + " subjet " + k);
            }
          }
          break;
        }
        case "X": {
          // exclusive kT axes of leading anti-kT jet t[4]; recluster its constituents
          String where = reference + " " + String.join(" ", t);
          int ij = Integer.parseInt(t[4]);
          int nExcl = Integer.parseInt(t[5]);
          int nRef = Integer.parseInt(t[6]);
          int jet = akJets[ij];
          int nc = reclusterKt(jet, idx);
          int count = kt.exclusiveJetsUpTo(nExcl, sub);
          check(count == nRef, where + ": " + count + " exclusive jets, FastJet " + nRef);
          for (int k = 0; k < nRef; k++) {
            String[] s = lines.get(pos++);
            if (k < count) {
              // map reclustering indices back to event indices
              int m = kt.constituents(sub[k], jets);
              for (int q = 0; q < m; q++) {
                jets[q] = idx[jets[q]];
              }
              compareP4(kt, sub[k], s, 1, where + " exclusive jet " + k);
              compareIndices(Arrays.copyOf(jets, m), s, 5, where + " exclusive jet " + k);
            }
          }
          assertTrue(nc > 0);
          break;
        }
        case "D": {
          String where = reference + " " + String.join(" ", t);
          reclusterKt(akJets[Integer.parseInt(t[4])], idx);
          for (int n = 0; n <= 3; n++) {
            checkRel(kt.exclusiveDmerge(n), Double.parseDouble(t[5 + n]), where + " dmerge(" + n + ")");
          }
          break;
        }
        case "T": {
          String where = reference + " " + String.join(" ", t);
          nsub.compute(cs, akJets[Integer.parseInt(t[4])], 1.0, curR, 3, tau);
          for (int n = 0; n < 3; n++) {
            checkRel(tau[n], Double.parseDouble(t[5 + n]), where + " tau" + (n + 1));
          }
          break;
        }
        case "G": {
          String where = reference + " " + String.join(" ", t);
          int g = softDrop.groom(cs, akJets[Integer.parseInt(t[4])], SoftDropConfig.defaults(curR));
          check(g >= 0, where + ": no groomed jet");
          if (g >= 0) {
            ClusterSequence ca = softDrop.reclustering();
            compareP4(ca, g, t, 5, where);
            double e = Double.parseDouble(t[8]);
            checkAbs(ca.m(g), Double.parseDouble(t[9]), TOL * e, where + " m");
            int m = softDrop.groomedConstituents(g, jets);
            compareIndices(Arrays.copyOf(jets, m), t, 10, where);
          }
          break;
        }
        default:
          throw new IllegalStateException("unexpected line " + String.join(" ", t));
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " mismatches, first: " + failures.subList(0, Math.min(10, failures.size())));
    assertTrue(blocks >= 9 && jetsChecked > 100, "too few comparisons: " + blocks + " blocks, " + jetsChecked + " jets");
  }

  private int reclusterKt(int jet, int[] idx) {
    int n = cs.constituents(jet, idx);
    double[] px = new double[n];
    double[] py = new double[n];
    double[] pz = new double[n];
    double[] e = new double[n];
    for (int k = 0; k < n; k++) {
      px[k] = cs.px(idx[k]);
      py[k] = cs.py(idx[k]);
      pz[k] = cs.pz(idx[k]);
      e[k] = cs.e(idx[k]);
    }
    kt.cluster(JetDefinition.kt(JetDefinition.MAX_ALLOWABLE_R), px, py, pz, e, n);
    return n;
  }

  private void clusterEvent(JetDefinition def, boolean lhco, int event) {
    if (lhco) {
      JetFixtures.cluster(cs, def, JetFixtures.lhco().get(event));
    } else {
      double[][] p = JetFixtures.randomEvents().get(event);
      cs.cluster(def, p[0], p[1], p[2], p[3], p[0].length);
    }
  }

  /** J px py pz E rap phi m ncon i1 ... */
  private void compareJet(ClusterSequence seq, int jet, String[] j, int off, String where) {
    compareP4(seq, jet, j, off, where);
    double e = Double.parseDouble(j[off + 3]);
    double ptRef = Math.hypot(Double.parseDouble(j[off]), Double.parseDouble(j[off + 1]));
    checkAbs(seq.pt(jet), ptRef, TOL * ptRef, where + " pt");
    checkAbs(seq.rap(jet), Double.parseDouble(j[off + 4]), TOL, where + " rap");
    checkAbs(seq.phi02pi(jet), Double.parseDouble(j[off + 5]), TOL, where + " phi");
    checkAbs(seq.m(jet), Double.parseDouble(j[off + 6]), TOL * e, where + " m");
    compareIndices(seq.constituents(jet), j, off + 7, where);
  }

  private void compareSubjet(ClusterSequence seq, int jet, String[] s, String where) {
    compareP4(seq, jet, s, 1, where);
    compareIndices(seq.constituents(jet), s, 5, where);
  }

  private void compareP4(ClusterSequence seq, int jet, String[] s, int off, String where) {
    double e = Double.parseDouble(s[off + 3]);
    double scale = TOL * Math.max(e, 1e-300);
    checkAbs(seq.px(jet), Double.parseDouble(s[off]), scale, where + " px");
    checkAbs(seq.py(jet), Double.parseDouble(s[off + 1]), scale, where + " py");
    checkAbs(seq.pz(jet), Double.parseDouble(s[off + 2]), scale, where + " pz");
    checkAbs(seq.e(jet), e, scale, where + " E");
  }

  private void compareIndices(int[] mine, String[] s, int off, String where) {
    int n = Integer.parseInt(s[off]);
    int[] ref = new int[n];
    for (int k = 0; k < n; k++) {
      ref[k] = Integer.parseInt(s[off + 1 + k]);
    }
    int[] sorted = mine.clone();
    Arrays.sort(sorted);
    check(Arrays.equals(sorted, ref), where + ": constituents " + Arrays.toString(sorted) + ", FastJet " + Arrays.toString(ref));
    checks++;
  }

  private void checkAbs(double mine, double ref, double tol, String what) {
    check(Math.abs(mine - ref) <= tol, what + ": " + mine + ", FastJet " + ref);
  }

  private void checkRel(double mine, double ref, String what) {
    check(Math.abs(mine - ref) <= TOL * Math.abs(ref) + 1e-300, what + ": " + mine + ", FastJet " + ref);
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      failures.add(message);
    }
  }

  @Test
  void referenceFilesHaveTheExpectedContent() {
    // guards against an empty or truncated reference silently passing
    long lhcoBlocks = JetFixtures.lines("fastjet_lhco50.txt.gz").stream().filter(t -> t[0].equals("C")).count();
    assertEquals(50 * 9, lhcoBlocks);
    long randomBlocks = JetFixtures.lines("fastjet_random.txt.gz").stream().filter(t -> t[0].equals("C")).count();
    assertEquals(JetFixtures.randomEvents().size() * 9L, randomBlocks);
    assertEquals(50, JetFixtures.lhco().size());
  }
}
