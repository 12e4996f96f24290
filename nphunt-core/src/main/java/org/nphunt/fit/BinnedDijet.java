package org.nphunt.fit;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealVector;

/**
 * The dijet function integrated over the bins of one histogram, in the internal parametrisation used
 * by the fits, with its derivatives.
 *
 * <p>Internal parameters t = (a, p1, q2, p3): ln f = a + p1 ln(1 - x) - q2 u - p3 u^2 with
 * u = ln x - L, L a fixed reference (the count-weighted mean of ln x over the bins). This is the
 * standard form with ln x re-centred: q2 = p2 + 2 p3 L and a = ln p0 - p2 L - p3 L^2. ln f is linear in
 * t, so the bin integrals are sums of exponentials with analytic first and second derivatives, the
 * normalisation a is a logarithm (no sign constraint, no decades of scale), and re-centring removes most
 * of the correlation between p2 and p3 (and between the normalisation and the slope).
 *
 * <p>Per bin and quadrature node the constant pieces (weight, ln(1 - x), u, u^2) are precomputed, so an
 * evaluation costs one exp per node.
 */
final class BinnedDijet {
  private static final double MAX_EXPONENT = 700;

  final int bins;
  final int nodes;
  final double lnX0;
  private final double[] weight;
  private final double[] l1;
  private final double[] u;
  private final double[] u2;
  private final double[] edges;
  private final double sqrtS;

  /**
   * @param counts the data, to choose the reference L (count-weighted mean ln x), or null for the
   *     middle of the range in ln x
   */
  BinnedDijet(double[] edges, double sqrtS, int points, double[] counts) {
    if (!(sqrtS > 0) || Double.isInfinite(sqrtS)) {
      throw new IllegalArgumentException("sqrtS must be finite and > 0, found " + sqrtS);
    }
    if (!(edges[0] > 0) || !(edges[edges.length - 1] < sqrtS)) {
      throw new IllegalArgumentException("dijet fit range must lie inside (0, sqrt(s) = " + sqrtS + ") GeV, found ["
          + edges[0] + ", " + edges[edges.length - 1] + "]");
    }
    this.edges = edges.clone();
    this.sqrtS = sqrtS;
    this.bins = edges.length - 1;
    double[][] gl = DijetFunction.legendre(points);
    this.nodes = points;
    double ref;
    double sumW = 0;
    double sumWl = 0;
    if (counts != null) {
      for (int i = 0; i < bins; i++) {
        sumW += counts[i];
        sumWl += counts[i] * Math.log(0.5 * (edges[i] + edges[i + 1]) / sqrtS);
      }
    }
    ref = sumW > 0 ? sumWl / sumW : 0.5 * (Math.log(edges[0] / sqrtS) + Math.log(edges[bins] / sqrtS));
    this.lnX0 = ref;
    int n = bins * nodes;
    weight = new double[n];
    l1 = new double[n];
    u = new double[n];
    u2 = new double[n];
    for (int i = 0; i < bins; i++) {
      double half = 0.5 * (edges[i + 1] - edges[i]);
      double mid = 0.5 * (edges[i + 1] + edges[i]);
      for (int j = 0; j < nodes; j++) {
        int k = i * nodes + j;
        double m = mid + half * gl[0][j];
        double x = m / sqrtS;
        weight[k] = half * gl[1][j];
        l1[k] = Math.log1p(-x);
        u[k] = Math.log(x) - ref;
        u2[k] = u[k] * u[k];
      }
    }
  }

