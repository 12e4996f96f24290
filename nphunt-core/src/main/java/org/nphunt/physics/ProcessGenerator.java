package org.nphunt.physics;

/**
 * Generates the truth of one event of one process into an {@link EventKernel} (partons, visible
 * objects, soft activity); the kernel's detector simulation then decides acceptance. Implementations
 * are immutable and shared by threads; all state lives in the kernel.
 */
public interface ProcessGenerator {
  /** The process this generator implements. */
  ProcessSpec spec();

  /**
   * Fills the kernel (already reset, with its random stream set) with one event's truth.
   *
   * @return false when the event is rejected already at generation (it still counts as generated)
   */
  boolean generate(EventKernel k);

  /**
   * The fraction of the process's phase space this generator samples: 1, unless it skips a region in
   * which no event can pass the trigger (then generated counts are attempts / fraction).
   */
  default double sampledFraction() {
    return 1.0;
  }

  /** The generator for a spec, with the detector (needed by samplers that skip hopeless regions). */
  static ProcessGenerator of(ProcessSpec spec, DetectorSpec detector) {
    return switch (spec.production()) {
      case SINGLE -> new ResonanceGenerator(spec);
      case PAIR -> new PairGenerator(spec);
      case TOP_PAIR -> new TopPairGenerator(spec);
      case TOP_ASSOCIATED -> new TopAssociatedGenerator(spec);
      case DIJET -> new QcdGenerator(spec, detector);
    };
  }
}
