package org.nphunt.physics;

/**
 * Associated production with a top quark (b g -> t h+ for a charged scalar lighter than the top):
 * sqrt(s_hat) = m_t + m_X + Exp(excessMean, default (m_t + m_X)/2), isotropic 2 -> 2 in the system
 * frame; t -> b W (W generic), X by the spec's decay.
 */
final class TopAssociatedGenerator extends ResonantGenerator {
  TopAssociatedGenerator(ProcessSpec spec) {
    super(spec);
  }

  @Override
  public boolean generate(EventKernel k) {
    double mt = k.sampleTopMass();
    double mx = bw.sample(k.r);
    double shat = mt + mx + Sampling.exponential(k.r, spec.excessMean());
    int p = k.produce(shat, spec.rapiditySigma(), staircase);
    int t = k.decayIsotropic(p, mt, mx);
    k.pcharge[t] = 1; // b g -> t X-: opposite charges (for the truth columns only)
    k.pcharge[t + 1] = -1;
    k.top(t);
    k.decay(t + 1, spec.decay(), false, fourLepton);
    return true;
  }
}
