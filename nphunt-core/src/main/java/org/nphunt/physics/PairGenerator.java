package org.nphunt.physics;

/**
 * Pair production by QCD (g g / q qbar -> X Xbar, e.g. leptoquarks): sqrt(s_hat) = m1 + m2 +
 * Exp(excessMean), the pair system recoils against radiation, decays isotropically into the two
 * particles, each decaying by the spec's mode.
 */
final class PairGenerator extends ResonantGenerator {
  PairGenerator(ProcessSpec spec) {
    super(spec);
  }

  @Override
  public boolean generate(EventKernel k) {
    double m1 = bw.sample(k.r);
    double m2 = bw.sample(k.r);
    double shat = m1 + m2 + Sampling.exponential(k.r, spec.excessMean());
    int p = k.produce(shat, spec.rapiditySigma(), staircase);
    int d = k.decayIsotropic(p, m1, m2);
    k.pcharge[d] = -1; // particle and antiparticle (charges for the truth columns only)
    k.pcharge[d + 1] = 1;
    k.decay(d, spec.decay(), false, fourLepton);
    k.decay(d + 1, spec.decay(), false, fourLepton);
    return true;
  }
}
