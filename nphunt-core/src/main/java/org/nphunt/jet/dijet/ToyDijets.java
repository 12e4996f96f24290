package org.nphunt.jet.dijet;

import java.util.SplittableRandom;
import org.nphunt.data.Adc2021;
import org.nphunt.data.Events;
import org.nphunt.data.ParticleListSchema;
import org.nphunt.random.Seeds;

/**
 * A seeded toy of boosted dijet events at particle level, for the tests, benchmarks and examples of the
 * jet models: QCD-like one-prong light jets as background and two- or three-prong heavy jets as planted
 * anomalies. It is NOT a physics generator (no matrix element, no parton shower, no hadronisation:
 * nphunt's jet generator is {@code org.nphunt.physics.jets}); it only has the features the models must
 * tell apart: the number of hard prongs, their angular separation and the jet mass.
 *
 * <p>Per event: a parton pT drawn from 1200 GeV + an exponential of mean 250 GeV; two jets back to back
 * in phi with pseudorapidities N(0, 0.7) and pT smeared by 5%; each jet is {@code prongs} prongs
 * placed by two-body kinematics in the small-angle limit (M^2 = m1^2 / z + m2^2 / (1 - z) + z (1 - z)
 * pT^2 theta^2; a three-prong jet is b + W(80.4 GeV), then W -> 2 prongs). A one-prong (QCD) jet has a
 * width sigma log-uniform in [0.015, 0.12], which spreads its mass over about 20-250 GeV at 1.5 TeV; a
 * prong of a heavy jet has width 0.02. A prong of momentum P radiates 10 + Poisson(4 ln(P / 10 GeV))
 * massless particles with momentum fractions proportional to (-ln u)^2, u uniform, at angular
 * distances sigma sqrt(-2 ln u') (mean fraction / fraction)^(1/4), capped at 0.8. Thirty soft particles
 * (pT 0.2 GeV + an exponential of mean 1.5 GeV, |eta| < 2.5) model the underlying event. At most
 * {@value #MAX_PARTICLES} particles per event are kept (the softest are dropped).
 *
 * <p>Every event uses its own stream {@code Seeds.random(seed, "toy-dijets/" + name, index)}: the same
 * seed gives the same events, whatever is generated before or after.
 *
 * @param name process name (also names the random stream)
 * @param prongs 1 (QCD-like light jets), 2 (e.g. W/Z/X -> q q) or 3 (t -> b q q)
 * @param mass jet mass of a heavy jet [GeV], > 0 for prongs 2 and 3 (3-prong: > 90), ignored for 1
 * @param processId ProcessId of the events; truth label = 1 when processId != 0
 */
public record ToyDijets(String name, int prongs, double mass, int processId) {
  /** Padded particle slots per event. */
  public static final int MAX_PARTICLES = 300;
  /** Mass of the W in three-prong jets [GeV]. */
  public static final double W_MASS = 80.4;

