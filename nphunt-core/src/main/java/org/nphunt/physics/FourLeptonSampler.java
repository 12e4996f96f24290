package org.nphunt.physics;

import java.util.SplittableRandom;

/**
 * Off-shell masses (m12, m34) of A -> Z* Z* for a light scalar: density proportional to
 * m12^3 m34^3 lambda^(1/2) (lambda + 12 x1 x2) on m12 + m34 < m_A, x_i = m_i^2 / m_A^2,
 * lambda = (1 - x1 - x2)^2 - 4 x1 x2 (the scalar -> V V matrix element with the off-shell propagators
 * taken flat, adequate well below the Z pole). Sampled by rejection under a bound found on a grid for
 * the nominal mass; the density scales as m_A^6, so the bound is rescaled per event.
 */
final class FourLeptonSampler {
  private final double nominal;
  private final double maxScaled;

  FourLeptonSampler(double nominalMass) {
    this.nominal = nominalMass;
    double max = 0;
    int n = 400;
    for (int i = 1; i < n; i++) {
      for (int j = 1; i + j < n; j++) {
        max = Math.max(max, density(nominalMass, nominalMass * i / n, nominalMass * j / n));
      }
    }
    this.maxScaled = 1.2 * max / Math.pow(nominalMass, 6);
  }

  static double density(double m, double m1, double m2) {
    if (m1 + m2 >= m) {
      return 0;
    }
    double x1 = m1 * m1 / (m * m);
    double x2 = m2 * m2 / (m * m);
    double a = 1 - x1 - x2;
    double lambda = a * a - 4 * x1 * x2;
    if (lambda <= 0) {
      return 0;
    }
    double c1 = m1 * m1 * m1;
    double c2 = m2 * m2 * m2;
    return c1 * c2 * Math.sqrt(lambda) * (lambda + 12 * x1 * x2);
  }

  /** Writes m12, m34 to out[0], out[1]. */
  void sample(SplittableRandom r, double m, double[] out) {
    double bound = maxScaled * Math.pow(m, 6);
    while (true) {
      double m1 = m * r.nextDouble();
      double m2 = m * r.nextDouble();
      if (m1 + m2 >= m) { // reflect into the triangle m1 + m2 < m: uniform there, no draw wasted
        m1 = m - m1;
        m2 = m - m2;
      }
      if (r.nextDouble() * bound < density(m, m1, m2)) {
        out[0] = m1;
        out[1] = m2;
        return;
      }
    }
  }

  double nominalMass() {
    return nominal;
  }
}
