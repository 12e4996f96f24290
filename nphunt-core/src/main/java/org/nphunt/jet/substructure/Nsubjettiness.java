package org.nphunt.jet.substructure;

import org.nphunt.jet.ClusterSequence;
import org.nphunt.jet.FourMomenta;
import org.nphunt.jet.JetDefinition;

/**
 * N-subjettiness tau_N (Thaler, Van Tilburg, arXiv:1011.2268 and arXiv:1108.2701) with exclusive-kT
 * axes and the normalised measure, exactly as fjcontrib's {@code Nsubjettiness(N, KT_Axes(),
 * NormalizedMeasure(beta, R0))}:
 *
 * <pre>
 *   tau_N = sum_i pT_i min_k (DeltaR_ik)^beta / d0,    d0 = sum_i pT_i R0^beta,
 * </pre>
 *
 * over the jet's constituents i, DeltaR in (rapidity, azimuth). The N axes are the exclusive jets
 * ({@link ClusterSequence#exclusiveJetsUpTo}) of the constituents reclustered with kT, R = 1000
 * (FastJet's {@code max_allowable_R}), E-scheme; no axis minimisation. A jet with at most N
 * constituents has tau_N = 0. The standard choice for boosted-object tagging is beta = 1 and R0 = the
 * jet radius; tau_21 = tau_2/tau_1 separates two-prong from one-prong jets, tau_32 three- from
 * two-prong.
 *
 * <p>Reusable (one kT reclustering and scratch arrays are kept); not thread-safe.
 */
public final class Nsubjettiness {
  private static final JetDefinition KT_AXES = JetDefinition.kt(JetDefinition.MAX_ALLOWABLE_R);

  private final ClusterSequence kt = new ClusterSequence();
  private final ConstituentBuffer buf = new ConstituentBuffer();
  private final int[] axes = new int[16];

  /**
   * tau_1 .. tau_nMax of a jet of an event's clustering.
   *
   * @param event the clustering that holds the jet
   * @param jet a pseudojet index of {@code event}
   * @param beta angular exponent, > 0 (1 for the standard tau_N)
   * @param r0 characteristic radius of the normalisation, > 0 (the jet radius)
   * @param nMax largest N, in [1, 16]
   * @param tau receives tau_N in tau[N - 1], N = 1..nMax
   */
  public void compute(ClusterSequence event, int jet, double beta, double r0, int nMax, double[] tau) {
    buf.load(event, jet);
    computeLoaded(beta, r0, nMax, tau);
  }

  /**
   * tau_1 .. tau_nMax of the object made of n particles (px, py, pz, E) [GeV].
   *
   * @see #compute(ClusterSequence, int, double, double, int, double[])
   */
  public void compute(double[] px, double[] py, double[] pz, double[] e, int n, double beta, double r0, int nMax,
      double[] tau) {
    buf.ensure(n);
    System.arraycopy(px, 0, buf.px, 0, n);
    System.arraycopy(py, 0, buf.py, 0, n);
    System.arraycopy(pz, 0, buf.pz, 0, n);
    System.arraycopy(e, 0, buf.e, 0, n);
    buf.n = n;
    computeLoaded(beta, r0, nMax, tau);
  }

  private void computeLoaded(double beta, double r0, int nMax, double[] tau) {
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be > 0, found " + beta);
    }
    if (!(r0 > 0) || Double.isInfinite(r0)) {
      throw new IllegalArgumentException("r0 must be > 0, found " + r0);
    }
    if (nMax < 1 || nMax > axes.length) {
      throw new IllegalArgumentException("nMax must be in [1, " + axes.length + "], found " + nMax);
    }
    if (tau.length < nMax) {
      throw new IllegalArgumentException("tau must hold nMax = " + nMax + " values, found length " + tau.length);
    }
    int n = buf.n;
    if (n == 0) {
      java.util.Arrays.fill(tau, 0, nMax, 0.0);
      return;
    }
    kt.cluster(KT_AXES, buf.px, buf.py, buf.pz, buf.e, n);
    double r0Beta = Math.pow(r0, beta);
    double halfBeta = beta / 2.0;
    for (int nAxes = 1; nAxes <= nMax; nAxes++) {
      if (n <= nAxes) {
        tau[nAxes - 1] = 0.0;
        continue;
      }
      int na = kt.exclusiveJetsUpTo(nAxes, axes);
      double num = 0;
      double den = 0;
      for (int i = 0; i < n; i++) {
        double rap = kt.rap(i);
        double phi = kt.phi02pi(i);
        double best = Double.MAX_VALUE;
        for (int k = 0; k < na; k++) {
          double d = FourMomenta.squaredDistance(rap, phi, kt.rap(axes[k]), kt.phi02pi(axes[k]));
          if (d < best) {
            best = d;
          }
        }
        double pt = kt.pt(i);
        if (best > 0.0) {
          num += pt * (beta == 1.0 ? Math.sqrt(best) : Math.pow(best, halfBeta));
        }
        den += pt * r0Beta;
      }
      tau[nAxes - 1] = num / den;
    }
  }

  /** tau_21 = tau_2 / tau_1 (0 when tau_1 = 0). */
  public static double tau21(double tau1, double tau2) {
    return tau1 > 0 ? tau2 / tau1 : 0.0;
  }

  /** tau_32 = tau_3 / tau_2 (0 when tau_2 = 0). */
  public static double tau32(double tau2, double tau3) {
    return tau2 > 0 ? tau3 / tau2 : 0.0;
  }
}
