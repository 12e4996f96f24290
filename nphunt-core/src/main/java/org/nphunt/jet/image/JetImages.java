package org.nphunt.jet.image;

import java.util.Arrays;
import org.nphunt.jet.ClusterSequence;
import org.nphunt.jet.FourMomenta;

/**
 * Pre-processed jet images, as used for jet tagging and anomaly detection with convolutional
 * networks (Cogan et al. arXiv:1407.5675; de Oliveira et al. arXiv:1511.05190; Macaluso, Shih
 * arXiv:1803.00107; Heimel et al. arXiv:1808.08979; Farina, Nakai, Shih arXiv:1808.08992 and
 * arXiv:1902.09914). From a jet's constituents (Delta eta, Delta phi, pT) relative to the jet axis:
 *
 * <ol>
 *   <li><b>centre</b> on the pT-weighted centroid;
 *   <li><b>rotate</b> about it so that the principal axis of the pT-weighted second-moment matrix
 *       (the direction of largest spread; for a two-prong jet the line through the prongs) is
 *       vertical (along Delta phi);
 *   <li><b>flip</b> (reflect in Delta eta and/or Delta phi) so that the quadrant with the largest
 *       summed pT is the upper right ({@code Delta eta >= 0, Delta phi >= 0}); together with the
 *       rotation this makes the image invariant under reflections and rotations of the jet;
 *   <li><b>pixelate</b> on a {@code pixels x pixels} grid over Delta eta in {@code [-halfWidth,
 *       halfWidth)} and Delta phi in {@code (-halfWidth, halfWidth]},
 *       dropping (cropping) constituents outside it, pixel intensity = summed pT;
 *   <li><b>normalise</b> to unit total intensity (an image with nothing inside stays all zero).
 * </ol>
 *
 * <p>Layout: {@code image[offset + row * pixels + col]}; col 0 is the smallest Delta eta (left), row
 * 0 the largest Delta phi (top). Coordinates within {@code 1e-9 halfWidth} of 0 after rotation are
 * snapped to 0 so that round-off cannot move a constituent on the central axis across a pixel edge.
 * Reusable, allocation-free once warmed up; not thread-safe.
 */
public final class JetImages {
  private final JetImageConfig config;
  private double[] x = new double[64];
  private double[] y = new double[64];
  private double[] w = new double[64];
  private int[] idx = new int[64];
  private final double[] quadrants = new double[4];

  public JetImages(JetImageConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  public JetImageConfig config() {
    return config;
  }

  /** Number of floats of one image, {@code pixels^2}. */
  public int imageSize() {
    return config.pixels() * config.pixels();
  }

  /**
   * Renders constituents given as separate arrays (constituents with pT <= 0 are ignored).
   *
   * @return the summed pT of the constituents inside the image before normalisation [GeV]
   */
  public double render(double[] deta, double[] dphi, double[] pt, int n, float[] image, int offset) {
    ensure(n);
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (pt[i] > 0) {
        x[m] = deta[i];
        y[m] = dphi[i];
        w[m] = pt[i];
        m++;
      }
    }
    return process(m, image, offset);
  }

  /**
   * Renders constituents stored as (Delta eta, Delta phi, pT) float triples, the layout of
   * {@link org.nphunt.jet.dijet.DijetFeatures} ({@code constituents[cOffset + 3 k + {0, 1, 2}]});
   * reading stops at n triples or at the first zero-pT (padding) triple.
   */
  public double render(float[] constituents, int cOffset, int n, float[] image, int offset) {
    ensure(n);
    int m = 0;
    for (int k = 0; k < n; k++) {
      float p = constituents[cOffset + 3 * k + 2];
      if (p == 0f) {
        break;
      }
      if (p > 0) {
        x[m] = constituents[cOffset + 3 * k];
        y[m] = constituents[cOffset + 3 * k + 1];
        w[m] = p;
        m++;
      }
    }
    return process(m, image, offset);
  }