  /**
   * Expected counts per bin for internal parameters t (length >= nPar; p3 = 0 when nPar = 3) and,
   * when {@code jac} is not null, d(out[i]) / d(t[k]) into jac[i][k] for k < nPar.
   */
  void expected(double[] t, int nPar, double[] out, double[][] jac) {
    double a = t[0];
    double p1 = t[1];
    double q2 = t[2];
    double p3 = nPar == 4 ? t[3] : 0;
    for (int i = 0, k = 0; i < bins; i++) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int j = 0; j < nodes; j++, k++) {
        double arg = a + p1 * l1[k] - q2 * u[k] - p3 * u2[k];
        double e = weight[k] * Math.exp(Math.min(arg, MAX_EXPONENT));
        s0 += e;
        s1 += e * l1[k];
        s2 += e * u[k];
        s3 += e * u2[k];
      }
      out[i] = s0;
      if (jac != null) {
        double[] row = jac[i];
        row[0] = s0;
        row[1] = s1;
        row[2] = -s2;
        if (nPar == 4) {
          row[3] = -s3;
        }
      }
    }
  }

  /**
   * Second derivatives of bin i's expected count: d2(b_i) / dt_k dt_l = sum over nodes of
   * w exp(.) g_k g_l, with g = (1, ln(1 - x), -u, -u^2). Written into h[k][l], k, l < nPar.
   */
  void secondDerivatives(double[] t, int nPar, int bin, double[][] h) {
    double p3 = nPar == 4 ? t[3] : 0;
    double[] g = new double[4];
    for (int k = 0; k < nPar; k++) {
      java.util.Arrays.fill(h[k], 0, nPar, 0);
    }
    for (int j = 0; j < nodes; j++) {
      int k = bin * nodes + j;
      double arg = t[0] + t[1] * l1[k] - t[2] * u[k] - p3 * u2[k];
      double e = weight[k] * Math.exp(Math.min(arg, MAX_EXPONENT));
      g[0] = 1;
      g[1] = l1[k];
      g[2] = -u[k];
      g[3] = -u2[k];
      for (int r = 0; r < nPar; r++) {
        for (int c = 0; c < nPar; c++) {
          h[r][c] += e * g[r] * g[c];
        }
      }
    }
  }

  /** Standard parameters {p0, p1, p2(, p3)} from internal ones. */
  double[] toStandard(double[] t, int nPar) {
    double L = lnX0;
    double p3 = nPar == 4 ? t[3] : 0;
    double lnP0 = t[0] + t[2] * L - p3 * L * L;
    double[] p = new double[nPar];
    p[0] = Math.exp(lnP0);
    p[1] = t[1];
    p[2] = t[2] - 2 * p3 * L;
    if (nPar == 4) {
      p[3] = p3;
    }
    return p;
  }

  /**
   * d(standard) / d(internal), for propagating the covariance: row r = standard parameter r, column c =
   * internal parameter c.
   */
  double[][] standardJacobian(double[] t, int nPar) {
    double L = lnX0;
    double p0 = toStandard(t, nPar)[0];
    double[][] j = new double[nPar][nPar];
    j[0][0] = p0;
    j[0][2] = p0 * L;
    j[1][1] = 1;
    j[2][2] = 1;
    if (nPar == 4) {
      j[0][3] = -p0 * L * L;
      j[2][3] = -2 * L;
      j[3][3] = 1;
    }
    return j;
  }

  /** Internal parameters from standard ones {p0, p1, p2(, p3)}. */
  double[] toInternal(double[] p) {
    double L = lnX0;
    double p3 = p.length == 4 ? p[3] : 0;
    double[] t = new double[p.length];
    t[0] = Math.log(p[0]) - p[2] * L - p3 * L * L;
    t[1] = p[1];
    t[2] = p[2] + 2 * p3 * L;
    if (p.length == 4) {
      t[3] = p3;
    }
    return t;
  }

  /**
   * A starting point from the data: the weighted linear least-squares fit of ln(n_i / width_i) on the
   * features at the bin centres (ln f is linear in the internal parameters), weights n_i (the inverse
   * variance of ln n_i). Null when fewer than nPar + 1 bins have counts or the system is singular.
   */
  double[] linearStart(double[] counts, int nPar) {
    int used = 0;
    for (double c : counts) {
      if (c > 0) {
        used++;
      }
    }
    if (used < nPar + 1) {
      return null;
    }
    double[][] a = new double[used][nPar];
    double[] y = new double[used];
    int r = 0;
    for (int i = 0; i < bins; i++) {
      if (!(counts[i] > 0)) {
        continue;
      }
      double mid = 0.5 * (edges[i] + edges[i + 1]);
      double x = mid / sqrtS;
      double uc = Math.log(x) - lnX0;
      double sw = Math.sqrt(counts[i]);
      double[] g = {1, Math.log1p(-x), -uc, -uc * uc};
      for (int k = 0; k < nPar; k++) {
        a[r][k] = sw * g[k];
      }
      y[r] = sw * Math.log(counts[i] / (edges[i + 1] - edges[i]));
      r++;
    }
    try {
      QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(a, false), 1e-12);
      RealVector sol = qr.getSolver().solve(new ArrayRealVector(y, false));
      double[] t = sol.toArray();
      for (double v : t) {
        if (!Double.isFinite(v)) {
          return null;
        }
      }
      return t;
    } catch (RuntimeException singular) {
      return null;
    }
  }

  /** The normalisation a that makes the total expected count equal {@code total} for the shape of t. */
  double normalise(double[] t, int nPar, double total) {
    double[] tmp = new double[bins];
    double[] t0 = t.clone();
    t0[0] = 0;
    expected(t0, nPar, tmp, null);
    double sum = 0;
    for (double v : tmp) {
      sum += v;
    }
    return Math.log(total / sum);
  }
}
