package org.nphunt.physics;

/**
 * The common part of the generators that produce Breit-Wigner resonances recoiling against
 * radiation: the spec, its mass sampler, the radiation staircase, and the A -> Z* Z* sampler when the
 * decay needs it. Immutable and shared by threads.
 */
abstract class ResonantGenerator implements ProcessGenerator {
  protected final ProcessSpec spec;
  protected final Sampling.BreitWigner bw;
  protected final double[] staircase;
  /** The four-lepton mass sampler, or null when the decay is not FOUR_LEPTON. */
  protected final FourLeptonSampler fourLepton;

  ResonantGenerator(ProcessSpec spec) {
    this.spec = spec;
    this.bw = Sampling.BreitWigner.of(spec.mass(), spec.width(), spec.minMass(), spec.maxMass());
    this.staircase = EventKernel.staircase(spec.radiationRatio());
    this.fourLepton = spec.decay() == ProcessSpec.Decay.FOUR_LEPTON ? new FourLeptonSampler(spec.mass()) : null;
  }

  @Override
  public final ProcessSpec spec() {
    return spec;
  }
}