  /**
   * Renders a jet of a clustering: Delta eta = pseudorapidity difference to the jet, Delta phi wrapped
   * to [-pi, pi], weights = constituent pT.
   */
  public double render(ClusterSequence cs, int jet, float[] image, int offset) {
    int n = cs.nConstituents(jet);
    ensure(n);
    cs.constituents(jet, idx);
    double eta = cs.eta(jet);
    double phi = cs.phi(jet);
    int m = 0;
    for (int k = 0; k < n; k++) {
      int i = idx[k];
      double p = cs.pt(i);
      if (p > 0) {
        x[m] = cs.eta(i) - eta;
        y[m] = FourMomenta.deltaPhi(cs.phi(i), phi);
        w[m] = p;
        m++;
      }
    }
    return process(m, image, offset);
  }

  private void ensure(int n) {
    if (x.length < n) {
      int cap = Math.max(n, 2 * x.length);
      x = new double[cap];
      y = new double[cap];
      w = new double[cap];
      idx = new int[cap];
    }
  }

  private double process(int m, float[] image, int offset) {
    int pixels = config.pixels();
    if (offset < 0 || offset + pixels * pixels > image.length) {
      throw new IllegalArgumentException("image needs " + pixels * pixels + " floats from offset " + offset
          + ", length " + image.length);
    }
    Arrays.fill(image, offset, offset + pixels * pixels, 0f);
    if (m == 0) {
      return 0.0;
    }
    // 1. centroid
    double sw = 0;
    double sx = 0;
    double sy = 0;
    for (int i = 0; i < m; i++) {
      sw += w[i];
      sx += w[i] * x[i];
      sy += w[i] * y[i];
    }
    double cx = sx / sw;
    double cy = sy / sw;
    for (int i = 0; i < m; i++) {
      x[i] -= cx;
      y[i] -= cy;
    }
    double hw = config.halfWidth();
    double snap = 1e-9 * hw;
    // 2. principal axis -> vertical
    if (config.rotate()) {
      double cxx = 0;
      double cyy = 0;
      double cxy = 0;
      for (int i = 0; i < m; i++) {
        cxx += w[i] * x[i] * x[i];
        cyy += w[i] * y[i] * y[i];
        cxy += w[i] * x[i] * y[i];
      }
      double theta = 0.5 * Math.atan2(2 * cxy, cxx - cyy); // direction of largest spread
      double alpha = Math.PI / 2 - theta;
      double c = Math.cos(alpha);
      double s = Math.sin(alpha);
      for (int i = 0; i < m; i++) {
        double xr = x[i] * c - y[i] * s;
        double yr = x[i] * s + y[i] * c;
        x[i] = Math.abs(xr) < snap ? 0.0 : xr;
        y[i] = Math.abs(yr) < snap ? 0.0 : yr;
      }
    }
    // 3. quadrant of largest intensity -> upper right
    if (config.flip()) {
      double[] q = quadrants; // index (x < 0 ? 1 : 0) + (y < 0 ? 2 : 0)
      Arrays.fill(q, 0.0);
      for (int i = 0; i < m; i++) {
        q[(x[i] < 0 ? 1 : 0) + (y[i] < 0 ? 2 : 0)] += w[i];
      }
      int best = 0;
      for (int k = 1; k < 4; k++) {
        if (q[k] > q[best]) {
          best = k;
        }
      }
      boolean flipX = (best & 1) != 0;
      boolean flipY = (best & 2) != 0;
      for (int i = 0; i < m; i++) {
        if (flipX && x[i] != 0) {
          x[i] = -x[i];
        }
        if (flipY && y[i] != 0) {
          y[i] = -y[i];
        }
      }
    }
    // 4. pixelate and crop
    double pitch = 2 * hw / pixels;
    double total = 0;
    for (int i = 0; i < m; i++) {
      int col = (int) Math.floor((x[i] + hw) / pitch);
      int row = (int) Math.floor((hw - y[i]) / pitch);
      if (col < 0 || col >= pixels || row < 0 || row >= pixels) {
        continue;
      }
      image[offset + row * pixels + col] += (float) w[i];
      total += w[i];
    }
    // 5. normalise
    if (total > 0) {
      float inv = (float) (1.0 / total);
      for (int k = offset; k < offset + pixels * pixels; k++) {
        image[k] *= inv;
      }
    }
    return total;
  }
}
