package org.nphunt.fit;

import java.util.ArrayList;
import java.util.List;

/**
 * A binned signal shape from simulation: histograms of mJJ for signal samples at one or several
 * simulated masses, each normalised to unit sum over its own bins.
 *
 * <p>For a mass hypothesis M the template with the nearest simulated mass m (nearest in ln M) is
 * stretched horizontally by M / m (the shape in mJJ / M is assumed independent of M, i.e. a constant
 * relative resolution) and re-binned onto the requested edges by overlap, treating the density as
 * uniform within each template bin. Signal outside the template's range is 0.
 *
 * @param templates at least one; distinct masses
 */
public record TemplateShape(List<Template> templates) implements SignalShape {

  /**
   * The mJJ histogram of a signal sample simulated at {@code mass} GeV (bin edges in GeV; any
   * normalisation, only the shape is used).
   */
  public record Template(double mass, Histogram histogram) {
    public Template {
      SignalShapes.checkMass(mass);
      if (histogram == null) {
        throw new IllegalArgumentException("template at mass " + mass + " GeV has no histogram");
      }
      if (!(histogram.total() > 0)) {
        throw new IllegalArgumentException("template at mass " + mass + " GeV must have a positive total, found "
            + histogram.total());
      }
    }
  }

  public TemplateShape {
    if (templates == null || templates.isEmpty()) {
      throw new IllegalArgumentException("templates must not be empty");
    }
    templates = List.copyOf(templates);
    List<Double> seen = new ArrayList<>();
    for (Template t : templates) {
      if (seen.contains(t.mass())) {
        throw new IllegalArgumentException("templates must have distinct masses, found " + t.mass() + " GeV twice");
      }
      seen.add(t.mass());
    }
  }

  /** A single template simulated at {@code mass} GeV. */
  public static TemplateShape of(double mass, Histogram histogram) {
    return new TemplateShape(List.of(new Template(mass, histogram)));
  }

  @Override
  public double[] fractions(double[] edges, double mass) {
    SignalShapes.checkMass(mass);
    Template best = templates.get(0);
    for (Template t : templates) {
      if (Math.abs(Math.log(mass / t.mass())) < Math.abs(Math.log(mass / best.mass()))) {
        best = t;
      }
    }
    double scale = mass / best.mass();
    double[] te = best.histogram().edges();
    double[] tc = best.histogram().counts();
    double total = best.histogram().total();
    double[] f = new double[edges.length - 1];
    int j = 0;
    for (int i = 0; i < f.length; i++) {
      double lo = edges[i];
      double hi = edges[i + 1];
      while (j < tc.length && te[j + 1] * scale <= lo) {
        j++;
      }
      double sum = 0;
      for (int k = j; k < tc.length && te[k] * scale < hi; k++) {
        double a = Math.max(lo, te[k] * scale);
        double b = Math.min(hi, te[k + 1] * scale);
        if (b > a) {
          sum += tc[k] * (b - a) / ((te[k + 1] - te[k]) * scale);
        }
      }
      f[i] = sum / total;
    }
    return f;
  }
}
