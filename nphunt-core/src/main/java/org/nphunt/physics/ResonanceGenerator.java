package org.nphunt.physics;

/**
 * Single resonance (q qbar -> W, Z/gamma*; g g -> A, h0): Breit-Wigner mass, Gaussian rapidity,
 * transverse recoil against initial-state radiation and the intrinsic kT, then the spec's decay
 * (V-A lepton angle for the spin-1 lepton-neutrino case).
 */
final class ResonanceGenerator extends ResonantGenerator {
  ResonanceGenerator(ProcessSpec spec) {
    super(spec);
  }

  @Override
  public boolean generate(EventKernel k) {
    int p = k.produce(bw.sample(k.r), spec.rapiditySigma(), staircase);
    k.decay(p, spec.decay(), spec.decay() == ProcessSpec.Decay.LEPTON_NEUTRINO, fourLepton);
    return true;
  }
}
