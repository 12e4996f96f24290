package org.nphunt.physics;

/**
 * Single resonance (q qbar -> W, Z/gamma*; g g -> A, h0): Breit-Wigner mass, Gaussian rapidity,
 * transverse recoil against initial-state radiation and the intrinsic kT, then the spec's decay
 * (V-A lepton angle for the spin-1 lepton-neutrino case).
 */
final class ResonanceGenerator implements ProcessGenerator {
  private final ProcessSpec spec;
  private final Sampling.BreitWigner bw;
  private final double[] staircase;
  private final FourLeptonSampler fourLepton;

  ResonanceGenerator(ProcessSpec spec) {
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
    int p = k.produce(bw.sample(k.r), spec.rapiditySigma(), staircase);
    k.decay(p, spec.decay(), spec.decay() == ProcessSpec.Decay.LEPTON_NEUTRINO, fourLepton);
    return true;
  }
}
