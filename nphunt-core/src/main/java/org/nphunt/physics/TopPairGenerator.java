package org.nphunt.physics;

/**
 * t tbar: Breit-Wigner top masses, m_tt = m_t1 + m_t2 + Exp(excessMean, 150 GeV), pair rapidity sigma
 * 1.5 and recoil against gluon-like radiation, isotropic decay in the pair frame, each t -> b W with W
 * decaying generically.
 */
final class TopPairGenerator extends ResonantGenerator {
  TopPairGenerator(ProcessSpec spec) {
    super(spec);
  }

  @Override
  public boolean generate(EventKernel k) {
    double m1 = bw.sample(k.r);
    double m2 = bw.sample(k.r);
    double mtt = m1 + m2 + Sampling.exponential(k.r, spec.excessMean());
    int p = k.produce(mtt, spec.rapiditySigma(), staircase);
    int t = k.decayIsotropic(p, m1, m2);
    k.pcharge[t] = 1; // t and tbar (charges for the truth columns only)
    k.pcharge[t + 1] = -1;
    k.top(t);
    k.top(t + 1);
    return true;
  }
}
