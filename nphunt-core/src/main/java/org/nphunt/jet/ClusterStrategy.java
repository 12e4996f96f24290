package org.nphunt.jet;

/**
 * How {@link ClusterSequence} finds the pair of smallest distance. Every strategy gives the same
 * jets; they differ in speed and, for exactly degenerate distances, possibly in which of the tied
 * pairs is merged first (each mirrors the iteration order of the FastJet 3.4 strategy of that name).
 */
public enum ClusterStrategy {
  /** {@link #N2_PLAIN} for at most 30 particles, {@link #N2_TILED} above (FastJet's first test). */
  BEST,
  /** FastJet's N2Plain ({@code ClusterSequence::_simple_N2_cluster}): nearest neighbours over all pairs. */
  N2_PLAIN,
  /**
   * FastJet's N2Tiled ({@code ClusterSequence::_faster_tiled_N2_cluster}): nearest neighbours are
   * searched in the 3 x 3 tiles of size about R around a particle (arXiv:hep-ph/0512210).
   */
  N2_TILED
}