  public ToyDijets {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must be non-blank, found '" + name + "'");
    }
    if (prongs < 1 || prongs > 3) {
      throw new IllegalArgumentException("prongs must be 1, 2 or 3, found " + prongs);
    }
    if (prongs > 1 && !(mass > 0 && mass < 2000)) {
      throw new IllegalArgumentException("mass must be in (0, 2000) GeV for heavy jets, found " + mass);
    }
    if (prongs == 3 && !(mass > W_MASS + 10)) {
      throw new IllegalArgumentException("mass must exceed " + (W_MASS + 10) + " GeV for three-prong jets, found " + mass);
    }
  }

  /** QCD-like background (ProcessId 0). */
  public static ToyDijets qcd() {
    return new ToyDijets("qcd", 1, 0, 0);
  }

  /** Two-prong heavy jets of {@code mass} (ProcessId 1). */
  public static ToyDijets twoProng(double mass) {
    return new ToyDijets("two-prong-" + (int) mass, 2, mass, 1);
  }

  /** Top-like three-prong jets of {@code mass} (ProcessId 2). */
  public static ToyDijets threeProng(double mass) {
    return new ToyDijets("three-prong-" + (int) mass, 3, mass, 2);
  }

  /** {@code n} particle-level events ({@link ParticleListSchema} with {@value #MAX_PARTICLES} slots, label, ProcessId). */
  public Events particles(int n, long seed) {
    ParticleListSchema schema = new ParticleListSchema(MAX_PARTICLES);
    double[] p = new double[n * MAX_PARTICLES * 3];
    int[] label = new int[n];
    int[] pid = new int[n];
    Event ev = new Event();
    for (int e = 0; e < n; e++) {
      ev.generate(Seeds.random(seed, "toy-dijets/" + name, e));
      ev.store(p, e * MAX_PARTICLES * 3);
      label[e] = processId != 0 ? 1 : 0;
      pid[e] = processId;
    }
    Object[] cols = new Object[schema.columns().size()];
    cols[schema.columnIndex(ParticleListSchema.LABEL)] = label;
    cols[schema.columnIndex(Adc2021.PROCESS_ID)] = pid;
    return new Events(schema, n, new double[][] {p}, cols);
  }

  /** {@code n} events clustered into dijet events ({@link DijetEvents#fromParticles}). */
  public Events dijets(int n, long seed, DijetConfig config) {
    return DijetEvents.fromParticles(particles(n, seed), config);
  }

  /** One event's particles (reused). */
  private final class Event {
    private double[] pt = new double[512];
    private double[] eta = new double[512];
    private double[] phi = new double[512];
    private int count;

    void generate(SplittableRandom r) {
      count = 0;
      double pHat = 1200 + 250 * exponential(r);
      double phi1 = (r.nextDouble() * 2 - 1) * Math.PI;
      for (int j = 0; j < 2; j++) {
        double pt = pHat * Math.max(0.5, 1 + 0.05 * r.nextGaussian());
        double eta = 0.7 * r.nextGaussian();
        double ph = wrap(phi1 + j * Math.PI);
        if (prongs == 1) {
          double sigma = 0.015 * Math.exp(r.nextDouble() * Math.log(0.12 / 0.015));
          prong(r, pt, eta, ph, sigma);
        } else if (prongs == 2) {
          split(r, pt, eta, ph, mass, 0, 0, false);
        } else {
          split(r, pt, eta, ph, mass, 0, W_MASS, true);
        }
      }
      for (int k = 0; k < 30; k++) {
        add(0.2 + 1.5 * exponential(r), (r.nextDouble() * 2 - 1) * 2.5, (r.nextDouble() * 2 - 1) * Math.PI);
      }
    }

    /**
     * Two-body split of a system of transverse momentum pt and mass m into masses m1, m2 with
     * momentum fractions z and 1 - z, in the small-angle limit; the second daughter splits again into
     * two massless prongs when {@code again} (three prongs).
     */
    private void split(SplittableRandom r, double pt, double eta, double phi, double m, double m1, double m2,
        boolean again) {
      double z;
      double theta2;
      do {
        z = 0.2 + 0.6 * r.nextDouble();
        theta2 = (m * m - m1 * m1 / z - m2 * m2 / (1 - z)) / (z * (1 - z) * pt * pt);
      } while (!(theta2 > 0));
      double theta = Math.sqrt(theta2);
      double alpha = r.nextDouble() * 2 * Math.PI;
      double ca = Math.cos(alpha);
      double sa = Math.sin(alpha);
      // the pT-weighted axis stays at (eta, phi): daughter 1 at (1 - z) theta, daughter 2 at -z theta
      double eta1 = eta + (1 - z) * theta * ca;
      double phi1 = wrap(phi + (1 - z) * theta * sa);
      double eta2 = eta - z * theta * ca;
      double phi2 = wrap(phi - z * theta * sa);
      prong(r, z * pt, eta1, phi1, 0.02);
      if (again) {
        split(r, (1 - z) * pt, eta2, phi2, m2, 0, 0, false);
      } else {
        prong(r, (1 - z) * pt, eta2, phi2, 0.02);
      }
    }

    /** The particles of one prong of momentum p around (eta0, phi0) with angular width sigma. */
    private void prong(SplittableRandom r, double p, double eta0, double phi0, double sigma) {
      int n = 10 + poisson(r, 4 * Math.log(Math.max(p, 10) / 10));
      double[] w = new double[n];
      double sum = 0;
      for (int k = 0; k < n; k++) {
        double l = -Math.log(1 - r.nextDouble());
        w[k] = l * l + 1e-6;
        sum += w[k];
      }
      double mean = sum / n;
      for (int k = 0; k < n; k++) {
        double d = Math.min(0.8, sigma * Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.pow(mean / w[k], 0.25));
        double a = r.nextDouble() * 2 * Math.PI;
        add(p * w[k] / sum, eta0 + d * Math.cos(a), wrap(phi0 + d * Math.sin(a)));
      }
    }

    private void add(double p, double e, double f) {
      if (count == pt.length) {
        pt = java.util.Arrays.copyOf(pt, 2 * count);
        eta = java.util.Arrays.copyOf(eta, 2 * count);
        phi = java.util.Arrays.copyOf(phi, 2 * count);
      }
      pt[count] = p;
      eta[count] = e;
      phi[count] = f;
      count++;
    }

    /** The hardest MAX_PARTICLES particles as (pT, eta, phi) rows from {@code offset}, zero-padded. */
    void store(double[] out, int offset) {
      int keep = Math.min(count, MAX_PARTICLES);
      int[] order = new int[count];
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
      if (count > MAX_PARTICLES) {
        // selection of the hardest: sort indices by decreasing pT (rare; insertion sort is enough)
        for (int a = 1; a < count; a++) {
          int v = order[a];
          int b = a - 1;
          while (b >= 0 && pt[order[b]] < pt[v]) {
            order[b + 1] = order[b];
            b--;
          }
          order[b + 1] = v;
        }
      }
      for (int k = 0; k < keep; k++) {
        int i = order[k];
        out[offset + 3 * k] = pt[i];
        out[offset + 3 * k + 1] = eta[i];
        out[offset + 3 * k + 2] = phi[i];
      }
    }
  }

  private static double exponential(SplittableRandom r) {
    return -Math.log(1 - r.nextDouble());
  }

  /** Poisson by inversion (means here are below 40). */
  private static int poisson(SplittableRandom r, double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double prod = r.nextDouble();
    while (prod > l) {
      k++;
      prod *= r.nextDouble();
    }
    return k;
  }

  private static double wrap(double phi) {
    return Math.atan2(Math.sin(phi), Math.cos(phi));
  }
}
