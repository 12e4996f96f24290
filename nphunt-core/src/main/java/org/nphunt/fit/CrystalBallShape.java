package org.nphunt.fit;

/**
 * A resonance shape that scales with the mass hypothesis M: a {@link CrystalBall} with
 * mean = relativeMean * M and sigma = relativeWidth * M (a constant relative mass resolution, as for
 * jets whose energy resolution is dominated by the stochastic and constant terms at high pT), and fixed
 * tail parameters alpha and n.
 *
 * <p>The defaults (sigma / M = 7%, alpha = 1, n = 3, peak at M) describe a typical reconstructed dijet
 * resonance; fit them to the signal simulation of a real analysis.
 *
 * @param relativeWidth sigma / M, in (0, 1)
 * @param alpha where the low-side tail starts, in units of sigma below the mean, > 0
 * @param n the power of the tail, > 1
 * @param relativeMean mean / M, > 0 (below 1 when the reconstructed peak sits below the true mass)
 */
public record CrystalBallShape(double relativeWidth, double alpha, double n, double relativeMean)
    implements SignalShape {

  public CrystalBallShape {
    if (!(relativeWidth > 0 && relativeWidth < 1)) {
      throw new IllegalArgumentException("relativeWidth must be in (0, 1), found " + relativeWidth);
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and > 0, found " + alpha);
    }
    if (!(n > 1) || Double.isInfinite(n)) {
      throw new IllegalArgumentException("n must be finite and > 1, found " + n);
    }
    if (!(relativeMean > 0) || Double.isInfinite(relativeMean)) {
      throw new IllegalArgumentException("relativeMean must be finite and > 0, found " + relativeMean);
    }
  }

  public static CrystalBallShape defaults() {
    return new CrystalBallShape(0.07, 1.0, 3.0, 1.0);
  }

  @Override
  public double[] fractions(double[] edges, double mass) {
    SignalShapes.checkMass(mass);
    double mean = relativeMean * mass;
    double sigma = relativeWidth * mass;
    double[] f = new double[edges.length - 1];
    for (int i = 0; i < f.length; i++) {
      f[i] = CrystalBall.probability(edges[i], edges[i + 1], mean, sigma, alpha, n);
    }
    return f;
  }
}
