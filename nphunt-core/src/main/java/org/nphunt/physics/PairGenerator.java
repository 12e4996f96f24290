package org.nphunt.physics;

/**
 * Pair production by QCD (g g / q qbar -> X Xbar, e.g. leptoquarks): sqrt(s_hat) = m1 + m2 +
 * Exp(excessMean), the pair system recoils against radiation, decays isotropically into the two
 * particles, each decaying by the spec's mode.
 */
final class PairGenerator implements ProcessGenerator {
  private final ProcessSpec spec;
  private final Sampling.BreitWigner bw;
  private final double[] staircase;
  private final FourLeptonSampler fourLepton;

  PairGenerator(ProcessSpec spec) {
    this.spec = spec;
    this.bw = Sampling.BreitWigner.of(spec.mass(), spec.width(), spec.minMass(), spec.maxMass());
    this.staircase = EventKernel.staircase(spec.radiationRatio());
    this.fourLepton = spec.decay() == ProcessSpec.Decay.FOUR_LEPTON ? new FourLeptonSampler(spec.mass()) : null;
  }

  @Override
  public ProcessSpec spec() {
    return spec;
  }

  @Override
  public boolean generate(EventKernel k) {
    double m1 = bw.sample(k.r);
    double m2 = bw.sample(k.r);
    double shat = m1 + m2 + Sampling.exponential(k.r, spec.excessMean());
    int p = k.produce(shat, spec.rapiditySigma(), staircase);
    int d = k.decayIsotropic(p, m1, m2);
    k.decay(d, spec.decay(), false, fourLepton);
    k.decay(d + 1, spec.decay(), false, fourLepton);
    return true;
  }
}
